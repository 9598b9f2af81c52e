using System.Numerics.Tensors;

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
