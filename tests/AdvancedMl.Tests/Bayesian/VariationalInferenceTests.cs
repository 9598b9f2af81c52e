using AdvancedMl.Bayesian;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Bayesian;

public class VariationalInferenceTests
{
    // Stochastic-gradient fits are noisy; five gradient draws per step and Polyak averaging of the second half bring the
    // error to a few per cent (measured over seeds 0-9: mean error ≤ 0.035 sd, variance error ≤ 5%), so the
    // tolerances below sit at 2-3 times the worst case seen, and far below what a wrong gradient or entropy term gives.
    private static readonly ViOptions Options = new() { Iterations = 2000, SamplesPerStep = 5, Seed = 3 };

    private static GaussianApproximation Fit(bool fullRank, LogDensityGradient gradient, double[] start) =>
        fullRank ? FullRankVi.Fit(gradient, start, Options) : MeanFieldVi.Fit(gradient, start, Options);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RecoversAGaussianWithIndependentCoordinates(bool fullRank)
    {
        double[] mean = [1.0, -2.0, 0.5], variance = [1.0, 4.0, 0.25];
        var (_, gradient) = Targets.CorrelatedGaussian(mean, Matrix<double>.Build.DenseOfDiagonalArray(variance));
        var q = Fit(fullRank, gradient, [0.0, 0.0, 0.0]);
        double[] sd = q.StandardDeviation;
        for (int j = 0; j < 3; j++)
        {
            Assert.True(Math.Abs(q.Mean[j] - mean[j]) < 0.1 * Math.Sqrt(variance[j]), $"mean[{j}] = {q.Mean[j]:F4}, exact {mean[j]}");
            Assert.InRange(sd[j] * sd[j] / variance[j], 0.88, 1.12);
        }
        Assert.Equal(fullRank, q.CholeskyFactor is not null);
        Assert.Equal(fullRank, q.IsFullRank);
    }

