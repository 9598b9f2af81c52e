using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AdvancedMl.Autodiff.Kernels;

/// <summary>
/// Dense matrix products C (+)= op(A)·op(B) on row-major spans, for the three forms reverse mode needs:
/// A·B (forward), A·Bᵀ (input gradient G·Wᵀ) and Aᵀ·B (weight gradient Xᵀ·G), without materialising a transpose.
/// </summary>
/// <remarks>
/// The fast path is the classic Goto/BLIS scheme: copy ("pack") a KC-deep slice of op(B) into column panels 8 wide and
/// a block of op(A) into row panels 6 tall, both laid out in the order the inner loop reads them (which is where the
/// transposes are absorbed), then a 6×8 register-tile micro-kernel keeps 12 four-wide accumulators in registers and
/// performs 12 fused multiply-adds per 2 loads of B and 6 broadcasts of A. Every C entry is summed over k in the same
/// order on every run, so results are bit-for-bit reproducible. Small products and machines without AVX2+FMA use the
/// readable reference loop, <see cref="Reference"/>.
/// </remarks>
internal static class Gemm
{
    private const int MR = 6, NR = 8, KC = 256, MC = 96;

    [ThreadStatic] private static double[]? _packedA;
    [ThreadStatic] private static double[]? _packedB;

