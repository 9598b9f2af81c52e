using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AdvancedMl.Autodiff.Kernels;

/// <summary>Vectorised loops behind the elementwise ops and gradient accumulation (System.Numerics.Tensors).</summary>
internal static class Elementwise
{
    /// <summary>An elementwise binary operation, as a vector and as a scalar function (the same rounding: +, −, ×, ÷ are exact-rounded).</summary>
    public interface IBinary
    {
        /// <summary>Four lanes at once.</summary>
        static abstract Vector256<double> Invoke(Vector256<double> x, Vector256<double> y);

        /// <summary>One value.</summary>
        static abstract double Invoke(double x, double y);
    }

    /// <summary>x + y.</summary>
    public readonly struct AddOp : IBinary
    {
        public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => x + y;
        public static double Invoke(double x, double y) => x + y;
    }

    /// <summary>x − y.</summary>
    public readonly struct SubtractOp : IBinary
    {
        public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => x - y;
        public static double Invoke(double x, double y) => x - y;
    }

    /// <summary>x·y.</summary>
    public readonly struct MultiplyOp : IBinary
    {
        public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => x * y;
        public static double Invoke(double x, double y) => x * y;
    }

    /// <summary>x / y.</summary>
    public readonly struct DivideOp : IBinary
    {
        public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => x / y;
        public static double Invoke(double x, double y) => x / y;
    }

    /// <summary>
    /// destination[i] = x[i] ∘ y[i], where a length-1 x or y stands for a scalar. Four lanes at a time from index 0, then
    /// a scalar tail. Our own loop rather than TensorPrimitives so that it is compiled optimised on first call
    /// (System.Numerics.Tensors is not precompiled, and a notebook kernel's JIT takes long to tier its loops up).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Map<TOp>(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination) where TOp : struct, IBinary
    {
        int n = destination.Length;
        ref double pd = ref MemoryMarshal.GetReference(destination);
        ref double px = ref MemoryMarshal.GetReference(x);
        ref double py = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (x.Length == 1 && n > 1)
        {
            double xs = x[0];
            var xv = Vector256.Create(xs);
            for (; i <= n - 4; i += 4) TOp.Invoke(xv, Vector256.LoadUnsafe(ref py, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
            for (; i < n; i++) Unsafe.Add(ref pd, i) = TOp.Invoke(xs, Unsafe.Add(ref py, i));
        }
        else if (y.Length == 1 && n > 1)
        {
            double ys = y[0];
            var yv = Vector256.Create(ys);
            for (; i <= n - 4; i += 4) TOp.Invoke(Vector256.LoadUnsafe(ref px, (nuint)i), yv).StoreUnsafe(ref pd, (nuint)i);
            for (; i < n; i++) Unsafe.Add(ref pd, i) = TOp.Invoke(Unsafe.Add(ref px, i), ys);
        }
        else
        {
            if (x.Length != n || y.Length != n) throw new ArgumentException("Elementwise.Map: lengths differ.", nameof(destination));
            for (; i <= n - 4; i += 4)
                TOp.Invoke(Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref py, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
            for (; i < n; i++) Unsafe.Add(ref pd, i) = TOp.Invoke(Unsafe.Add(ref px, i), Unsafe.Add(ref py, i));
        }
    }

    /// <summary>y[i] += a·x[i] (a·x rounded, then added: no fused multiply-add).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("Elementwise.Axpy: lengths differ.", nameof(y));
        ref double px = ref MemoryMarshal.GetReference(x);
        ref double py = ref MemoryMarshal.GetReference(y);
        var av = Vector256.Create(a);
        int i = 0;
        for (; i <= x.Length - 4; i += 4)
            (Vector256.LoadUnsafe(ref py, (nuint)i) + av * Vector256.LoadUnsafe(ref px, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        for (; i < x.Length; i++) Unsafe.Add(ref py, i) += a * Unsafe.Add(ref px, i);
    }

    /// <summary>target += source.</summary>
    public static void AddInPlace(Span<double> target, ReadOnlySpan<double> source) => Map<AddOp>(target, source, target);

    /// <summary>A new array a + b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Sum(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var result = Storage.Rent(a.Length);
        Map<AddOp>(a, b, result);
        return result;
    }

    /// <summary>
    /// Σ x·y in a fixed order: four 4-wide partial sums over blocks of 16 from index 0, then a scalar tail. Unlike
    /// TensorPrimitives.Sum/Dot, whose vector loop starts at an address-aligned element, the result does not depend on
    /// where the array sits in memory, so reductions are bit-for-bit reproducible.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ColumnSums(ReadOnlySpan<double> x, int rows, int columns, Span<double> column)
    {
        column.Clear();
        for (int i = 0; i < rows; i++) AddInPlace(column, x.Slice(i * columns, columns));
    }

    /// <summary>y = max(x, 0) (NaN stays NaN, −0 becomes +0, as IEEE maximum) and mask = 1 where x &gt; 0, else 0, in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(ReadOnlySpan<double> x, Span<double> y, Span<double> mask)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            bool positive = v > 0.0;
            y[i] = positive || double.IsNaN(v) ? v : 0.0;
            mask[i] = positive ? 1.0 : 0.0;
        }
    }

    /// <summary>y = x·σ(x) (SiLU); also writes σ(x) into sigmoid for the backward pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Silu(ReadOnlySpan<double> x, Span<double> y, Span<double> sigmoid)
    {
        Exponential.Sigmoid(x, sigmoid);
        Map<MultiplyOp>(x, sigmoid, y);
    }

    /// <summary>dx = g·σ(x)·(1 + x·(1 − σ(x))), the SiLU derivative applied to an upstream gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SiluBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> x, ReadOnlySpan<double> sigmoid, Span<double> dx)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            double s = sigmoid[i];
            dx[i] = g[i] * s * (1.0 + x[i] * (1.0 - s));
        }
    }
}
