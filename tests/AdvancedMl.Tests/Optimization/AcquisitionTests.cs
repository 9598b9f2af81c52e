using AdvancedMl.Optimization;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace AdvancedMl.Tests.Optimization;

public class AcquisitionTests
{
    public static TheoryData<double, double, double, double> Cases => new()
    {
        { 0.0, 1.0, 0.5, 0.0 }, { 1.2, 0.3, 1.0, 0.01 }, { -2.0, 2.5, -1.0, 0.1 }, { 3.0, 0.5, 1.0, 0.0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ClosedFormsMatchMonteCarloFromTheGaussian(double mean, double sd, double best, double xi)
    {
        var rng = new Random(7);
        const int draws = 400_000;
        double improvement = 0.0, hits = 0.0;
        for (int i = 0; i < draws; i++)
        {
            double f = mean + sd * Normal.Sample(rng, 0, 1);
            improvement += Math.Max(best - f - xi, 0.0);
            if (f < best - xi) hits++;
        }
        double ei = Acquisition.ExpectedImprovement(mean, sd, best, xi), pi = Acquisition.ProbabilityOfImprovement(mean, sd, best, xi);
        // Monte Carlo standard errors are below sd/√draws ≈ 0.004 sd for EI and 0.0008 for PI; allow about 4 of them.
        Assert.Equal(ei, improvement / draws, 0.016 * sd);
        Assert.Equal(pi, hits / draws, 0.003);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExpectedImprovementMatchesNumericalIntegration(double mean, double sd, double best, double xi)
    {
        double integral = Integrate.OnClosedInterval(
            f => Math.Max(best - f - xi, 0.0) * Normal.PDF(mean, sd, f), mean - 12 * sd, best - xi, 1e-12);
        Assert.Equal(integral, Acquisition.ExpectedImprovement(mean, sd, best, xi), 1e-8);
    }

    [Fact]
    public void LowerConfidenceBoundIsTheQuantileOfTheGaussian()
    {
        // μ − √β σ with β = z² is the lower Φ(−z) quantile of N(μ, σ²).
        double beta = 1.959963984540054 * 1.959963984540054;
        Assert.Equal(Normal.InvCDF(1.5, 0.7, 0.025), Acquisition.LowerConfidenceBound(1.5, 0.7, beta), 1e-9);
    }

    [Fact]
    public void ZeroAndTinyStandardDeviationsGiveTheDeterministicLimit()
    {
        Assert.Equal(0.7, Acquisition.ExpectedImprovement(0.3, 0.0, 1.0));
        Assert.Equal(0.0, Acquisition.ExpectedImprovement(1.3, 0.0, 1.0));
        Assert.Equal(0.69, Acquisition.ExpectedImprovement(0.3, 1e-12, 1.0, 0.01), 1e-12);
        Assert.Equal(0.0, Acquisition.ExpectedImprovement(1.3, 1e-12, 1.0), 1e-12);
        Assert.Equal(1.0, Acquisition.ProbabilityOfImprovement(0.3, 0.0, 1.0));
        Assert.Equal(0.0, Acquisition.ProbabilityOfImprovement(1.3, 0.0, 1.0));
        Assert.Equal(2.0, Acquisition.LowerConfidenceBound(2.0, 0.0, 4.0));
        Assert.Equal(1.0, Acquisition.ProbabilityOfImprovement(0.3, 1e-12, 1.0), 1e-12);
    }

    [Fact]
    public void ExpectedImprovementGrowsWithUncertaintyAndFallsWithTheMean()
    {
        Assert.True(Acquisition.ExpectedImprovement(1.0, 2.0, 0.5) > Acquisition.ExpectedImprovement(1.0, 1.0, 0.5));
        Assert.True(Acquisition.ExpectedImprovement(0.0, 1.0, 0.5) > Acquisition.ExpectedImprovement(1.0, 1.0, 0.5));
        Assert.True(Acquisition.ExpectedImprovement(50.0, 1.0, 0.0) >= 0.0);
    }
}
