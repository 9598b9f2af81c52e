using System.Runtime.CompilerServices;
using static System.FormattableString;
using AdvancedMl.Autodiff;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Contrastive;

using Sequential = AdvancedMl.Autodiff.Sequential;   // inside the namespace: AdvancedMl.Sequential (the HMM namespace) would win otherwise

/// <summary>Settings of <see cref="SimClr.Fit"/>: network sizes, the NT-Xent temperature and the optimiser; defaults are sized for 8×8 images such as the digits (notebook 13 sets every field from its parameters cell).</summary>
public sealed record SimClrOptions
{
    /// <summary>Width of the encoder's hidden ReLU layer (encoder: pixels → hidden → representation). Default 128.</summary>
    public int HiddenSize { get; init; } = 128;

    /// <summary>Size of the representation h = f(x) that the linear probe reads. Default 64.</summary>
    public int RepresentationSize { get; init; } = 64;

    /// <summary>Size of the projection z = g(h) = W·ReLU(h) where the loss is computed. Default 32.</summary>
    public int ProjectionSize { get; init; } = 32;

    /// <summary>Temperature τ of the NT-Xent loss. Default 0.2.</summary>
    public double Temperature { get; init; } = 0.2;

    /// <summary>Images per step; each gives two views, so every anchor has 2·BatchSize − 2 negatives. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Number of Adam steps; 0 returns the randomly initialised networks (the untrained-encoder control). Default 600.</summary>
    public int Steps { get; init; } = 600;

    /// <summary>Adam's initial learning rate; it decays to 0 along a cosine over the steps (LrSchedule.Cosine). Default 3e-3.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>The augmentations that make the two views. Default <see cref="AugmentationOptions"/>' defaults.</summary>
    public AugmentationOptions Augmentation { get; init; } = new();

    /// <summary>Seed of the one generator behind initialisation, batch sampling and augmentation. Default 0.</summary>
    public int Seed { get; init; } = 0;
}

/// <summary>
/// SimCLR (Chen et al. 2020) for small images, notebook 13 section 6: two random views of every image in a batch pass through
/// an MLP encoder f and a projection head g; NT-Xent asks each view to pick out its partner among the other 2N − 2 views.
/// </summary>
public static class SimClr
{
    /// <summary>Pre-trains an encoder on unlabeled images (n × side², pixels on a 0–1 scale) with the NT-Xent loss.</summary>
    public static PretrainedEncoder Fit(Matrix<double> images, SimClrOptions? options = null)
    {
        const string method = "SimClr.Fit";
        options ??= new SimClrOptions();
        var sampler = new ViewSampler(images, options.Augmentation ?? throw new ArgumentNullException(nameof(options), $"{method}: Augmentation must not be null."), options.BatchSize, method);
        Guard.AtLeast(options.Steps, 0, method, "Steps");
        CheckPositive(options.Temperature, method, "Temperature");
        CheckPositive(options.LearningRate, method, "LearningRate");

        var rng = new Random(options.Seed);
        var (encoder, head) = Networks.EncoderAndHead(sampler.Pixels, options.HiddenSize, options.RepresentationSize, options.ProjectionSize, rng, method);
        var optimizer = new Adam(encoder.Parameters.Concat(head.Parameters), options.LearningRate);
        var losses = new double[options.Steps];
        for (int step = 0; step < options.Steps; step++)
        {
            using var scope = Autograd.StepScope();   // this step's intermediate tensors are recycled when it ends
            var views = sampler.NextStacked(rng);   // both views of the batch in one tensor: one pass through the networks
            optimizer.ZeroGrad();
            var loss = ContrastiveLoss.NtXent(head.Forward(encoder.Forward(views)), options.Temperature);
            loss.Backward();
            optimizer.LearningRate = LrSchedule.Cosine(step, options.Steps, options.LearningRate);
            optimizer.Step();
            losses[step] = loss.Item();
        }
        return new PretrainedEncoder(encoder, head, losses);
    }

    internal static void CheckPositive(double value, string method, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentException(Invariant($"{method}: {name} must be a finite number above 0; got {value}."), name);
    }
}

