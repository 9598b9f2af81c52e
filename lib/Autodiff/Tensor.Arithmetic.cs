using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using static System.FormattableString;

namespace AdvancedMl.Autodiff;

public sealed partial class Tensor
{
    private enum BinaryKind { Add, Subtract, Multiply, Divide }

    // ---------------------------------------------------------------- broadcasting binary ops

    /// <summary>Elementwise a + b with NumPy broadcasting; ∂/∂a = g, ∂/∂b = g, each summed back to its input's shape.</summary>
    public Tensor Add(Tensor other) => Binary("Add", this, other, BinaryKind.Add,
        (a, b) => g => [a.RequiresGrad ? g.SumTo(a._shape) : null, b.RequiresGrad ? g.SumTo(b._shape) : null]);

    /// <summary>Elementwise a − b with broadcasting; ∂/∂a = g, ∂/∂b = −g.</summary>
    public Tensor Sub(Tensor other) => Binary("Sub", this, other, BinaryKind.Subtract,
        (a, b) => g => [a.RequiresGrad ? g.SumTo(a._shape) : null, b.RequiresGrad ? (-g).SumTo(b._shape) : null]);

    /// <summary>Elementwise a·b with broadcasting; ∂/∂a = g·b, ∂/∂b = g·a.</summary>
    public Tensor Mul(Tensor other) => Binary("Mul", this, other, BinaryKind.Multiply,
        (a, b) => g => [a.RequiresGrad ? (g * b).SumTo(a._shape) : null, b.RequiresGrad ? (g * a).SumTo(b._shape) : null]);

    /// <summary>Elementwise a / b with broadcasting; ∂/∂a = g / b, ∂/∂b = −g·a / b².</summary>
    public Tensor Div(Tensor other) => Binary("Div", this, other, BinaryKind.Divide,
        (a, b) => g => [a.RequiresGrad ? (g / b).SumTo(a._shape) : null, b.RequiresGrad ? (-g * a / b.Square()).SumTo(b._shape) : null]);

    /// <summary>Elementwise a + b with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);

    /// <summary>Elementwise a − b with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);

    /// <summary>Elementwise a·b with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);

    /// <summary>Elementwise a / b with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);

