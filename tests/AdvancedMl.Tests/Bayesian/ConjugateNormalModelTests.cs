using AdvancedMl.Bayesian;

namespace AdvancedMl.Tests.Bayesian;

public class ConjugateNormalModelTests
{
    internal static ConjugateNormalModel Model() => ConjugateNormalModel.Create(ReferenceValues.NormalData,
        new NormalInverseGammaPrior(ReferenceValues.Mean0, ReferenceValues.Kappa0, ReferenceValues.Shape0, ReferenceValues.Scale0));

    [Fact]
    public void ClosedFormsMatchScipy()
    {
        var model = Model();
        Assert.Equal(ReferenceValues.PosteriorMean, model.Posterior.Mean0, 1e-12);
        Assert.Equal(ReferenceValues.PosteriorKappa, model.Posterior.Kappa0, 1e-12);
        Assert.Equal(ReferenceValues.PosteriorShape, model.Posterior.Shape0, 1e-12);
        Assert.Equal(ReferenceValues.PosteriorScale, model.Posterior.Scale0, 1e-12);
        Assert.Equal(ReferenceValues.MuMean, model.PosteriorMeanOfMu, 1e-12);
        Assert.Equal(ReferenceValues.MuSd, model.PosteriorSdOfMu, 1e-12);
        Assert.Equal(ReferenceValues.Sigma2Mean, model.PosteriorMeanOfSigma2, 1e-12);
        Assert.Equal(ReferenceValues.Sigma2Sd, model.PosteriorSdOfSigma2, 1e-12);
    }

    [Fact]
    public void LogMarginalLikelihoodMatchesNumericalIntegration()
    {
        // scipy dblquad of the joint density over (μ, σ²), relative error 1e-10 on p(x).
        Assert.Equal(ReferenceValues.LogEvidence, Model().LogMarginalLikelihood, 1e-7);
    }

    [Fact]
    public void LogPosteriorIntegratesToTheEvidenceAndItsMomentsAreTheClosedForms()
    {
        // Brute force on a grid in (μ, τ = log σ²): ∫∫ exp(LogPosterior) = p(x), and the grid moments of μ and σ² = e^τ
        // equal the Student-t and inverse-gamma ones. This ties the unconstrained target (with its Jacobian) to the closed forms.
        var model = Model();
        double logZ = model.LogMarginalLikelihood;
        double muLo = 2.5, muHi = 7.5, tauLo = -4.0, tauHi = 2.5;
        int grid = 600;
        double hMu = (muHi - muLo) / grid, hTau = (tauHi - tauLo) / grid;
        double mass = 0, mu1 = 0, mu2 = 0, s1 = 0, s2 = 0;
        for (int i = 0; i <= grid; i++)
            for (int j = 0; j <= grid; j++)
            {
                double mu = muLo + i * hMu, tau = tauLo + j * hTau;
                double w = (i == 0 || i == grid ? 0.5 : 1.0) * (j == 0 || j == grid ? 0.5 : 1.0) * hMu * hTau;
                double p = w * Math.Exp(model.LogPosterior([mu, tau]) - logZ);
                double sigma2 = Math.Exp(tau);
                mass += p; mu1 += p * mu; mu2 += p * mu * mu; s1 += p * sigma2; s2 += p * sigma2 * sigma2;
            }
        Assert.Equal(1.0, mass, 1e-6);
        Assert.Equal(model.PosteriorMeanOfMu, mu1, 1e-6);
        Assert.Equal(model.PosteriorSdOfMu, Math.Sqrt(mu2 - mu1 * mu1), 1e-6);
        Assert.Equal(model.PosteriorMeanOfSigma2, s1, 1e-6);
        Assert.Equal(model.PosteriorSdOfSigma2, Math.Sqrt(s2 - s1 * s1), 1e-5);
    }

    [Fact]
    public void GibbsRecoversThePosteriorMeans()
    {
        var model = Model();
        var chains = Enumerable.Range(0, 4).Select(seed => model.Gibbs(draws: 2000, burnIn: 200, seed: seed)).ToArray();
        Assert.All(chains, c => Assert.Equal(1.0, c.AcceptanceRate));
        SamplerAssertions.WithinMonteCarloError(chains.Select(c => c.Column(0)).ToArray(), model.PosteriorMeanOfMu, "Gibbs μ");
        SamplerAssertions.WithinMonteCarloError(chains.Select(c => c.Column(1)).ToArray(), model.PosteriorMeanOfSigma2, "Gibbs σ²");
        SamplerAssertions.PosteriorVariancesWithinMonteCarloError(model, chains.Select(c => c.Column(0)).ToArray(), chains.Select(c => c.Column(1)).ToArray(), "Gibbs");
    }

