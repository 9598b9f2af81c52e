using AdvancedMl.Bayesian;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Bayesian;

public class ValidationTests
{
    private static readonly LogDensity StandardNormal = theta => -0.5 * theta[0] * theta[0];
    private static readonly LogDensityGradient StandardNormalGradient = (theta, g) => { g[0] = -theta[0]; return -0.5 * theta[0] * theta[0]; };

    private static void Throws(Action action, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(action);
        foreach (string fragment in fragments) Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void SamplersRejectBadOptionsAndStarts()
    {
        Throws(() => RandomWalkMetropolis.Sample(StandardNormal, [0.0], new MetropolisOptions { StepSize = 0 }), "RandomWalkMetropolis.Sample", "stepSize", "greater than 0", "got 0");
        Throws(() => RandomWalkMetropolis.Sample(StandardNormal, [0.0], new MetropolisOptions { Draws = 0 }), "draws must be at least 1; got 0");
        Throws(() => RandomWalkMetropolis.Sample(StandardNormal, [0.0], new MetropolisOptions { Thin = 0 }), "thin must be at least 1");
        Throws(() => RandomWalkMetropolis.Sample(StandardNormal, [0.0], new MetropolisOptions { TargetAcceptance = 1.5 }), "targetAcceptance", "1.5");
        Throws(() => RandomWalkMetropolis.Sample(StandardNormal, [double.NaN], new MetropolisOptions()), "initial", "finite", "NaN");
        Throws(() => RandomWalkMetropolis.Sample(StandardNormal, [], new MetropolisOptions()), "initial", "at least one entry");
        Throws(() => RandomWalkMetropolis.Sample(_ => double.NegativeInfinity, [0.0], new MetropolisOptions()), "log density at initial must be finite");
        Throws(() => HamiltonianMonteCarlo.Sample(StandardNormalGradient, [0.0], new HmcOptions { LeapfrogSteps = 0 }), "HamiltonianMonteCarlo.Sample", "leapfrogSteps must be at least 1; got 0");
        Throws(() => HamiltonianMonteCarlo.Sample(StandardNormalGradient, [0.0], new HmcOptions { StepSize = -0.1 }), "stepSize", "-0.1");
        Throws(() => HamiltonianMonteCarlo.Sample(StandardNormalGradient, [0.0], new HmcOptions { StepSizeJitter = 1.0 }), "stepSizeJitter must be in [0, 1)");
        Throws(() => HamiltonianMonteCarlo.Leapfrog(StandardNormalGradient, [0.0], [1.0, 2.0], 0.1, 5), "momentum must have length 1; got 2");
        Assert.Throws<ArgumentNullException>(() => RandomWalkMetropolis.Sample(StandardNormal, [0.0], null!));
    }

    [Fact]
    public void ModelsRejectBadData()
    {
        var prior = new NormalInverseGammaPrior(0, 1, 2, 1);
        Throws(() => ConjugateNormalModel.Create([], prior), "ConjugateNormalModel.Create", "data", "at least one entry");
        Throws(() => ConjugateNormalModel.Create([1.0, double.PositiveInfinity], prior), "data", "index 1");
        Throws(() => ConjugateNormalModel.Create([1.0], prior with { Kappa0 = 0 }), "prior.Kappa0", "greater than 0");
        Throws(() => ConjugateNormalModel.Create([1.0], prior with { Shape0 = -1 }), "prior.Shape0", "-1");
        var model = ConjugateNormalModel.Create([1.0, 2.0], prior);
        Throws(() => model.LogPosterior([1.0]), "theta must have length 2");
        Throws(() => model.Gibbs(0, 10, 0), "ConjugateNormalModel.Gibbs", "draws");
        Throws(() => model.Gibbs(10, 0, 0, initialSigma2: 0.0), "ConjugateNormalModel.Gibbs", "initialSigma2", "greater than 0", "got 0");
        Throws(() => model.Gibbs(10, 0, 0, initialSigma2: double.NaN), "initialSigma2", "NaN");
        Throws(() => model.Gibbs(10, 0, 0, initialSigma2: double.PositiveInfinity), "initialSigma2", "finite");
        // With a₀ = 0.5 and one observation aₙ = 1: the posterior mean and variance of σ² do not exist.
        var heavy = ConjugateNormalModel.Create([1.0], new NormalInverseGammaPrior(0, 1, 0.5, 1));
        Assert.Equal(double.PositiveInfinity, heavy.PosteriorMeanOfSigma2);
        Assert.Equal(double.PositiveInfinity, heavy.PosteriorSdOfSigma2);

        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0 }, { 2.0 }, { 3.0 } });
        Throws(() => BayesianLogisticRegression.Create(x, [0, 1], 1.0), "BayesianLogisticRegression.Create", "labels", "(3)", "got 2");
        Throws(() => BayesianLogisticRegression.Create(x, [0, 2, 1], 1.0), "labels must be 0 or 1; got 2 at index 1");
        Throws(() => BayesianLogisticRegression.Create(x, [0, 1, 1], 0.0), "priorVariance");
        var logistic = BayesianLogisticRegression.Create(x, [0, 1, 1], 1.0);
        Throws(() => logistic.LogPosterior([0.0]), "weights must have length 2; got 1");
        Throws(() => logistic.PredictProbability([0.0, 1.0], Matrix<double>.Build.Dense(2, 2)), "features must have 1 columns", "got 2");
        Throws(() => logistic.PredictProbability(Array.Empty<double[]>(), x), "draws must contain at least one");
    }

    [Fact]
    public void TargetsRejectBadParameters()
    {
        Throws(() => Targets.CorrelatedGaussian([0.0, 0.0], Matrix<double>.Build.DenseIdentity(3)), "Targets.CorrelatedGaussian", "2 x 2", "3 x 3");
        Throws(() => Targets.CorrelatedGaussian([0.0, 0.0], Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0 }, { 2.0, 1.0 } })), "positive definite");
        Throws(() => Targets.CorrelatedGaussian([0.0, 0.0], Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.2 }, { 0.3, 1.0 } })), "symmetric");
        Throws(() => Targets.GaussianMixture1D([0.5, 0.5], [0.0], [1.0, 1.0]), "means must have length 2; got 1");
        Throws(() => Targets.GaussianMixture1D([0.5, 0.5], [0.0, 1.0], [1.0, 0.0]), "sds[1]");
        var (density, _) = Targets.GaussianMixture1D([1.0], [0.0], [1.0]);
        Throws(() => density([0.0, 1.0]), "length 1; got 2");
    }

    [Fact]
    public void DiagnosticsRejectBadChains()
    {
        Throws(() => McmcDiagnostics.SplitRHat([[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0]]), "McmcDiagnostics.SplitRHat", "same length", "chains[1] has 3");
        Throws(() => McmcDiagnostics.EffectiveSampleSize([1.0, 2.0]), "at least 4 draws; got 2");
        Throws(() => McmcDiagnostics.EffectiveSampleSize([1.0, 1.0, 1.0, 1.0, 1.0]), "constant");
        Throws(() => McmcDiagnostics.EffectiveSampleSize([1.0, double.NaN, 1.0, 2.0]), "finite", "index 1");
        Throws(() => McmcDiagnostics.Autocorrelation([1.0, 2.0, 3.0], 3), "maxLag must be in [0, 2]", "got 3");
        Throws(() => McmcDiagnostics.SplitRHat(Array.Empty<double[]>()), "at least one chain");
        // Constant chains stuck at different values: R-hat is infinite, not NaN.
        Assert.Equal(double.PositiveInfinity, McmcDiagnostics.SplitRHat([[1.0, 1.0, 1.0, 1.0], [2.0, 2.0, 2.0, 2.0]]));
    }

    [Fact]
    public void VariationalInferenceRejectsBadOptions()
    {
        Throws(() => MeanFieldVi.Fit(StandardNormalGradient, [0.0], new ViOptions { LearningRate = 0 }), "MeanFieldVi.Fit", "learningRate");
        Throws(() => FullRankVi.Fit(StandardNormalGradient, [0.0], new ViOptions { SamplesPerStep = 0 }), "FullRankVi.Fit", "samplesPerStep must be at least 1");
        Throws(() => FullRankVi.Fit(StandardNormalGradient, [0.0], new ViOptions { AveragingFraction = 1.0 }), "averagingFraction must be in [0, 1)");
        Throws(() => MeanFieldVi.Fit(StandardNormalGradient, [0.0], new ViOptions { ElboEvery = 0 }), "elboEvery");
        Throws(() => MeanFieldVi.Fit((theta, g) => { g[0] = 0; return double.NaN; }, [0.0], new ViOptions()), "log density was NaN");
    }
}
