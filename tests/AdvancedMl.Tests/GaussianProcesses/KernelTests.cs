using AdvancedMl.GaussianProcesses;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.GaussianProcesses;

public class KernelTests
{
    public static TheoryData<string> KernelNames => [.. Kernels.Keys];

    /// <summary>One instance of every kernel, with non-default hyperparameters, plus sums and products.</summary>
    internal static readonly Dictionary<string, Func<Kernel>> Kernels = new()
    {
        ["rbf"] = () => new Rbf(0.8, 1.7),
        ["matern32"] = () => new Matern32(0.9, 1.3),
        ["matern52"] = () => new Matern52(1.1, 0.7),
        ["periodic"] = () => new Periodic(0.9, 1.7, 1.2),
        ["rq"] = () => new RationalQuadratic(0.7, 2.5, 1.4),
        ["linear"] = () => new Linear(0.6, 0.3),
        ["white"] = () => new WhiteNoise(0.2),
        ["sum"] = () => new Rbf(0.8, 1.7) + new Periodic(1.2, 2.1, 0.5) + new WhiteNoise(0.1),
        ["product"] = () => new Rbf(1.5, 1.1) * new Periodic(0.9, 1.3, 0.8) + new Linear(0.2, 0.4) * new Matern52(2.0, 1.0),
    };

