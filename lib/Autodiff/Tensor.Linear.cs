using System.Runtime.CompilerServices;
using static System.FormattableString;

namespace AdvancedMl.Autodiff;

public sealed partial class Tensor
{
    /// <summary>The matrix product [m×k]·[k×n] → [m×n]; ∂/∂A = G·Bᵀ, ∂/∂B = Aᵀ·G.</summary>
    public Tensor MatMul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Rank != 2 || other.Rank != 2)
            throw new ArgumentException(Invariant($"Tensor.MatMul: needs two 2-D tensors; got {Shapes.Format(_shape)} and {Shapes.Format(other._shape)}."), nameof(other));
        if (_shape[1] != other._shape[0])
            throw new ArgumentException(Invariant($"Tensor.MatMul: inner dimensions differ; got {Shapes.Format(_shape)} and {Shapes.Format(other._shape)}."), nameof(other));
        int m = _shape[0], k = _shape[1], n = other._shape[1];
        var c = Storage.Rent(m * n);
        Kernels.Gemm.Multiply(_data, false, other._data, false, c, m, k, n, accumulate: false);
        var a = this;
        return Result("MatMul", c, [m, n], [a, other], g =>
            [a.RequiresGrad ? MatMulTransposedRight(g, other) : null, other.RequiresGrad ? MatMulTransposedLeft(a, g) : null]);
    }

    /// <summary>
    /// The affine map x·W + b of a linear layer ([n×in]·[in×out] + [out]) in one pass, as torch.addmm: every row of the
    /// result starts as b and the kernel accumulates x·W onto it. Same values and backward rules as x.MatMul(w) + b.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Tensor Linear(Tensor input, Tensor weight, Tensor bias)
    {
        ArgumentNullException.ThrowIfNull(bias);
        if (weight is null || weight.Rank != 2 || bias.Rank != 1 || bias._shape[0] != weight._shape[1])
            throw new ArgumentException(Invariant($"Tensor.Linear: bias must be [out] for weight [in×out]; got {Shapes.Format(bias._shape)} and {(weight is null ? "null" : Shapes.Format(weight._shape))}."), nameof(bias));
        if (input is null || input.Rank != 2 || input._shape[1] != weight._shape[0])
            throw new ArgumentException(Invariant($"Tensor.Linear: inner dimensions differ; got {(input is null ? "null" : Shapes.Format(input._shape))} and {Shapes.Format(weight._shape)}."), nameof(input));
        int m = input._shape[0], k = input._shape[1], n = weight._shape[1];
        var c = Storage.Rent(m * n);
        for (int i = 0; i < m; i++) bias._data.CopyTo(c, i * n);
        Kernels.Gemm.Multiply(input._data, false, weight._data, false, c, m, k, n, accumulate: true);
        return Result("Linear", c, [m, n], [input, weight, bias], g =>
        [
            input.RequiresGrad ? MatMulTransposedRight(g, weight) : null,
            weight.RequiresGrad ? MatMulTransposedLeft(input, g) : null,
            bias.RequiresGrad ? g.SumTo(bias._shape) : null,
        ]);
    }

    /// <summary>x·yᵀ for the backward pass: one kernel call when no graph is recorded, else differentiable ops.</summary>
    private static Tensor MatMulTransposedRight(Tensor x, Tensor y)
    {
        if (Autograd.IsGradEnabled && (x.RequiresGrad || y.RequiresGrad)) return x.MatMul(y.T());
        int m = x._shape[0], k = x._shape[1], n = y._shape[0];
        var c = Storage.Rent(m * n);
        Kernels.Gemm.Multiply(x._data, false, y._data, true, c, m, k, n, accumulate: false);
        return Made(c, [m, n], "MatMul");
    }

    /// <summary>xᵀ·y for the backward pass: one kernel call when no graph is recorded, else differentiable ops.</summary>
    private static Tensor MatMulTransposedLeft(Tensor x, Tensor y)
    {
        if (Autograd.IsGradEnabled && (x.RequiresGrad || y.RequiresGrad)) return x.T().MatMul(y);
        int m = x._shape[1], k = x._shape[0], n = y._shape[1];
        var c = Storage.Rent(m * n);
        Kernels.Gemm.Multiply(x._data, true, y._data, false, c, m, k, n, accumulate: false);
        return Made(c, [m, n], "MatMul");
    }

    /// <summary>The transpose of a 2-D tensor.</summary>
    public Tensor T()
    {
        Shapes.RequireRank(this, 2, "Tensor.T");
        return Transpose(0, 1);
    }

    /// <summary>This tensor with two axes swapped (a copy); backward swaps them back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Tensor Transpose(int axis0, int axis1)
    {
        int a0 = Shapes.Axis(axis0, Rank, "Tensor.Transpose"), a1 = Shapes.Axis(axis1, Rank, "Tensor.Transpose");
        if (a0 == a1) return this;
        var shape = (int[])_shape.Clone();
        (shape[a0], shape[a1]) = (shape[a1], shape[a0]);
        var result = Storage.Rent(_data.Length);
        if (Rank == 2)
        {
            int rows = _shape[0], cols = _shape[1];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) result[j * rows + i] = _data[i * cols + j];
        }
        else
        {
            // Source strides, permuted: walking the output in row-major order reads the source at these offsets.
            var strides = new int[Rank];
            for (int i = Rank - 1, s = 1; i >= 0; s *= _shape[i], i--) strides[i] = s;
            (strides[a0], strides[a1]) = (strides[a1], strides[a0]);
            var offsets = new int[_data.Length];
            Shapes.StridedOffsets(shape, strides, offsets);
            for (int i = 0; i < result.Length; i++) result[i] = _data[offsets[i]];
        }
        return Result("Transpose", result, shape, [this], g => [g.Transpose(a0, a1)]);
    }
}
