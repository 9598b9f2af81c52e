using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;
using static System.FormattableString;

namespace AdvancedMl.Numerics;

/// <summary>Blocked, vectorised, two-core Cholesky factorisation A = L Lᵀ in place on a flat row-major n × n array, with triangular solves for many right-hand sides (notebook 04, "exact GP in O(n³)").</summary>
/// <remarks>
/// Storage is row-major: entry (i, j) at [i * n + j]; only the lower triangle of A is read, and on success it holds L
/// with the strict upper triangle set to zero. The algorithm is right-looking with block size <see cref="BlockSize"/>:
/// for each diagonal block k, (1) factor the nb × nb diagonal block by dot products, (2) solve the panel below it
/// L₂₁ = A₂₁ L₁₁⁻ᵀ row by row, (3) update the trailing lower triangle A₂₂ −= L₂₁ L₂₁ᵀ. Step 3 holds almost all the
/// n³/3 flops; it is computed as 2 × 4 tiles of dot products over the block's nb columns (rows are contiguous), eight
/// Vector&lt;double&gt; accumulators at a time, and split over fixed row chunks on the thread pool. Every entry is
/// computed by one thread in a fixed order, so results are bit-for-bit reproducible.
/// </remarks>
public static class BlockedCholesky
{
    /// <summary>Columns per diagonal block (a multiple of the SIMD width; 64 keeps a 2 × 4 tile's eight rows in L1).</summary>
    public const int BlockSize = 64;

    /// <summary>Factors the symmetric matrix in a (lower triangle read) in place into its lower Cholesky factor; returns false if a pivot is not positive (not numerically positive definite; a is then partly overwritten).</summary>
    public static bool TryFactor(Span<double> a, int n) => TryFactor(a, n, 0.0);

    /// <summary>Factors a + jitter·I in place into its lower Cholesky factor (lower triangle of a read); returns false if it is not numerically positive definite.</summary>
    public static bool TryFactor(Span<double> a, int n, double jitter)
    {
        CheckSquare(a.Length, n, "TryFactor", nameof(a));
        if (jitter != 0.0) for (int i = 0; i < n; i++) a[i * n + i] += jitter;
        // The parallel trailing update needs an array (spans cannot be captured by the worker delegates).
        double[] work = a.ToArray();
        bool ok = FactorArray(work, n);
        work.CopyTo(a);
        return ok;
    }

