using static System.FormattableString;
using System.Runtime.CompilerServices;
using AdvancedMl.Autodiff;
using AdvancedMl.Bayesian;

namespace AdvancedMl.Generative;

/// <summary>The generator's objective (notebook 09, equations (10) and (13)).</summary>
public enum GanLoss
{
    /// <summary>Minimise E log(1 − D(G(z))), the minimax game of Goodfellow et al. (2014); its gradient vanishes when D wins.</summary>
    Minimax,

    /// <summary>Minimise −E log D(G(z)): the same fixed point, strong gradients early in training (Goodfellow et al. 2014).</summary>
    NonSaturating,
}

/// <summary>Settings of <see cref="Gan.Fit"/>; defaults suit 2-D data (notebook 09 sets steps, batch and learning rates from its parameters cell).</summary>
public sealed record GanOptions
{
    /// <summary>Dimension of the generator's input noise z ~ N(0, I). Default 2.</summary>
    public int LatentDim { get; init; } = 2;

    /// <summary>Width of the two hidden layers of the generator and of the discriminator. Default 64.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Hidden-layer activation of both networks. Default ReLU.</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.Relu;

    /// <summary>Generator objective. Default <see cref="GanLoss.NonSaturating"/>.</summary>
    public GanLoss Loss { get; init; } = GanLoss.NonSaturating;

    /// <summary>
    /// PacGAN packing (Lin et al. 2018): the discriminator judges groups of this many samples, all real or all generated, so a
    /// generator that repeats itself is easy to spot. 1 = an ordinary GAN. Default 1.
    /// </summary>
    public int Pack { get; init; } = 1;

    /// <summary>Training steps; each makes one discriminator update and one generator update. Default 2000.</summary>
    public int TrainingSteps { get; init; } = 2000;

    /// <summary>Discriminator decisions per minibatch (each on <see cref="Pack"/> points). Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam learning rate of the generator. Default 1e-3.</summary>
    public double GeneratorLearningRate { get; init; } = 1e-3;

    /// <summary>Adam learning rate of the discriminator. Default 1e-3.</summary>
    public double DiscriminatorLearningRate { get; init; } = 1e-3;

    /// <summary>Adam's β1 for both networks (0.5 is the DCGAN choice). Default 0.5.</summary>
    public double Beta1 { get; init; } = 0.5;

    /// <summary>
    /// Keep generated samples (from one fixed noise batch) every this many steps; 0 keeps none. Taking snapshots does not change
    /// the training run. Default 0.
    /// </summary>
    public int SnapshotEvery { get; init; } = 0;

    /// <summary>Points per snapshot. Default 500.</summary>
    public int SnapshotSize { get; init; } = 500;

    /// <summary>Seed of the generator that initialises both networks and draws minibatches and noise. Default 0.</summary>
    public int Seed { get; init; } = 0;
}

/// <summary>Generated points at one moment of GAN training.</summary>
/// <param name="Step">Training steps completed.</param>
/// <param name="Samples">G(z) for the same fixed noise batch at every snapshot.</param>
public sealed record GanSnapshot(int Step, double[][] Samples);

