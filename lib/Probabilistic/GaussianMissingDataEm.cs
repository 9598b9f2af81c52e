using static System.FormattableString;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Probabilistic;

/// <summary>EM for the mean and covariance of one multivariate normal when some entries are missing (notebook 01, "EM with missing data").</summary>
/// <remarks>
/// Missing entries are marked by <see cref="double.NaN"/>; every other entry must be finite. Rows with every
/// value missing and columns with no observed value are rejected. Rows are grouped by their pattern of
/// missing entries, so the conditional-Gaussian algebra is done once per pattern.
/// E-step, for a row with observed part o and missing part m:
/// E[x_m | x_o] = μ_m + Σ_mo Σ_oo⁻¹ (x_o − μ_o) and Cov[x_m | x_o] = Σ_mm − Σ_mo Σ_oo⁻¹ Σ_om.
/// M-step: μ = mean of the completed rows x̂ᵢ, Σ = (1/n) Σᵢ [(x̂ᵢ − μ)(x̂ᵢ − μ)ᵀ + Cᵢ], with Cᵢ the conditional
/// covariance placed in the missing block. The observed-data log-likelihood Σᵢ log N(xᵢ,o; μ_o, Σ_oo) never
/// decreases. Iteration stops when it changes by less than tolerance × (1 + |ℓ|) or after maxIterations M-steps.
/// </remarks>
public sealed class GaussianMissingDataEm
{
    private readonly double[] _mean;
    private readonly double[] _covariance;
    private readonly double[] _imputed;
    private readonly double[] _history;
    private readonly int _n, _d;

    private GaussianMissingDataEm(double[] mean, double[] covariance, double[] imputed, double[] history, int n, int d, int iterations, bool converged)
    {
        _mean = mean; _covariance = covariance; _imputed = imputed; _history = history; _n = n; _d = d;
        Iterations = iterations; Converged = converged;
    }

    /// <summary>Estimated mean μ (a copy).</summary>
    public Vector<double> Mean => Vector<double>.Build.Dense((double[])_mean.Clone());

    /// <summary>Estimated covariance Σ (maximum likelihood, divisor n; a copy).</summary>
    public Matrix<double> Covariance => Matrix<double>.Build.DenseOfRowMajor(_d, _d, _covariance);

    /// <summary>The data with each missing entry replaced by its conditional expectation E[x_mis | x_obs] under the final μ, Σ (observed entries unchanged).</summary>
    public Matrix<double> Imputed => Matrix<double>.Build.DenseOfRowMajor(_n, _d, _imputed);

    /// <summary>Observed-data log-likelihood Σᵢ log N(xᵢ,obs; μ_obs, Σ_obs,obs): [0] under the initial estimate, [t] after the t-th M-step; never decreases.</summary>
    public IReadOnlyList<double> LogLikelihoodHistory => _history;

    /// <summary>Number of M-steps performed.</summary>
    public int Iterations { get; }

    /// <summary>True when the likelihood change fell below the tolerance before maxIterations.</summary>
    public bool Converged { get; }

    /// <summary>Fits μ and Σ by EM, starting from the observed-entry column means and a diagonal of observed-entry variances.</summary>
    public static GaussianMissingDataEm Fit(Matrix<double> dataWithNaN, int maxIterations = 200, double tolerance = 1e-8)
    {
        const string method = "GaussianMissingDataEm.Fit";
        ArgumentNullException.ThrowIfNull(dataWithNaN);
        int n = dataWithNaN.RowCount, d = dataWithNaN.ColumnCount;
        if (n == 0 || d == 0)
            throw new ArgumentException(Invariant($"{method}: dataWithNaN must have at least one row and one column; got {n} x {d}."), nameof(dataWithNaN));
        Guard.AtLeast(maxIterations, 0, method, nameof(maxIterations));
        Guard.NonNegative(tolerance, method, nameof(tolerance));
        double[] x = dataWithNaN.ToRowMajorArray();
        var observedCount = new int[d];
        var patterns = new Dictionary<string, List<int>>();
        var key = new char[d];
        for (int i = 0; i < n; i++)
        {
            int observed = 0;
            for (int j = 0; j < d; j++)
            {
                double v = x[i * d + j];
                if (double.IsInfinity(v))
                    throw new ArgumentException(Invariant($"{method}: dataWithNaN must be finite or NaN (NaN marks a missing value); got {v} at row {i}, column {j}."), nameof(dataWithNaN));
                bool isObserved = !double.IsNaN(v);
                key[j] = isObserved ? 'o' : 'm';
                if (isObserved) { observed++; observedCount[j]++; }
            }
            if (observed == 0)
                throw new ArgumentException(Invariant($"{method}: dataWithNaN must not have rows with every value missing; row {i} is all NaN."), nameof(dataWithNaN));
            string k = new(key);
            if (!patterns.TryGetValue(k, out var rows)) patterns[k] = rows = new List<int>();
            rows.Add(i);
        }
        for (int j = 0; j < d; j++)
            if (observedCount[j] == 0)
                throw new ArgumentException(Invariant($"{method}: dataWithNaN must have at least one observed value per column; column {j} is all NaN."), nameof(dataWithNaN));

        Pattern[] groups = patterns.Select(p => new Pattern(p.Key, p.Value.ToArray())).ToArray();
        var mean = new double[d];
        var covariance = new double[d * d];
        InitialEstimate(x, n, d, observedCount, mean, covariance);

        var imputed = (double[])x.Clone();
        var conditional = new double[d * d]; // Σᵢ Cᵢ
        var history = new List<double>();
        int iterations = 0;
        bool converged = false;
        while (true)
        {
            double ll = EStep(x, d, groups, mean, covariance, imputed, conditional);
            history.Add(ll);
            if (history.Count > 1 && Math.Abs(ll - history[^2]) < tolerance * (1.0 + Math.Abs(history[^2]))) { converged = true; break; }
            if (iterations == maxIterations) break;
            MStep(imputed, conditional, n, d, mean, covariance);
            iterations++;
        }
        return new GaussianMissingDataEm(mean, covariance, imputed, history.ToArray(), n, d, iterations, converged);
    }

