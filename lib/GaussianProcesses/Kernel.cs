using System.Runtime.CompilerServices;
using AdvancedMl.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using static System.FormattableString;

namespace AdvancedMl.GaussianProcesses;

/// <summary>Covariance function k(x, x′) on points x ∈ ℝᵈ (rows of a matrix); hyperparameters are positive and optimised in log space (notebook 04, "kernels").</summary>
/// <remarks>
/// Kernels are immutable: <see cref="WithLogParameters"/> returns a new kernel. They are built from the library's
/// sealed kernels with + and * (the pointwise members are internal, so kernels cannot be subclassed outside the library).
/// Each kernel evaluates k and its analytic derivatives ∂k/∂log θⱼ for one pair of points; the matrix members below
/// are loops over pairs. "Same point" means the pair (i, i) of K(X, X): only there does <see cref="WhiteNoise"/> add
/// its variance, so K(X, X*) never contains noise even when X* repeats a training point.
/// </remarks>
public abstract class Kernel
{
    private protected Kernel() { }

    /// <summary>Number of hyperparameters θ (the length of <see cref="LogParameters"/>).</summary>
    public abstract int ParameterCount { get; }

    /// <summary>Names of the hyperparameters in <see cref="LogParameters"/> order, e.g. "rbf.lengthScale"; sums and products concatenate their terms' names (two RBF terms both list "rbf.lengthScale").</summary>
    public abstract IReadOnlyList<string> ParameterNames { get; }

    /// <summary>log θ, the logarithms of the hyperparameters in <see cref="ParameterNames"/> order (a fresh array).</summary>
    public abstract double[] LogParameters { get; }

    /// <summary>Returns a new kernel of the same structure with hyperparameters θ = exp(logParameters).</summary>
    public abstract Kernel WithLogParameters(ReadOnlySpan<double> logParameters);

