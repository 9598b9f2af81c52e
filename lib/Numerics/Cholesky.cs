using System.Runtime.CompilerServices;
using static System.FormattableString;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Numerics;

/// <summary>Cholesky factorisation Σ = L Lᵀ of symmetric positive-definite matrices stored as flat row-major arrays, with the solves and log-determinant a Gaussian density needs.</summary>
/// <remarks>
/// Matrices are n × n, row-major: entry (i, j) is at [i * n + j]. The span routines allocate nothing.
/// A Gaussian log-density needs only L: log N(x; μ, Σ) = −½ (n log 2π + log det Σ + ‖z‖²) with L z = x − μ
/// (forward substitution) and log det Σ = 2 Σᵢ log Lᵢᵢ.
/// </remarks>
public static class Cholesky
{
    /// <summary>Default number of jittered attempts made by <see cref="FactorWithJitter(ReadOnlySpan{double}, Span{double}, int, int)"/> after the plain factorisation fails.</summary>
    public const int DefaultJitterAttempts = 10;

    /// <summary>Factors the symmetric matrix a (only its lower triangle is read) into lower, returning false if a pivot is not positive (a is not numerically positive definite).</summary>
    /// <remarks>The upper triangle of lower is set to zero. lower may be the same span as a.</remarks>
    public static bool TryFactor(ReadOnlySpan<double> a, Span<double> lower, int n) => TryFactor(a, lower, n, 0.0);

    /// <summary>Factors a + jitter·I (lower triangle of a read) into lower, returning false if it is not numerically positive definite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFactor(ReadOnlySpan<double> a, Span<double> lower, int n, double jitter)
    {
        CheckSquare(a.Length, n, "TryFactor", nameof(a));
        CheckSquare(lower.Length, n, "TryFactor", nameof(lower));
        for (int i = 0; i < n; i++)
        {
            int rowI = i * n;
            for (int j = 0; j <= i; j++)
            {
                int rowJ = j * n;
                double sum = a[rowI + j] + (i == j ? jitter : 0.0);
                for (int p = 0; p < j; p++) sum -= lower[rowI + p] * lower[rowJ + p];
                if (i == j)
                {
                    if (!(sum > 0.0) || double.IsInfinity(sum)) return false; // also rejects NaN
                    lower[rowI + i] = Math.Sqrt(sum);
                }
                else
                {
                    lower[rowI + j] = sum / lower[rowJ + j];
                }
            }
            for (int j = i + 1; j < n; j++) lower[rowI + j] = 0.0;
        }
        return true;
    }

    /// <summary>Factors a, adding a growing diagonal jitter (10⁻¹⁰, 10⁻⁹, … times the mean diagonal) until it succeeds; returns the jitter added (0 when none was needed).</summary>
    /// <exception cref="ArgumentException">a contains NaN or ±∞, or is still not positive definite after <paramref name="attempts"/> jittered attempts.</exception>
    /// <remarks>lower may be the same span as a: a failed attempt overwrites it, so the retries then work on a copy of a.</remarks>
    public static double FactorWithJitter(ReadOnlySpan<double> a, Span<double> lower, int n, int attempts = DefaultJitterAttempts)
    {
        // A failed attempt writes into lower; when lower is a, keep a pristine copy for the jittered retries.
        double[]? original = a.Overlaps(lower) ? a.ToArray() : null;
        if (TryFactor(a, lower, n, 0.0)) return 0.0;
        if (original is not null) a = original;
        double scale = 0.0;
        for (int i = 0; i < n * n; i++)
            if (!double.IsFinite(a[i]))
                throw new ArgumentException(Invariant($"Cholesky.FactorWithJitter: matrix entries must be finite; got {a[i]} at ({i / n}, {i % n})."), nameof(a));
        for (int i = 0; i < n; i++) scale += Math.Abs(a[i * n + i]);
        scale = scale > 0.0 ? scale / n : 1.0;
        double jitter = 1e-10 * scale;
        for (int attempt = 0; attempt < attempts; attempt++, jitter *= 10.0)
            if (TryFactor(a, lower, n, jitter)) return jitter;
        throw new ArgumentException(
            $"Cholesky.FactorWithJitter: matrix must be symmetric positive definite; it was not even after adding {jitter / 10.0:G3} " +
            $"(= {jitter / 10.0 / scale:G3} × mean |diagonal| {scale:G6}) to its diagonal over {attempts} attempts.", nameof(a));
    }

    /// <summary>Returns the lower Cholesky factor of the symmetric matrix a, jittering its diagonal if needed (see the span overload); jitter receives the amount added.</summary>
    public static Matrix<double> FactorWithJitter(Matrix<double> a, out double jitter)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.RowCount != a.ColumnCount || a.RowCount == 0)
            throw new ArgumentException(Invariant($"Cholesky.FactorWithJitter: a must be a non-empty square matrix; got {a.RowCount} x {a.ColumnCount}."), nameof(a));
        int n = a.RowCount;
        double[] flat = a.ToRowMajorArray();
        jitter = FactorWithJitter(flat, flat, n);
        return Matrix<double>.Build.DenseOfRowMajor(n, n, flat);
    }

    /// <summary>Solves L z = b in place by forward substitution (L lower triangular, row-major).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveLower(ReadOnlySpan<double> lower, Span<double> b, int n)
    {
        CheckSquare(lower.Length, n, "SolveLower", nameof(lower));
        if (b.Length != n) throw new ArgumentException(Invariant($"Cholesky.SolveLower: b must have length {n}; got {b.Length}."), nameof(b));
        for (int i = 0; i < n; i++)
        {
            int row = i * n;
            double sum = b[i];
            for (int p = 0; p < i; p++) sum -= lower[row + p] * b[p];
            b[i] = sum / lower[row + i];
        }
    }

    /// <summary>Solves Lᵀ z = b in place by back substitution (L lower triangular, row-major).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveLowerTranspose(ReadOnlySpan<double> lower, Span<double> b, int n)
    {
        CheckSquare(lower.Length, n, "SolveLowerTranspose", nameof(lower));
        if (b.Length != n) throw new ArgumentException(Invariant($"Cholesky.SolveLowerTranspose: b must have length {n}; got {b.Length}."), nameof(b));
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int p = i + 1; p < n; p++) sum -= lower[p * n + i] * b[p];
            b[i] = sum / lower[i * n + i];
        }
    }

    /// <summary>Returns log det(L Lᵀ) = 2 Σᵢ log Lᵢᵢ from a Cholesky factor L.</summary>
    public static double LogDeterminant(ReadOnlySpan<double> lower, int n)
    {
        CheckSquare(lower.Length, n, "LogDeterminant", nameof(lower));
        double sum = 0.0;
        for (int i = 0; i < n; i++) sum += Math.Log(lower[i * n + i]);
        return 2.0 * sum;
    }

    /// <summary>Returns the squared Mahalanobis distance ‖L⁻¹ diff‖² = diffᵀ Σ⁻¹ diff, overwriting diff with L⁻¹ diff.</summary>
    public static double SquaredMahalanobis(ReadOnlySpan<double> lower, Span<double> diff, int n)
    {
        SolveLower(lower, diff, n);
        double sum = 0.0;
        for (int i = 0; i < n; i++) sum += diff[i] * diff[i];
        return sum;
    }

    private static void CheckSquare(int length, int n, string method, string name)
    {
        if (n < 1 || length != n * n)
            throw new ArgumentException(Invariant($"Cholesky.{method}: {name} must hold an n x n matrix with n = {n} ({(long)n * n} entries); got {length}."), name);
    }
}
