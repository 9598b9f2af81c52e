using static System.FormattableString;
using System.Runtime.CompilerServices;
using AdvancedMl.Autodiff;
using AdvancedMl.Bayesian;

namespace AdvancedMl.Generative;

/// <summary>Settings of <see cref="Ddpm.Fit"/>; defaults suit 2-D data (notebook 09 sets every field from its parameters cell).</summary>
public sealed record DdpmOptions
{
    /// <summary>Number of diffusion steps T. Default 100.</summary>
    public int DiffusionSteps { get; init; } = 100;

    /// <summary>Noise schedule family. Default <see cref="ScheduleKind.Linear"/>.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Linear;

    /// <summary>Width of the two hidden layers of the noise-prediction MLP (input: x_t, its Fourier features and the time embedding). Default 64.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>
    /// Fourier features of x_t fed to the network next to x_t itself: sin(ω_k x_j) and cos(ω_k x_j) for K frequencies ω_k spaced
    /// geometrically from 1 to <see cref="FourierMaxFrequency"/> (Tancik et al. 2020; notebook 09, section 5). 0 feeds the raw
    /// coordinates only. Default 8.
    /// </summary>
    public int FourierFrequencies { get; init; } = 8;

    /// <summary>Highest angular frequency ω_K of the Fourier features (the lowest is 1). Default 16.</summary>
    public double FourierMaxFrequency { get; init; } = 16.0;

    /// <summary>Length of the sinusoidal embedding of t fed to the network next to x_t (even). Default 16.</summary>
    public int TimeEmbeddingDim { get; init; } = 16;

    /// <summary>Hidden-layer activation. Default SiLU.</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.Silu;

    /// <summary>Optimiser steps (one minibatch each). Default 2000.</summary>
    public int TrainingSteps { get; init; } = 2000;

    /// <summary>Points per minibatch (drawn with replacement from the training data). Default 256.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Peak Adam learning rate; it decays to zero on a cosine after a short linear warm-up. Default 1e-2.</summary>
    public double LearningRate { get; init; } = 1e-2;

    /// <summary>Steps of linear learning-rate warm-up. Default 50.</summary>
    public int WarmupSteps { get; init; } = 50;

    /// <summary>Seed of the generator that initialises the network and draws minibatches, times and noise. Default 0.</summary>
    public int Seed { get; init; } = 0;
}

/// <summary>
/// Denoising diffusion probabilistic model (Ho et al. 2020) for points in the plane: training by noise prediction
/// (notebook 09, section 5: Algorithm 1 of Ho et al., equation (7)).
/// </summary>
public static class Ddpm
{
    /// <summary>
    /// Trains ε_θ(x_t, t) by minimising E‖ε − ε_θ(√ᾱ_t x_0 + √(1 − ᾱ_t) ε, t)‖² over minibatches of x_0 from
    /// <paramref name="data"/>, t ~ U{1..T}, ε ~ N(0, I) (notebook 09, equation (7)); returns the model and its loss per step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: full optimisation at once, not tier-0 code, in a long-lived kernel
    public static DdpmModel Fit(double[][] data, DdpmOptions? options = null)
    {
        options ??= new DdpmOptions();
        Validate(options);
        int d = data is { Length: > 0 } && data[0] is not null ? data[0].Length : 0;
        if (d < 1) throw new ArgumentException("Ddpm.Fit: data must hold at least one point with at least one coordinate.", nameof(data));
        Checks.Points(data, d, "Ddpm.Fit", nameof(data));

        var rng = new Random(options.Seed);
        var schedule = NoiseSchedule.Create(options.Schedule, options.DiffusionSteps);
        int inputs = d * (1 + 2 * options.FourierFrequencies) + options.TimeEmbeddingDim;
        var network = Mlp.Create([inputs, options.Hidden, options.Hidden, d], options.Activation, rng);
        var model = new DdpmModel(schedule, network, d, options);
        var optimizer = new Adam(network.Parameters, options.LearningRate);
        var gauss = new GaussianSource(rng);
        int batch = options.BatchSize, T = schedule.Steps;
        var losses = new double[options.TrainingSteps];
        for (int step = 0; step < options.TrainingSteps; step++)
        {
            using var scope = Autograd.StepScope();   // recycles this step's tensor storage
            var xt = new double[batch * d];
            var noise = new double[batch * d];
            var times = new int[batch];
            for (int i = 0; i < batch; i++)
            {
                var point = data[rng.Next(data.Length)];
                int t = 1 + rng.Next(T);
                times[i] = t;
                double signal = Math.Sqrt(schedule.AlphaBar(t)), spread = Math.Sqrt(1 - schedule.AlphaBar(t));
                for (int j = 0; j < d; j++)
                {
                    double e = gauss.Next();
                    noise[i * d + j] = e;
                    xt[i * d + j] = signal * point[j] + spread * e;   // x_t from the closed form q(x_t | x_0)
                }
            }
            optimizer.ZeroGrad();
            var predicted = model.Network.Forward(model.Input(Tensor.FromArray(xt, batch, d), times));
            var loss = Loss.Mse(predicted, Tensor.FromArray(noise, batch, d));
            loss.Backward();
            optimizer.LearningRate = LrSchedule.WarmupCosine(step, options.WarmupSteps, options.TrainingSteps, options.LearningRate);
            optimizer.Step();
            losses[step] = loss.Item();
        }
        model.Losses = losses;
        return model;
    }

