using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static System.FormattableString;

namespace AdvancedMl.Numerics;

/// <summary>Blocked, vectorised, multi-threaded Cholesky factorisation A = L Lᵀ in place on a flat row-major n × n array, with triangular solves for many right-hand sides (notebook 04, "exact GP in O(n³)").</summary>
/// <remarks>
/// Storage is row-major: entry (i, j) at [i * n + j]; only the lower triangle of A is read, and on success it holds L
/// with the strict upper triangle set to zero. The algorithm is right-looking with block size <see cref="BlockSize"/>:
/// for each diagonal block k, (1) factor the nb × nb diagonal block by dot products, (2) solve the panel below it
/// L₂₁ = A₂₁ L₁₁⁻ᵀ row by row, (3) update the trailing lower triangle A₂₂ −= L₂₁ L₂₁ᵀ. Step 3 holds almost all the
/// n³/3 flops; it is computed as 2 × 4 tiles of dot products over the block's nb columns (rows are contiguous), eight
/// Vector&lt;double&gt; accumulators at a time, in chunks of 32 columns whose panel rows stay in L1; the two-row tiles are
/// dealt round-robin to one worker per core (only when at least 320 rows remain: smaller updates lose to thread
/// start-up). Every entry is computed by one thread in a fixed order, so results are bit-for-bit reproducible.
/// On the 2-core dev box it factors n = 3,000 in about 0.6-0.9 s under load, 1.5-2× OpenBLAS's dpotrf
/// (tests/AdvancedMl.Benchmarks/GaussianProcessBenchmarks.cs); MathNet's managed Cholesky takes about 3.3 s.
/// </remarks>
public static class BlockedCholesky
{
    /// <summary>Columns per diagonal block (a multiple of the SIMD width; 64 keeps a 2 × 4 tile's eight rows in L1).</summary>
    public const int BlockSize = 64;

    /// <summary>Trailing updates with fewer rows than this run on one thread.</summary>
    private const int ParallelRows = 320;

    /// <summary>Inverses of matrices with fewer rows than this run on one thread (each row costs O(n²), so they pay off earlier than the factorisation's row tiles).</summary>
    private const int ParallelInverseRows = 128;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveLower(ReadOnlySpan<double> lower, Span<double> b, int n, int m = 1)
    {
        CheckSquare(lower.Length, n, "SolveLower", nameof(lower));
        CheckRhs(b.Length, n, m, "SolveLower");
        if (m == 1)
        {
            for (int i = 0; i < n; i++)
                b[i] = (b[i] - Dot(lower.Slice(i * n, i), b[..i])) / lower[i * n + i];
            return;
        }
        for (int i = 0; i < n; i++)
        {
            Span<double> rowI = b.Slice(i * m, m);
            for (int p = 0; p < i; p++)
            {
                double l = lower[i * n + p];
                if (l != 0.0) AddScaled(b.Slice(p * m, m), -l, rowI);
            }
            Scale(rowI, 1.0 / lower[i * n + i]);
        }
    }

    /// <summary>Solves Lᵀ X = B in place (back substitution) for B stored row-major n × m (m right-hand sides as columns).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveLowerTranspose(ReadOnlySpan<double> lower, Span<double> b, int n, int m = 1)
    {
        CheckSquare(lower.Length, n, "SolveLowerTranspose", nameof(lower));
        CheckRhs(b.Length, n, m, "SolveLowerTranspose");
        // Column-oriented: once X row i is known, remove its contribution Lᵀ[p, i] X[i] = L[i, p] X[i] from rows p < i.
        for (int i = n - 1; i >= 0; i--)
        {
            Span<double> rowI = b.Slice(i * m, m);
            Scale(rowI, 1.0 / lower[i * n + i]);
            if (m == 1)
            {
                AddScaled(lower.Slice(i * n, i), -rowI[0], b[..i]);
                continue;
            }
            for (int p = 0; p < i; p++)
            {
                double l = lower[i * n + p];
                if (l != 0.0) AddScaled(rowI, -l, b.Slice(p * m, m));
            }
        }
    }

    /// <summary>Solves (L Lᵀ) X = B in place for B stored row-major n × m.</summary>
    public static void Solve(ReadOnlySpan<double> lower, Span<double> b, int n, int m = 1)
    {
        SolveLower(lower, b, n, m);
        SolveLowerTranspose(lower, b, n, m);
    }

