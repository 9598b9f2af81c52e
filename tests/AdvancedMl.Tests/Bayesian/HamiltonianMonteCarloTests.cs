using AdvancedMl.Bayesian;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Bayesian;

public class HamiltonianMonteCarloTests
{
    private static readonly Matrix<double> Correlated = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.8 }, { 0.8, 2.0 } });

    [Fact]
    public void LeapfrogIsTimeReversible()
    {
        // Run forward, flip the momentum, run the same number of steps: the integrator retraces its path exactly (up to rounding).
        var model = ConjugateNormalModelTests.Model();
        double[] q0 = [4.5, -0.5], p0 = [0.7, -1.1];
        var (q1, p1) = HamiltonianMonteCarlo.Leapfrog(model.LogPosteriorGradient, q0, p0, 0.05, 40);
        var (q2, p2) = HamiltonianMonteCarlo.Leapfrog(model.LogPosteriorGradient, q1, p1.Select(v => -v).ToArray(), 0.05, 40);
        Assert.True(Math.Abs(q1[0] - q0[0]) + Math.Abs(q1[1] - q0[1]) > 0.1, "the trajectory must actually move");
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(q0[j], q2[j], 1e-10);
            Assert.Equal(p0[j], -p2[j], 1e-10);
        }
    }

    [Fact]
    public void LeapfrogEnergyErrorShrinksAsStepSizeSquared()
    {
        // Same trajectory time T = 1 with ε and ε/2 (on the non-Gaussian conjugate posterior): a second-order integrator's
        // energy error drops by about 4. A first-order (Euler) scheme would give about 2.
        var model = ConjugateNormalModelTests.Model();
        double[] q0 = [4.6, -0.2], p0 = [0.9, 0.6];
        double h0 = HamiltonianMonteCarlo.Hamiltonian(model.LogPosteriorGradient, q0, p0);
        double EnergyError(double step)
        {
            var (q, p) = HamiltonianMonteCarlo.Leapfrog(model.LogPosteriorGradient, q0, p0, step, (int)Math.Round(1.0 / step));
            return Math.Abs(HamiltonianMonteCarlo.Hamiltonian(model.LogPosteriorGradient, q, p) - h0);
        }
        double coarse = EnergyError(0.02), fine = EnergyError(0.01), finer = EnergyError(0.005);
        Assert.True(coarse < 0.05, $"energy error {coarse:G3} is not small at ε = 0.02");
        Assert.InRange(coarse / fine, 3.5, 4.5);
        Assert.InRange(fine / finer, 3.5, 4.5);
    }

    [Fact]
    public void StepSizeAdaptationReachesTheTargetAcceptance()
    {
        var (_, gradient) = Targets.CorrelatedGaussian([1.0, -1.0], Correlated);
        Chain Run(double target, double initialStep) => HamiltonianMonteCarlo.Sample(gradient, [0.0, 0.0],
            new HmcOptions { Draws = 2000, BurnIn = 1000, StepSize = initialStep, TargetAcceptance = target, Seed = 4 });
        var low = Run(0.6, 1.5);
        var high = Run(0.9, 1.5);
        var fromTiny = Run(0.9, 0.001);
        Assert.Equal(1000, low.StepSizeHistory.Count);
        // Dual averaging aims the warm-up acceptance at the target; the averaged step ε̄ (and the jitter) usually accept
        // somewhat more afterwards (measured 0.71-0.74 for 0.6, 0.92 for 0.9), hence the asymmetric band.
        Assert.InRange(low.AcceptanceRate, 0.55, 0.75);
        Assert.InRange(high.AcceptanceRate, 0.85, 0.97);
        Assert.True(high.StepSize < 0.8 * low.StepSize, $"a higher target needs a smaller step: {high.StepSize:F3} vs {low.StepSize:F3}");
        // Started 1000 times too small, the adaptation finds the same step size.
        Assert.InRange(fromTiny.StepSize / high.StepSize, 0.8, 1.25);
    }

    [Fact]
    public void SamplesACorrelatedGaussian()
    {
        var (_, gradient) = Targets.CorrelatedGaussian([1.0, -1.0], Correlated);
        var chains = Enumerable.Range(0, 4).Select(seed =>
            HamiltonianMonteCarlo.Sample(gradient, [0.0, 0.0], new HmcOptions { Draws = 1500, BurnIn = 300, Seed = seed })).ToArray();
        SamplerAssertions.WithinMonteCarloError(chains.Select(c => c.Column(0)).ToArray(), 1.0, "θ₀");
        SamplerAssertions.WithinMonteCarloError(chains.Select(c => c.Column(1)).ToArray(), -1.0, "θ₁");
        // E[θ₀θ₁] − E[θ₀]E[θ₁] = 0.8: estimate Cov via the products, whose mean is 0.8 + 1·(−1) = −0.2.
        SamplerAssertions.WithinMonteCarloError(chains.Select(c => c.Draws.Select(d => d[0] * d[1]).ToArray()).ToArray(), -0.2, "θ₀θ₁");
        Assert.Equal(20 * (1800) + 1, chains[0].GradientEvaluations);
        Assert.Equal(1500, chains[0].Length);
        Assert.All(chains, c => Assert.Equal(0, c.Divergences));
    }

    [Fact]
    public void TooLargeAStepDivergesAndIsCounted()
    {
        // Leapfrog on a Gaussian with sd σ is unstable for ε > 2σ: without adaptation every trajectory blows up and is rejected.
        var (_, gradient) = Targets.CorrelatedGaussian([0.0], Matrix<double>.Build.DenseOfDiagonalArray([0.01]));
        var chain = HamiltonianMonteCarlo.Sample(gradient, [0.0],
            new HmcOptions { Draws = 50, BurnIn = 0, StepSize = 0.5, StepSizeJitter = 0, AdaptStepSize = false, LeapfrogSteps = 100 });
        Assert.Equal(50, chain.Divergences);
        Assert.Equal(0.0, chain.AcceptanceRate);
        Assert.All(chain.Column(0), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void IsDeterministicGivenTheSeed()
    {
        var (_, gradient) = Targets.CorrelatedGaussian([1.0, -1.0], Correlated);
        var options = new HmcOptions { Draws = 100, BurnIn = 50, Seed = 9 };
        Assert.Equal(HamiltonianMonteCarlo.Sample(gradient, [0.0, 0.0], options).Column(0),
            HamiltonianMonteCarlo.Sample(gradient, [0.0, 0.0], options).Column(0));
    }
}

public class RandomWalkMetropolisTests
{
    [Fact]
    public void AdaptationReachesTheTargetAcceptance()
    {
        var (density, _) = Targets.CorrelatedGaussian(new double[5], Matrix<double>.Build.DenseIdentity(5));
        var chain = RandomWalkMetropolis.Sample(density, new double[5], new MetropolisOptions { Draws = 20000, BurnIn = 5000, StepSize = 5.0, Seed = 1 });
        Assert.InRange(chain.AcceptanceRate, 0.234 - 0.04, 0.234 + 0.04);
        // Theory for a d-dimensional standard normal: the 0.234-optimal proposal sd is about 2.38/√d ≈ 1.06.
        Assert.InRange(chain.StepSize, 0.8, 1.35);
        Assert.Equal(5000, chain.StepSizeHistory.Count);
    }

    [Fact]
    public void ThinningKeepsEveryKthStateAndCountsEvaluations()
    {
        var (density, _) = Targets.CorrelatedGaussian([0.0], Matrix<double>.Build.DenseIdentity(1));
        var options = new MetropolisOptions { Draws = 100, BurnIn = 10, Thin = 3, AdaptStepSize = false, Seed = 2 };
        var thinned = RandomWalkMetropolis.Sample(density, [0.0], options);
        var full = RandomWalkMetropolis.Sample(density, [0.0], options with { Draws = 300, Thin = 1 });
        Assert.Equal(100, thinned.Length);
        Assert.Equal(1 + 10 + 300, thinned.DensityEvaluations);
        Assert.Empty(thinned.StepSizeHistory);
        Assert.Equal(0.5, thinned.StepSize);
        double[] fullTrace = full.Column(0);
        Assert.Equal(Enumerable.Range(0, 100).Select(t => fullTrace[3 * t + 2]).ToArray(), thinned.Column(0));
    }
}