    private static void Validate(DdpmOptions o)
    {
        Checks.AtLeast(o.DiffusionSteps, 2, "Ddpm.Fit", "options.DiffusionSteps");
        Checks.AtLeast(o.Hidden, 1, "Ddpm.Fit", "options.Hidden");
        Checks.AtLeast(o.FourierFrequencies, 0, "Ddpm.Fit", "options.FourierFrequencies");
        if (!(o.FourierMaxFrequency >= 1 && double.IsFinite(o.FourierMaxFrequency)))
            throw new ArgumentException(Invariant($"Ddpm.Fit: options.FourierMaxFrequency must be a finite number at least 1; got {o.FourierMaxFrequency}."), nameof(o));
        Checks.AtLeast(o.TimeEmbeddingDim, 2, "Ddpm.Fit", "options.TimeEmbeddingDim");
        if (o.TimeEmbeddingDim % 2 != 0)
            throw new ArgumentException(Invariant($"Ddpm.Fit: options.TimeEmbeddingDim must be even (sines and cosines); got {o.TimeEmbeddingDim}."), nameof(o));
        Checks.AtLeast(o.TrainingSteps, 1, "Ddpm.Fit", "options.TrainingSteps");
        Checks.AtLeast(o.BatchSize, 1, "Ddpm.Fit", "options.BatchSize");
        Checks.Positive(o.LearningRate, "Ddpm.Fit", "options.LearningRate");
        if (o.WarmupSteps < 0 || o.WarmupSteps >= o.TrainingSteps)
            throw new ArgumentException(Invariant($"Ddpm.Fit: options.WarmupSteps must lie in [0, TrainingSteps) = [0, {o.TrainingSteps}); got {o.WarmupSteps}."), nameof(o));
    }
}

/// <summary>
/// A trained DDPM: the schedule, the noise-prediction network ε_θ(x_t, t) and its training losses, with ancestral and DDIM
/// samplers (notebook 09, equations (8) and (9)).
/// </summary>
public sealed class DdpmModel
{
    private readonly Tensor _timeEmbedding;   // row t − 1 holds the embedding of step t
    private readonly double[] _frequencies;   // angular frequencies of the Fourier features of x_t (empty: none)

    internal DdpmModel(NoiseSchedule schedule, Module network, int dimension, DdpmOptions options)
    {
        Schedule = schedule;
        Network = network;
        Dimension = dimension;
        Options = options;
        // Steps t = 1..T mapped to positions 0..1000 so the sinusoid frequencies span the whole range of t.
        var positions = Enumerable.Range(1, schedule.Steps).Select(t => 1000.0 * t / schedule.Steps).ToArray();
        _timeEmbedding = PositionalEncoding.Sinusoidal(positions, options.TimeEmbeddingDim, maxPeriod: 1000);
        int k = options.FourierFrequencies;
        _frequencies = Enumerable.Range(0, k).Select(i => k == 1 ? 1.0 : Math.Pow(options.FourierMaxFrequency, (double)i / (k - 1))).ToArray();
    }