    /// <summary>
    /// C[m×n] = op(A)·op(B) (or += when accumulate), op(A) = A [m×k] or, with transA, A stored as [k×m];
    /// op(B) = B [k×n] or, with transB, B stored as [n×k].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<double> a, bool transA, ReadOnlySpan<double> b, bool transB, Span<double> c, int m, int k, int n, bool accumulate)
    {
        if (!accumulate) c.Slice(0, m * n).Clear();
        if (!Fma.IsSupported || !Avx2.IsSupported || (long)m * n * k < 4096 || (n < NR && m < NR))
        {
            Reference(a, transA, b, transB, c, m, k, n);
            return;
        }
        if (n < NR)
        {
            // A narrow C (a regression head, n = 1 or 2) wastes most of an 8-wide tile: compute Cᵀ = op(B)ᵀ·op(A)ᵀ instead,
            // whose wide side is m, then add it back transposed. op(B)ᵀ is B read with the opposite transpose flag.
            var transposed = Storage.Rent(n * m);
            Multiply(b, !transB, a, !transA, transposed, n, k, m, accumulate: false);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) c[i * n + j] += transposed[j * m + i];
            return;
        }
        int nPanels = (n + NR - 1) / NR;
        for (int pc = 0; pc < k; pc += KC)
        {
            int kc = Math.Min(KC, k - pc);
            var packedB = Buffer(ref _packedB, nPanels * NR * kc);
            PackB(b, transB, k, n, pc, kc, packedB);
            for (int ic = 0; ic < m; ic += MC)
            {
                int mc = Math.Min(MC, m - ic);
                int mPanels = (mc + MR - 1) / MR;
                var packedA = Buffer(ref _packedA, mPanels * MR * kc);
                PackA(a, transA, m, k, ic, mc, pc, kc, packedA);
                for (int jp = 0; jp < nPanels; jp++)
                {
                    int j0 = jp * NR, cols = Math.Min(NR, n - j0);
                    for (int ip = 0; ip < mPanels; ip++)
                    {
                        int i0 = ic + ip * MR, rows = Math.Min(MR, m - i0);
                        MicroKernel(packedA.AsSpan(ip * MR * kc, MR * kc), packedB.AsSpan(jp * NR * kc, NR * kc), kc, c.Slice(i0 * n + j0), n, rows, cols);
                    }
                }
            }
        }
    }

    /// <summary>The readable definition: C[i, j] += Σ_p op(A)[i, p]·op(B)[p, j], row of C by scaled rows of op(B).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Reference(ReadOnlySpan<double> a, bool transA, ReadOnlySpan<double> b, bool transB, Span<double> c, int m, int k, int n)
    {
        Span<double> bRow = transB ? new double[n] : default;
        for (int p = 0; p < k; p++)
        {
            ReadOnlySpan<double> bp;
            if (transB) { for (int j = 0; j < n; j++) bRow[j] = b[j * k + p]; bp = bRow; }
            else bp = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                double aip = transA ? a[p * m + i] : a[i * k + p];
                var ci = c.Slice(i * n, n);
                Elementwise.Axpy(aip, bp, ci);
            }
        }
    }

    private static double[] Buffer(ref double[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new double[Math.Max(length, 64 * 1024)];
        return buffer;
    }

    /// <summary>Rows ic … ic+mc of op(A), columns pc … pc+kc, as MR-tall panels: panel[p·MR + r] = op(A)[i0 + r, pc + p] (zero-padded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(ReadOnlySpan<double> a, bool transA, int m, int k, int ic, int mc, int pc, int kc, Span<double> packed)
    {
        int panels = (mc + MR - 1) / MR;
        for (int ip = 0; ip < panels; ip++)
        {
            int i0 = ic + ip * MR, rows = Math.Min(MR, ic + mc - i0);
            var panel = packed.Slice(ip * MR * kc, MR * kc);
            if (rows < MR) panel.Clear();
            for (int p = 0; p < kc; p++)
            {
                var dst = panel.Slice(p * MR, MR);
                if (transA) a.Slice((pc + p) * m + i0, rows).CopyTo(dst);
                else for (int r = 0; r < rows; r++) dst[r] = a[(i0 + r) * k + pc + p];
            }
        }
    }

    /// <summary>Rows pc … pc+kc of op(B) as NR-wide panels: panel[p·NR + j] = op(B)[pc + p, j0 + j] (zero-padded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(ReadOnlySpan<double> b, bool transB, int k, int n, int pc, int kc, Span<double> packed)
    {
        int panels = (n + NR - 1) / NR;
        for (int jp = 0; jp < panels; jp++)
        {
            int j0 = jp * NR, cols = Math.Min(NR, n - j0);
            var panel = packed.Slice(jp * NR * kc, NR * kc);
            if (cols < NR) panel.Clear();
            if (transB)
                for (int j = 0; j < cols; j++)
                {
                    var src = b.Slice((j0 + j) * k + pc, kc);
                    for (int p = 0; p < kc; p++) panel[p * NR + j] = src[p];
                }
            else
                for (int p = 0; p < kc; p++) b.Slice((pc + p) * n + j0, cols).CopyTo(panel.Slice(p * NR, cols));
        }
    }

    /// <summary>C[0..rows, 0..cols] += Σ_p a[p·6 + r]·b[p·8 + j] with twelve 4-wide FMA accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int kc, Span<double> c, int ldc, int rows, int cols)
    {
        ref double pa = ref MemoryMarshal.GetReference(a);
        ref double pb = ref MemoryMarshal.GetReference(b);
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref pb);
            var b1 = Vector256.LoadUnsafe(ref pb, 4);
            var a0 = Vector256.Create(pa);
            c00 = Fma.MultiplyAdd(a0, b0, c00); c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref pa, 1));
            c10 = Fma.MultiplyAdd(a1, b0, c10); c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref pa, 2));
            c20 = Fma.MultiplyAdd(a2, b0, c20); c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(Unsafe.Add(ref pa, 3));
            c30 = Fma.MultiplyAdd(a3, b0, c30); c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(Unsafe.Add(ref pa, 4));
            c40 = Fma.MultiplyAdd(a4, b0, c40); c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(Unsafe.Add(ref pa, 5));
            c50 = Fma.MultiplyAdd(a5, b0, c50); c51 = Fma.MultiplyAdd(a5, b1, c51);
            pa = ref Unsafe.Add(ref pa, MR);
            pb = ref Unsafe.Add(ref pb, NR);
        }
        if (rows == MR && cols == NR)
        {
            ref double pc = ref MemoryMarshal.GetReference(c);
            AddTo(ref pc, c00, c01);
            AddTo(ref Unsafe.Add(ref pc, ldc), c10, c11);
            AddTo(ref Unsafe.Add(ref pc, 2 * ldc), c20, c21);
            AddTo(ref Unsafe.Add(ref pc, 3 * ldc), c30, c31);
            AddTo(ref Unsafe.Add(ref pc, 4 * ldc), c40, c41);
            AddTo(ref Unsafe.Add(ref pc, 5 * ldc), c50, c51);
            return;
        }
        Span<double> tile = stackalloc double[MR * NR];
        c00.CopyTo(tile); c01.CopyTo(tile[4..]); c10.CopyTo(tile[8..]); c11.CopyTo(tile[12..]);
        c20.CopyTo(tile[16..]); c21.CopyTo(tile[20..]); c30.CopyTo(tile[24..]); c31.CopyTo(tile[28..]);
        c40.CopyTo(tile[32..]); c41.CopyTo(tile[36..]); c50.CopyTo(tile[40..]); c51.CopyTo(tile[44..]);
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++) c[r * ldc + j] += tile[r * NR + j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(ref double row, Vector256<double> left, Vector256<double> right)
    {
        (Vector256.LoadUnsafe(ref row) + left).StoreUnsafe(ref row);
        (Vector256.LoadUnsafe(ref row, 4) + right).StoreUnsafe(ref row, 4);
    }
}
