using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace AdvancedMl.Autodiff;

public sealed partial class Tensor
{
    /// <summary>The sum of all elements (a scalar); backward broadcasts g to every element.</summary>
    public Tensor Sum()
    {
        var shape = _shape;
        return Result("Sum", [Kernels.Elementwise.Sum(_data)], [], [this], g => [g.BroadcastTo(shape)]);
    }

    /// <summary>The mean of all elements (a scalar).</summary>
    public Tensor Mean() => Sum().Affine(1.0 / _data.Length, 0.0);

    /// <summary>Sums along one axis (removed, or kept with size 1); backward broadcasts g back along that axis.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Tensor Sum(int axis, bool keepDim = false)
    {
        int ax = Shapes.Axis(axis, Rank, "Tensor.Sum");
        var (outer, length, inner) = Shapes.Around(_shape, ax);
        var result = Storage.RentZeroed(outer * inner);
        for (int o = 0; o < outer; o++)
        {
            var dst = result.AsSpan(o * inner, inner);
            for (int k = 0; k < length; k++) Kernels.Elementwise.AddInPlace(dst, _data.AsSpan((o * length + k) * inner, inner));
        }
        var shape = _shape;
        var kept = Shapes.Reduce(_shape, ax, keepDim: true);
        return Result("Sum", result, Shapes.Reduce(_shape, ax, keepDim), [this], g => [g.Reshape(kept).BroadcastTo(shape)]);
    }

    /// <summary>The mean along one axis (removed, or kept with size 1).</summary>
    public Tensor Mean(int axis, bool keepDim = false) => Sum(axis, keepDim).Affine(1.0 / Dim(axis), 0.0);

    /// <summary>The maximum along one axis; the gradient goes to the first position attaining it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Tensor Max(int axis, bool keepDim = false)
    {
        int ax = Shapes.Axis(axis, Rank, "Tensor.Max");
        var (outer, length, inner) = Shapes.Around(_shape, ax);
        var result = Storage.RentZeroed(outer * inner);
        var mask = Storage.RentZeroed(_data.Length);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int best = 0;
                for (int k = 1; k < length; k++)
                    if (_data[(o * length + k) * inner + i] > _data[(o * length + best) * inner + i]) best = k;
                result[o * inner + i] = _data[(o * length + best) * inner + i];
                mask[(o * length + best) * inner + i] = 1.0;
            }
        var shape = _shape;
        var kept = Shapes.Reduce(_shape, ax, keepDim: true);
        var maskTensor = Made(mask, shape, "constant");
        return Result("Max", result, Shapes.Reduce(_shape, ax, keepDim), [this], g => [g.Reshape(kept).BroadcastTo(shape) * maskTensor]);
    }

    /// <summary>The index of the largest entry along an axis (first on ties), for every other position; not differentiable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int[] ArgMax(int axis = -1)
    {
        int ax = Shapes.Axis(axis, Rank, "Tensor.ArgMax");
        var (outer, length, inner) = Shapes.Around(_shape, ax);
        var result = new int[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int best = 0;
                for (int k = 1; k < length; k++)
                    if (_data[(o * length + k) * inner + i] > _data[(o * length + best) * inner + i]) best = k;
                result[o * inner + i] = best;
            }
        return result;
    }
}
