using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AdvancedMl.Autodiff.Kernels;

/// <summary>
/// eˣ and σ(x) = 1/(1 + e⁻ˣ) over spans, vectorised and bit-for-bit reproducible. Every element, the last partial
/// group of four included, goes through the same 4-wide code, so the result of an element depends only on its value —
/// not on where the array sits in memory (TensorPrimitives.Exp's does, in its last bits), nor on the array's length.
/// </summary>
/// <remarks>
/// eˣ = 2ⁿ·eʳ with n = round(x/ln 2) and r = x − n·ln 2 (Cody–Waite: ln 2 split in two so r is exact), |r| ≤ ln2/2;
/// eʳ by its Taylor polynomial to degree 13 (truncation below 10⁻¹⁷ relative), then 2ⁿ put into the exponent bits.
/// Machines with FMA evaluate the polynomial with fused multiply-adds, so their last bits can differ from machines without.
/// Results agree with Math.Exp to a few units in the last place; x &gt; 709.78 gives +∞, x &lt; −708.39 gives 0
/// (Math.Exp returns subnormals down to −745).
/// </remarks>
internal static class Exponential
{
    private const double Log2E = 1.4426950408889634, Ln2Hi = 0.693147180369123816490, Ln2Lo = 1.90821492927058770002e-10;
    private const double Max = 709.782712893384, Min = -708.3964185322641;

    /// <summary>destination[i] = e^x[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Exp(ReadOnlySpan<double> x, Span<double> destination) => Apply<ExpOp>(x, destination);

    /// <summary>destination[i] = 1 / (1 + e^−x[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> destination) => Apply<SigmoidOp>(x, destination);

    private interface IOp
    {
        static abstract Vector256<double> Invoke(Vector256<double> x);
    }

    private readonly struct ExpOp : IOp
    {
        public static Vector256<double> Invoke(Vector256<double> x) => Exp4(x);
    }

    private readonly struct SigmoidOp : IOp
    {
        public static Vector256<double> Invoke(Vector256<double> x) => Vector256<double>.One / (Vector256<double>.One + Exp4(-x));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Apply<TOp>(ReadOnlySpan<double> x, Span<double> destination) where TOp : struct, IOp
    {
        if (x.Length != destination.Length) throw new ArgumentException("Exponential: lengths differ.", nameof(destination));
        ref double px = ref MemoryMarshal.GetReference(x);
        ref double pd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= x.Length - 4; i += 4) TOp.Invoke(Vector256.LoadUnsafe(ref px, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
        if (i < x.Length)
        {
            Span<double> tail = stackalloc double[4];
            tail.Clear();
            x[i..].CopyTo(tail);
            var result = TOp.Invoke(Vector256.Create((ReadOnlySpan<double>)tail));
            for (int j = 0; i + j < x.Length; j++) destination[i + j] = result[j];
        }
    }

    private const double Shifter = 6755399441055744.0; // 1.5·2⁵²

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> PowerOfTwo(Vector256<double> integer) =>
        Vector256.ShiftLeft((integer + Vector256.Create(Shifter)).AsInt64() + Vector256.Create(1023L - BitConverter.DoubleToInt64Bits(Shifter)), 52).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> MulAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Exp4(Vector256<double> x)
    {
        var overflow = Vector256.GreaterThan(x, Vector256.Create(Max));
        var underflow = Vector256.LessThan(x, Vector256.Create(Min));
        var nan = ~Vector256.Equals(x, x);
        var clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(Min)), Vector256.Create(Max));
        var n = Vector256.Round(clamped * Vector256.Create(Log2E));
        var r = clamped - n * Vector256.Create(Ln2Hi) - n * Vector256.Create(Ln2Lo);
        // Horner: Σ_{k=0}^{13} r^k / k! (fused multiply-adds where the CPU has them; the same code path for every element)
        var p = Vector256.Create(1.0 / 6227020800.0);
        p = MulAdd(p, r, Vector256.Create(1.0 / 479001600.0));
        p = MulAdd(p, r, Vector256.Create(1.0 / 39916800.0));
        p = MulAdd(p, r, Vector256.Create(1.0 / 3628800.0));
        p = MulAdd(p, r, Vector256.Create(1.0 / 362880.0));
        p = MulAdd(p, r, Vector256.Create(1.0 / 40320.0));
        p = MulAdd(p, r, Vector256.Create(1.0 / 5040.0));
        p = MulAdd(p, r, Vector256.Create(1.0 / 720.0));
        p = MulAdd(p, r, Vector256.Create(1.0 / 120.0));
        p = MulAdd(p, r, Vector256.Create(1.0 / 24.0));
        p = MulAdd(p, r, Vector256.Create(1.0 / 6.0));
        p = MulAdd(p, r, Vector256.Create(0.5));
        p = MulAdd(p, r, Vector256<double>.One);
        p = MulAdd(p, r, Vector256<double>.One);
        // 2ⁿ as two exact powers of two 2^⌊n/2⌋·2^(n−⌊n/2⌋) (n reaches 1024 near the overflow threshold). An integer-valued
        // double v becomes its integer bits through v + 1.5·2⁵² (the "shifter"), which needs no double→long conversion
        // (AVX2 has none), then the biased exponent is shifted into place.
        var half = Vector256.Floor(n * Vector256.Create(0.5));
        var result = p * PowerOfTwo(half) * PowerOfTwo(n - half);
        result = Vector256.ConditionalSelect(overflow, Vector256.Create(double.PositiveInfinity), result);
        result = Vector256.ConditionalSelect(underflow, Vector256<double>.Zero, result);
        return Vector256.ConditionalSelect(nan, x, result);
    }
}