    /// <summary>The noise schedule β_1..β_T the model was trained with.</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>The network ε_θ: input [x_t, Fourier features of x_t, embedding(t)], output the predicted noise. Read it; do not train it further.</summary>
    public Module Network { get; }

    /// <summary>Dimension of the data points.</summary>
    public int Dimension { get; }

    /// <summary>The settings it was trained with.</summary>
    public DdpmOptions Options { get; }

    /// <summary>Training loss (mean squared noise-prediction error) after each optimiser step.</summary>
    public double[] Losses { get; internal set; } = [];

    /// <summary>ε_θ(x_t, t) for each row of <paramref name="xt"/> at step t (1 ≤ t ≤ T).</summary>
    public double[][] PredictNoise(double[][] xt, int t)
    {
        Checks.Points(xt, Dimension, "DdpmModel.PredictNoise", nameof(xt));
        _ = Schedule.Beta(t);   // validates t
        using (Autograd.NoGrad())
            return Eps(Tensor.FromRows(xt), t).ToRows();
    }

    /// <summary>
    /// Ancestral sampling (notebook 09, equation (8)): x_T ~ N(0, I), then for t = T..1
    /// x_{t−1} = (x_t − β_t/√(1 − ᾱ_t) ε_θ(x_t, t))/√α_t + σ_t z with σ_t² = β̃_t; T network evaluations per sample.
    /// </summary>
    public double[][] Sample(int n, Random rng) => Run(n, rng, AncestralTimes(), eta: 1.0, "DdpmModel.Sample", keepPath: false)[^1];

    /// <summary>The whole ancestral chain x_T, x_{T−1}, …, x_0 (T + 1 arrays of n points), for plotting the denoising path.</summary>
    public IReadOnlyList<double[][]> SampleTrajectory(int n, Random rng) =>
        Run(n, rng, AncestralTimes(), eta: 1.0, "DdpmModel.SampleTrajectory", keepPath: true);

    /// <summary>
    /// DDIM sampling (Song et al. 2021; notebook 09, equation (9)) on <paramref name="steps"/> evenly spaced times from T down to 0:
    /// x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t, x_s = √ᾱ_s x̂_0 + √(1 − ᾱ_s − σ²) ε̂ + σ z with
    /// σ = η √((1 − ᾱ_s)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_s); η = 0 is deterministic; <paramref name="steps"/> network evaluations per sample.
    /// </summary>
    public double[][] SampleDdim(int n, int steps, Random rng, double eta = 0.0) => Run(n, rng, DdimTimes(steps, eta), eta, "DdpmModel.SampleDdim", keepPath: false)[^1];

    /// <summary>The DDIM chain x_T, …, x_0 (steps + 1 arrays of n points) of <see cref="SampleDdim"/>.</summary>
    public IReadOnlyList<double[][]> SampleDdimTrajectory(int n, int steps, Random rng, double eta = 0.0) =>
        Run(n, rng, DdimTimes(steps, eta), eta, "DdpmModel.SampleDdim", keepPath: true);

    // T, T − 1, …, 0: every step of the chain.
    private int[] AncestralTimes() => Enumerable.Range(0, Schedule.Steps + 1).Reverse().ToArray();

    private int[] DdimTimes(int steps, double eta)
    {
        if (steps < 1 || steps > Schedule.Steps)
            throw new ArgumentException(Invariant($"DdpmModel.SampleDdim: steps must lie in [1, {Schedule.Steps}]; got {steps}."), nameof(steps));
        if (!(eta >= 0 && eta <= 1))
            throw new ArgumentException(Invariant($"DdpmModel.SampleDdim: eta must lie in [0, 1]; got {eta}."), nameof(eta));
        // Times T = τ_S > … > τ_1 > τ_0 = 0, evenly spaced and rounded half away from zero.
        return Enumerable.Range(0, steps + 1).Select(i => (int)Math.Round((double)Schedule.Steps * (steps - i) / steps, MidpointRounding.AwayFromZero)).ToArray();
    }

