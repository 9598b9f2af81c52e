using static System.FormattableString;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Causal;

/// <summary>Difference-in-differences regressions (notebook 06, DiD section).</summary>
public static class DifferenceInDifferences
{
    /// <summary>
    /// The 2×2 DiD (Ȳ_G=1,post − Ȳ_G=1,pre) − (Ȳ_G=0,post − Ȳ_G=0,pre) as the coefficient on G·P in OLS
    /// y ~ 1 + G + P + G·P; HC1 standard error, or CR1 clustered when <paramref name="clusters"/> is given.
    /// </summary>
    public static EffectEstimate TwoByTwo(double[] outcome, double[] treatedGroup, double[] post, int[]? clusters = null)
    {
        const string method = "DifferenceInDifferences.TwoByTwo";
        Checks.Finite(outcome, method, nameof(outcome));
        int n = outcome.Length;
        Checks.Finite(treatedGroup, method, nameof(treatedGroup), n);
        Checks.Finite(post, method, nameof(post), n);
        Checks.Binary(treatedGroup, method, nameof(treatedGroup));
        Checks.Binary(post, method, nameof(post));
        for (int g = 0; g <= 1; g++)
            for (int p = 0; p <= 1; p++)
                if (!Enumerable.Range(0, n).Any(i => treatedGroup[i] == g && post[i] == p))
                    throw new ArgumentException(Invariant($"{method}: every group × period cell needs data; (group {g}, post {p}) is empty."), nameof(treatedGroup));
        var x = Matrix<double>.Build.Dense(n, 3, (i, c) => c == 0 ? treatedGroup[i] : c == 1 ? post[i] : treatedGroup[i] * post[i]);
        if (clusters is not null && clusters.Length != n)
            throw new ArgumentException(Invariant($"{method}: clusters must have {n} labels; got {clusters.Length}."), nameof(clusters));
        var fit = LinearRegression.Fit(x, outcome, ["group", "post", "group:post"], clusters is null ? CovarianceType.HC1 : CovarianceType.Clustered, clusters);
        return EffectEstimate.Normal95("DiD 2x2", Estimand.Att, fit.Coefficient("group:post"), fit.StandardError("group:post"), n);
    }

    /// <summary>
    /// Two-way fixed effects y_it = α_i + λ_t + β D_it + ε_it with unit and time dummies; the coefficient β with
    /// standard errors clustered by unit. Unbiased for the ATT only with a common adoption date or constant effects.
    /// </summary>
    public static EffectEstimate TwoWayFixedEffects(PanelData panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var fit = Panels.FixedEffects(panel, [panel.Treated], ["D"], Enumerable.Range(0, panel.Count).ToArray(), "DifferenceInDifferences.TwoWayFixedEffects");
        return EffectEstimate.Normal95("TWFE", Estimand.Att, fit.Coefficient("D"), fit.StandardError("D"), panel.Count);
    }
}