/// <summary>Generative adversarial network for points (Goodfellow et al. 2014), trained by alternating gradient steps (notebook 09).</summary>
public static class Gan
{
    /// <summary>
    /// Alternates one discriminator step on −E log D(x) − E log(1 − D(G(z))) (notebook 09, equation (10)) and one generator
    /// step on the chosen <see cref="GanLoss"/> (the same generated batch, judged by the updated discriminator), with Adam;
    /// returns both networks, both loss curves and optional snapshots.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: full optimisation at once, not tier-0 code, in a long-lived kernel
    public static GanModel Fit(double[][] data, GanOptions? options = null)
    {
        options ??= new GanOptions();
        Validate(options);
        int d = data is { Length: > 0 } && data[0] is not null ? data[0].Length : 0;
        if (d < 1) throw new ArgumentException("Gan.Fit: data must hold at least one point with at least one coordinate.", nameof(data));
        Checks.Points(data, d, "Gan.Fit", nameof(data));

        var rng = new Random(options.Seed);
        var generator = Mlp.Create([options.LatentDim, options.Hidden, options.Hidden, d], options.Activation, rng);
        var discriminator = Mlp.Create([d * options.Pack, options.Hidden, options.Hidden, 1], options.Activation, rng);
        var model = new GanModel(generator, discriminator, d, options);
        var optG = new Adam(generator.Parameters, options.GeneratorLearningRate, beta1: options.Beta1);
        var optD = new Adam(discriminator.Parameters, options.DiscriminatorLearningRate, beta1: options.Beta1);
        // The snapshot noise comes from a generator of its own, forked here whether or not snapshots are taken: watching
        // training (SnapshotEvery > 0) leaves the training run itself unchanged.
        var snapshotRng = new Random(rng.Next());
        var gauss = new GaussianSource(rng);
        int groups = options.BatchSize, points = groups * options.Pack;
        var ones = Tensor.Ones(groups, 1);
        var zeros = Tensor.Zeros(groups, 1);
        var fixedNoise = options.SnapshotEvery > 0 ? Noise(new GaussianSource(snapshotRng), options.SnapshotSize, options.LatentDim) : null;
        var snapshots = new List<GanSnapshot>();
        var lossD = new double[options.TrainingSteps];
        var lossG = new double[options.TrainingSteps];
        for (int step = 0; step < options.TrainingSteps; step++)
        {
            using var scope = Autograd.StepScope();   // recycles this step's tensor storage
            if (fixedNoise is not null && step % options.SnapshotEvery == 0) snapshots.Add(new GanSnapshot(step, model.Generate(fixedNoise)));

            // Discriminator: real groups labelled 1, generated groups labelled 0; Detach keeps this step's gradient out of G.
            var real = new double[points * d];
            for (int i = 0; i < points; i++) data[rng.Next(data.Length)].CopyTo(real, i * d);
            var fake = generator.Forward(Noise(gauss, points, options.LatentDim)).Reshape(groups, d * options.Pack);
            optD.ZeroGrad();
            var dLoss = Loss.BinaryCrossEntropyWithLogits(discriminator.Forward(Tensor.FromArray(real, groups, d * options.Pack)), ones)
                      + Loss.BinaryCrossEntropyWithLogits(discriminator.Forward(fake.Detach()), zeros);
            dLoss.Backward();
            optD.Step();
            lossD[step] = dLoss.Item();

            // Generator: the same generated batch, judged by the updated discriminator, gradient through D into G.
            // D's weights are frozen for this pass: the generator step needs ∂loss/∂x through D, not D's own weight gradients.
            optG.ZeroGrad();
            SetTrainable(discriminator, false);
            var logits = discriminator.Forward(fake);
            var gLoss = options.Loss == GanLoss.NonSaturating
                ? Loss.BinaryCrossEntropyWithLogits(logits, ones)                          // −E log D(G(z))
                : -Loss.BinaryCrossEntropyWithLogits(logits, zeros);                       // E log(1 − D(G(z)))
            gLoss.Backward();
            SetTrainable(discriminator, true);
            optG.Step();
            lossG[step] = gLoss.Item();
        }
        if (fixedNoise is not null) snapshots.Add(new GanSnapshot(options.TrainingSteps, model.Generate(fixedNoise)));
        model.DiscriminatorLosses = lossD;
        model.GeneratorLosses = lossG;
        model.Snapshots = snapshots;
        return model;
    }

