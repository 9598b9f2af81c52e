using static System.FormattableString;

namespace AdvancedMl.Autodiff;

/// <summary>Scalar training losses built from differentiable ops (so they differentiate twice).</summary>
public static class Loss
{
    /// <summary>Mean squared error mean((prediction − target)²) over all elements (same shapes).</summary>
    public static Tensor Mse(Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (!prediction.SameShape(target))
            throw new ArgumentException(Invariant($"Loss.Mse: prediction and target shapes differ; got {Shapes.Format(prediction._shape)} and {Shapes.Format(target._shape)}."), nameof(target));
        return (prediction - target).Square().Mean();
    }

    /// <summary>Cross-entropy −mean_i log softmax(logits_i)[targets_i] for logits [n×C] and class indices (stable log-softmax).</summary>
    public static Tensor CrossEntropy(Tensor logits, int[] targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        return -logits.LogSoftmax(1).PickColumns(targets, "Loss.CrossEntropy").Mean();
    }

    /// <summary>Binary cross-entropy on logits, mean(softplus(z) − y·z) = mean(−y log σ(z) − (1 − y) log(1 − σ(z))), stable for large |z|.</summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (!logits.SameShape(targets))
            throw new ArgumentException(Invariant($"Loss.BinaryCrossEntropyWithLogits: logits and targets shapes differ; got {Shapes.Format(logits._shape)} and {Shapes.Format(targets._shape)}."), nameof(targets));
        return (logits.Softplus() - targets * logits).Mean();
    }
}
