using static System.FormattableString;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Causal;

/// <summary>Settings of inverse probability weighting.</summary>
/// <param name="Estimand">ATE (weights 1/e and 1/(1 − e)) or ATT (treated 1, controls e/(1 − e)).</param>
/// <param name="Normalize">true: Hájek estimator (weights normalised within each arm, i.e. stabilised weights); false: Horvitz–Thompson.</param>
/// <param name="Trim">a ∈ [0, 0.5): rows with propensity outside [a, 1 − a] are dropped first (Crump et al. 2009); 0 keeps all.</param>
public sealed record IpwOptions(Estimand Estimand = Estimand.Ate, bool Normalize = true, double Trim = 0.0);

/// <summary>The result of inverse probability weighting: the effect, the weights and diagnostics.</summary>
public sealed class IpwResult
{
    internal IpwResult(EffectEstimate effect, double[] weights, int trimmed)
    {
        Effect = effect;
        Weights = weights;
        Trimmed = trimmed;
    }

    /// <summary>The weighted effect estimate with its influence-function standard error (propensity treated as known).</summary>
    public EffectEstimate Effect { get; }

    /// <summary>Per-row weights (0 for trimmed rows): stabilised (n₁/n)/e and (n₀/n)/(1 − e) for the Hájek ATE, raw 1/e and 1/(1 − e) for Horvitz–Thompson; 1 and e/(1 − e) for the ATT.</summary>
    public double[] Weights { get; }

    /// <summary>Number of rows dropped by trimming.</summary>
    public int Trimmed { get; }

    /// <summary>Kish effective sample size (Σw)²/Σw² of the treated rows.</summary>
    public double EffectiveSampleSizeTreated => Ess(1.0);

    /// <summary>Kish effective sample size (Σw)²/Σw² of the control rows.</summary>
    public double EffectiveSampleSizeControl => Ess(0.0);

    internal double[] Treatment { get; init; } = [];

    private double Ess(double arm)
    {
        double s = 0, s2 = 0;
        for (int i = 0; i < Weights.Length; i++)
            if (Treatment[i] == arm)
            {
                s += Weights[i];
                s2 += Weights[i] * Weights[i];
            }
        return s * s / s2;
    }
}

/// <summary>Inverse probability weighting (notebook 06, IPW section).</summary>
public static class InverseProbabilityWeighting
{
    /// <summary>
    /// Horvitz–Thompson τ̂ = (1/n)Σ[TY/e − (1 − T)Y/(1 − e)] or Hájek (each arm a weighted mean with weights summing
    /// to 1), for the ATE or the ATT, after optional trimming; SE from the influence function.
    /// </summary>
    public static IpwResult Estimate(CausalData data, double[] propensity, IpwOptions? options = null)
    {
        const string method = "InverseProbabilityWeighting.Estimate";
        ArgumentNullException.ThrowIfNull(data);
        options ??= new IpwOptions();
        Checks.Propensity(propensity, data.Count, method);
        var keep = Weighting.Keep(propensity, options.Trim, data, method);
        var t = data.Treatment;
        var y = data.Outcome;
        int n = keep.Length, n1 = keep.Count(i => t[i] == 1.0);
        var w = new double[data.Count];
        foreach (int i in keep)
            w[i] = options.Estimand == Estimand.Ate
                ? (t[i] == 1.0 ? 1 / propensity[i] : 1 / (1 - propensity[i]))
                : (t[i] == 1.0 ? 1.0 : propensity[i] / (1 - propensity[i]));
        double tau, variance = 0;
        if (options.Normalize)
        {
            double s1 = 0, s0 = 0, m1 = 0, m0 = 0;
            foreach (int i in keep)
                if (t[i] == 1.0) { s1 += w[i]; m1 += w[i] * y[i]; }
                else { s0 += w[i]; m0 += w[i] * y[i]; }
            m1 /= s1;
            m0 /= s0;
            tau = m1 - m0;
            foreach (int i in keep)
            {
                double phi = t[i] == 1.0 ? n * w[i] * (y[i] - m1) / s1 : -n * w[i] * (y[i] - m0) / s0;
                variance += phi * phi;
            }
            if (options.Estimand == Estimand.Ate)
            {
                double p1 = (double)n1 / n;
                foreach (int i in keep) w[i] *= t[i] == 1.0 ? p1 : 1 - p1;
            }
        }
        else if (options.Estimand == Estimand.Ate)
        {
            var psi = keep.Select(i => t[i] == 1.0 ? w[i] * y[i] : -w[i] * y[i]).ToArray();
            tau = psi.Average();
            variance = psi.Sum(v => (v - tau) * (v - tau));
        }
        else
        {
            double sum = keep.Sum(i => t[i] == 1.0 ? y[i] : -w[i] * y[i]);
            tau = sum / n1;
            foreach (int i in keep)
            {
                double phi = (double)n / n1 * (t[i] == 1.0 ? y[i] - tau : -w[i] * y[i]);
                variance += phi * phi;
            }
        }
        double se = Math.Sqrt(variance) / n;
        string name = Invariant($"IPW ({(options.Normalize ? "Hájek" : "Horvitz–Thompson")}{(options.Trim > 0 ? $", trim {options.Trim:G3}" : "")})");
        return new IpwResult(EffectEstimate.Normal95(name, options.Estimand, tau, se, n), w, data.Count - n) { Treatment = t };
    }
}

