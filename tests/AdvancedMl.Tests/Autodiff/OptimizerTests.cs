using AdvancedMl.Autodiff;

namespace AdvancedMl.Tests.Autodiff;

/// <summary>Optimiser steps against hand-computed updates; clipping; schedules.</summary>
public class OptimizerTests
{
    private static Tensor WithGrad(double value, double grad)
    {
        var p = Tensor.Parameter([value], 1);
        p.Grad = Tensor.FromArray([grad], 1);
        return p;
    }

    [Fact]
    public void SgdWithMomentumAndNesterovFollowPyTorchsRule()
    {
        var plain = WithGrad(1.0, 0.5);
        var sgd = new Sgd([plain], 0.1);
        sgd.Step();
        Assert.Equal(0.95, plain.Data[0], 15);

        var p = WithGrad(1.0, 0.5);
        var momentum = new Sgd([p], 0.1, momentum: 0.9);
        momentum.Step();          // v = 0.5, θ = 1 − 0.05
        p.Grad!.Data[0] = 0.2;
        momentum.Step();          // v = 0.45 + 0.2 = 0.65, θ = 0.95 − 0.065
        Assert.Equal(0.885, p.Data[0], 14);

        var q = WithGrad(1.0, 0.5);
        var nesterov = new Sgd([q], 0.1, momentum: 0.9, nesterov: true);
        nesterov.Step();          // v = 0.5, step g + μv = 0.95
        p.Grad.Data[0] = 0.2;
        q.Grad!.Data[0] = 0.2;
        nesterov.Step();          // v = 0.65, step 0.2 + 0.585 = 0.785
        Assert.Equal(1.0 - 0.095 - 0.0785, q.Data[0], 14);

        var decayed = WithGrad(2.0, 0.0);
        new Sgd([decayed], 0.1, weightDecay: 0.5).Step(); // g = 0 + 0.5·2
        Assert.Equal(1.9, decayed.Data[0], 15);
    }

    [Fact]
    public void AdamAppliesBiasCorrectedMoments()
    {
        var p = WithGrad(1.0, 0.5);
        var adam = new Adam([p], learningRate: 0.1);
        adam.Step(); // m̂ = g, v̂ = g²: step lr·g/(|g| + ε)
        Assert.Equal(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), p.Data[0], 14);
        p.Grad!.Data[0] = -0.3;
        adam.Step();
        double m = 0.9 * 0.05 + 0.1 * -0.3, v = 0.999 * 0.00025 + 0.001 * 0.09;
        double mHat = m / (1 - 0.81), vHat = v / (1 - 0.999 * 0.999);
        Assert.Equal(1.0 - 0.1 * 0.5 / (0.5 + 1e-8) - 0.1 * mHat / (Math.Sqrt(vHat) + 1e-8), p.Data[0], 12);
        Assert.Equal(2, adam.StepCount);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void VectorisedAdamEqualsTheScalarRuleEntryByEntry(double weightDecay)
    {
        // A 7-entry parameter takes the 4-wide loop for entries 0–3 and the scalar tail for 4–6; one-entry parameters
        // take the scalar loop only. Every entry must follow the same trajectory to the last bit.
        var rng = new Random(3);
        var values = Enumerable.Range(0, 7).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var wide = Tensor.Parameter(values, 7);
        var singles = values.Select(v => Tensor.Parameter([v], 1)).ToArray();
        var wideAdam = new AdamW([wide], 0.01, weightDecay: weightDecay);
        var singleAdam = new AdamW(singles, 0.01, weightDecay: weightDecay);
        for (int step = 0; step < 5; step++)
        {
            var grads = Enumerable.Range(0, 7).Select(_ => rng.NextDouble() - 0.5).ToArray();
            wide.Grad = Tensor.FromArray(grads, 7);
            for (int i = 0; i < 7; i++) singles[i].Grad = Tensor.FromArray([grads[i]], 1);
            wideAdam.Step();
            singleAdam.Step();
        }
        Assert.Equal(singles.Select(p => p.Data[0]), wide.Data);
    }

    [Fact]
    public void AdamWDecaysTheWeightsSeparatelyFromTheGradient()
    {
        var a = WithGrad(2.0, 0.5);
        new AdamW([a], learningRate: 0.1, weightDecay: 0.01).Step();
        Assert.Equal(2.0 * (1 - 0.1 * 0.01) - 0.1 * 0.5 / (0.5 + 1e-8), a.Data[0], 14);
        var b = WithGrad(2.0, 0.5);
        new Adam([b], learningRate: 0.1, weightDecay: 0.01).Step(); // L2: g = 0.52, normalised away on the first step
        Assert.Equal(2.0 - 0.1 * 0.52 / (0.52 + 1e-8), b.Data[0], 14);
    }

    [Fact]
    public void ClipGradNormRescalesToTheMaximumAndReturnsTheNorm()
    {
        var a = WithGrad(0.0, 3.0);
        var b = Tensor.Parameter([0.0, 0.0], 2);
        b.Grad = Tensor.FromArray([0.0, 4.0], 2);
        Assert.Equal(5.0, Optimizer.ClipGradNorm([a, b], 1.0), 14);
        Assert.Equal(0.6, a.Grad!.Data[0], 6);
        Assert.Equal(0.8, b.Grad.Data[1], 6);
        Assert.Equal(1.0, Optimizer.ClipGradNorm([a, b], 10.0), 5);
        Assert.Equal(0.6, a.Grad.Data[0], 6);
    }

    [Fact]
    public void SchedulesFollowCosineAndWarmUp()
    {
        Assert.Equal(1.0, LrSchedule.Cosine(0, 100, 1.0), 15);
        Assert.Equal(0.5, LrSchedule.Cosine(50, 100, 1.0), 15);
        Assert.Equal(0.1, LrSchedule.Cosine(100, 100, 1.0, 0.1), 15);
        Assert.Equal(0.1, LrSchedule.Cosine(500, 100, 1.0, 0.1), 15);
        Assert.Equal(0.25, LrSchedule.WarmupCosine(0, 4, 104, 1.0), 15);
        Assert.Equal(1.0, LrSchedule.WarmupCosine(4, 4, 104, 1.0), 15);
        Assert.Equal(0.5, LrSchedule.WarmupCosine(54, 4, 104, 1.0), 15);
    }

    [Fact]
    public void OptimisersRejectBadSettings()
    {
        var p = WithGrad(1.0, 1.0);
        Assert.Contains("Adam: beta1 must lie in [0, 1); got 1", Assert.Throws<ArgumentException>(() => new Adam([p], beta1: 1.0)).Message);
        Assert.Contains("Sgd: learningRate must be a finite number at least 0; got -1", Assert.Throws<ArgumentException>(() => new Sgd([p], -1.0)).Message);
        Assert.Throws<ArgumentException>(() => new Sgd([Tensor.Zeros(2)], 0.1));
    }
}
