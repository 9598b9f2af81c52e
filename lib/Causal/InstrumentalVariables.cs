using static System.FormattableString;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Causal;

/// <summary>A two-stage least squares fit with one endogenous regressor (notebook 06, IV section).</summary>
public sealed class IvResult
{
    internal IvResult(string[] names, double[] beta, Matrix<double> cov, double[] residuals, EffectEstimate effect,
        LinearRegression firstStage, double f, double fRobust, CovarianceType type)
    {
        Names = names;
        Coefficients = beta;
        Covariance = cov;
        StandardErrors = Enumerable.Range(0, beta.Length).Select(j => Math.Sqrt(cov[j, j])).ToArray();
        Residuals = residuals;
        Effect = effect;
        FirstStage = firstStage;
        FirstStageF = f;
        FirstStageFRobust = fRobust;
        CovarianceType = type;
    }

    /// <summary>"intercept", the endogenous regressor, then the exogenous controls.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>2SLS coefficients β̂ = (X̂ᵀX̂)⁻¹X̂ᵀy with X̂ the first-stage projection of X = [1, d, W].</summary>
    public double[] Coefficients { get; }

    /// <summary>Square roots of the diagonal of <see cref="Covariance"/>.</summary>
    public double[] StandardErrors { get; }

    /// <summary>Covariance of β̂ built from the structural residuals (classical σ̂²(X̂ᵀX̂)⁻¹ or the HC1 sandwich on X̂).</summary>
    public Matrix<double> Covariance { get; }

    /// <summary>Structural residuals y − Xβ̂ computed with the ACTUAL endogenous regressor, not its fitted value.</summary>
    public double[] Residuals { get; }

    /// <summary>The coefficient on the endogenous regressor as an effect estimate.</summary>
    public EffectEstimate Effect { get; }

    /// <summary>The first-stage regression of d on [1, W, Z] (same covariance type as the second stage).</summary>
    public LinearRegression FirstStage { get; }

    /// <summary>Classical partial F statistic for the excluded instruments in the first stage (rule of thumb: weak if below 10).</summary>
    public double FirstStageF { get; }

    /// <summary>Heteroskedasticity-robust (HC1) Wald F for the excluded instruments, divided by their number.</summary>
    public double FirstStageFRobust { get; }

    /// <summary>How <see cref="Covariance"/> was computed.</summary>
    public CovarianceType CovarianceType { get; }

    /// <summary>Number of observations.</summary>
    public int N => Residuals.Length;
}

/// <summary>Instrumental-variable estimators: Wald and two-stage least squares (notebook 06, IV section).</summary>
public static class InstrumentalVariables
{
    /// <summary>
    /// 2SLS of y on [1, d, W] with instruments [1, W, Z]: first stage d̂ = P_Z d, second stage OLS of y on [1, d̂, W];
    /// residuals and hence standard errors use the actual d. Classical or HC1 covariance.
    /// </summary>
    public static IvResult TwoStageLeastSquares(double[] y, double[] endogenous, Matrix<double> instruments, Matrix<double>? exogenous = null,
        CovarianceType covariance = CovarianceType.HC1, string endogenousName = "d", IReadOnlyList<string>? exogenousNames = null,
        IReadOnlyList<string>? instrumentNames = null) =>
        Fit(y, endogenous, instruments, exogenous, covariance, endogenousName, exogenousNames, instrumentNames, "2SLS", "InstrumentalVariables.TwoStageLeastSquares");

    /// <summary>
    /// The Wald estimator cov(y, z)/cov(d, z) — for a binary z, the reduced-form difference in means divided by the
    /// first-stage difference — which is just-identified 2SLS without controls.
    /// </summary>
    public static IvResult Wald(double[] y, double[] endogenous, double[] instrument, CovarianceType covariance = CovarianceType.HC1)
    {
        Checks.Finite(instrument, "InstrumentalVariables.Wald", nameof(instrument));
        return Fit(y, endogenous, Matrix<double>.Build.Dense(instrument.Length, 1, instrument), null, covariance, "d", null, ["z"], "Wald", "InstrumentalVariables.Wald");
    }

    private static IvResult Fit(double[] y, double[] d, Matrix<double> z, Matrix<double>? w, CovarianceType covariance, string endogenousName,
        IReadOnlyList<string>? exogenousNames, IReadOnlyList<string>? instrumentNames, string label, string method)
    {
        Checks.Finite(y, method, nameof(y));
        int n = y.Length;
        Checks.Finite(d, method, "endogenous", n);
        Checks.Matrix(z, method, "instruments", n);
        if (w is not null) Checks.Matrix(w, method, "exogenous", n);
        if (covariance == CovarianceType.Clustered)
            throw new ArgumentException($"{method}: covariance must be Classical or HC1; clustered 2SLS is not implemented.", nameof(covariance));
        int p = w?.ColumnCount ?? 0, q = z.ColumnCount;
        var wNames = Checks.Names(exogenousNames, p, method, nameof(exogenousNames), j => Invariant($"w{j + 1}"));
        var zNames = Checks.Names(instrumentNames, q, method, nameof(instrumentNames), j => Invariant($"z{j + 1}"));
        if (string.IsNullOrWhiteSpace(endogenousName)) throw new ArgumentException($"{method}: endogenousName must not be empty.", nameof(endogenousName));
        // First stage: d on [1, W, Z].
        var zFull = Matrix<double>.Build.Dense(n, 1 + p + q, (i, c) => c == 0 ? 1.0 : c <= p ? w![i, c - 1] : z[i, c - 1 - p]);
        string[] firstNames = ["intercept", .. wNames, .. zNames];
        var first = LinearRegression.Solve(zFull, d, firstNames, covariance, null, true, method);
        var firstClassical = covariance == CovarianceType.Classical ? first : LinearRegression.Solve(zFull, d, firstNames, CovarianceType.Classical, null, true, method);
        var firstRobust = covariance == CovarianceType.HC1 ? first : LinearRegression.Solve(zFull, d, firstNames, CovarianceType.HC1, null, true, method);
        double f = firstClassical.WaldF(zNames), fRobust = firstRobust.WaldF(zNames);
        // Second stage on X̂ = [1, d̂, W]; residuals with the actual X = [1, d, W].
        var x = Matrix<double>.Build.Dense(n, 2 + p, (i, c) => c == 0 ? 1.0 : c == 1 ? d[i] : w![i, c - 2]);
        var xHat = x.Clone();
        for (int i = 0; i < n; i++) xHat[i, 1] = first.Fitted[i];
        string[] names = ["intercept", endogenousName, .. wNames];
        var second = LinearRegression.Solve(xHat, y, names, CovarianceType.Classical, null, true, method); // β̂ only; its SEs are wrong
        var beta = Vector<double>.Build.Dense(second.Coefficients);
        var u = Vector<double>.Build.Dense(y) - x * beta;
        int k = x.ColumnCount;
        var bread = xHat.TransposeThisAndMultiply(xHat).Cholesky().Solve(Matrix<double>.Build.DenseIdentity(k));
        var cov = covariance == CovarianceType.Classical
            ? bread * (u.DotProduct(u) / (n - k))
            : LinearRegression.Sandwich(bread, LinearRegression.Meat(xHat, u, null, out _)) * ((double)n / (n - k));
        var effect = EffectEstimate.Normal95(label, Estimand.Ate, beta[1], Math.Sqrt(cov[1, 1]), n);
        return new IvResult(names, beta.ToArray(), cov, u.ToArray(), effect, first, f, fRobust, covariance);
    }
}