    private static void SetTrainable(Module module, bool trainable)
    {
        foreach (var p in module.Parameters) p.RequiresGrad = trainable;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: full optimisation at once, not tier-0 code, in a long-lived kernel
    internal static Tensor Noise(GaussianSource gauss, int n, int dim)
    {
        var z = new double[n * dim];
        for (int i = 0; i < z.Length; i++) z[i] = gauss.Next();
        return Tensor.FromArray(z, n, dim);
    }

    private static void Validate(GanOptions o)
    {
        Checks.AtLeast(o.LatentDim, 1, "Gan.Fit", "options.LatentDim");
        Checks.AtLeast(o.Hidden, 1, "Gan.Fit", "options.Hidden");
        Checks.AtLeast(o.Pack, 1, "Gan.Fit", "options.Pack");
        Checks.AtLeast(o.TrainingSteps, 1, "Gan.Fit", "options.TrainingSteps");
        Checks.AtLeast(o.BatchSize, 1, "Gan.Fit", "options.BatchSize");
        Checks.Positive(o.GeneratorLearningRate, "Gan.Fit", "options.GeneratorLearningRate");
        Checks.Positive(o.DiscriminatorLearningRate, "Gan.Fit", "options.DiscriminatorLearningRate");
        if (!(o.Beta1 >= 0 && o.Beta1 < 1))
            throw new ArgumentException(Invariant($"Gan.Fit: options.Beta1 must lie in [0, 1); got {o.Beta1}."), nameof(o));
        if (o.SnapshotEvery < 0) throw new ArgumentException(Invariant($"Gan.Fit: options.SnapshotEvery must be at least 0; got {o.SnapshotEvery}."), nameof(o));
        Checks.AtLeast(o.SnapshotSize, 1, "Gan.Fit", "options.SnapshotSize");
    }
}

/// <summary>A trained GAN: generator G(z), discriminator D, their loss curves and the training snapshots (notebook 09).</summary>
public sealed class GanModel
{
    internal GanModel(Module generator, Module discriminator, int dimension, GanOptions options)
    {
        Generator = generator;
        Discriminator = discriminator;
        Dimension = dimension;
        Options = options;
    }

    /// <summary>The generator network z → x. Read it; do not train it further.</summary>
    public Module Generator { get; }

    /// <summary>The discriminator network (Pack points → one logit). Read it; do not train it further.</summary>
    public Module Discriminator { get; }

    /// <summary>Dimension of the data points.</summary>
    public int Dimension { get; }

    /// <summary>The settings it was trained with.</summary>
    public GanOptions Options { get; }

    /// <summary>Discriminator loss −E log D(x) − E log(1 − D(G(z))) at each step (2 log 2 ≈ 1.386 at the game's equilibrium).</summary>
    public double[] DiscriminatorLosses { get; internal set; } = [];

    /// <summary>Generator loss at each step (of the chosen <see cref="GanLoss"/>; log 2 ≈ 0.693 at equilibrium for the non-saturating one).</summary>
    public double[] GeneratorLosses { get; internal set; } = [];

    /// <summary>Samples from one fixed noise batch during training (empty unless <see cref="GanOptions.SnapshotEvery"/> &gt; 0).</summary>
    public IReadOnlyList<GanSnapshot> Snapshots { get; internal set; } = [];

    /// <summary>n samples G(z), z ~ N(0, I): one network evaluation per sample.</summary>
    public double[][] Sample(int n, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (n < 1) throw new ArgumentException(Invariant($"GanModel.Sample: n must be at least 1; got {n}."), nameof(n));
        return Generate(Gan.Noise(new GaussianSource(rng), n, Options.LatentDim));
    }

    /// <summary>D(x) = σ(logit) for each point (only for an unpacked GAN, <see cref="GanOptions.Pack"/> = 1).</summary>
    public double[] Discriminate(double[][] x)
    {
        if (Options.Pack != 1)
            throw new InvalidOperationException(Invariant($"GanModel.Discriminate: the discriminator judges groups of {Options.Pack} points; it has no value for single points."));
        Checks.Points(x, Dimension, "GanModel.Discriminate", nameof(x));
        using (Autograd.NoGrad())
            return Discriminator.Forward(Tensor.FromRows(x)).Sigmoid().ToArray();
    }

    internal double[][] Generate(Tensor z)
    {
        using (Autograd.NoGrad())
            return Generator.Forward(z).ToRows();
    }
}
