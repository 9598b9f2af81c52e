using AdvancedMl.Autodiff;

namespace AdvancedMl.Tests.Autodiff;

/// <summary>End to end: small networks learn, and training is bit-for-bit reproducible.</summary>
public class TrainingTests
{
    private static double[] TrainSine(int seed, int steps)
    {
        var rng = new Random(seed);
        var xs = Enumerable.Range(0, 64).Select(i => -3.0 + 6.0 * i / 63).ToArray();
        var x = Tensor.FromArray(xs, 64, 1);
        var y = Tensor.FromArray(xs.Select(Math.Sin).ToArray(), 64, 1);
        var net = Mlp.Create([1, 32, 32, 1], ActivationKind.Silu, rng);
        var opt = new Adam(net.Parameters, learningRate: 1e-2);
        var losses = new double[steps];
        for (int step = 0; step < steps; step++)
        {
            opt.ZeroGrad();
            var loss = Loss.Mse(net.Forward(x), y);
            loss.Backward();
            opt.LearningRate = LrSchedule.WarmupCosine(step, 20, steps, 1e-2);
            opt.Step();
            losses[step] = loss.Item();
        }
        return losses;
    }

    [Fact]
    public void MlpFitsASineWave()
    {
        var losses = TrainSine(seed: 1, steps: 600);
        Assert.True(losses[0] > 0.1, $"initial loss {losses[0]}");
        Assert.True(losses[^1] < 1e-3, $"final loss {losses[^1]}");
    }

    [Fact]
    public void TrainingIsBitForBitReproducible()
    {
        Assert.Equal(TrainSine(seed: 4, steps: 50), TrainSine(seed: 4, steps: 50));
        Assert.NotEqual(TrainSine(seed: 4, steps: 50)[^1], TrainSine(seed: 5, steps: 50)[^1]);
    }

    [Fact]
    public void ClassifierLearnsTwoInterleavedMoonsWithCrossEntropy()
    {
        var rng = new Random(2);
        int n = 200;
        var rows = new double[n][];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 2;
            double t = Math.PI * rng.NextDouble();
            rows[i] = labels[i] == 0 ? [Math.Cos(t), Math.Sin(t)] : [1 - Math.Cos(t), 0.5 - Math.Sin(t)];
            rows[i][0] += 0.05 * (rng.NextDouble() - 0.5);
        }
        var x = Tensor.FromRows(rows);
        var net = Mlp.Create([2, 32, 2], ActivationKind.Relu, rng, WeightInit.KaimingUniform);
        var opt = new AdamW(net.Parameters, learningRate: 0.02);
        for (int step = 0; step < 300; step++)
        {
            opt.ZeroGrad();
            Loss.CrossEntropy(net.Forward(x), labels).Backward();
            opt.Step();
        }
        using var _ = Autograd.NoGrad();
        var predicted = net.Forward(x).ArgMax();
        Assert.True(predicted.Zip(labels).Count(p => p.First == p.Second) >= 0.98 * n);
    }
}
