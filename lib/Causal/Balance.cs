using static System.FormattableString;
using AdvancedMl.Data;
using Microsoft.Data.Analysis;

namespace AdvancedMl.Causal;

/// <summary>What standardises a mean difference into an SMD.</summary>
public enum SmdDenominator
{
    /// <summary>√((s₁² + s₀²)/2), the usual choice for the ATE.</summary>
    Pooled,

    /// <summary>s₁, the treated standard deviation (MatchIt's choice for the ATT).</summary>
    Treated,
}

/// <summary>Balance of one covariate between the (weighted) arms.</summary>
/// <param name="Name">Covariate name.</param>
/// <param name="MeanTreated">Weighted mean among the treated.</param>
/// <param name="MeanControl">Weighted mean among the controls.</param>
/// <param name="Smd">(MeanTreated − MeanControl) / denominator from the unweighted sample.</param>
/// <param name="VarianceRatio">Weighted variance treated / weighted variance control (NaN if the control variance is 0).</param>
public sealed record CovariateBalance(string Name, double MeanTreated, double MeanControl, double Smd, double VarianceRatio);

/// <summary>Standardised mean differences of every covariate before or after weighting/matching (notebook 06, balance section).</summary>
public sealed class BalanceTable
{
    private BalanceTable(CovariateBalance[] rows) => Rows = rows;

    /// <summary>One row per covariate, in column order.</summary>
    public IReadOnlyList<CovariateBalance> Rows { get; }

    /// <summary>max |SMD| over covariates (0.1 is the usual threshold for good balance).</summary>
    public double MaxAbsSmd => Rows.Max(r => Math.Abs(r.Smd));

    /// <summary>
    /// SMDⱼ = (x̄ⱼ₁ʷ − x̄ⱼ₀ʷ)/sⱼ with weighted arm means and sⱼ from the UNWEIGHTED sample, so before and after share a
    /// scale (cobalt and MatchIt do the same). <paramref name="weights"/> null = all 1; rows with weight 0 are ignored.
    /// </summary>
    public static BalanceTable Compute(CausalData data, double[]? weights = null, SmdDenominator denominator = SmdDenominator.Pooled)
    {
        const string method = "BalanceTable.Compute";
        ArgumentNullException.ThrowIfNull(data);
        var w = weights ?? Enumerable.Repeat(1.0, data.Count).ToArray();
        Checks.Finite(w, method, nameof(weights), data.Count);
        for (int i = 0; i < w.Length; i++)
            if (w[i] < 0) throw new ArgumentException(Invariant($"{method}: weights must be non-negative; got {w[i]} at index {i}."), nameof(weights));
        if (data.TreatedIndices.Sum(i => w[i]) <= 0 || data.ControlIndices.Sum(i => w[i]) <= 0)
            throw new ArgumentException($"{method}: weights must give each arm a positive total weight.", nameof(weights));
        var rows = new CovariateBalance[data.Covariates.ColumnCount];
        for (int j = 0; j < rows.Length; j++)
        {
            var x = data.Column(j);
            var (m1, v1) = Moments(x, data.TreatedIndices, w);
            var (m0, v0) = Moments(x, data.ControlIndices, w);
            double s1 = Checks.Variance(x, data.TreatedIndices), s0 = Checks.Variance(x, data.ControlIndices);
            double scale = denominator == SmdDenominator.Pooled ? Math.Sqrt((s1 + s0) / 2) : Math.Sqrt(s1);
            double smd = scale > 0 ? (m1 - m0) / scale : (m1 == m0 ? 0.0 : double.PositiveInfinity);
            rows[j] = new CovariateBalance(data.CovariateNames[j], m1, m0, smd, v0 > 0 ? v1 / v0 : double.NaN);
        }
        return new BalanceTable(rows);
    }

    /// <summary>The table as a data frame (covariate, mean treated, mean control, SMD, variance ratio).</summary>
    public DataFrame ToDataFrame() => new TableBuilder()
        .Column("covariate", Rows.Select(r => r.Name))
        .Column("mean treated", Rows.Select(r => r.MeanTreated))
        .Column("mean control", Rows.Select(r => r.MeanControl))
        .Column("SMD", Rows.Select(r => r.Smd))
        .Column("variance ratio", Rows.Select(r => r.VarianceRatio))
        .ToDataFrame();

    /// <summary>Weighted mean and weighted variance Σw(x − m)²/Σw over the given rows.</summary>
    private static (double Mean, double Variance) Moments(double[] x, int[] rows, double[] w)
    {
        double sw = 0, m = 0;
        foreach (int i in rows) { sw += w[i]; m += w[i] * x[i]; }
        m /= sw;
        double v = 0;
        foreach (int i in rows) v += w[i] * (x[i] - m) * (x[i] - m);
        return (m, v / sw);
    }
}