    [Fact]
    public void FullRankRecoversACorrelatedCovariance()
    {
        var covariance = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.9 }, { 0.9, 1.0 } });
        var (_, gradient) = Targets.CorrelatedGaussian([1.0, -1.0], covariance);
        var q = FullRankVi.Fit(gradient, [0.0, 0.0], Options);
        Assert.Equal(1.0, q.Mean[0], 0.1);
        Assert.Equal(-1.0, q.Mean[1], 0.1);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                Assert.True(Math.Abs(q.Covariance[i, j] - covariance[i, j]) < 0.1, $"Σ[{i},{j}] = {q.Covariance[i, j]:F4}, exact {covariance[i, j]}");
        var l = q.CholeskyFactor!;
        Assert.Equal(0.0, l[0, 1]);
        Assert.True((l * l.Transpose() - q.Covariance).InfinityNorm() < 1e-12);
    }

    [Fact]
    public void MeanFieldOnACorrelatedGaussianUnderestimatesVariancesAsOneOverThePrecisionDiagonal()
    {
        // Minimising KL(q‖p) over factorised q gives the exact mean and variances 1/Λᵢᵢ (Bishop 2006, section 10.1.2):
        // for unit variances and correlation ρ = 0.9 that is 1 − ρ² = 0.19 instead of 1. The optimal ELBO is
        // −KL = −½ log(Πᵢ Λᵢᵢ · det Σ) = ½ log(1 − ρ²) = −0.8304 (the target is normalised, log Z = 0).
        double rho = 0.9;
        var covariance = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, rho }, { rho, 1.0 } });
        var (density, gradient) = Targets.CorrelatedGaussian([1.0, -1.0], covariance);
        var q = MeanFieldVi.Fit(gradient, [0.0, 0.0], Options);
        var precision = covariance.Inverse();
        double[] sd = q.StandardDeviation;
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(j == 0 ? 1.0 : -1.0, q.Mean[j], 0.1);
            Assert.InRange(sd[j] * sd[j] * precision[j, j], 0.88, 1.12);
        }
        Assert.Equal(0.0, q.Covariance[0, 1]);
        Assert.Null(q.CholeskyFactor);
        Assert.Equal(0.5 * Math.Log(1 - rho * rho), q.Elbo(density, 20_000, seed: 1), 0.03);
    }

    [Fact]
    public void ElboOfTheConjugatePosteriorIsBoundedByTheEvidence()
    {
        // ELBO = log p(x) − KL(q‖p) ≤ log p(x). LogPosterior keeps every constant, so the full-rank fit comes within a
        // small KL of the closed-form evidence (the posterior in (μ, log σ²) is nearly but not exactly Gaussian).
        var model = ConjugateNormalModelTests.Model();
        var q = FullRankVi.Fit(model.LogPosteriorGradient, [4.0, 0.0], Options);
        double elbo = q.Elbo(model.LogPosterior, 20_000, seed: 2);
        double logZ = model.LogMarginalLikelihood;
        Assert.InRange(elbo, logZ - 0.05, logZ + 0.01);
        Assert.InRange(q.ElboHistory[^1].Elbo, logZ - 0.3, logZ + 0.3);
        Assert.True(q.ElboHistory[0].Elbo < logZ - 5, "the initial q (unit covariance at (4, 0)) must be far from the posterior");
        Assert.Equal(model.PosteriorMeanOfMu, q.Mean[0], 0.02);
    }

    [Fact]
    public void ElboHistoryAndCountsFollowTheOptions()
    {
        var (_, gradient) = Targets.CorrelatedGaussian([0.0], Matrix<double>.Build.DenseIdentity(1));
        var q = MeanFieldVi.Fit(gradient, [2.0], new ViOptions { Iterations = 95, ElboEvery = 10, ElboSamples = 7, SamplesPerStep = 2 });
        Assert.Equal([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95], q.ElboHistory.Select(e => e.Iteration).ToArray());
        Assert.Equal(95 * 2 + 11 * 7, q.GradientEvaluations);
    }

    [Fact]
    public void SampleDrawsFromQAndLogDensityMatchesIt()
    {
        var covariance = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, -0.6 }, { -0.6, 0.5 } });
        var (_, gradient) = Targets.CorrelatedGaussian([0.3, 0.7], covariance);
        var q = FullRankVi.Fit(gradient, [0.0, 0.0], Options);
        double[][] draws = q.Sample(40_000, seed: 5);
        var sigma = q.Covariance;
        for (int i = 0; i < 2; i++)
        {
            double mi = draws.Average(d => d[i]);
            Assert.Equal(q.Mean[i], mi, 4 * Math.Sqrt(sigma[i, i] / draws.Length));
            for (int j = 0; j < 2; j++)
                Assert.Equal(sigma[i, j], draws.Average(d => (d[i] - q.Mean[i]) * (d[j] - q.Mean[j])), 0.03);
        }
        // log q agrees with the Gaussian density formula, and E_q[−log q] is the entropy.
        var (qDensity, _) = Targets.CorrelatedGaussian(q.Mean, sigma);
        Assert.Equal(qDensity([1.0, 0.0]), q.LogDensity([1.0, 0.0]), 10);
        Assert.Equal(q.Entropy(), -draws.Average(d => q.LogDensity(d)), 0.02);
        Assert.Equal(q.Sample(3, seed: 5)[2], draws[2]);
    }

    [Fact]
    public void IsDeterministicGivenTheSeed()
    {
        var (_, gradient) = Targets.CorrelatedGaussian([0.0, 1.0], Matrix<double>.Build.DenseIdentity(2));
        var options = new ViOptions { Iterations = 200, Seed = 8 };
        Assert.Equal(FullRankVi.Fit(gradient, [1.0, 1.0], options).Mean, FullRankVi.Fit(gradient, [1.0, 1.0], options).Mean);
        Assert.NotEqual(FullRankVi.Fit(gradient, [1.0, 1.0], options).Mean, FullRankVi.Fit(gradient, [1.0, 1.0], options with { Seed = 9 }).Mean);
    }
}
