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

/// <summary>Fixed-effects design matrices shared by the DiD regressions.</summary>
internal static class Panels
{
    /// <summary>OLS of the outcome (rows <paramref name="rows"/>) on the given regressors plus unit and time dummies (first level dropped), clustered by unit.</summary>
    public static LinearRegression FixedEffects(PanelData panel, IReadOnlyList<double[]> regressors, IReadOnlyList<string> names, int[] rows, string method)
    {
        var units = rows.Select(i => panel.Unit[i]).Distinct().Order().ToArray();
        var times = rows.Select(i => panel.Time[i]).Distinct().Order().ToArray();
        if (units.Length < 2 || times.Length < 2)
            throw new ArgumentException(Invariant($"{method}: the panel needs at least 2 units and 2 periods; got {units.Length} and {times.Length}."), "panel");
        var unitCol = units.Select((u, k) => (u, k)).ToDictionary(p => p.u, p => p.k);
        var timeCol = times.Select((t, k) => (t, k)).ToDictionary(p => p.t, p => p.k);
        int r = regressors.Count, cols = r + units.Length - 1 + times.Length - 1;
        var x = Matrix<double>.Build.Dense(rows.Length, cols);
        for (int a = 0; a < rows.Length; a++)
        {
            int i = rows[a];
            for (int c = 0; c < r; c++) x[a, c] = regressors[c][i];
            int uk = unitCol[panel.Unit[i]], tk = timeCol[panel.Time[i]];
            if (uk > 0) x[a, r + uk - 1] = 1;
            if (tk > 0) x[a, r + units.Length - 1 + tk - 1] = 1;
        }
        string[] all = [.. names, .. units.Skip(1).Select(u => Invariant($"unit[{u}]")), .. times.Skip(1).Select(t => Invariant($"time[{t}]"))];
        var design = x.InsertColumn(0, Vector<double>.Build.Dense(rows.Length, 1.0));
        var y = rows.Select(i => panel.Outcome[i]).ToArray();
        return LinearRegression.Solve(design, y, ["intercept", .. all], CovarianceType.Clustered, rows.Select(i => panel.Unit[i]).ToArray(), true, method);
    }
}
