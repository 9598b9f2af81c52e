using static System.FormattableString;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Causal;

/// <summary>The naive comparison of means, which equals the ATE only when treatment is independent of the potential outcomes (notebook 06, eq. for the selection bias).</summary>
public static class NaiveDifference
{
    /// <summary>mean(Y | T = 1) − mean(Y | T = 0) with the Welch standard error √(s₁²/n₁ + s₀²/n₀).</summary>
    public static EffectEstimate Estimate(CausalData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.TreatedCount < 2 || data.ControlCount < 2)
            throw new ArgumentException(Invariant($"NaiveDifference.Estimate: each group needs at least 2 units; got {data.TreatedCount} treated and {data.ControlCount} control."), nameof(data));
        double m1 = Checks.Mean(data.Outcome, data.TreatedIndices), m0 = Checks.Mean(data.Outcome, data.ControlIndices);
        double se = Math.Sqrt(Checks.Variance(data.Outcome, data.TreatedIndices) / data.TreatedCount + Checks.Variance(data.Outcome, data.ControlIndices) / data.ControlCount);
        return EffectEstimate.Normal95("Naive difference", Estimand.Ate, m1 - m0, se, data.Count);
    }
}

/// <summary>Regression adjustment (g-computation with linear outcome models per arm), notebook 06 regression-adjustment section.</summary>
public static class RegressionAdjustment
{
    /// <summary>
    /// Fits the fully interacted OLS Y ~ T + (X − c) + T·(X − c) with c the covariate mean over everyone (ATE) or over
    /// the treated (ATT). The coefficient on T equals the g-computation estimate mean over the target rows of
    /// μ̂₁(x) − μ̂₀(x) from separate regressions per arm; its HC1 standard error is reported (c treated as fixed).
    /// </summary>
    public static EffectEstimate Estimate(CausalData data, Estimand estimand = Estimand.Ate)
    {
        ArgumentNullException.ThrowIfNull(data);
        var fit = Fit(data, estimand);
        return EffectEstimate.Normal95("Regression adjustment", estimand, fit.Coefficient("treat"), fit.StandardError("treat"), data.Count);
    }

    /// <summary>The interacted regression behind <see cref="Estimate"/>, for inspection (coefficients "intercept", "treat", covariates, "treat:covariate").</summary>
    public static LinearRegression Fit(CausalData data, Estimand estimand = Estimand.Ate)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Count, p = data.Covariates.ColumnCount;
        var rows = estimand == Estimand.Ate ? Enumerable.Range(0, n).ToArray() : data.TreatedIndices;
        var center = new double[p];
        for (int j = 0; j < p; j++)
            foreach (int i in rows) center[j] += data.Covariates[i, j] / rows.Length;
        var design = Matrix<double>.Build.Dense(n, 2 + 2 * p, (i, c) =>
            c == 0 ? 1.0 :
            c == 1 ? data.Treatment[i] :
            c < 2 + p ? data.Covariates[i, c - 2] - center[c - 2] :
            data.Treatment[i] * (data.Covariates[i, c - 2 - p] - center[c - 2 - p]));
        string[] names = ["intercept", "treat", .. data.CovariateNames, .. data.CovariateNames.Select(s => "treat:" + s)];
        return LinearRegression.Solve(design, data.Outcome, names, CovarianceType.HC1, null, true, "RegressionAdjustment.Estimate");
    }
}

/// <summary>A fitted propensity model e(x) = P(T = 1 | x) by logistic regression on all covariates (notebook 06, propensity section).</summary>
public sealed class PropensityModel
{
    private PropensityModel(LogisticModel model, double[] logits)
    {
        Model = model;
        Logits = logits;
        Scores = logits.Select(LogSpace.Sigmoid).ToArray();
    }

    /// <summary>The logistic regression of T on X.</summary>
    public LogisticModel Model { get; }

    /// <summary>Fitted propensity scores ê(xᵢ), one per row.</summary>
    public double[] Scores { get; }

    /// <summary>Fitted linear predictors logit ê(xᵢ), one per row.</summary>
    public double[] Logits { get; }

    /// <summary>Fits the unpenalised logistic regression of the treatment on every covariate of <paramref name="data"/>.</summary>
    public static PropensityModel Fit(CausalData data, LogisticOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var model = LogisticModel.Fit(data.Covariates, data.Treatment, options);
        return new PropensityModel(model, model.DecisionFunction(data.Covariates));
    }
}