/// <summary>Augmented inverse probability weighting, the doubly robust estimator of the ATE or the ATT (notebook 06, AIPW section).</summary>
public static class Aipw
{
    /// <summary>AIPW with linear outcome models μ̂₀, μ̂₁ fitted by OLS on all covariates within each arm (see the overload).</summary>
    public static EffectEstimate Estimate(CausalData data, double[] propensity, double trim = 0.0, Estimand estimand = Estimand.Ate)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (mu0, mu1) = OutcomeModels(data);
        return Estimate(data, propensity, mu0, mu1, trim, estimand);
    }

    /// <summary>
    /// ATE: τ̂ = mean ψᵢ with ψᵢ = μ̂₁ − μ̂₀ + Tᵢ(Yᵢ − μ̂₁)/eᵢ − (1 − Tᵢ)(Yᵢ − μ̂₀)/(1 − eᵢ), SE = sd(ψ)/√n.
    /// ATT: τ̂ = Σ[Tᵢ(Yᵢ − μ̂₀) − (1 − Tᵢ)eᵢ/(1 − eᵢ)(Yᵢ − μ̂₀)]/n₁ (μ̂₁ unused), SE from its influence function.
    /// Consistent if either the propensity or the outcome model is right.
    /// </summary>
    public static EffectEstimate Estimate(CausalData data, double[] propensity, double[] mu0, double[] mu1, double trim = 0.0, Estimand estimand = Estimand.Ate)
    {
        const string method = "Aipw.Estimate";
        ArgumentNullException.ThrowIfNull(data);
        Checks.Propensity(propensity, data.Count, method);
        Checks.Finite(mu0, method, nameof(mu0), data.Count);
        Checks.Finite(mu1, method, nameof(mu1), data.Count);
        var keep = Weighting.Keep(propensity, trim, data, method);
        var t = data.Treatment;
        var y = data.Outcome;
        string name = trim > 0 ? Invariant($"AIPW (trim {trim:G3})") : "AIPW";
        if (estimand == Estimand.Att)
        {
            int n = keep.Length, n1 = keep.Count(i => t[i] == 1.0);
            var a = keep.Select(i => t[i] == 1.0 ? y[i] - mu0[i] : -propensity[i] / (1 - propensity[i]) * (y[i] - mu0[i])).ToArray();
            double att = a.Sum() / n1;
            double variance = 0;
            for (int k = 0; k < n; k++)
            {
                double phi = (double)n / n1 * (a[k] - t[keep[k]] * att);
                variance += phi * phi;
            }
            return EffectEstimate.Normal95(name, Estimand.Att, att, Math.Sqrt(variance) / n, n);
        }
        var psi = keep.Select(i => mu1[i] - mu0[i] + t[i] * (y[i] - mu1[i]) / propensity[i] - (1 - t[i]) * (y[i] - mu0[i]) / (1 - propensity[i])).ToArray();
        double tau = psi.Average();
        double se = Math.Sqrt(psi.Sum(v => (v - tau) * (v - tau)) / (psi.Length - 1) / psi.Length);
        return EffectEstimate.Normal95(name, Estimand.Ate, tau, se, psi.Length);
    }

    /// <summary>Predictions for every row from OLS of Y on X fitted separately on the controls (μ̂₀) and the treated (μ̂₁).</summary>
    public static (double[] Mu0, double[] Mu1) OutcomeModels(CausalData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        LinearRegression FitArm(int[] rows) => LinearRegression.Fit(
            Matrix<double>.Build.Dense(rows.Length, data.Covariates.ColumnCount, (i, j) => data.Covariates[rows[i], j]),
            rows.Select(i => data.Outcome[i]).ToArray(), data.CovariateNames);
        return (FitArm(data.ControlIndices).Predict(data.Covariates), FitArm(data.TreatedIndices).Predict(data.Covariates));
    }
}

/// <summary>Trimming shared by IPW and AIPW.</summary>
internal static class Weighting
{
    /// <summary>Rows whose propensity lies in [trim, 1 − trim]; throws on a bad trim or an emptied arm.</summary>
    public static int[] Keep(double[] propensity, double trim, CausalData data, string method)
    {
        if (!(trim >= 0 && trim < 0.5))
            throw new ArgumentException(Invariant($"{method}: trim must lie in [0, 0.5); got {trim}."), nameof(trim));
        var keep = Enumerable.Range(0, propensity.Length).Where(i => propensity[i] >= trim && propensity[i] <= 1 - trim).ToArray();
        int n1 = keep.Count(i => data.Treatment[i] == 1.0);
        if (n1 < 2 || keep.Length - n1 < 2)
            throw new ArgumentException(Invariant($"{method}: after trimming at {trim} only {n1} treated and {keep.Length - n1} control rows remain; each arm needs at least 2."), nameof(trim));
        return keep;
    }
}