    /// <summary>Returns (L Lᵀ)⁻¹ as a full symmetric row-major array from the lower factor L, in n³/3 flops: M = L⁻¹ row by row, then Mᵀ M.</summary>
    /// <remarks>Row i of M solves Lᵀ mᵢ = eᵢ (mᵢ is zero beyond i); entry (i, k ≤ i) of the inverse is the dot product of
    /// columns i and k of M over rows p ≥ i. Both loops run over rows in parallel (from 128 rows), each entry computed by one thread.</remarks>
    public static double[] InverseFromFactor(double[] lower, int n)
    {
        ArgumentNullException.ThrowIfNull(lower);
        CheckSquare(lower.Length, n, "InverseFromFactor", nameof(lower));
        var mt = new double[n * n]; // Mᵀ: row i holds column i of M, nonzero from index i on
        var inverse = new double[n * n];
        if (n < ParallelInverseRows)
        {
            var m = new double[n];
            for (int i = 0; i < n; i++) InverseFactorRow(lower, n, i, mt, m);
            for (int i = 0; i < n; i++) InverseRow(mt, n, i, inverse);
        }
        else
        {
            Parallel.For(0, n, () => new double[n], (i, _, m) => { InverseFactorRow(lower, n, i, mt, m); return m; }, _ => { });
            Parallel.For(0, n, i => InverseRow(mt, n, i, inverse));
        }
        for (int i = 0; i < n; i++)
            for (int k = 0; k < i; k++) inverse[k * n + i] = inverse[i * n + k];
        return inverse;
    }

    /// <summary>Row i of M = L⁻¹, written as column i of Mᵀ (mt), by back substitution with Lᵀ; m is scratch of length n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InverseFactorRow(double[] lower, int n, int i, double[] mt, double[] m)
    {
        Array.Clear(m);
        m[i] = 1.0;
        for (int p = i; p >= 0; p--) // back substitution with Lᵀ, column-oriented over contiguous rows of L
        {
            m[p] /= lower[p * n + p];
            if (p > 0) AddScaled(lower.AsSpan(p * n, p), -m[p], m.AsSpan(0, p));
        }
        for (int p = 0; p <= i; p++) mt[p * n + i] = m[p];
    }