    [Fact]
    public void RandomWalkMetropolisRecoversThePosteriorMeans()
    {
        var model = Model();
        var chains = Enumerable.Range(0, 4).Select(seed => RandomWalkMetropolis.Sample(model.LogPosterior, [4.0, 0.0],
            new MetropolisOptions { Draws = 20000, BurnIn = 1000, StepSize = 0.3, Seed = seed })).ToArray();
        SamplerAssertions.WithinMonteCarloError(chains.Select(c => c.Column(0)).ToArray(), model.PosteriorMeanOfMu, "RWM μ");
        SamplerAssertions.WithinMonteCarloError(chains.Select(c => c.Column(1).Select(Math.Exp).ToArray()).ToArray(),
            model.PosteriorMeanOfSigma2, "RWM σ²");
        SamplerAssertions.PosteriorVariancesWithinMonteCarloError(model, chains.Select(c => c.Column(0)).ToArray(),
            chains.Select(c => c.Column(1).Select(Math.Exp).ToArray()).ToArray(), "RWM");
    }

    [Fact]
    public void HamiltonianMonteCarloRecoversThePosteriorMeans()
    {
        var model = Model();
        var chains = Enumerable.Range(0, 4).Select(seed => HamiltonianMonteCarlo.Sample(model.LogPosteriorGradient, [4.0, 0.0],
            new HmcOptions { Draws = 1000, BurnIn = 300, Seed = seed })).ToArray();
        SamplerAssertions.WithinMonteCarloError(chains.Select(c => c.Column(0)).ToArray(), model.PosteriorMeanOfMu, "HMC μ");
        SamplerAssertions.WithinMonteCarloError(chains.Select(c => c.Column(1).Select(Math.Exp).ToArray()).ToArray(),
            model.PosteriorMeanOfSigma2, "HMC σ²");
        SamplerAssertions.PosteriorVariancesWithinMonteCarloError(model, chains.Select(c => c.Column(0)).ToArray(),
            chains.Select(c => c.Column(1).Select(Math.Exp).ToArray()).ToArray(), "HMC");
    }

    [Fact]
    public void GibbsIsDeterministicGivenTheSeed()
    {
        var model = Model();
        Assert.Equal(model.Gibbs(50, 10, 7).Column(1), model.Gibbs(50, 10, 7).Column(1));
        Assert.NotEqual(model.Gibbs(50, 10, 7).Column(1), model.Gibbs(50, 10, 8).Column(1));
    }

    [Fact]
    public void GibbsStartsFromTheGivenSigma2()
    {
        // The first sweep draws μ ~ N(mₙ, σ₀²/κₙ) with the same standard normal for the same seed, so the first μ's
        // distance from mₙ scales exactly with √σ₀²; the default start is E[σ² | x].
        var model = Model();
        double m = model.Posterior.Mean0;
        double near = model.Gibbs(1, 0, 3, initialSigma2: 0.01).Column(0)[0] - m;
        double far = model.Gibbs(1, 0, 3, initialSigma2: 100.0).Column(0)[0] - m;
        Assert.NotEqual(0.0, near);
        Assert.Equal(100.0, far / near, 1e-9);
        Assert.Equal(model.Gibbs(50, 0, 7).Column(0), model.Gibbs(50, 0, 7, initialSigma2: model.PosteriorMeanOfSigma2).Column(0));
        Assert.NotEqual(model.Gibbs(50, 0, 7).Column(0), model.Gibbs(50, 0, 7, initialSigma2: 4 * model.PosteriorMeanOfSigma2).Column(0));
    }
}

internal static class SamplerAssertions
{
    /// <summary>The posterior variances, as the means of the squared deviations from the exact posterior means, are within 4 MCSE of the Student-t and inverse-gamma variances (catches samplers with the right centre but the wrong spread).</summary>
    public static void PosteriorVariancesWithinMonteCarloError(ConjugateNormalModel model, double[][] mu, double[][] sigma2, string label)
    {
        double[][] Squared(double[][] chains, double centre) => chains.Select(c => c.Select(v => (v - centre) * (v - centre)).ToArray()).ToArray();
        WithinMonteCarloError(Squared(mu, model.PosteriorMeanOfMu), model.PosteriorSdOfMu * model.PosteriorSdOfMu, label + " Var μ");
        WithinMonteCarloError(Squared(sigma2, model.PosteriorMeanOfSigma2), model.PosteriorSdOfSigma2 * model.PosteriorSdOfSigma2, label + " Var σ²");
    }

    /// <summary>The pooled mean of the chains is within 4 Monte Carlo standard errors of the exact value, the chains agree (split-R̂ &lt; 1.05), and the ESS is large enough for the MCSE to be trusted.</summary>
    public static void WithinMonteCarloError(double[][] chains, double exact, string label)
    {
        double mean = chains.SelectMany(c => c).Average();
        double mcse = McmcDiagnostics.MonteCarloStandardError(chains);
        double ess = McmcDiagnostics.EffectiveSampleSize(chains);
        double rHat = McmcDiagnostics.SplitRHat(chains);
        Assert.True(ess > 400, $"{label}: ESS {ess:F0} too small for a trustworthy MCSE.");
        Assert.True(rHat < 1.05, $"{label}: split R-hat {rHat:F4} shows the chains disagree.");
        Assert.True(Math.Abs(mean - exact) < 4 * mcse,
            $"{label}: mean {mean:G8} differs from the exact {exact:G8} by {Math.Abs(mean - exact) / mcse:F2} MCSE (MCSE {mcse:G3}, ESS {ess:F0}).");
    }
}
