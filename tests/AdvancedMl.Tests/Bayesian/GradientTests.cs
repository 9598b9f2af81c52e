using AdvancedMl.Bayesian;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Bayesian;

public class GradientTests
{
    /// <summary>Central finite differences (h = 1e-5 · max(1, |θⱼ|)) agree with the analytic gradient to relative 1e-6, and the returned value is the density.</summary>
    private static void CheckGradient(LogDensity density, LogDensityGradient gradient, double[] theta)
    {
        var g = new double[theta.Length];
        double value = gradient(theta, g);
        Assert.Equal(density(theta), value, 1e-9 * Math.Max(1.0, Math.Abs(value)));
        for (int j = 0; j < theta.Length; j++)
        {
            double h = 1e-5 * Math.Max(1.0, Math.Abs(theta[j]));
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[j] += h;
            minus[j] -= h;
            double fd = (density(plus) - density(minus)) / (2 * h);
            Assert.True(Math.Abs(fd - g[j]) <= 1e-6 * Math.Max(1.0, Math.Abs(g[j])),
                $"coordinate {j} at ({string.Join(", ", theta)}): analytic {g[j]:G12}, finite difference {fd:G12}");
        }
    }

    [Theory]
    [InlineData(4.85, -0.3)]
    [InlineData(3.0, 1.2)]
    [InlineData(6.5, -2.0)]
    public void ConjugateModel(double mu, double tau)
    {
        var model = ConjugateNormalModelTests.Model();
        CheckGradient(model.LogPosterior, model.LogPosteriorGradient, [mu, tau]);
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(0.45, 1.78, -1.33)]
    [InlineData(-3.0, 8.0, 5.0)]
    public void LogisticRegression(double w0, double w1, double w2)
    {
        var (x, y) = ReferenceValues.LogisticData();
        var model = BayesianLogisticRegression.Create(Matrix<double>.Build.DenseOfArray(x), y, 2.0);
        CheckGradient(model.LogPosterior, model.LogPosteriorGradient, [w0, w1, w2]);
    }

    [Fact]
    public void CorrelatedGaussian()
    {
        var covariance = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.5, -0.3 }, { 0.5, 1.0, 0.2 }, { -0.3, 0.2, 0.7 } });
        var (density, gradient) = Targets.CorrelatedGaussian([1.0, 2.0, -1.0], covariance);
        CheckGradient(density, gradient, [0.3, 2.5, 0.4]);
        CheckGradient(density, gradient, [-4.0, 0.0, 3.0]);
    }

    [Theory]
    [InlineData(-6.0)]
    [InlineData(-2.9)]
    [InlineData(0.4)]
    [InlineData(3.1)]
    [InlineData(30.0)]
    public void GaussianMixture(double theta)
    {
        var (density, gradient) = Targets.GaussianMixture1D([0.3, 0.7], [-3.0, 2.0], [1.0, 0.5]);
        CheckGradient(density, gradient, [theta]);
    }

    [Fact]
    public void TargetsAreNormalisedDensities()
    {
        // Bivariate normal written out by hand, and the mixture integrates to 1 on a grid.
        double s1 = 1.5, s2 = 0.8, r = -0.6;
        var covariance = Matrix<double>.Build.DenseOfArray(new[,] { { s1 * s1, r * s1 * s2 }, { r * s1 * s2, s2 * s2 } });
        var (density, _) = Targets.CorrelatedGaussian([1.0, -1.0], covariance);
        double z1 = (0.2 - 1.0) / s1, z2 = (0.5 + 1.0) / s2;
        double expected = -Math.Log(2 * Math.PI * s1 * s2 * Math.Sqrt(1 - r * r)) - (z1 * z1 - 2 * r * z1 * z2 + z2 * z2) / (2 * (1 - r * r));
        Assert.Equal(expected, density([0.2, 0.5]), 12);

        var (mixture, _) = Targets.GaussianMixture1D([1.0, 3.0], [-3.0, 2.0], [1.0, 0.5]); // weights normalised to 0.25, 0.75
        double mass = 0, h = 0.001;
        for (double t = -15; t <= 15; t += h) mass += Math.Exp(mixture([t])) * h;
        Assert.Equal(1.0, mass, 1e-6);
        double atTwo = 0.25 * MathNet.Numerics.Distributions.Normal.PDF(-3, 1, 2.0) + 0.75 * MathNet.Numerics.Distributions.Normal.PDF(2, 0.5, 2.0);
        Assert.Equal(Math.Log(atTwo), mixture([2.0]), 12);
    }
}
