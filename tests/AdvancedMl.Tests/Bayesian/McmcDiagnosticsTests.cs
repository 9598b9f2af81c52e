using AdvancedMl.Bayesian;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Bayesian;

public class McmcDiagnosticsTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Ar1EffectiveSampleSizeMatchesTheClosedForm(double phi)
    {
        // τ = (1 + φ)/(1 − φ) for AR(1), so ESS = n(1 − φ)/(1 + φ). With n = 200 000 the estimator's relative sd is a few
        // per cent (φ = 0.9: τ = 19), so the 10% bar is about 3 sd.
        const int n = 200_000;
        double[] x = ReferenceValues.Ar1(phi, n, seed: 11);
        double exact = n * (1 - phi) / (1 + phi);
        double ess = McmcDiagnostics.EffectiveSampleSize(x);
        Assert.True(Math.Abs(ess / exact - 1) < 0.10, $"φ = {phi}: ESS {ess:F0} vs closed form {exact:F0}.");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Ar1AutocorrelationIsPhiToTheLag(double phi)
    {
        const int n = 200_000, maxLag = 20;
        double[] rho = McmcDiagnostics.Autocorrelation(ReferenceValues.Ar1(phi, n, seed: 12), maxLag);
        Assert.Equal(maxLag + 1, rho.Length);
        Assert.Equal(1.0, rho[0], 12);
        for (int k = 1; k <= maxLag; k++)
        {
            // Bartlett's variance of ρ̂ₖ for AR(1): [(1 + φ²)(1 − φ^2k)/(1 − φ²) − 2kφ^2k]/n; allow 5 sd.
            double p2k = Math.Pow(phi, 2 * k);
            double sd = Math.Sqrt(((1 + phi * phi) * (1 - p2k) / (1 - phi * phi) - 2 * k * p2k) / n);
            Assert.True(Math.Abs(rho[k] - Math.Pow(phi, k)) < 5 * sd, $"φ = {phi}, lag {k}: ρ̂ = {rho[k]:F4}, φ^k = {Math.Pow(phi, k):F4}, sd {sd:F4}.");
        }
    }

    [Fact]
    public void AutocorrelationMatchesTheDirectSum()
    {
        double[] x = ReferenceValues.Ar1(0.7, 257, seed: 3);
        double mean = x.Average();
        double gamma0 = x.Sum(v => (v - mean) * (v - mean));
        double[] rho = McmcDiagnostics.Autocorrelation(x, 30);
        for (int k = 0; k <= 30; k++)
        {
            double direct = 0;
            for (int t = 0; t + k < x.Length; t++) direct += (x[t] - mean) * (x[t + k] - mean);
            Assert.Equal(direct / gamma0, rho[k], 12);
        }
    }

    [Fact]
    public void IndependentDrawsHaveEssNearTheirCount()
    {
        double[][] chains = Enumerable.Range(0, 4).Select(s => ReferenceValues.Ar1(0.0, 5000, seed: 100 + s)).ToArray();
        double ess = McmcDiagnostics.EffectiveSampleSize(chains);
        Assert.InRange(ess / 20_000, 0.9, 1.1);
    }

    [Fact]
    public void MonteCarloStandardErrorIsCalibrated()
    {
        // Over 300 independent AR(1) chains (φ = 0.5, true mean 0) the z-scores mean/MCSE should have sd ≈ 1:
        // the sd of 300 standard normals is within 1 ± 0.2 with probability > 0.9999.
        double[] z = Enumerable.Range(0, 300).Select(seed =>
        {
            double[] x = ReferenceValues.Ar1(0.5, 2000, seed: 1000 + seed);
            return x.Average() / McmcDiagnostics.MonteCarloStandardError(x);
        }).ToArray();
        double sd = Math.Sqrt(z.Sum(v => v * v) / z.Length);
        Assert.InRange(sd, 0.8, 1.2);
    }

    [Fact]
    public void SplitRHatIsNearOneForWellMixedHmcChains()
    {
        var (_, gradient) = Targets.CorrelatedGaussian([0.0, 0.0], Matrix<double>.Build.DenseIdentity(2));
        var chains = Enumerable.Range(0, 4).Select(seed =>
            HamiltonianMonteCarlo.Sample(gradient, [2.0 * seed - 3.0, 1.0], new HmcOptions { Draws = 1000, BurnIn = 300, Seed = seed })).ToArray();
        for (int j = 0; j < 2; j++)
        {
            double rHat = McmcDiagnostics.SplitRHat(chains.Select(c => c.Column(j)).ToArray());
            Assert.True(rHat < 1.01, $"coordinate {j}: split R-hat {rHat:F4}.");
        }
    }

    [Fact]
    public void SplitRHatFlagsChainsStuckInDifferentModes()
    {
        // Two well-separated modes (±5, sd 1): small-step random-walk chains started in different modes never cross.
        var (density, _) = Targets.GaussianMixture1D([0.5, 0.5], [-5.0, 5.0], [1.0, 1.0]);
        var chains = new[] { -5.0, 5.0, -5.0, 5.0 }.Select((start, seed) => RandomWalkMetropolis.Sample(density, [start],
            new MetropolisOptions { Draws = 2000, BurnIn = 200, StepSize = 0.5, AdaptStepSize = false, Seed = seed }).Column(0)).ToArray();
        Assert.True(McmcDiagnostics.SplitRHat(chains) > 2.0);
        // Each chain alone looks fine, which is why R-hat needs several chains.
        Assert.True(McmcDiagnostics.SplitRHat([chains[0]]) < 1.05);
    }

    [Fact]
    public void SplitRHatDetectsATrendWithinOneChain()
    {
        // Split-R̂ compares the halves, so one drifting chain is flagged too.
        double[] drift = Enumerable.Range(0, 1000).Select(t => t / 100.0).ToArray();
        double[] noise = ReferenceValues.Ar1(0.0, 1000, seed: 5);
        Assert.True(McmcDiagnostics.SplitRHat([drift.Zip(noise, (a, b) => a + b).ToArray()]) > 1.5);
    }
}