    /// <summary>The network input: each row of x_t, its Fourier features and the embedding of its step.</summary>
    internal Tensor Input(Tensor xt, int[] times)
    {
        var rows = new int[times.Length];
        for (int i = 0; i < rows.Length; i++) rows[i] = times[i] - 1;
        var time = _timeEmbedding.Gather(rows);
        return _frequencies.Length == 0 ? Tensor.Concat([xt, time], axis: 1) : Tensor.Concat([xt, FourierFeatures(xt), time], axis: 1);
    }

    /// <summary>
    /// The angular frequencies ω_1..ω_K of the Fourier features: geometric from 1 to the maximum (one frequency: just 1).
    /// </summary>
    public double[] FourierFrequencies => (double[])_frequencies.Clone();

    // [sin(ω_1 x_1), cos(ω_1 x_1), …, sin(ω_K x_1), cos(ω_K x_1), sin(ω_1 x_2), …] per row: fixed features of the input, so no
    // gradient flows through them (x_t is data, not a parameter).
    private Tensor FourierFeatures(Tensor xt)
    {
        int n = xt.Dim(0), d = Dimension, k = _frequencies.Length;
        var x = xt.Data;
        var features = new double[n * d * 2 * k];
        int o = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                double v = x[i * d + j];
                foreach (double w in _frequencies)
                {
                    (features[o], features[o + 1]) = Math.SinCos(w * v);
                    o += 2;
                }
            }
        return Tensor.FromArray(features, n, d * 2 * k);
    }

    private Tensor Eps(Tensor xt, int t) => Network.Forward(Input(xt, Enumerable.Repeat(t, xt.Dim(0)).ToArray()));

    // The generalised (DDIM) update from t to s < t; with s = t − 1 and η = 1 it is exactly the DDPM ancestral step with σ² = β̃_t.
    // Returns every x along the way when keepPath, else only the final x_0 (a one-element list).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: full optimisation at once, not tier-0 code, in a long-lived kernel
    private IReadOnlyList<double[][]> Run(int n, Random rng, int[] times, double eta, string method, bool keepPath)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (n < 1) throw new ArgumentException(Invariant($"{method}: n must be at least 1; got {n}."), nameof(n));
        var gauss = new GaussianSource(rng);
        int d = Dimension;
        var x = new double[n * d];
        for (int i = 0; i < x.Length; i++) x[i] = gauss.Next();
        var path = new List<double[][]>();
        if (keepPath) path.Add(ToRows(x, n, d));
        using var noGrad = Autograd.NoGrad();
        for (int k = 0; k + 1 < times.Length; k++)
        {
            using var scope = Autograd.StepScope();
            int t = times[k], s = times[k + 1];
            double abT = Schedule.AlphaBar(t), abS = Schedule.AlphaBar(s);
            var eps = Eps(Tensor.FromArray(x, n, d), t).Data;
            double sigma = eta * Math.Sqrt((1 - abS) / (1 - abT) * (1 - abT / abS));
            double direction = Math.Sqrt(Math.Max(0.0, 1 - abS - sigma * sigma));
            for (int i = 0; i < x.Length; i++)
            {
                double x0Hat = (x[i] - Math.Sqrt(1 - abT) * eps[i]) / Math.Sqrt(abT);
                x[i] = Math.Sqrt(abS) * x0Hat + direction * eps[i] + (sigma > 0 ? sigma * gauss.Next() : 0.0);
            }
            if (keepPath) path.Add(ToRows(x, n, d));
        }
        if (!keepPath) path.Add(ToRows(x, n, d));
        return path;
    }

    private static double[][] ToRows(double[] flat, int n, int d)
    {
        var rows = new double[n][];
        for (int i = 0; i < n; i++) rows[i] = flat.AsSpan(i * d, d).ToArray();
        return rows;
    }
}