    private sealed class Pattern(string key, int[] rows)
    {
        public readonly int[] Rows = rows;
        public readonly int[] Observed = Enumerable.Range(0, key.Length).Where(j => key[j] == 'o').ToArray();
        public readonly int[] Missing = Enumerable.Range(0, key.Length).Where(j => key[j] == 'm').ToArray();
    }

    private static void InitialEstimate(double[] x, int n, int d, int[] observedCount, double[] mean, double[] covariance)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                if (!double.IsNaN(x[i * d + j])) mean[j] += x[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= observedCount[j];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                double v = x[i * d + j];
                if (!double.IsNaN(v)) covariance[j * d + j] += (v - mean[j]) * (v - mean[j]) / observedCount[j];
            }
    }

    /// <summary>Fills the missing entries of imputed with E[x_m | x_o], accumulates Σᵢ Cᵢ into conditional, returns the observed-data log-likelihood.</summary>
    private static double EStep(double[] x, int d, Pattern[] groups, double[] mean, double[] covariance, double[] imputed, double[] conditional)
    {
        Array.Clear(conditional);
        double logLikelihood = 0.0, log2Pi = Math.Log(2.0 * Math.PI);
        foreach (Pattern g in groups)
        {
            int[] o = g.Observed, m = g.Missing;
            int no = o.Length, nm = m.Length;
            var factor = new double[no * no];
            var sub = new double[no * no];
            for (int a = 0; a < no; a++)
                for (int b = 0; b < no; b++) sub[a * no + b] = covariance[o[a] * d + o[b]];
            Cholesky.FactorWithJitter(sub, factor, no);
            double logDet = Cholesky.LogDeterminant(factor, no);
            // Regression coefficients B = Σ_mo Σ_oo⁻¹, row r solves Σ_oo bᵣ = Σ_o,m[r].
            var coefficients = new double[nm * no];
            for (int r = 0; r < nm; r++)
            {
                Span<double> b = coefficients.AsSpan(r * no, no);
                for (int a = 0; a < no; a++) b[a] = covariance[o[a] * d + m[r]];
                Cholesky.SolveLower(factor, b, no);
                Cholesky.SolveLowerTranspose(factor, b, no);
            }
            // Conditional covariance C = Σ_mm − B Σ_om, the same for every row of the pattern.
            for (int r = 0; r < nm; r++)
                for (int s = 0; s < nm; s++)
                {
                    double v = covariance[m[r] * d + m[s]];
                    for (int a = 0; a < no; a++) v -= coefficients[r * no + a] * covariance[o[a] * d + m[s]];
                    conditional[m[r] * d + m[s]] += v * g.Rows.Length;
                }
            var diff = new double[no];
            var z = new double[no];
            foreach (int i in g.Rows)
            {
                for (int a = 0; a < no; a++) diff[a] = x[i * d + o[a]] - mean[o[a]];
                diff.CopyTo(z, 0);
                logLikelihood += -0.5 * (no * log2Pi + logDet + Cholesky.SquaredMahalanobis(factor, z, no));
                for (int r = 0; r < nm; r++)
                {
                    double v = mean[m[r]];
                    for (int a = 0; a < no; a++) v += coefficients[r * no + a] * diff[a];
                    imputed[i * d + m[r]] = v;
                }
            }
        }
        return logLikelihood;
    }

    private static void MStep(double[] imputed, double[] conditional, int n, int d, double[] mean, double[] covariance)
    {
        Array.Clear(mean);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) mean[j] += imputed[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        Array.Copy(conditional, covariance, d * d);
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++)
            {
                double da = imputed[i * d + a] - mean[a];
                for (int b = 0; b <= a; b++) covariance[a * d + b] += da * (imputed[i * d + b] - mean[b]);
            }
        for (int a = 0; a < d; a++)
            for (int b = 0; b <= a; b++)
            {
                covariance[a * d + b] /= n;
                covariance[b * d + a] = covariance[a * d + b];
            }
    }
}
