using AdvancedMl.Autodiff;
using AdvancedMl.Contrastive;

namespace AdvancedMl.Tests.Contrastive;

public class BatchStandardizeTests
{
    private static double[] RandomValues(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => rng.NextDouble() * 4 - 1).ToArray();
    }

    /// <summary>A scalar that depends on every output unevenly: Σ w ⊙ y with fixed weights w.</summary>
    private static Tensor Probe(Tensor output, double[] weights) => (output * Tensor.FromArray(weights, output.Shape)).Sum();

    [Fact]
    public void StandardisesEveryColumnWithTheBatchStatistics()
    {
        var x = RandomValues(15, 1);
        var y = new BatchStandardize().Forward(Tensor.FromArray(x, 5, 3)).ToArray();
        for (int j = 0; j < 3; j++)
        {
            var column = Enumerable.Range(0, 5).Select(i => x[i * 3 + j]).ToArray();
            double mean = column.Average(), sd = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / 5 + 1e-5);
            for (int i = 0; i < 5; i++) Assert.Equal((column[i] - mean) / sd, y[i * 3 + j], 1e-13);
        }
    }

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        var x = RandomValues(12, 2);
        var w = RandomValues(12, 3);
        var layer = new BatchStandardize();
        var input = Tensor.Parameter(x, 4, 3);
        using (Autograd.StepScope()) Probe(layer.Forward(input), w).Backward();
        double Value(double[] at) { using (Autograd.NoGrad()) return Probe(layer.Forward(Tensor.FromArray(at, 4, 3)), w).Item(); }
        const double h = 1e-6;
        for (int k = 0; k < 12; k++)
        {
            var up = (double[])x.Clone(); up[k] += h;
            var down = (double[])x.Clone(); down[k] -= h;
            Assert.Equal((Value(up) - Value(down)) / (2 * h), input.Grad![k / 3, k % 3], 1e-7);
        }
    }

    [Fact]
    public void DifferentiatesTwice()
    {
        var x = RandomValues(12, 4);
        var w = RandomValues(12, 5);
        var v = RandomValues(12, 6);
        var layer = new BatchStandardize();
        double[] Gradient(double[] at)
        {
            var t = Tensor.Parameter(at, 4, 3);
            Probe(layer.Forward(t), w).Backward();
            return t.Grad!.ToArray();
        }
        var input = Tensor.Parameter(x, 4, 3);
        var hv = Autograd.HessianVectorProduct(Probe(layer.Forward(input), w), new[] { input }, new[] { Tensor.FromArray(v, 4, 3) })[0].ToArray();
        const double h = 1e-5;
        var up = Gradient(x.Select((p, i) => p + h * v[i]).ToArray());
        var down = Gradient(x.Select((p, i) => p - h * v[i]).ToArray());
        for (int i = 0; i < 12; i++) Assert.Equal((up[i] - down[i]) / (2 * h), hv[i], 1e-6);
    }
}