    /// <summary>Factors the symmetric matrix held in the array a in place (see <see cref="TryFactor(Span{double}, int, double)"/>); the array overload avoids a copy.</summary>
    public static bool TryFactor(double[] a, int n, double jitter = 0.0)
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckSquare(a.Length, n, "TryFactor", nameof(a));
        if (jitter != 0.0) for (int i = 0; i < n; i++) a[i * n + i] += jitter;
        return FactorArray(a, n);
    }

    /// <summary>Factors a copy of the symmetric matrix a into lower, adding a growing diagonal jitter (start·mean diagonal, then ×10 per attempt) until it succeeds; returns the absolute jitter added.</summary>
    /// <exception cref="ArgumentException">a has non-finite entries, or is not positive definite after all attempts.</exception>
    public static double FactorWithJitter(ReadOnlySpan<double> a, double[] lower, int n, double relativeJitter = 0.0, int attempts = Cholesky.DefaultJitterAttempts)
    {
        ArgumentNullException.ThrowIfNull(lower);
        CheckSquare(a.Length, n, "FactorWithJitter", nameof(a));
        CheckSquare(lower.Length, n, "FactorWithJitter", nameof(lower));
        double scale = 0.0;
        for (int i = 0; i < n; i++)
        {
            double d = a[i * n + i];
            if (!double.IsFinite(d))
                throw new ArgumentException(Invariant($"BlockedCholesky.FactorWithJitter: matrix entries must be finite; got {d} at ({i}, {i})."), nameof(a));
            scale += Math.Abs(d);
        }
        scale = scale > 0.0 ? scale / n : 1.0;
        double jitter = relativeJitter * scale;
        for (int attempt = 0; attempt <= attempts; attempt++)
        {
            a.CopyTo(lower);
            if (TryFactor(lower, n, jitter)) return jitter;
            for (int i = 0; i < n * n; i++)
                if (!double.IsFinite(a[i]))
                    throw new ArgumentException(Invariant($"BlockedCholesky.FactorWithJitter: matrix entries must be finite; got {a[i]} at ({i / n}, {i % n})."), nameof(a));
            jitter = jitter > 0.0 ? jitter * 10.0 : 1e-10 * scale;
        }
        throw new ArgumentException(Invariant(
            $"BlockedCholesky.FactorWithJitter: matrix must be symmetric positive definite; it was not even after adding {jitter / 10.0:G3} (= {jitter / 10.0 / scale:G3} × mean |diagonal| {scale:G6}) to its diagonal."), nameof(a));
    }

    /// <summary>Solves L X = B in place (forward substitution) for B stored row-major n × m (m right-hand sides as columns).</summary>
    public static void SolveLower(ReadOnlySpan<double> lower, Span<double> b, int n, int m = 1)
    {
        CheckSquare(lower.Length, n, "SolveLower", nameof(lower));
        CheckRhs(b.Length, n, m, "SolveLower");
        if (m == 1)
        {
            for (int i = 0; i < n; i++)
                b[i] = (b[i] - TensorPrimitives.Dot(lower.Slice(i * n, i), b[..i])) / lower[i * n + i];
            return;
        }
        for (int i = 0; i < n; i++)
        {
            Span<double> rowI = b.Slice(i * m, m);
            for (int p = 0; p < i; p++)
            {
                double l = lower[i * n + p];
                if (l != 0.0) TensorPrimitives.MultiplyAdd(b.Slice(p * m, m), -l, rowI, rowI);
            }
            TensorPrimitives.Multiply(rowI, 1.0 / lower[i * n + i], rowI);
        }
    }

    /// <summary>Solves Lᵀ X = B in place (back substitution) for B stored row-major n × m (m right-hand sides as columns).</summary>
    public static void SolveLowerTranspose(ReadOnlySpan<double> lower, Span<double> b, int n, int m = 1)
    {
        CheckSquare(lower.Length, n, "SolveLowerTranspose", nameof(lower));
        CheckRhs(b.Length, n, m, "SolveLowerTranspose");
        // Column-oriented: once X row i is known, remove its contribution Lᵀ[p, i] X[i] = L[i, p] X[i] from rows p < i.
        for (int i = n - 1; i >= 0; i--)
        {
            Span<double> rowI = b.Slice(i * m, m);
            TensorPrimitives.Multiply(rowI, 1.0 / lower[i * n + i], rowI);
            if (m == 1)
            {
                TensorPrimitives.MultiplyAdd(lower.Slice(i * n, i), -rowI[0], b[..i], b[..i]);
                continue;
            }
            for (int p = 0; p < i; p++)
            {
                double l = lower[i * n + p];
                if (l != 0.0) TensorPrimitives.MultiplyAdd(rowI, -l, b.Slice(p * m, m), b.Slice(p * m, m));
            }
        }
    }

    /// <summary>Solves (L Lᵀ) X = B in place for B stored row-major n × m.</summary>
    public static void Solve(ReadOnlySpan<double> lower, Span<double> b, int n, int m = 1)
    {
        SolveLower(lower, b, n, m);
        SolveLowerTranspose(lower, b, n, m);
    }

    private static bool FactorArray(double[] a, int n)
    {
        for (int k = 0; k < n; k += BlockSize)
        {
            int nb = Math.Min(BlockSize, n - k);
            if (!FactorDiagonalBlock(a, n, k, nb)) return false;
            int start = k + nb;
            if (start >= n) break;
            int rows = n - start;
            // Panel and trailing update, split into fixed row chunks; rows further down carry more work (the trailing
            // triangle), so chunks are interleaved tiles of two rows, dealt round-robin.
            int tiles = (rows + 1) / 2;
            int workers = rows >= 128 ? Math.Min(Environment.ProcessorCount, 8) : 1;
            // Two phases with a barrier between them: the update of row i reads the panel rows j ≤ i of other workers.
            if (workers == 1)
            {
                SolvePanel(a, n, k, nb, start, 0, tiles, 1);
                UpdateTrailing(a, n, k, nb, start, 0, tiles, 1);
            }
            else
            {
                Parallel.For(0, workers, w => SolvePanel(a, n, k, nb, start, w, tiles, workers));
                Parallel.For(0, workers, w => UpdateTrailing(a, n, k, nb, start, w, tiles, workers));
            }
        }
        for (int i = 0; i < n; i++) Array.Clear(a, i * n + i + 1, n - i - 1);
        return true;
    }

    private static bool FactorDiagonalBlock(double[] a, int n, int k, int nb)
    {
        for (int i = k; i < k + nb; i++)
        {
            var rowI = a.AsSpan(i * n + k, i - k);
            for (int j = k; j < i; j++)
                a[i * n + j] = (a[i * n + j] - TensorPrimitives.Dot(rowI[..(j - k)], a.AsSpan(j * n + k, j - k))) / a[j * n + j];
            double d = a[i * n + i] - TensorPrimitives.Dot(rowI, rowI);
            if (!(d > 0.0) || double.IsInfinity(d)) return false; // also rejects NaN
            a[i * n + i] = Math.Sqrt(d);
        }
        return true;
    }

    /// <summary>Solves the panel rows of the two-row tiles t = first, first + stride, … (L₂₁ = A₂₁ L₁₁⁻ᵀ).</summary>
    private static void SolvePanel(double[] a, int n, int k, int nb, int start, int first, int tiles, int stride)
    {
        for (int t = first; t < tiles; t += stride)
        {
            int i0 = start + 2 * t, i1 = Math.Min(i0 + 1, n - 1);
            for (int i = i0; i <= i1; i++) SolvePanelRow(a, n, k, nb, i);
        }
    }

    /// <summary>Updates the trailing lower-triangle rows of the two-row tiles t = first, first + stride, … (A₂₂ −= L₂₁ L₂₁ᵀ).</summary>
    private static void UpdateTrailing(double[] a, int n, int k, int nb, int start, int first, int tiles, int stride)
    {
        for (int t = first; t < tiles; t += stride)
        {
            int i0 = start + 2 * t;
            if (i0 + 1 < n) UpdatePair(a, n, k, nb, start, i0);
            else UpdateSingle(a, n, k, nb, start, i0);
        }
    }

    private static void SolvePanelRow(double[] a, int n, int k, int nb, int i)
    {
        var rowI = a.AsSpan(i * n + k, nb);
        for (int j = k; j < k + nb; j++)
            a[i * n + j] = (a[i * n + j] - TensorPrimitives.Dot(rowI[..(j - k)], a.AsSpan(j * n + k, j - k))) / a[j * n + j];
    }

    /// <summary>A[i, j] −= L[i, k:k+nb] · L[j, k:k+nb] for rows i0, i0+1 and columns start ≤ j ≤ i, four columns at a time.</summary>
    /// <remarks>Row i0+1 has one more entry (its diagonal) than row i0, updated last.</remarks>
    private static void UpdatePair(double[] a, int n, int k, int nb, int start, int i0)
    {
        int jEnd = i0; // columns j ≤ i0 for both rows, then the one extra (i0+1, i0+1)
        int j = start;
        ref double r0 = ref a[i0 * n + k];
        ref double r1 = ref a[(i0 + 1) * n + k];
        for (; j + 3 <= jEnd; j += 4)
        {
            Dot2x4(ref r0, ref r1, ref a[j * n + k], n, nb, out var s);
            a[i0 * n + j] -= s.A0; a[i0 * n + j + 1] -= s.A1; a[i0 * n + j + 2] -= s.A2; a[i0 * n + j + 3] -= s.A3;
            a[(i0 + 1) * n + j] -= s.B0; a[(i0 + 1) * n + j + 1] -= s.B1; a[(i0 + 1) * n + j + 2] -= s.B2; a[(i0 + 1) * n + j + 3] -= s.B3;
        }
        for (; j <= jEnd; j++)
        {
            var lj = a.AsSpan(j * n + k, nb);
            a[i0 * n + j] -= TensorPrimitives.Dot(a.AsSpan(i0 * n + k, nb), lj);
            a[(i0 + 1) * n + j] -= TensorPrimitives.Dot(a.AsSpan((i0 + 1) * n + k, nb), lj);
        }
        var last = a.AsSpan((i0 + 1) * n + k, nb);
        a[(i0 + 1) * n + i0 + 1] -= TensorPrimitives.Dot(last, last);
    }

    private static void UpdateSingle(double[] a, int n, int k, int nb, int start, int i)
    {
        var rowI = a.AsSpan(i * n + k, nb);
        for (int j = start; j <= i; j++) a[i * n + j] -= TensorPrimitives.Dot(rowI, a.AsSpan(j * n + k, nb));
    }

    private struct Tile { public double A0, A1, A2, A3, B0, B1, B2, B3; }

    /// <summary>The eight dot products of rows r0, r1 with rows c, c+n, c+2n, c+3n over nb entries, eight SIMD accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dot2x4(ref double r0, ref double r1, ref double c, int n, int nb, out Tile s)
    {
        ref double c1 = ref Unsafe.Add(ref c, n);
        ref double c2 = ref Unsafe.Add(ref c, 2 * n);
        ref double c3 = ref Unsafe.Add(ref c, 3 * n);
        var a0 = Vector<double>.Zero; var a1 = a0; var a2 = a0; var a3 = a0;
        var b0 = a0; var b1 = a0; var b2 = a0; var b3 = a0;
        int w = Vector<double>.Count, p = 0;
        for (; p + w <= nb; p += w)
        {
            var x0 = Vector.LoadUnsafe(ref r0, (nuint)p);
            var x1 = Vector.LoadUnsafe(ref r1, (nuint)p);
            var y = Vector.LoadUnsafe(ref c, (nuint)p);
            a0 = Vector.FusedMultiplyAdd(x0, y, a0); b0 = Vector.FusedMultiplyAdd(x1, y, b0);
            y = Vector.LoadUnsafe(ref c1, (nuint)p);
            a1 = Vector.FusedMultiplyAdd(x0, y, a1); b1 = Vector.FusedMultiplyAdd(x1, y, b1);
            y = Vector.LoadUnsafe(ref c2, (nuint)p);
            a2 = Vector.FusedMultiplyAdd(x0, y, a2); b2 = Vector.FusedMultiplyAdd(x1, y, b2);
            y = Vector.LoadUnsafe(ref c3, (nuint)p);
            a3 = Vector.FusedMultiplyAdd(x0, y, a3); b3 = Vector.FusedMultiplyAdd(x1, y, b3);
        }
        s.A0 = Vector.Sum(a0); s.A1 = Vector.Sum(a1); s.A2 = Vector.Sum(a2); s.A3 = Vector.Sum(a3);
        s.B0 = Vector.Sum(b0); s.B1 = Vector.Sum(b1); s.B2 = Vector.Sum(b2); s.B3 = Vector.Sum(b3);
        for (; p < nb; p++)
        {
            double x0 = Unsafe.Add(ref r0, p), x1 = Unsafe.Add(ref r1, p);
            double y0 = Unsafe.Add(ref c, p), y1 = Unsafe.Add(ref c1, p), y2 = Unsafe.Add(ref c2, p), y3 = Unsafe.Add(ref c3, p);
            s.A0 += x0 * y0; s.A1 += x0 * y1; s.A2 += x0 * y2; s.A3 += x0 * y3;
            s.B0 += x1 * y0; s.B1 += x1 * y1; s.B2 += x1 * y2; s.B3 += x1 * y3;
        }
    }

    private static void CheckSquare(int length, int n, string method, string name)
    {
        if (n < 1 || length != n * n)
            throw new ArgumentException(Invariant($"BlockedCholesky.{method}: {name} must hold an n x n matrix with n = {n} ({(long)n * n} entries); got {length}."), name);
    }

    private static void CheckRhs(int length, int n, int m, string method)
    {
        if (m < 1 || length != n * m)
            throw new ArgumentException(Invariant($"BlockedCholesky.{method}: b must hold an n x m matrix with n = {n}, m = {m} ({(long)n * m} entries); got {length}."), "b");
    }
}
