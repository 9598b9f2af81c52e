using static System.FormattableString;
using MathNet.Numerics.Distributions;

namespace AdvancedMl.Causal;

/// <summary>Which average causal effect an estimator targets (notebook 06, potential outcomes section).</summary>
public enum Estimand
{
    /// <summary>Average treatment effect E[Y(1) − Y(0)] over the whole population.</summary>
    Ate,

    /// <summary>Average treatment effect on the treated E[Y(1) − Y(0) | T = 1].</summary>
    Att,
}

/// <summary>How regression standard errors are computed (notebook 06, regression and IV sections).</summary>
public enum CovarianceType
{
    /// <summary>Homoskedastic: σ̂²(XᵀX)⁻¹ with σ̂² = RSS/(n − k).</summary>
    Classical,

    /// <summary>Heteroskedasticity-robust White/HC1: (XᵀX)⁻¹ Σ e²xxᵀ (XᵀX)⁻¹ · n/(n − k).</summary>
    HC1,

    /// <summary>Cluster-robust CR1 (Stata, statsmodels): (XᵀX)⁻¹ Σ_g (X_gᵀe_g)(X_gᵀe_g)ᵀ (XᵀX)⁻¹ · G/(G − 1) · (n − 1)/(n − k).</summary>
    Clustered,
}

/// <summary>The common result of every effect estimator: a point estimate, its standard error and a normal-theory confidence interval.</summary>
/// <param name="Method">Name of the estimator, for tables and charts.</param>
/// <param name="Estimand">The effect the estimator targets.</param>
/// <param name="Estimate">The point estimate.</param>
/// <param name="StandardError">Its estimated standard error.</param>
/// <param name="CiLow">Lower end of the confidence interval.</param>
/// <param name="CiHigh">Upper end of the confidence interval.</param>
/// <param name="N">Number of observations the estimate used (after matching, trimming or dropping).</param>
public sealed record EffectEstimate(string Method, Estimand Estimand, double Estimate, double StandardError, double CiLow, double CiHigh, int N)
{
    /// <summary>Estimate / StandardError.</summary>
    public double ZStatistic => Estimate / StandardError;

    /// <summary>True when the interval contains <paramref name="truth"/>.</summary>
    public bool Covers(double truth) => CiLow <= truth && truth <= CiHigh;

    /// <summary>|Estimate − truth| / StandardError: how many standard errors the estimate lies from a known truth.</summary>
    public double DistanceInStandardErrors(double truth) => Math.Abs(Estimate - truth) / StandardError;

    /// <summary>A readable one-line summary, e.g. "IPW (Hájek) ATT = 1.234 (SE 0.210, 95% CI 0.822 to 1.646, n = 614)".</summary>
    public override string ToString() =>
        Invariant($"{Method} {Estimand.ToString().ToUpperInvariant()} = {Estimate:G6} (SE {StandardError:G4}, 95% CI {CiLow:G6} to {CiHigh:G6}, n = {N})");

    /// <summary>The two-sided normal quantile z with P(|Z| ≤ z) = level.</summary>
    internal static double Z(double level) => Normal.InvCDF(0, 1, 0.5 + level / 2);

    /// <summary>Builds an estimate with the 95 % normal interval Estimate ± 1.96·SE, rejecting a non-finite estimate or SE.</summary>
    internal static EffectEstimate Normal95(string method, Estimand estimand, double estimate, double standardError, int n)
    {
        if (!double.IsFinite(estimate) || !double.IsFinite(standardError) || standardError < 0)
            throw new ArgumentException(Invariant($"{method}: the estimate ({estimate}) or its standard error ({standardError}) is not finite; check the data for empty or degenerate groups."));
        double z = Z(0.95);
        return new EffectEstimate(method, estimand, estimate, standardError, estimate - z * standardError, estimate + z * standardError, n);
    }
}
