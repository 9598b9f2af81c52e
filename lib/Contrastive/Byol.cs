using AdvancedMl.Autodiff;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Contrastive;

using Sequential = AdvancedMl.Autodiff.Sequential;   // inside the namespace: AdvancedMl.Sequential (the HMM namespace) would win otherwise

/// <summary>Settings of <see cref="Byol.Fit"/>; the switches <see cref="UsePredictor"/> and <see cref="StopGradient"/> exist to show what goes wrong without them.</summary>
public sealed record ByolOptions
{
    /// <summary>Width of the encoder's hidden ReLU layer. Default 128.</summary>
    public int HiddenSize { get; init; } = 128;

    /// <summary>Size of the representation h = f(x). Default 64.</summary>
    public int RepresentationSize { get; init; } = 64;

    /// <summary>Size of the projection z = g(h). Default 32.</summary>
    public int ProjectionSize { get; init; } = 32;

    /// <summary>Width of the hidden layers of the projection head g (representation → hidden → projection) and of the predictor q (projection → hidden → projection). Default 64.</summary>
    public int PredictorHiddenSize { get; init; } = 64;

    /// <summary>EMA decay of the target network, θ_target ← decay·θ_target + (1 − decay)·θ_online; 0 makes the target the online network itself (SimSiam). Default 0.99.</summary>
    public double TargetDecay { get; init; } = 0.99;

    /// <summary>Put the predictor q on the online branch (BYOL/SimSiam); false regresses g(f(x)) directly on the target. Default true.</summary>
    public bool UsePredictor { get; init; } = true;

    /// <summary>Block the gradient through the target branch when TargetDecay = 0 (an EMA target never receives gradients); false lets both branches chase each other. Default true.</summary>
    public bool StopGradient { get; init; } = true;

    /// <summary>Images per step (no negatives; the batch averages the gradient and supplies the head's batch statistics). Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Number of Adam steps. Default 300.</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Adam's initial learning rate; it decays to 0 along a cosine over the steps (LrSchedule.Cosine). Default 3e-3.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>The augmentations that make the two views. Default <see cref="AugmentationOptions"/>' defaults.</summary>
    public AugmentationOptions Augmentation { get; init; } = new();

    /// <summary>Seed of the one generator behind initialisation, batch sampling and augmentation. Default 0.</summary>
    public int Seed { get; init; } = 0;
}

/// <summary>
/// BYOL (Grill et al. 2020), and SimSiam (Chen and He 2021) as its TargetDecay = 0 case, notebook 13 section 7: the online
/// branch q(g(f(v₁))) regresses the target branch g'(f'(v₂)) of the other view, with a stop-gradient on the target and the
/// target an exponential moving average of the online weights. No negatives: the loss is 2 − 2 cos, symmetrised over the views.
/// </summary>
public static class Byol
{
    /// <summary>Pre-trains an encoder on unlabeled images (n × side², pixels on a 0–1 scale) with the BYOL objective.</summary>
    public static PretrainedEncoder Fit(Matrix<double> images, ByolOptions? options = null)
    {
        const string method = "Byol.Fit";
        options ??= new ByolOptions();
        var sampler = new ViewSampler(images, options.Augmentation ?? throw new ArgumentNullException(nameof(options), $"{method}: Augmentation must not be null."), options.BatchSize, method);
        Guard.AtLeast(options.Steps, 1, method, "Steps");
        Guard.AtLeast(options.PredictorHiddenSize, 1, method, "PredictorHiddenSize");
        SimClr.CheckPositive(options.LearningRate, method, "LearningRate");
        if (!(options.TargetDecay >= 0 && options.TargetDecay < 1))
            throw new ArgumentException(FormattableString.Invariant($"{method}: TargetDecay must lie in [0, 1); got {options.TargetDecay}."), nameof(options));

        var rng = new Random(options.Seed);
        var (encoder, _) = Networks.EncoderAndHead(sampler.Pixels, options.HiddenSize, options.RepresentationSize, options.ProjectionSize, rng, method);
        var head = Networks.ByolHead(options.RepresentationSize, options.PredictorHiddenSize, options.ProjectionSize, rng);
        var predictor = Networks.Predictor(options.ProjectionSize, options.PredictorHiddenSize, rng);
        bool ema = options.TargetDecay > 0;
        var (targetEncoder, _) = Networks.EncoderAndHead(sampler.Pixels, options.HiddenSize, options.RepresentationSize, options.ProjectionSize, new Random(0), method);
        var targetHead = Networks.ByolHead(options.RepresentationSize, options.PredictorHiddenSize, options.ProjectionSize, new Random(0));
        targetEncoder.CopyParametersFrom(encoder);
        targetHead.CopyParametersFrom(head);

        var parameters = encoder.Parameters.Concat(head.Parameters);
        if (options.UsePredictor) parameters = parameters.Concat(predictor.Parameters);
        var optimizer = new Adam(parameters.ToList(), options.LearningRate);
        var losses = new double[options.Steps];
        for (int step = 0; step < options.Steps; step++)
        {
            using var scope = Autograd.StepScope();   // this step's intermediate tensors are recycled when it ends
            var (first, second) = sampler.Next(rng);
            optimizer.ZeroGrad();
            var online1 = head.Forward(encoder.Forward(first));
            var online2 = head.Forward(encoder.Forward(second));
            Tensor target1, target2;
            if (ema)
            {
                using (Autograd.NoGrad()) { target1 = targetHead.Forward(targetEncoder.Forward(first)); target2 = targetHead.Forward(targetEncoder.Forward(second)); }
            }
            else
            {
                target1 = options.StopGradient ? online1.Detach() : online1;
                target2 = options.StopGradient ? online2.Detach() : online2;
            }
            var p1 = options.UsePredictor ? predictor.Forward(online1) : online1;
            var p2 = options.UsePredictor ? predictor.Forward(online2) : online2;
            var loss = 0.5 * (ContrastiveLoss.NormalizedMse(p1, target2) + ContrastiveLoss.NormalizedMse(p2, target1));
            loss.Backward();
            optimizer.LearningRate = LrSchedule.Cosine(step, options.Steps, options.LearningRate);
            optimizer.Step();
            if (ema)
            {
                targetEncoder.EmaUpdateFrom(encoder, options.TargetDecay);
                targetHead.EmaUpdateFrom(head, options.TargetDecay);
            }
            losses[step] = loss.Item();
        }
        return new PretrainedEncoder(encoder, head, losses);
    }
}
