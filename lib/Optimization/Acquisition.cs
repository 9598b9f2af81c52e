using MathNet.Numerics;

namespace AdvancedMl.Optimization;

/// <summary>Which acquisition function a Bayesian optimiser maximises to choose its next evaluation (notebook 05).</summary>
public enum AcquisitionKind
{
    /// <summary>Expected improvement E[max(best − f(x) − ξ, 0)] under the GP posterior.</summary>
    ExpectedImprovement,

    /// <summary>Probability of improvement P(f(x) &lt; best − ξ) under the GP posterior.</summary>
    ProbabilityOfImprovement,

    /// <summary>GP-UCB for minimisation: minimise the lower confidence bound μ(x) − √β σ(x).</summary>
    UpperConfidenceBound,
}

/// <summary>Closed-form acquisition functions for minimisation with a Gaussian posterior f(x) ~ N(μ, σ²) (notebook 05).</summary>
public static class Acquisition
{
    private const double InvSqrt2Pi = 0.3989422804014327;

    /// <summary>Standard normal density φ(z).</summary>
    public static double NormalPdf(double z) => InvSqrt2Pi * Math.Exp(-0.5 * z * z);

    /// <summary>Standard normal distribution function Φ(z) = ½ erfc(−z/√2), accurate in both tails.</summary>
    public static double NormalCdf(double z) => 0.5 * SpecialFunctions.Erfc(-z / Constants.Sqrt2);

    /// <summary>EI = (best − μ − ξ) Φ(z) + σ φ(z) with z = (best − μ − ξ)/σ (notebook 05, the EI closed form); max(best − μ − ξ, 0) when σ = 0.</summary>
    public static double ExpectedImprovement(double mean, double sd, double best, double xi = 0.0)
    {
        double improvement = best - mean - xi;
        if (!(sd > 0.0)) return Math.Max(improvement, 0.0);
        double z = improvement / sd;
        return Math.Max(improvement * NormalCdf(z) + sd * NormalPdf(z), 0.0);
    }

    /// <summary>PI = Φ((best − μ − ξ)/σ) (notebook 05); 1 or 0 when σ = 0 according to whether μ &lt; best − ξ.</summary>
    public static double ProbabilityOfImprovement(double mean, double sd, double best, double xi = 0.0)
    {
        double improvement = best - mean - xi;
        if (!(sd > 0.0)) return improvement > 0.0 ? 1.0 : 0.0;
        return NormalCdf(improvement / sd);
    }

    /// <summary>LCB = μ − √β σ, GP-UCB written for minimisation (notebook 05); smaller is more promising.</summary>
    public static double LowerConfidenceBound(double mean, double sd, double beta) => mean - Math.Sqrt(beta) * sd;

    /// <summary>The score the optimiser maximises for the given kind: EI, PI, or −LCB (notebook 05).</summary>
    public static double Score(AcquisitionKind kind, double mean, double sd, double best, double xi, double beta) => kind switch
    {
        AcquisitionKind.ExpectedImprovement => ExpectedImprovement(mean, sd, best, xi),
        AcquisitionKind.ProbabilityOfImprovement => ProbabilityOfImprovement(mean, sd, best, xi),
        AcquisitionKind.UpperConfidenceBound => -LowerConfidenceBound(mean, sd, beta),
        _ => throw new ArgumentException($"Acquisition.Score: kind must be a defined AcquisitionKind; got {kind}.", nameof(kind)),
    };
}
