using System.Runtime.CompilerServices;
using static System.FormattableString;

namespace AdvancedMl.Autodiff;

/// <summary>Scalar training losses built from differentiable ops (so they differentiate twice).</summary>
public static class Loss
{
    /// <summary>Mean squared error mean((prediction − target)²) over all elements (same shapes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Tensor Mse(Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (!prediction.SameShape(target))
            throw new ArgumentException(Invariant($"Loss.Mse: prediction and target shapes differ; got {Shapes.Format(prediction._shape)} and {Shapes.Format(target._shape)}."), nameof(target));
        // One node instead of four (Sub, Square, Sum, scale): L = Σ(p − t)²/N, ∂L/∂p = 2(p − t)/N·g = −∂L/∂t.
        var p = prediction._data;
        var t = target._data;
        double sum = 0.0;
        for (int i = 0; i < p.Length; i++) sum += (p[i] - t[i]) * (p[i] - t[i]);
        double scale = 2.0 / p.Length;
        return Tensor.Result("Mse", [sum / p.Length], [], [prediction, target], g =>
        {
            var dp = (prediction - target) * (g * scale);
            return [prediction.RequiresGrad ? dp : null, target.RequiresGrad ? -dp : null];
        });
    }

    /// <summary>Cross-entropy −mean_i log softmax(logits_i)[targets_i] for logits [n×C] and class indices (stable log-softmax).</summary>
    public static Tensor CrossEntropy(Tensor logits, int[] targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        return -logits.LogSoftmax(1).PickColumns(targets, "Loss.CrossEntropy").Mean();
    }

    /// <summary>Binary cross-entropy on logits, mean(softplus(z) − y·z) = mean(−y log σ(z) − (1 − y) log(1 − σ(z))), stable for large |z|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (!logits.SameShape(targets))
            throw new ArgumentException(Invariant($"Loss.BinaryCrossEntropyWithLogits: logits and targets shapes differ; got {Shapes.Format(logits._shape)} and {Shapes.Format(targets._shape)}."), nameof(targets));
        // One node: L = Σ softplus(z) − y·z over N entries, ∂L/∂z = (σ(z) − y)·g/N, ∂L/∂y = −z·g/N.
        var z = logits._data;
        var y = targets._data;
        double sum = 0.0;
        for (int i = 0; i < z.Length; i++) sum += Math.Max(z[i], 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs(z[i]))) - y[i] * z[i];
        double scale = 1.0 / z.Length;
        return Tensor.Result("BinaryCrossEntropyWithLogits", [sum * scale], [], [logits, targets], g =>
        [
            logits.RequiresGrad ? (logits.Sigmoid() - targets) * (g * scale) : null,
            targets.RequiresGrad ? -logits * (g * scale) : null,
        ]);
    }
}