/// <summary>Two-way fixed-effects regressions shared by the DiD estimators, by the within transformation.</summary>
internal static class Panels
{
    /// <summary>
    /// OLS of the outcome (rows <paramref name="rows"/>) on the regressors plus unit and time fixed effects, clustered by
    /// unit. The fixed effects are absorbed by alternating unit and time demeaning (exact after one sweep on a balanced
    /// panel), which by Frisch–Waugh–Lovell gives the dummy regression's coefficients and residuals; the CR1 factor
    /// counts the absorbed dummies, G/(G − 1)·(n − 1)/(n − k) with k = 1 + regressors + (units − 1) + (periods − 1), so
    /// the standard errors equal those of the explicit dummy regression (statsmodels, Stata's regress).
    /// </summary>
    public static LinearRegression FixedEffects(PanelData panel, IReadOnlyList<double[]> regressors, IReadOnlyList<string> names, int[] rows, string method)
    {
        int n = rows.Length, r = regressors.Count;
        var unitIndex = new Dictionary<int, int>();
        var timeIndex = new Dictionary<int, int>();
        var unitOf = new int[n];
        var timeOf = new int[n];
        for (int a = 0; a < n; a++)
        {
            int i = rows[a];
            if (!unitIndex.TryGetValue(panel.Unit[i], out int u)) unitIndex[panel.Unit[i]] = u = unitIndex.Count;
            if (!timeIndex.TryGetValue(panel.Time[i], out int t)) timeIndex[panel.Time[i]] = t = timeIndex.Count;
            unitOf[a] = u;
            timeOf[a] = t;
        }
        int units = unitIndex.Count, times = timeIndex.Count;
        if (units < 2 || times < 2)
            throw new ArgumentException(Invariant($"{method}: the panel needs at least 2 units and 2 periods; got {units} and {times}."), "panel");
        int k = 1 + r + units - 1 + times - 1;
        if (n <= k)
            throw new ArgumentException(Invariant($"{method}: need more rows than coefficients including the fixed effects; got n = {n}, k = {k}."), "panel");
        var unitCount = new double[units];
        var timeCount = new double[times];
        for (int a = 0; a < n; a++) { unitCount[unitOf[a]]++; timeCount[timeOf[a]]++; }
        var y = Demean(rows.Select(i => panel.Outcome[i]).ToArray(), unitOf, timeOf, unitCount, timeCount);
        var x = Matrix<double>.Build.Dense(n, r);
        for (int c = 0; c < r; c++)
            x.SetColumn(c, Demean(rows.Select(i => regressors[c][i]).ToArray(), unitOf, timeOf, unitCount, timeCount));
        var (beta, rInverse, resid) = LinearRegression.LeastSquares(x, y, names.ToArray(), method);
        var yv = Vector<double>.Build.Dense(y);
        var bread = rInverse.TransposeAndMultiply(rInverse);
        var clusters = rows.Select(i => panel.Unit[i]).ToArray();
        var meat = LinearRegression.Meat(x, resid, clusters, out int g);
        var cov = LinearRegression.Sandwich(bread, meat) * ((double)g / (g - 1) * (n - 1) / (n - k));
        double rss = resid.DotProduct(resid), tss = yv.DotProduct(yv);
        var original = rows.Select(i => panel.Outcome[i]).ToArray();
        return LinearRegression.FromParts(names.ToArray(), beta.ToArray(), cov, resid.ToArray(),
            original.Select((v, a) => v - resid[a]).ToArray(), n, rss, tss > 0 ? 1 - rss / tss : 0.0, CovarianceType.Clustered, g, false);
    }

    /// <summary>Removes unit and time means by alternating projections until the largest change is negligible.</summary>
    private static double[] Demean(double[] v, int[] unitOf, int[] timeOf, double[] unitCount, double[] timeCount)
    {
        double size = v.Max(Math.Abs) + 1e-300;
        var unitSum = new double[unitCount.Length];
        var timeSum = new double[timeCount.Length];
        for (int sweep = 0; sweep < 10_000; sweep++)
        {
            Array.Clear(unitSum);
            for (int a = 0; a < v.Length; a++) unitSum[unitOf[a]] += v[a];
            for (int a = 0; a < v.Length; a++) v[a] -= unitSum[unitOf[a]] / unitCount[unitOf[a]];
            Array.Clear(timeSum);
            for (int a = 0; a < v.Length; a++) timeSum[timeOf[a]] += v[a];
            double change = 0;
            for (int t = 0; t < timeSum.Length; t++) change = Math.Max(change, Math.Abs(timeSum[t] / timeCount[t]));
            for (int a = 0; a < v.Length; a++) v[a] -= timeSum[timeOf[a]] / timeCount[timeOf[a]];
            if (change <= 1e-13 * size) return v;
        }
        throw new InvalidOperationException("Panels.Demean: alternating demeaning did not converge in 10000 sweeps.");
    }
}
