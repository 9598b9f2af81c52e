using static System.FormattableString;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Causal;

/// <summary>
/// Ordinary least squares by QR with classical, HC1 or cluster-robust (CR1) standard errors — the regression behind
/// regression adjustment, 2SLS and difference-in-differences in notebook 06.
/// </summary>
public sealed class LinearRegression
{
    private LinearRegression(string[] names, double[] beta, Matrix<double> cov, double[] residuals, double[] fitted, int n, double rss, double r2,
        CovarianceType type, int? clusters, bool intercept)
    {
        Names = names;
        Coefficients = beta;
        Covariance = cov;
        StandardErrors = Enumerable.Range(0, beta.Length).Select(j => Math.Sqrt(cov[j, j])).ToArray();
        Residuals = residuals;
        Fitted = fitted;
        N = n;
        ResidualSumOfSquares = rss;
        RSquared = r2;
        CovarianceType = type;
        ClusterCount = clusters;
        FitIntercept = intercept;
    }

    /// <summary>Coefficient names, "intercept" first when an intercept was fitted.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Least-squares coefficients β̂ = argmin ‖y − Xβ‖², in the order of <see cref="Names"/>.</summary>
    public double[] Coefficients { get; }

    /// <summary>Square roots of the diagonal of <see cref="Covariance"/>.</summary>
    public double[] StandardErrors { get; }

    /// <summary>Estimated covariance of β̂ of the requested <see cref="CovarianceType"/>.</summary>
    public Matrix<double> Covariance { get; }

    /// <summary>Residuals y − Xβ̂.</summary>
    public double[] Residuals { get; }

    /// <summary>Fitted values Xβ̂.</summary>
    public double[] Fitted { get; }

    /// <summary>Number of observations.</summary>
    public int N { get; }

    /// <summary>Number of coefficients k (including the intercept).</summary>
    public int Parameters => Coefficients.Length;

    /// <summary>Residual sum of squares Σ e².</summary>
    public double ResidualSumOfSquares { get; }

    /// <summary>1 − RSS/TSS (TSS about the mean when an intercept is fitted, about 0 otherwise).</summary>
    public double RSquared { get; }

    /// <summary>How <see cref="Covariance"/> was computed.</summary>
    public CovarianceType CovarianceType { get; }

    /// <summary>Number of clusters G for clustered standard errors, otherwise null.</summary>
    public int? ClusterCount { get; }

    /// <summary>Whether an intercept column was prepended.</summary>
    public bool FitIntercept { get; }

    /// <summary>
    /// Fits y = Xβ + e by QR. HC1 and CR1 as in <see cref="Causal.CovarianceType"/>; (XᵀX)⁻¹ comes from a Cholesky factor.
    /// </summary>
    /// <param name="x">Regressors, one row per observation, without an intercept column when <paramref name="fitIntercept"/>.</param>
    /// <param name="y">Responses.</param>
    /// <param name="names">One name per column of <paramref name="x"/>; default x1..xp.</param>
    /// <param name="covariance">Standard-error type.</param>
    /// <param name="clusters">Cluster label per observation, required for <see cref="CovarianceType.Clustered"/>.</param>
    /// <param name="fitIntercept">Prepend a column of ones named "intercept".</param>
    public static LinearRegression Fit(Matrix<double> x, double[] y, IReadOnlyList<string>? names = null,
        CovarianceType covariance = CovarianceType.Classical, int[]? clusters = null, bool fitIntercept = true)
    {
        const string method = "LinearRegression.Fit";
        Checks.Finite(y, method, nameof(y));
        Checks.Matrix(x, method, nameof(x), y.Length);
        var given = Checks.Names(names, x.ColumnCount, method, nameof(names), j => Invariant($"x{j + 1}"));
        if (fitIntercept && given.Contains("intercept"))
            throw new ArgumentException($"{method}: names must not contain 'intercept' when fitIntercept is true.", nameof(names));
        var all = fitIntercept ? ["intercept", .. given] : given;
        var design = fitIntercept ? x.InsertColumn(0, Vector<double>.Build.Dense(x.RowCount, 1.0)) : x;
        if (covariance == CovarianceType.Clustered)
        {
            if (clusters is null)
                throw new ArgumentException($"{method}: clusters must be given for clustered standard errors.", nameof(clusters));
            if (clusters.Length != y.Length)
                throw new ArgumentException(Invariant($"{method}: clusters must have {y.Length} labels (one per row); got {clusters.Length}."), nameof(clusters));
        }
        else if (clusters is not null)
            throw new ArgumentException(Invariant($"{method}: clusters are only used with CovarianceType.Clustered; got {covariance}."), nameof(clusters));
        return Solve(design, y, all, covariance, clusters, fitIntercept, method);
    }

    /// <summary>The coefficient called <paramref name="name"/>.</summary>
    public double Coefficient(string name) => Coefficients[IndexOf(name)];

    /// <summary>The standard error of the coefficient called <paramref name="name"/>.</summary>
    public double StandardError(string name) => StandardErrors[IndexOf(name)];

    /// <summary>Predictions Xβ̂ for new rows (without the intercept column).</summary>
    public double[] Predict(Matrix<double> x)
    {
        int p = Coefficients.Length - (FitIntercept ? 1 : 0);
        Checks.Matrix(x, "LinearRegression.Predict", nameof(x));
        if (x.ColumnCount != p)
            throw new ArgumentException(Invariant($"LinearRegression.Predict: x must have {p} columns; got {x.ColumnCount}."), nameof(x));
        var result = new double[x.RowCount];
        int offset = FitIntercept ? 1 : 0;
        for (int i = 0; i < result.Length; i++)
        {
            double s = FitIntercept ? Coefficients[0] : 0.0;
            for (int j = 0; j < p; j++) s += Coefficients[j + offset] * x[i, j];
            result[i] = s;
        }
        return result;
    }