    /// <summary>k(x, y) for two distinct points (white noise contributes 0 here; see <see cref="Covariance(Matrix{double})"/>).</summary>
    public double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException(Invariant($"{GetType().Name}.Evaluate: x and y must have the same length; got {x.Length} and {y.Length}."), nameof(y));
        return Evaluate(x, y, false);
    }

    /// <summary>k(x, y); samePoint is true for the diagonal pairs (i, i) of K(X, X), where white noise is added.</summary>
    internal abstract double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint);

    /// <summary>Writes ∂k(x, y)/∂log θⱼ for every hyperparameter j into gradient (length <see cref="ParameterCount"/>).</summary>
    internal abstract void Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint, Span<double> gradient);

    /// <summary>Writes the gradient like <see cref="Gradient"/> and returns k(x, y) bit-for-bit as <see cref="Evaluate(ReadOnlySpan{double}, ReadOnlySpan{double}, bool)"/> does, sharing the work where a kernel can (the product rule needs both).</summary>
    internal virtual double ValueAndGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint, Span<double> gradient)
    {
        Gradient(x, y, samePoint, gradient);
        return Evaluate(x, y, samePoint);
    }

    /// <summary>The n × n prior covariance K(X, X) of the rows of x (white noise on its diagonal), equation K_ij = k(x_i, x_j).</summary>
    public Matrix<double> Covariance(Matrix<double> x)
    {
        Guard.FiniteMatrix(x, "Kernel.Covariance", nameof(x));
        int n = x.RowCount;
        // A symmetric matrix's row-major array is also its column-major array.
        return Matrix<double>.Build.Dense(n, n, CovarianceArray(x.ToRowMajorArray(), n, x.ColumnCount));
    }

    /// <summary>The n × m cross-covariance K(X, Y), K_ij = k(x_i, y_j), without white noise.</summary>
    public Matrix<double> Covariance(Matrix<double> x, Matrix<double> y)
    {
        Guard.FiniteMatrix(x, "Kernel.Covariance", nameof(x));
        Guard.FiniteMatrix(y, "Kernel.Covariance", nameof(y));
        CheckColumns(x, y, "Kernel.Covariance");
        int n = x.RowCount, m = y.RowCount;
        double[] result = CrossCovarianceArray(x.ToRowMajorArray(), n, y.ToRowMajorArray(), m, x.ColumnCount);
        return Matrix<double>.Build.DenseOfRowMajor(n, m, result);
    }

    /// <summary>∂K(X, X)/∂log θⱼ for each hyperparameter j (analytic), the matrices in the LML gradient of notebook 04.</summary>
    public Matrix<double>[] CovarianceGradients(Matrix<double> x)
    {
        Guard.FiniteMatrix(x, "Kernel.CovarianceGradients", nameof(x));
        int n = x.RowCount, d = x.ColumnCount, p = ParameterCount;
        double[] xr = x.ToRowMajorArray();
        var result = new Matrix<double>[p];
        for (int j = 0; j < p; j++) result[j] = Matrix<double>.Build.Dense(n, n);
        var g = new double[p];
        for (int i = 0; i < n; i++)
            for (int k = 0; k <= i; k++)
            {
                Gradient(xr.AsSpan(i * d, d), xr.AsSpan(k * d, d), i == k, g);
                for (int j = 0; j < p; j++) { result[j][i, k] = g[j]; result[j][k, i] = g[j]; }
            }
        return result;
    }

    /// <summary>count × n draws f ~ N(0, K(X, X)) of the prior at the rows of x (f = L z with K + jitter = L Lᵀ, z standard normal), reproducible from seed.</summary>
    public Matrix<double> SamplePrior(Matrix<double> x, int count, int seed)
    {
        Guard.FiniteMatrix(x, "Kernel.SamplePrior", nameof(x));
        Guard.AtLeast(count, 1, "Kernel.SamplePrior", nameof(count));
        int n = x.RowCount;
        double[] k = CovarianceArray(x.ToRowMajorArray(), n, x.ColumnCount);
        return Gaussian.Sample(new double[n], k, n, count, seed);
    }

    /// <summary>The sum kernel k₁ + k₂ (hyperparameters of a, then of b).</summary>
    public static Kernel operator +(Kernel a, Kernel b) => new SumKernel(Check(a, "+", nameof(a)), Check(b, "+", nameof(b)));

    /// <summary>The product kernel k₁ · k₂ (hyperparameters of a, then of b).</summary>
    public static Kernel operator *(Kernel a, Kernel b) => new ProductKernel(Check(a, "*", nameof(a)), Check(b, "*", nameof(b)));

    /// <summary>Row-major symmetric K(X, X) of row-major x (n × d), rows computed in parallel (each entry by one thread).</summary>
    internal double[] CovarianceArray(double[] x, int n, int d)
    {
        var k = new double[n * n];
        // Composite kernels cost more per entry: weigh the entries by the hyperparameter count when choosing threads.
        if ((long)n * n / 2 * Math.Max(1, ParameterCount) < ParallelEvaluations) for (int i = 0; i < n; i++) CovarianceRow(x, n, d, i, k);
        else Parallel.For(0, n, i => CovarianceRow(x, n, d, i, k));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) k[j * n + i] = k[i * n + j];
        return k;
    }

    /// <summary>Row i of K(X, X) up to the diagonal: k[i·n + j] = k(x_i, x_j) for j ≤ i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CovarianceRow(double[] x, int n, int d, int i, double[] k)
    {
        var xi = x.AsSpan(i * d, d);
        for (int j = 0; j <= i; j++) k[i * n + j] = Evaluate(xi, x.AsSpan(j * d, d), i == j);
    }

    /// <summary>Row-major n × m K(X, Y) without white noise.</summary>
    internal double[] CrossCovarianceArray(double[] x, int n, double[] y, int m, int d)
    {
        var k = new double[n * m];
        if ((long)n * m < ParallelEvaluations)
        {
            CrossCovarianceInto(x, n, y, m, d, k);
            return k;
        }
        Parallel.For(0, n, i => CrossCovarianceInto(x.AsSpan(i * d, d), 1, y, m, d, k.AsSpan(i * m, m)));
        return k;
    }

    /// <summary>Writes the row-major n × m K(X, Y) without white noise into k, on the calling thread, allocating nothing (the GP's prediction loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal virtual void CrossCovarianceInto(ReadOnlySpan<double> x, int n, ReadOnlySpan<double> y, int m, int d, Span<double> k)
    {
        for (int i = 0; i < n; i++)
        {
            var xi = x.Slice(i * d, d);
            var row = k.Slice(i * m, m);
            for (int j = 0; j < m; j++) row[j] = Evaluate(xi, y.Slice(j * d, d), false);
        }
    }

    /// <summary>Diagonal k(x_i, x_i) of K(X, X) (with white noise if includeNoise).</summary>
    internal double[] DiagonalArray(double[] x, int n, int d, bool includeNoise)
    {
        var diag = new double[n];
        for (int i = 0; i < n; i++) diag[i] = Evaluate(x.AsSpan(i * d, d), x.AsSpan(i * d, d), includeNoise);
        return diag;
    }

    /// <summary>Kernel evaluations (a few ms) from which the matrix loops run in parallel; below that thread start-up dominates.</summary>
    internal const long ParallelEvaluations = 50_000;

    /// <summary>Parallel loops only for at least <see cref="ParallelEvaluations"/> kernel evaluations.</summary>
    internal static ParallelOptions Threads(long evaluations) => new() { MaxDegreeOfParallelism = evaluations >= ParallelEvaluations ? -1 : 1 };

    internal static void CheckColumns(Matrix<double> x, Matrix<double> y, string method)
    {
        if (x.ColumnCount != y.ColumnCount)
            throw new ArgumentException(Invariant($"{method}: points must have the same dimension; got {x.ColumnCount} and {y.ColumnCount} columns."), "y");
    }

    /// <summary>Checks a log-parameter span's length and finiteness for WithLogParameters.</summary>
    private protected void CheckLogParameters(ReadOnlySpan<double> logParameters)
    {
        if (logParameters.Length != ParameterCount)
            throw new ArgumentException(Invariant($"{GetType().Name}.WithLogParameters: logParameters must have length {ParameterCount}; got {logParameters.Length}."), nameof(logParameters));
        for (int j = 0; j < logParameters.Length; j++)
            if (!double.IsFinite(logParameters[j]) || !double.IsFinite(Math.Exp(logParameters[j])) || Math.Exp(logParameters[j]) <= 0.0)
                throw new ArgumentException(Invariant($"{GetType().Name}.WithLogParameters: logParameters[{j}] ({ParameterNames[j]}) must be finite with a positive finite exp; got {logParameters[j]}."), nameof(logParameters));
    }

    /// <summary>Throws unless a constructor hyperparameter is finite and positive.</summary>
    private protected static double Positive(double value, string kernel, string name)
    {
        if (!(value > 0.0) || double.IsInfinity(value))
            throw new ArgumentException(Invariant($"{kernel}: {name} must be a finite number greater than 0; got {value}."), name);
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0.0;
        for (int i = 0; i < x.Length; i++) { double t = x[i] - y[i]; s += t * t; }
        return s;
    }

    private protected static string Format(double value) => value.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);

    private static Kernel Check(Kernel k, string op, string name) =>
        k ?? throw new ArgumentNullException(name, Invariant($"Kernel.operator {op}: {name} must not be null."));
}

/// <summary>Draws from a multivariate normal given a row-major covariance, factored by the blocked Cholesky with jitter.</summary>
internal static class Gaussian
{
    /// <summary>count × n matrix of draws mean + L z.</summary>
    public static Matrix<double> Sample(double[] mean, double[] covariance, int n, int count, int seed)
    {
        var lower = new double[n * n];
        BlockedCholesky.FactorWithJitter(covariance, lower, n, 1e-10);
        var rng = new Random(seed);
        var result = Matrix<double>.Build.Dense(count, n);
        var z = new double[n];
        for (int s = 0; s < count; s++)
        {
            for (int i = 0; i < n; i++) z[i] = Normal.Sample(rng, 0.0, 1.0);
            for (int i = 0; i < n; i++)
            {
                double f = mean[i];
                for (int p = 0; p <= i; p++) f += lower[i * n + p] * z[p];
                result[s, i] = f;
            }
        }
        return result;
    }
}