    /// <summary>Row i of (L Lᵀ)⁻¹ = MᵀM up to the diagonal, from the rows of Mᵀ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InverseRow(double[] mt, int n, int i, double[] inverse)
    {
        var rowI = mt.AsSpan(i * n + i, n - i);
        for (int k = 0; k <= i; k++) inverse[i * n + k] = Dot(rowI, mt.AsSpan(k * n + i, n - i));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            int workers = rows >= ParallelRows ? Math.Min(Environment.ProcessorCount, 8) : 1; // small updates lose to thread start-up
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool FactorDiagonalBlock(double[] a, int n, int k, int nb)
    {
        for (int i = k; i < k + nb; i++)
        {
            var rowI = a.AsSpan(i * n + k, i - k);
            for (int j = k; j < i; j++)
                a[i * n + j] = (a[i * n + j] - Dot(rowI[..(j - k)], a.AsSpan(j * n + k, j - k))) / a[j * n + j];
            double d = a[i * n + i] - Dot(rowI, rowI);
            if (!(d > 0.0) || double.IsInfinity(d)) return false; // also rejects NaN
            a[i * n + i] = Math.Sqrt(d);
        }
        return true;
    }

    /// <summary>Solves the panel rows of the two-row tiles t = first, first + stride, … (L₂₁ = A₂₁ L₁₁⁻ᵀ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SolvePanel(double[] a, int n, int k, int nb, int start, int first, int tiles, int stride)
    {
        for (int t = first; t < tiles; t += stride)
        {
            int i0 = start + 2 * t, i1 = Math.Min(i0 + 1, n - 1);
            for (int i = i0; i <= i1; i++) SolvePanelRow(a, n, k, nb, i);
        }
    }

    /// <summary>Updates the trailing lower-triangle rows of the two-row tiles t = first, first + stride, … (A₂₂ −= L₂₁ L₂₁ᵀ).</summary>
    /// <remarks>Columns go in chunks of <see cref="ColumnChunk"/>, so the chunk's panel rows (ColumnChunk × nb doubles) stay in
    /// L1 while every row tile below the chunk streams past them.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdateTrailing(double[] a, int n, int k, int nb, int start, int first, int tiles, int stride)
    {
        for (int jc = start; jc < n; jc += ColumnChunk)
        {
            int jLast = Math.Min(jc + ColumnChunk, n) - 1;
            for (int t = first; t < tiles; t += stride)
            {
                int i0 = start + 2 * t;
                if (i0 + 1 < jc) continue; // both rows end left of the chunk
                if (i0 + 1 < n) UpdatePair(a, n, k, nb, jc, Math.Min(jLast, i0), i0, jLast >= i0 + 1);
                else UpdateSingle(a, n, k, nb, jc, Math.Min(jLast, i0), i0);
            }
        }
    }

    /// <summary>Columns per chunk of the trailing update.</summary>
    private const int ColumnChunk = 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SolvePanelRow(double[] a, int n, int k, int nb, int i)
    {
        var rowI = a.AsSpan(i * n + k, nb);
        for (int j = k; j < k + nb; j++)
            a[i * n + j] = (a[i * n + j] - Dot(rowI[..(j - k)], a.AsSpan(j * n + k, j - k))) / a[j * n + j];
    }

    /// <summary>A[i, j] −= L[i, k:k+nb] · L[j, k:k+nb] for rows i0, i0+1 and columns j0 ≤ j ≤ j1 (j1 ≤ i0), four columns at a time; plus the diagonal (i0+1, i0+1) if withDiagonal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdatePair(double[] a, int n, int k, int nb, int j0, int j1, int i0, bool withDiagonal)
    {
        int j = j0;
        ref double r0 = ref a[i0 * n + k];
        ref double r1 = ref a[(i0 + 1) * n + k];
        for (; j + 3 <= j1; j += 4)
        {
            Dot2x4(ref r0, ref r1, ref a[j * n + k], n, nb, out var s);
            a[i0 * n + j] -= s.A0; a[i0 * n + j + 1] -= s.A1; a[i0 * n + j + 2] -= s.A2; a[i0 * n + j + 3] -= s.A3;
            a[(i0 + 1) * n + j] -= s.B0; a[(i0 + 1) * n + j + 1] -= s.B1; a[(i0 + 1) * n + j + 2] -= s.B2; a[(i0 + 1) * n + j + 3] -= s.B3;
        }
        for (; j <= j1; j++)
        {
            var lj = a.AsSpan(j * n + k, nb);
            a[i0 * n + j] -= Dot(a.AsSpan(i0 * n + k, nb), lj);
            a[(i0 + 1) * n + j] -= Dot(a.AsSpan((i0 + 1) * n + k, nb), lj);
        }
        if (!withDiagonal) return;
        var last = a.AsSpan((i0 + 1) * n + k, nb);
        a[(i0 + 1) * n + i0 + 1] -= Dot(last, last);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdateSingle(double[] a, int n, int k, int nb, int j0, int j1, int i)
    {
        var rowI = a.AsSpan(i * n + k, nb);
        for (int j = j0; j <= j1; j++) a[i * n + j] -= Dot(rowI, a.AsSpan(j * n + k, nb));
    }

    private struct Tile { public double A0, A1, A2, A3, B0, B1, B2, B3; }

    /// <summary>The eight dot products of rows r0, r1 with rows c, c+n, c+2n, c+3n over nb entries, eight SIMD accumulators.</summary>
    /// <remarks>The trailing update always runs with nb = <see cref="BlockSize"/>, a multiple of every SIMD width (2, 4, 8), so there is no remainder loop.</remarks>
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
    }

    /// <summary>x · y over x's length (y at least as long), SIMD with two accumulators then a scalar tail; inlined into the optimised loops so that no tier-0 vector code runs in a fresh kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length, w = Vector<double>.Count, i = 0;
        y = y[..n];
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y);
        var a0 = Vector<double>.Zero;
        var a1 = Vector<double>.Zero;
        for (; i + 2 * w <= n; i += 2 * w)
        {
            a0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref rx, (nuint)i), Vector.LoadUnsafe(ref ry, (nuint)i), a0);
            a1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref rx, (nuint)(i + w)), Vector.LoadUnsafe(ref ry, (nuint)(i + w)), a1);
        }
        if (i + w <= n)
        {
            a0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref rx, (nuint)i), Vector.LoadUnsafe(ref ry, (nuint)i), a0);
            i += w;
        }
        double sum = Vector.Sum(a0 + a1);
        for (; i < n; i++) sum = Math.FusedMultiplyAdd(x[i], y[i], sum);
        return sum;
    }

    /// <summary>y += a·x over x's length (y at least as long), SIMD fused multiply-adds; inlined like <see cref="Dot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AddScaled(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        int n = x.Length, w = Vector<double>.Count, i = 0;
        y = y[..n];
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y);
        var va = new Vector<double>(a);
        for (; i + w <= n; i += w)
            Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref rx, (nuint)i), va, Vector.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        for (; i < n; i++) y[i] = Math.FusedMultiplyAdd(x[i], a, y[i]);
    }

    /// <summary>x *= a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Scale(Span<double> x, double a)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= a;
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
