using static System.FormattableString;
using AdvancedMl.Autodiff;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Contrastive;

using Sequential = AdvancedMl.Autodiff.Sequential;   // inside the namespace: AdvancedMl.Sequential (the HMM namespace) would win otherwise

/// <summary>Settings of <see cref="SupervisedNetwork.Fit"/>: the same encoder as the self-supervised runs plus a linear classifier, trained on the labeled images only.</summary>
public sealed record SupervisedNetworkOptions
{
    /// <summary>Width of the encoder's hidden ReLU layer. Default 128.</summary>
    public int HiddenSize { get; init; } = 128;

    /// <summary>Size of the representation before the classifier. Default 64.</summary>
    public int RepresentationSize { get; init; } = 64;

    /// <summary>Images per step (capped at the number of labeled images). Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Number of AdamW steps. Default 200.</summary>
    public int Steps { get; init; } = 200;

    /// <summary>AdamW learning rate, constant over the steps (no schedule). Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Decoupled weight decay (AdamW), the regulariser that matters with few labels. Default 1e-2.</summary>
    public double WeightDecay { get; init; } = 1e-2;

    /// <summary>Augment every training image afresh each step (for example the pre-training augmentations); null, the default, trains on the plain images.</summary>
    public AugmentationOptions? Augmentation { get; init; }

    /// <summary>Seed of the generator behind initialisation, batch sampling and augmentation. Default 0.</summary>
    public int Seed { get; init; } = 0;
}

/// <summary>
/// The supervised baseline of notebook 13 (section 8): an MLP with the encoder's shape and a linear output layer, trained with
/// cross-entropy on the few labeled images alone (optionally with augmentations).
/// </summary>
public sealed class SupervisedNetwork
{
    private readonly Sequential _network;

    private SupervisedNetwork(Sequential network, int classes, double[] lossHistory)
    {
        _network = network; ClassCount = classes; LossHistory = lossHistory;
    }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>Training cross-entropy after every step.</summary>
    public IReadOnlyList<double> LossHistory { get; }

    /// <summary>Trains the network on images (n × side²) with labels in 0 … classes − 1 (classes defaults to max label + 1).</summary>
    public static SupervisedNetwork Fit(Matrix<double> images, int[] labels, SupervisedNetworkOptions? options = null, int classes = 0)
    {
        const string method = "SupervisedNetwork.Fit";
        options ??= new SupervisedNetworkOptions();
        Guard.FiniteMatrix(images, method, nameof(images));
        int k = Classes.Count(labels, images.RowCount, classes, method);
        Guard.AtLeast(options.Steps, 1, method, "Steps");
        Guard.AtLeast(options.BatchSize, 1, method, "BatchSize");
        Guard.AtLeast(options.HiddenSize, 1, method, "HiddenSize");
        Guard.AtLeast(options.RepresentationSize, 1, method, "RepresentationSize");
        SimClr.CheckPositive(options.LearningRate, method, "LearningRate");
        Guard.NonNegative(options.WeightDecay, method, "WeightDecay");
        var augmenter = options.Augmentation is null ? null : new ImageAugmenter(options.Augmentation);
        if (augmenter is not null && images.ColumnCount != options.Augmentation!.Side * options.Augmentation.Side)
            throw new ArgumentException(Invariant($"{method}: images must have Side² = {options.Augmentation.Side * options.Augmentation.Side} columns; got {images.ColumnCount}."), nameof(images));

        int n = images.RowCount, pixels = images.ColumnCount, batch = Math.Min(options.BatchSize, n);
        var rng = new Random(options.Seed);
        var network = Mlp.Create(new[] { pixels, options.HiddenSize, options.RepresentationSize, k }, ActivationKind.Relu, rng);
        var optimizer = new AdamW(network.Parameters, options.LearningRate, weightDecay: options.WeightDecay);
        var source = images.ToRowMajorArray();
        var order = Enumerable.Range(0, n).ToArray();
        var rows = new double[batch * pixels];
        var targets = new int[batch];
        var losses = new double[options.Steps];
        for (int step = 0; step < options.Steps; step++)
        {
            using var scope = Autograd.StepScope();   // this step's intermediate tensors are recycled when it ends
            for (int i = 0; i < batch; i++)
            {
                int j = i + rng.Next(n - i);
                (order[i], order[j]) = (order[j], order[i]);
                targets[i] = labels[order[i]];
                var image = source.AsSpan(order[i] * pixels, pixels);
                if (augmenter is null) image.CopyTo(rows.AsSpan(i * pixels, pixels));
                else augmenter.Augment(image, rows.AsSpan(i * pixels, pixels), rng);
            }
            optimizer.ZeroGrad();
            var loss = Loss.CrossEntropy(network.Forward(Tensor.FromArray(rows, batch, pixels)), targets);
            loss.Backward();
            optimizer.Step();
            losses[step] = loss.Item();
        }
        return new SupervisedNetwork(network, k, losses);
    }

    /// <summary>The most probable class of every row of images.</summary>
    public int[] Predict(Matrix<double> images)
    {
        const string method = "SupervisedNetwork.Predict";
        Guard.FiniteMatrix(images, method, nameof(images));
        int inputs = ((Linear)_network.Layers[0]).Weight.Dim(0);
        if (images.ColumnCount != inputs)
            throw new ArgumentException(Invariant($"{method}: images must have {inputs} columns; got {images.ColumnCount}."), nameof(images));
        using (Autograd.NoGrad())
            return _network.Forward(Tensor.FromArray(images.ToRowMajorArray(), images.RowCount, images.ColumnCount)).ArgMax(1);
    }

    /// <summary>Accuracy: the fraction of rows whose predicted class equals the label.</summary>
    public double Score(Matrix<double> images, int[] labels) => Classes.Accuracy(Predict(images), labels, "SupervisedNetwork.Score");
}