    private static Tensor Binary(string op, Tensor a, Tensor b, BinaryKind kind, Func<Tensor, Tensor, Func<Tensor, Tensor?[]>> backward)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = a.SameShape(b) ? a._shape : Shapes.Broadcast(a._shape, b._shape, "Tensor." + op);
        var result = Storage.Rent(Shapes.Size(shape));
        Broadcasting(kind, a, b, shape, result);
        return Result(op, result, shape, [a, b], backward(a, b));
    }

    /// <summary>result = a ∘ b on the broadcast shape: direct when shapes agree, row-wise when one side is a trailing block (a bias), else expanded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Broadcasting(BinaryKind kind, Tensor a, Tensor b, int[] shape, Span<double> result)
    {
        if (a._data.Length == result.Length && b._data.Length == result.Length) { Apply(kind, a._data, b._data, result); return; }
        if (a._data.Length == result.Length && b._data.Length == 1 || b._data.Length == result.Length && a._data.Length == 1)
        {
            Apply(kind, a._data, b._data, result); // one side is a single value: a scalar loop inside Map
            return;
        }
        if (a._data.Length == result.Length && IsTrailingBlock(b._shape, shape))
        {
            int block = b._data.Length;
            for (int r = 0; r < result.Length; r += block) Apply(kind, a._data.AsSpan(r, block), b._data, result.Slice(r, block));
            return;
        }
        if (b._data.Length == result.Length && IsTrailingBlock(a._shape, shape))
        {
            int block = a._data.Length;
            for (int r = 0; r < result.Length; r += block) Apply(kind, a._data, b._data.AsSpan(r, block), result.Slice(r, block));
            return;
        }
        var ea = a._data.Length == result.Length ? a._data : Expand(a._data, a._shape, shape);
        var eb = b._data.Length == result.Length ? b._data : Expand(b._data, b._shape, shape);
        Apply(kind, ea, eb, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Apply(BinaryKind kind, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination)
    {
        switch (kind) // a length-1 operand is a scalar
        {
            case BinaryKind.Add: Kernels.Elementwise.Map<Kernels.Elementwise.AddOp>(x, y, destination); break;
            case BinaryKind.Subtract: Kernels.Elementwise.Map<Kernels.Elementwise.SubtractOp>(x, y, destination); break;
            case BinaryKind.Multiply: Kernels.Elementwise.Map<Kernels.Elementwise.MultiplyOp>(x, y, destination); break;
            default: Kernels.Elementwise.Map<Kernels.Elementwise.DivideOp>(x, y, destination); break;
        }
    }

    /// <summary>True when `small`, without its leading 1s, equals the trailing axes of `shape` (so it repeats as a contiguous block).</summary>
    private static bool IsTrailingBlock(int[] small, int[] shape)
    {
        int start = 0;
        while (start < small.Length && small[start] == 1) start++;
        int len = small.Length - start;
        if (len > shape.Length) return false;
        for (int i = 0; i < len; i++)
            if (small[start + i] != shape[shape.Length - len + i]) return false;
        return true;
    }

    /// <summary>Materialises data of shape `from` broadcast to shape `to`.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Expand(double[] data, int[] from, int[] to)
    {
        var result = Storage.Rent(Shapes.Size(to));
        var offsets = new int[result.Length];
        Shapes.StridedOffsets(to, Shapes.BroadcastStrides(from, to), offsets);
        for (int i = 0; i < result.Length; i++) result[i] = data[offsets[i]];
        return result;
    }

    /// <summary>This tensor repeated along broadcast axes to the given shape (NumPy rules); backward sums back (SumTo).</summary>
    public Tensor BroadcastTo(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (Shapes.Equal(shape, _shape)) return this;
        if (!Shapes.BroadcastsTo(_shape, shape))
            throw new ArgumentException(Invariant($"Tensor.BroadcastTo: shape {Shapes.Format(_shape)} cannot be broadcast to {Shapes.Format(shape)}."), nameof(shape));
        var from = _shape;
        return Result("BroadcastTo", Expand(_data, _shape, shape), (int[])shape.Clone(), [this], g => [g.SumTo(from)]);
    }

    /// <summary>Sums over the axes along which `shape` was broadcast to this tensor's shape (the adjoint of BroadcastTo).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Tensor SumTo(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (Shapes.Equal(shape, _shape)) return this;
        if (!Shapes.BroadcastsTo(shape, _shape))
            throw new ArgumentException(Invariant($"Tensor.SumTo: shape {Shapes.Format(_shape)} cannot be summed to {Shapes.Format(shape)}."), nameof(shape));
        var result = Storage.RentZeroed(Shapes.Size(shape));
        if (IsTrailingBlock(shape, _shape))
            Kernels.Elementwise.ColumnSums(_data, _data.Length / result.Length, result.Length, result);
        else
        {
            var offsets = new int[_data.Length];
            Shapes.StridedOffsets(_shape, Shapes.BroadcastStrides(shape, _shape), offsets);
            for (int i = 0; i < _data.Length; i++) result[offsets[i]] += _data[i];
        }
        var from = _shape;
        return Result("SumTo", result, (int[])shape.Clone(), [this], g => [g.BroadcastTo(from)]);
    }

    // ---------------------------------------------------------------- scalar forms

    /// <summary>scale·x + shift elementwise (the scalar arithmetic behind the operators with a double); ∂/∂x = g·scale.</summary>
    public Tensor Affine(double scale, double shift)
    {
        var result = Storage.Rent(_data.Length);
        if (shift == 0.0) Kernels.Elementwise.Map<Kernels.Elementwise.MultiplyOp>(_data, [scale], result);
        else if (scale == 1.0) Kernels.Elementwise.Map<Kernels.Elementwise.AddOp>(_data, [shift], result);
        else
        {
            Kernels.Elementwise.Map<Kernels.Elementwise.MultiplyOp>(_data, [scale], result);
            Kernels.Elementwise.Map<Kernels.Elementwise.AddOp>(result, [shift], result);
        }
        return Result("Affine", result, _shape, [this], g => [scale == 1.0 ? g : g.Affine(scale, 0.0)]);
    }

    /// <summary>x + c.</summary>
    public static Tensor operator +(Tensor a, double c) => a.Affine(1.0, c);

    /// <summary>c + x.</summary>
    public static Tensor operator +(double c, Tensor a) => a.Affine(1.0, c);

    /// <summary>x − c.</summary>
    public static Tensor operator -(Tensor a, double c) => a.Affine(1.0, -c);

    /// <summary>c − x.</summary>
    public static Tensor operator -(double c, Tensor a) => a.Affine(-1.0, c);

    /// <summary>x·c.</summary>
    public static Tensor operator *(Tensor a, double c) => a.Affine(c, 0.0);

    /// <summary>c·x.</summary>
    public static Tensor operator *(double c, Tensor a) => a.Affine(c, 0.0);

    /// <summary>x / c.</summary>
    public static Tensor operator /(Tensor a, double c) => a.Affine(1.0 / c, 0.0);

    /// <summary>c / x elementwise.</summary>
    public static Tensor operator /(double c, Tensor a) => a.Pow(-1.0).Affine(c, 0.0);

    /// <summary>−x.</summary>
    public static Tensor operator -(Tensor a) => a.Affine(-1.0, 0.0);

    // ---------------------------------------------------------------- unary math

    /// <summary>xᵖ elementwise; ∂/∂x = g·p·xᵖ⁻¹.</summary>
    public Tensor Pow(double p)
    {
        if (p == 1.0) return Clone();
        var result = Storage.Rent(_data.Length);
        if (p == 2.0) Kernels.Elementwise.Map<Kernels.Elementwise.MultiplyOp>(_data, _data, result);
        else for (int i = 0; i < result.Length; i++) result[i] = Math.Pow(_data[i], p); // scalar: TensorPrimitives' last bits depend on alignment
        var x = this;
        return Result("Pow", result, _shape, [x], g => [g * x.Pow(p - 1.0).Affine(p, 0.0)]);
    }

    /// <summary>x² elementwise.</summary>
    public Tensor Square() => Pow(2.0);

    /// <summary>√x elementwise; ∂/∂x = g / (2√x).</summary>
    public Tensor Sqrt()
    {
        var result = Storage.Rent(_data.Length);
        TensorPrimitives.Sqrt(_data, result);
        Tensor y = null!;
        y = Result("Sqrt", result, _shape, [this], g => [g / y.Affine(2.0, 0.0)]);
        return y;
    }

    /// <summary>eˣ elementwise; ∂/∂x = g·eˣ.</summary>
    public Tensor Exp()
    {
        var result = Storage.Rent(_data.Length);
        Kernels.Exponential.Exp(_data, result);
        Tensor y = null!;
        y = Result("Exp", result, _shape, [this], g => [g * y]);
        return y;
    }

    /// <summary>ln x elementwise; ∂/∂x = g / x.</summary>
    public Tensor Log()
    {
        var result = Storage.Rent(_data.Length);
        for (int i = 0; i < result.Length; i++) result[i] = Math.Log(_data[i]);
        var x = this;
        return Result("Log", result, _shape, [x], g => [g / x]);
    }

    /// <summary>|x| elementwise; ∂/∂x = g·sign(x) (0 at 0).</summary>
    public Tensor Abs()
    {
        var result = Storage.Rent(_data.Length);
        TensorPrimitives.Abs(_data, result);
        var signs = Storage.Rent(_data.Length);
        for (int i = 0; i < signs.Length; i++) signs[i] = _data[i] > 0 ? 1.0 : _data[i] < 0 ? -1.0 : 0.0;
        var sign = Made(signs, _shape, "constant");
        return Result("Abs", result, _shape, [this], g => [g * sign]);
    }

    /// <summary>max(x, min) elementwise; ∂/∂x = g where x > min, else 0.</summary>
    public Tensor ClampMin(double min)
    {
        var result = Storage.Rent(_data.Length);
        TensorPrimitives.Max(_data, min, result);
        var mask = Step(_data, _shape, min, 1.0, 0.0);
        return Result("ClampMin", result, _shape, [this], g => [g * mask]);
    }

    /// <summary>A constant (non-differentiable) tensor: `above` where x &gt; threshold, else `below` (the masks and slopes of piecewise-linear backward rules).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Tensor Step(double[] x, int[] shape, double threshold, double above, double below)
    {
        var data = Storage.Rent(x.Length);
        for (int i = 0; i < x.Length; i++) data[i] = x[i] > threshold ? above : below;
        return Made(data, shape, "constant");
    }
}
