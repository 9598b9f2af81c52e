using AdvancedMl.Autodiff.Kernels;

namespace AdvancedMl.Tests.Autodiff;

/// <summary>The vectorised exponential and sigmoid: accuracy against Math.Exp, edge values, reproducibility.</summary>
public class ExponentialTests
{
    [Fact]
    public void ExpMatchesMathExpToAFewUlpsAcrossTheRange()
    {
        var rng = new Random(1);
        var x = Enumerable.Range(0, 20001).Select(i => -708.0 + 1417.7 * i / 20000).Concat(Enumerable.Range(0, 5000).Select(_ => rng.NextDouble() * 6 - 3)).ToArray();
        var y = new double[x.Length];
        Exponential.Exp(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Exp(x[i]);
            Assert.True(Math.Abs(y[i] - expected) <= 4e-16 * expected, $"exp({x[i]:R}) = {y[i]:R}, Math.Exp {expected:R}");
        }
    }

    [Fact]
    public void EdgeValuesAndSigmoid()
    {
        double[] x = [0.0, 710.0, double.PositiveInfinity, -750.0, double.NegativeInfinity, double.NaN, 709.78, -708.39];
        var y = new double[x.Length];
        Exponential.Exp(x, y);
        Assert.Equal(1.0, y[0]);
        Assert.Equal(double.PositiveInfinity, y[1]);
        Assert.Equal(double.PositiveInfinity, y[2]);
        Assert.Equal(0.0, y[3]);
        Assert.Equal(0.0, y[4]);
        Assert.True(double.IsNaN(y[5]));
        Assert.Equal(Math.Exp(709.78), y[6], Math.Exp(709.78) * 1e-15);
        Assert.Equal(Math.Exp(-708.39), y[7], Math.Exp(-708.39) * 1e-15);
        double[] z = [-800.0, -2.0, 0.0, 3.0, 800.0];
        var s = new double[z.Length];
        Exponential.Sigmoid(z, s);
        Assert.Equal(0.0, s[0]);
        Assert.Equal(1 / (1 + Math.Exp(2.0)), s[1], 1e-16);
        Assert.Equal(0.5, s[2]);
        Assert.Equal(1 / (1 + Math.Exp(-3.0)), s[3], 1e-16);
        Assert.Equal(1.0, s[4]);
    }

    [Fact]
    public void EachElementDependsOnlyOnItsValueNotOnPositionOrLength()
    {
        var rng = new Random(2);
        var values = Enumerable.Range(0, 37).Select(_ => rng.NextDouble() * 20 - 10).ToArray();
        var reference = new double[values.Length];
        Exponential.Sigmoid(values, reference);
        for (int offset = 0; offset < 5; offset++)
            for (int length = 1; offset + length <= values.Length; length += 7)
            {
                var host = new double[length + 9];
                values.AsSpan(offset, length).CopyTo(host.AsSpan(offset % 4 + 1));
                var result = new double[length];
                Exponential.Sigmoid(host.AsSpan(offset % 4 + 1, length), result);
                Assert.Equal(reference.AsSpan(offset, length).ToArray(), result);
            }
    }
}
