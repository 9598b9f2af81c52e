using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using static System.FormattableString;

namespace AdvancedMl.Autodiff;

public sealed partial class Tensor
{
    /// <summary>max(x, 0); ∂/∂x = g where x &gt; 0.</summary>
    public Tensor Relu()
    {
        var result = Storage.Rent(_data.Length);
        var maskData = Storage.Rent(_data.Length);
        Kernels.Elementwise.Relu(_data, result, maskData);   // one fused loop (TensorPrimitives.Max starts slow in a fresh kernel)
        var mask = Made(maskData, _shape, "constant");
        return Result("Relu", result, _shape, [this], g => [g * mask]);
    }

    /// <summary>x for x &gt; 0, slope·x otherwise; ∂/∂x = g·(1 or slope).</summary>
    public Tensor LeakyRelu(double slope = 0.01)
    {
        var factor = Step(_data, _shape, 0.0, 1.0, slope);
        var result = Storage.Rent(_data.Length);
        Kernels.Elementwise.Map<Kernels.Elementwise.MultiplyOp>(_data, factor._data, result);
        return Result("LeakyRelu", result, _shape, [this], g => [g * factor]);
    }

    /// <summary>SiLU (swish) x·σ(x); ∂/∂x = g·σ(x)·(1 + x·(1 − σ(x))).</summary>
    public Tensor Silu()
    {
        var result = Storage.Rent(_data.Length);
        var sigmoid = Storage.Rent(_data.Length);
        Kernels.Elementwise.Silu(_data, result, sigmoid);
        var x = this;
        return Result("Silu", result, _shape, [x], g =>
        {
            if (!Autograd.IsGradEnabled) // first order: one fused loop over the saved σ(x)
            {
                var dx = Storage.Rent(g._data.Length);
                Kernels.Elementwise.SiluBackward(g._data, x._data, sigmoid, dx);
                return [Made(dx, x._shape, "SiluBackward")];
            }
            var s = x.Sigmoid();
            return [g * s * (1.0 + x * (1.0 - s))];
        });
    }

    /// <summary>tanh x; ∂/∂x = g·(1 − tanh²x).</summary>
    public Tensor Tanh()
    {
        var result = Storage.Rent(_data.Length);
        for (int i = 0; i < result.Length; i++) result[i] = Math.Tanh(_data[i]); // scalar: reproducible bits
        Tensor y = null!;
        y = Result("Tanh", result, _shape, [this], g => [g * (1.0 - y.Square())]);
        return y;
    }

    /// <summary>σ(x) = 1 / (1 + e⁻ˣ); ∂/∂x = g·σ(x)·(1 − σ(x)).</summary>
    public Tensor Sigmoid()
    {
        var result = Storage.Rent(_data.Length);
        Kernels.Exponential.Sigmoid(_data, result);
        Tensor y = null!;
        y = Result("Sigmoid", result, _shape, [this], g => [g * y * (1.0 - y)]);
        return y;
    }

    /// <summary>Exact GELU x·Φ(x) with Φ the standard normal CDF (built from differentiable ops).</summary>
    public Tensor Gelu() => this * NormalCdf();

    /// <summary>Φ(x), the standard normal CDF; ∂/∂x = g·φ(x) with φ(x) = e^(−x²/2)/√(2π).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Tensor NormalCdf()
    {
        var result = Storage.Rent(_data.Length);
        for (int i = 0; i < result.Length; i++) result[i] = 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-_data[i] / Math.Sqrt(2.0));
        var x = this;
        return Result("NormalCdf", result, _shape, [x], g => [g * (x.Square() * -0.5).Exp() * (1.0 / Math.Sqrt(2.0 * Math.PI))]);
    }

    /// <summary>softplus(x) = log(1 + eˣ), computed as max(x, 0) + log(1 + e^−|x|); ∂/∂x = g·σ(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Tensor Softplus()
    {
        var result = Storage.Rent(_data.Length);
        for (int i = 0; i < result.Length; i++)
        {
            double v = _data[i];
            result[i] = Math.Max(v, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs(v)));
        }
        var x = this;
        return Result("Softplus", result, _shape, [x], g => [g * x.Sigmoid()]);
    }

    /// <summary>Softmax along an axis, shifted by the maximum for stability; ∂/∂x = y·(g − Σ g·y).</summary>
    public Tensor Softmax(int axis = -1)
    {
        int ax = Shapes.Axis(axis, Rank, "Tensor.Softmax");
        var result = LogSoftmaxValues(ax);
        Kernels.Exponential.Exp(result, result);
        Tensor y = null!;
        y = Result("Softmax", result, _shape, [this], g => [y * (g - (g * y).Sum(ax, keepDim: true))]);
        return y;
    }

    /// <summary>log softmax along an axis, x − max − log Σ e^(x − max); ∂/∂x = g − softmax·Σ g.</summary>
    public Tensor LogSoftmax(int axis = -1)
    {
        int ax = Shapes.Axis(axis, Rank, "Tensor.LogSoftmax");
        Tensor y = null!;
        y = Result("LogSoftmax", LogSoftmaxValues(ax), _shape, [this], g => [g - y.Exp() * g.Sum(ax, keepDim: true)]);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double[] LogSoftmaxValues(int ax)
    {
        var (outer, length, inner) = Shapes.Around(_shape, ax);
        var result = Storage.Rent(_data.Length);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int start = o * length * inner + i;
                double max = double.NegativeInfinity;
                for (int k = 0; k < length; k++) max = Math.Max(max, _data[start + k * inner]);
                double sum = 0.0;
                for (int k = 0; k < length; k++) sum += Math.Exp(_data[start + k * inner] - max);
                double lse = max + Math.Log(sum);
                for (int k = 0; k < length; k++) result[start + k * inner] = _data[start + k * inner] - lse;
            }
        return result;
    }

    /// <summary>Each row (last axis) divided by max(‖row‖₂, eps) (the unit-sphere embeddings of notebook 13).</summary>
    public Tensor L2Normalize(double eps = 1e-12)
    {
        if (!(eps > 0)) throw new ArgumentException(Invariant($"Tensor.L2Normalize: eps must be positive; got {eps}."), nameof(eps));
        return this / Square().Sum(-1, keepDim: true).ClampMin(eps * eps).Sqrt();
    }

    /// <summary>Inverted dropout: zeroes each entry with probability p and scales survivors by 1/(1 − p); identity when not training or p = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Tensor Dropout(double p, Random rng, bool training)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(p >= 0.0 && p < 1.0)) throw new ArgumentException(Invariant($"Tensor.Dropout: p must lie in [0, 1); got {p}."), nameof(p));
        if (!training || p == 0.0) return this;
        var mask = Storage.RentZeroed(_data.Length);
        double keep = 1.0 / (1.0 - p);
        for (int i = 0; i < mask.Length; i++) mask[i] = rng.NextDouble() < p ? 0.0 : keep;
        return this * Made(mask, _shape, "constant");
    }
}