    /// <summary>Wald F = b̂ᵀ V⁻¹ b̂ / q for the joint hypothesis that the named q coefficients are zero, with this fit's covariance V.</summary>
    public double WaldF(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0) throw new ArgumentException("LinearRegression.WaldF: names must name at least one coefficient.", nameof(names));
        var idx = names.Select(IndexOf).ToArray();
        var b = Vector<double>.Build.Dense(idx.Length, k => Coefficients[idx[k]]);
        var v = Matrix<double>.Build.Dense(idx.Length, idx.Length, (a, c) => Covariance[idx[a], idx[c]]);
        return b.DotProduct(v.Cholesky().Solve(b)) / idx.Length;
    }

    private int IndexOf(string name)
    {
        int j = ((IList<string>)Names).IndexOf(name);
        if (j < 0) throw new ArgumentException(Invariant($"LinearRegression: unknown coefficient '{name}'; known: {string.Join(", ", Names)}."), nameof(name));
        return j;
    }

    /// <summary>Wraps results computed elsewhere (the within-transformed fixed-effects regression).</summary>
    internal static LinearRegression FromParts(string[] names, double[] beta, Matrix<double> cov, double[] residuals, double[] fitted, int n, double rss, double r2,
        CovarianceType type, int? clusters, bool intercept) =>
        new(names, beta, cov, residuals, fitted, n, rss, r2, type, clusters, intercept);

    /// <summary>OLS on a full design matrix (intercept already included when wanted).</summary>
    internal static LinearRegression Solve(Matrix<double> design, double[] y, string[] names, CovarianceType covariance, int[]? clusters, bool intercept, string method)
    {
        int n = design.RowCount, k = design.ColumnCount;
        if (n <= k)
            throw new ArgumentException(Invariant($"{method}: need more observations than coefficients; got n = {n}, k = {k}."), nameof(y));
        var qr = design.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        double maxDiag = Enumerable.Range(0, k).Max(j => Math.Abs(qr.R[j, j]));
        for (int j = 0; j < k; j++)
            if (Math.Abs(qr.R[j, j]) <= 1e-10 * maxDiag)
                throw new ArgumentException(Invariant($"{method}: the design matrix is rank-deficient: column '{names[j]}' is (nearly) a linear combination of the columns before it."), "x");
        var yv = Vector<double>.Build.Dense(y);
        var beta = qr.Solve(yv);
        var fitted = design * beta;
        var resid = yv - fitted;
        double rss = resid.DotProduct(resid);
        double mean = intercept ? yv.Average() : 0.0;
        double tss = yv.Sum(v => (v - mean) * (v - mean));
        var xtxInv = design.TransposeThisAndMultiply(design).Cholesky().Solve(Matrix<double>.Build.DenseIdentity(k));
        Matrix<double> cov;
        int? g = null;
        switch (covariance)
        {
            case CovarianceType.Classical:
                cov = xtxInv * (rss / (n - k));
                break;
            case CovarianceType.HC1:
                cov = Sandwich(xtxInv, Meat(design, resid, Enumerable.Range(0, n).ToArray(), out _)) * ((double)n / (n - k));
                break;
            case CovarianceType.Clustered:
                var meat = Meat(design, resid, clusters!, out int groups);
                if (groups < 2)
                    throw new ArgumentException(Invariant($"{method}: clustered standard errors need at least 2 clusters; got {groups}."), nameof(clusters));
                cov = Sandwich(xtxInv, meat) * ((double)groups / (groups - 1) * (n - 1) / (n - k));
                g = groups;
                break;
            default:
                throw new ArgumentException(Invariant($"{method}: unknown covariance type {covariance}."), nameof(covariance));
        }
        return new LinearRegression(names, beta.ToArray(), cov, resid.ToArray(), fitted.ToArray(), n, rss, tss > 0 ? 1 - rss / tss : 0.0, covariance, g, intercept);
    }

    /// <summary>Σ_g s_g s_gᵀ with score sums s_g = Σ_{i∈g} e_i x_i over the cluster labels (each row its own cluster for HC).</summary>
    internal static Matrix<double> Meat(Matrix<double> design, Vector<double> resid, int[] clusters, out int groups)
    {
        int n = design.RowCount, k = design.ColumnCount;
        var group = new Dictionary<int, int>();
        var groupOf = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (!group.TryGetValue(clusters[i], out int g))
            {
                g = group.Count;
                group[clusters[i]] = g;
            }
            groupOf[i] = g;
        }
        groups = group.Count;
        var x = design.ToColumnMajorArray();
        var scores = new double[groups * k]; // column-major G × k
        for (int j = 0; j < k; j++)
        {
            int offset = j * n, target = j * groups;
            for (int i = 0; i < n; i++) scores[target + groupOf[i]] += resid[i] * x[offset + i];
        }
        var s = Matrix<double>.Build.Dense(groups, k, scores);
        return s.TransposeThisAndMultiply(s);
    }

    /// <summary>Bread · meat · bread.</summary>
    internal static Matrix<double> Sandwich(Matrix<double> bread, Matrix<double> meat) => bread * meat * bread;
}