/// <summary>The small networks every trainer of notebook 13 builds.</summary>
internal static class Networks
{
    /// <summary>Encoder pixels → hidden (ReLU) → representation (linear), and head ReLU → Linear(representation → projection).</summary>
    public static (Sequential Encoder, Sequential Head) EncoderAndHead(int pixels, int hidden, int representation, int projection, Random rng, string method)
    {
        Guard.AtLeast(hidden, 1, method, "HiddenSize");
        Guard.AtLeast(representation, 1, method, "RepresentationSize");
        Guard.AtLeast(projection, 1, method, "ProjectionSize");
        var encoder = Mlp.Create(new[] { pixels, hidden, representation }, ActivationKind.Relu, rng);
        var head = new Sequential(new Activation(ActivationKind.Relu), new Linear(representation, projection, rng));
        return (encoder, head);
    }

    /// <summary>
    /// BYOL's deeper head: ReLU → Linear(representation → hidden) → batch standardisation → ReLU → Linear(hidden → projection).
    /// The batch standardisation plays the part of BYOL's and SimSiam's batch norm, part of their standard recipe (Richemond et al.
    /// 2020 show that it is not what prevents collapse: BYOL also trains with batch-independent normalisation; notebook 13, section 7).
    /// </summary>
    public static Sequential ByolHead(int representation, int hidden, int projection, Random rng) =>
        new(new Activation(ActivationKind.Relu), new Linear(representation, hidden, rng), new BatchStandardize(),
            new Activation(ActivationKind.Relu), new Linear(hidden, projection, rng));

    /// <summary>BYOL's predictor: Linear(projection → hidden) → batch standardisation → ReLU → Linear(hidden → projection).</summary>
    public static Sequential Predictor(int projection, int hidden, Random rng) =>
        new(new Linear(projection, hidden, rng), new BatchStandardize(), new Activation(ActivationKind.Relu), new Linear(hidden, projection, rng));
}

/// <summary>
/// Batch normalisation without learned scale and shift: each column of the batch is shifted to mean 0 and scaled to variance 1,
/// (x − mean) / √(var + ε), with the statistics of the batch being processed, in training and in evaluation alike.
/// </summary>
public sealed class BatchStandardize : Module
{
    /// <summary>Added to the variance before the square root. Default 1e-5 (PyTorch's BatchNorm1d).</summary>
    public double Epsilon { get; init; } = 1e-5;

    /// <summary>No trainable parameters.</summary>
    public override IReadOnlyList<Tensor> Parameters => [];

    /// <summary>
    /// (x − column mean) / √(column variance + ε), the statistics taken over the rows of input, as one fused op. Backward, per
    /// column with s = √(var + ε) and y the output: ∂L/∂x = (g − mean(g) − y·mean(g·y)) / s (batch normalisation's rule).
    /// A gradient of this gradient goes through <see cref="Composite"/>, the same map written with the engine's ops.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected internal override Tensor Apply(Tensor input, IReadOnlyList<Tensor> parameters, int offset)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2) return Composite(input, Epsilon);
        int n = input.Dim(0), d = input.Dim(1);
        var x = input.Data;
        var y = Storage.Rent(n * d);
        var scale = new double[d];   // 1 / s per column
        var mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += x[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) { double c = x[i * d + j] - mean[j]; scale[j] += c * c; }
        for (int j = 0; j < d; j++) scale[j] = 1 / Math.Sqrt(scale[j] / n + Epsilon);
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) y[i * d + j] = (x[i * d + j] - mean[j]) * scale[j];
        double epsilon = Epsilon;
        return Tensor.Result("BatchStandardize", y, [n, d], [input], g =>
        {
            if (Autograd.IsGradEnabled) return [Autograd.Grad(Composite(input, epsilon), [input], g, createGraph: true)[0]];
            var gd = g.Data;
            var meanG = new double[d];
            var meanGy = new double[d];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++) { meanG[j] += gd[i * d + j]; meanGy[j] += gd[i * d + j] * y[i * d + j]; }
            var dx = Storage.Rent(n * d);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++) dx[i * d + j] = (gd[i * d + j] - meanG[j] / n - y[i * d + j] * meanGy[j] / n) * scale[j];
            return [Tensor.Made(dx, [n, d], "BatchStandardizeBackward")];
        });
    }

    /// <summary>The same map written with differentiable ops (used for double backward and for tensors that are not 2-D).</summary>
    internal static Tensor Composite(Tensor input, double epsilon)
    {
        var centred = input - input.Mean(0, keepDim: true);
        return centred / (centred.Square().Mean(0, keepDim: true) + epsilon).Sqrt();
    }
}