    internal static Matrix<double> Points(int n, int d, int seed)
    {
        var rng = new Random(seed);
        return Matrix<double>.Build.Dense(n, d, (_, _) => 3.0 * rng.NextDouble() - 1.5);
    }

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void AnalyticCovarianceGradientsMatchCentralDifferences(string name)
    {
        var kernel = Kernels[name]();
        var x = Points(6, 2, 1);
        var analytic = kernel.CovarianceGradients(x);
        double[] theta = kernel.LogParameters;
        const double h = 1e-5;
        for (int j = 0; j < kernel.ParameterCount; j++)
        {
            double[] up = (double[])theta.Clone(), down = (double[])theta.Clone();
            up[j] += h; down[j] -= h;
            var numeric = (kernel.WithLogParameters(up).Covariance(x) - kernel.WithLogParameters(down).Covariance(x)) / (2 * h);
            double scale = Math.Max(1.0, numeric.InfinityNorm());
            Assert.True((analytic[j] - numeric).InfinityNorm() < 1e-6 * scale,
                $"{name} {kernel.ParameterNames[j]}: difference {(analytic[j] - numeric).InfinityNorm():G3}");
        }
    }

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void LogMarginalLikelihoodGradientMatchesCentralDifferences(string name)
    {
        var kernel = Kernels[name]() + new WhiteNoise(0.05);
        var x = Points(12, 1, 2);
        var y = Vector<double>.Build.Dense(12, i => Math.Sin(2 * x[i, 0]) + 0.1 * i % 3);
        double lml = GaussianProcessRegressor.EvaluateLogMarginalLikelihood(kernel, x, y, out double[] gradient);
        Assert.True(double.IsFinite(lml));
        double[] theta = kernel.LogParameters;
        const double h = 1e-5;
        for (int j = 0; j < theta.Length; j++)
        {
            double[] up = (double[])theta.Clone(), down = (double[])theta.Clone();
            up[j] += h; down[j] -= h;
            double numeric = (GaussianProcessRegressor.EvaluateLogMarginalLikelihood(kernel.WithLogParameters(up), x, y, out _)
                - GaussianProcessRegressor.EvaluateLogMarginalLikelihood(kernel.WithLogParameters(down), x, y, out _)) / (2 * h);
            Assert.True(Math.Abs(gradient[j] - numeric) < 1e-6 * Math.Max(1.0, Math.Abs(numeric)),
                $"{name} {kernel.ParameterNames[j]}: analytic {gradient[j]}, numeric {numeric}");
        }
    }

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void CrossCovarianceMatchesPointwiseEvaluation(string name)
    {
        // The batched K(X, Y) (Matérn-5/2's is SIMD-wide with Vector.Exp) equals k(x, y) pair by pair; 11 columns leave a
        // remainder after the vector width, and a repeated point gives distance 0.
        var kernel = Kernels[name]();
        var x = Points(5, 3, 21);
        var y = Points(11, 3, 22);
        y.SetRow(4, x.Row(2));
        var k = kernel.Covariance(x, y);
        for (int i = 0; i < x.RowCount; i++)
            for (int j = 0; j < y.RowCount; j++)
            {
                double expected = kernel.Evaluate(x.Row(i).ToArray(), y.Row(j).ToArray());
                Assert.True(Math.Abs(k[i, j] - expected) <= 1e-15 * Math.Max(1.0, Math.Abs(expected)), $"{name} ({i}, {j}): {k[i, j]:R} vs {expected:R}");
            }
    }

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void ValueAndGradientEqualsEvaluateAndGradient(string name)
    {
        // The shared evaluation of the product rule must return exactly what Evaluate and Gradient return separately.
        var kernel = Kernels[name]();
        var x = Points(4, 2, 23);
        var g = new double[kernel.ParameterCount];
        var h = new double[kernel.ParameterCount];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j <= i; j++)
            {
                double[] a = x.Row(i).ToArray(), b = x.Row(j).ToArray();
                double value = kernel.ValueAndGradient(a, b, i == j, g);
                kernel.Gradient(a, b, i == j, h);
                Assert.Equal(kernel.Evaluate(a, b, i == j), value);
                Assert.Equal(h, g);
            }
    }

    [Fact]
    public void KernelsMatchTheirFormulas()
    {
        double[] a = [0.3, -0.2], b = [1.1, 0.4];
        double r2 = 0.8 * 0.8 + 0.6 * 0.6, r = Math.Sqrt(r2);
        Assert.Equal(1.7 * Math.Exp(-r2 / (2 * 0.8 * 0.8)), new Rbf(0.8, 1.7).Evaluate(a, b), 14);
        double u3 = Math.Sqrt(3) * r / 0.9, u5 = Math.Sqrt(5) * r / 1.1;
        Assert.Equal(1.3 * (1 + u3) * Math.Exp(-u3), new Matern32(0.9, 1.3).Evaluate(a, b), 14);
        Assert.Equal(0.7 * (1 + u5 + u5 * u5 / 3) * Math.Exp(-u5), new Matern52(1.1, 0.7).Evaluate(a, b), 14);
        double s = Math.Sin(Math.PI * r / 1.7);
        Assert.Equal(1.2 * Math.Exp(-2 * s * s / 0.81), new Periodic(0.9, 1.7, 1.2).Evaluate(a, b), 14);
        Assert.Equal(1.4 * Math.Pow(1 + r2 / (2 * 2.5 * 0.49), -2.5), new RationalQuadratic(0.7, 2.5, 1.4).Evaluate(a, b), 14);
        Assert.Equal(0.6 * (0.33 - 0.08) + 0.3, new Linear(0.6, 0.3).Evaluate(a, b), 14);
        Assert.Equal(0.0, new WhiteNoise(0.2).Evaluate(a, a));
    }

    [Fact]
    public void WhiteNoiseOnlyOnTheTrainingDiagonal()
    {
        var x = Points(4, 1, 3);
        var kernel = new Rbf() + new WhiteNoise(0.5);
        var kxx = kernel.Covariance(x);
        var cross = kernel.Covariance(x, x);
        Assert.True((kxx - cross - 0.5 * Matrix<double>.Build.DenseIdentity(4)).InfinityNorm() < 1e-15);
    }

    [Fact]
    public void ParametersRoundTripAndNamesConcatenate()
    {
        var kernel = new Rbf(2.0, 3.0) * new Periodic(1.0, 4.0, 1.0) + new WhiteNoise(0.1);
        Assert.Equal(["rbf.lengthScale", "rbf.variance", "periodic.lengthScale", "periodic.period", "periodic.variance", "white.variance"], kernel.ParameterNames);
        double[] theta = kernel.LogParameters;
        Assert.Equal(Math.Log(4.0), theta[3], 15);
        theta[3] = Math.Log(5.0);
        var changed = kernel.WithLogParameters(theta);
        Assert.Equal(Math.Log(5.0), changed.LogParameters[3], 15);
        Assert.Equal(Math.Log(4.0), kernel.LogParameters[3], 15); // immutable
        Assert.Equal("1.73² · RBF(ℓ=2) · 1² · Periodic(ℓ=1, p=5) + White(σ²=0.1)", changed.ToString());
    }

    [Fact]
    public void PriorSamplesHaveTheKernelCovariance()
    {
        var x = Points(5, 1, 4);
        var kernel = new Matern52(0.7, 2.0);
        var samples = kernel.SamplePrior(x, 40_000, 11);
        Assert.Equal(40_000, samples.RowCount);
        var mean = samples.ColumnSums() / samples.RowCount;
        var centred = samples - Matrix<double>.Build.Dense(samples.RowCount, 5, (_, j) => mean[j]);
        var empirical = centred.TransposeThisAndMultiply(centred) / samples.RowCount;
        // Standard error of a covariance entry ≈ σ²·√(2/N) ≈ 0.014 here.
        Assert.True((empirical - kernel.Covariance(x)).Enumerate().All(e => Math.Abs(e) < 0.07), "empirical covariance far from K");
        Assert.True(mean.AbsoluteMaximum() < 0.05);
        Assert.Equal(samples, kernel.SamplePrior(x, 40_000, 11)); // reproducible
    }

    [Fact]
    public void RejectsInvalidHyperparametersAndShapes()
    {
        Assert.Throws<ArgumentException>(() => new Rbf(0.0));
        Assert.Throws<ArgumentException>(() => new Matern32(1, -1));
        Assert.Throws<ArgumentException>(() => new Periodic(1, double.NaN));
        Assert.Throws<ArgumentException>(() => new RationalQuadratic(1, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => new WhiteNoise(-0.1));
        Assert.Throws<ArgumentException>(() => new Rbf().WithLogParameters([0.0]));
        Assert.Throws<ArgumentException>(() => new Rbf().WithLogParameters([0.0, double.NaN]));
        Assert.Throws<ArgumentException>(() => new Rbf().Covariance(Points(3, 2, 1), Points(3, 1, 1)));
        Assert.Throws<ArgumentException>(() => new Rbf().Evaluate([1.0, 2.0], [1.0]));
        var nan = Points(3, 1, 1);
        nan[1, 0] = double.NaN;
        Assert.Throws<ArgumentException>(() => new Rbf().Covariance(nan));
    }
}
