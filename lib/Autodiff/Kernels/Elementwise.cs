using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AdvancedMl.Autodiff.Kernels;

/// <summary>Vectorised loops behind the elementwise ops and gradient accumulation (System.Numerics.Tensors).</summary>
internal static class Elementwise
{
    /// <summary>target += source.</summary>
    public static void AddInPlace(Span<double> target, ReadOnlySpan<double> source) => TensorPrimitives.Add(target, source, target);

    /// <summary>A new array a + b.</summary>
    public static double[] Sum(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var result = Storage.Rent(a.Length);
        TensorPrimitives.Add(a, b, result);
        return result;
    }

    /// <summary>
    /// Σ x·y in a fixed order: four 4-wide partial sums over blocks of 16 from index 0, then a scalar tail. Unlike
    /// TensorPrimitives.Sum/Dot, whose vector loop starts at an address-aligned element, the result does not depend on
    /// where the array sits in memory, so reductions are bit-for-bit reproducible.
    /// </summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("Elementwise.Dot: lengths differ.", nameof(y));
        ref double px = ref MemoryMarshal.GetReference(x);
        ref double py = ref MemoryMarshal.GetReference(y);
        Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default;
        int i = 0;
        for (; i <= x.Length - 16; i += 16)
        {
            s0 += Vector256.LoadUnsafe(ref px, (nuint)i) * Vector256.LoadUnsafe(ref py, (nuint)i);
            s1 += Vector256.LoadUnsafe(ref px, (nuint)(i + 4)) * Vector256.LoadUnsafe(ref py, (nuint)(i + 4));
            s2 += Vector256.LoadUnsafe(ref px, (nuint)(i + 8)) * Vector256.LoadUnsafe(ref py, (nuint)(i + 8));
            s3 += Vector256.LoadUnsafe(ref px, (nuint)(i + 12)) * Vector256.LoadUnsafe(ref py, (nuint)(i + 12));
        }
        double sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        for (; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>Σ x in a fixed order (see Dot): bit-for-bit reproducible wherever the array is.</summary>
    public static double Sum(ReadOnlySpan<double> x)
    {
        ref double px = ref MemoryMarshal.GetReference(x);
        Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default;
        int i = 0;
        for (; i <= x.Length - 16; i += 16)
        {
            s0 += Vector256.LoadUnsafe(ref px, (nuint)i);
            s1 += Vector256.LoadUnsafe(ref px, (nuint)(i + 4));
            s2 += Vector256.LoadUnsafe(ref px, (nuint)(i + 8));
            s3 += Vector256.LoadUnsafe(ref px, (nuint)(i + 12));
        }
        double sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        for (; i < x.Length; i++) sum += x[i];
        return sum;
    }

    /// <summary>column[j] = Σ_i x[i, j] for a row-major [rows × columns] block (the bias gradient).</summary>
    public static void ColumnSums(ReadOnlySpan<double> x, int rows, int columns, Span<double> column)
    {
        column.Clear();
        for (int i = 0; i < rows; i++) TensorPrimitives.Add(column, x.Slice(i * columns, columns), column);
    }

    /// <summary>y = x·σ(x) (SiLU); also writes σ(x) into sigmoid for the backward pass.</summary>
    public static void Silu(ReadOnlySpan<double> x, Span<double> y, Span<double> sigmoid)
    {
        TensorPrimitives.Sigmoid(x, sigmoid);
        TensorPrimitives.Multiply(x, sigmoid, y);
    }

    /// <summary>dx = g·σ(x)·(1 + x·(1 − σ(x))), the SiLU derivative applied to an upstream gradient.</summary>
    public static void SiluBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> x, ReadOnlySpan<double> sigmoid, Span<double> dx)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            double s = sigmoid[i];
            dx[i] = g[i] * s * (1.0 + x[i] * (1.0 - s));
        }
    }
}
