using System.Numerics.Tensors;

namespace AdvancedMl.Autodiff.Kernels;

/// <summary>
/// Dense matrix products C (+)= op(A)·op(B) on row-major spans, for the three forms reverse mode needs:
/// A·B (forward), A·Bᵀ (input gradient G·Wᵀ) and Aᵀ·B (weight gradient Xᵀ·G), without materialising a transpose.
/// </summary>
internal static class Gemm
{
    /// <summary>
    /// C[m×n] = op(A)·op(B) (or += when accumulate), op(A) = A [m×k] or, with transA, A stored as [k×m];
    /// op(B) = B [k×n] or, with transB, B stored as [n×k].
    /// </summary>
    public static void Multiply(ReadOnlySpan<double> a, bool transA, ReadOnlySpan<double> b, bool transB, Span<double> c, int m, int k, int n, bool accumulate)
    {
        if (!accumulate) c.Slice(0, m * n).Clear();
        if (transB)
        {
            // C[i, j] += Σ_p op(A)[i, p]·B[j, p]: a dot product of two contiguous rows when A is not transposed.
            Span<double> row = transA ? new double[k] : default;
            for (int i = 0; i < m; i++)
            {
                ReadOnlySpan<double> ai;
                if (transA) { for (int p = 0; p < k; p++) row[p] = a[p * m + i]; ai = row; }
                else ai = a.Slice(i * k, k);
                for (int j = 0; j < n; j++) c[i * n + j] += TensorPrimitives.Dot(ai, b.Slice(j * k, k));
            }
            return;
        }
        // C[i, :] += op(A)[i, p]·B[p, :]: scaled rows of B, contiguous and vectorised.
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                double aip = transA ? a[p * m + i] : a[i * k + p];
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), aip, ci, ci);
            }
        }
    }
}
