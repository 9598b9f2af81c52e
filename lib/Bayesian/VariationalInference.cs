using static System.FormattableString;
using MathNet.Numerics.LinearAlgebra;
using AdvancedMl.Numerics;

namespace AdvancedMl.Bayesian;

/// <summary>Settings of <see cref="MeanFieldVi.Fit"/> and <see cref="FullRankVi.Fit"/> (stochastic-gradient ADVI with the reparameterisation trick).</summary>
public sealed record ViOptions
{
    /// <summary>Number of Adam steps on the variational parameters. Default 2000.</summary>
    public int Iterations { get; init; } = 2000;

    /// <summary>Adam learning rate (β₁ = 0.9, β₂ = 0.999, ε = 1e-8). Default 0.05.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Monte Carlo draws of ε ~ N(0, I) averaged per gradient estimate. Default 1.</summary>
    public int SamplesPerStep { get; init; } = 1;

    /// <summary>Seed of the random generator for the gradient noise and the ELBO estimates. Default 0.</summary>
    public int Seed { get; init; } = 0;

    /// <summary>Monte Carlo draws used for each recorded ELBO estimate (the same draws every time, so the curve shows progress, not noise). Default 100.</summary>
    public int ElboSamples { get; init; } = 100;

    /// <summary>Record the ELBO every this many iterations (and after the last one). Default 10.</summary>
    public int ElboEvery { get; init; } = 10;

    /// <summary>The returned q averages the parameter iterates of this final fraction of the iterations (Polyak–Ruppert averaging, which removes most of the stochastic-gradient jitter); 0 returns the last iterate. Default 0.5.</summary>
    public double AveragingFraction { get; init; } = 0.5;
}

/// <summary>A fitted Gaussian variational approximation q(θ) = N(μ, Σ) with its optimisation trace (notebook 03, the output of VI).</summary>
/// <remarks>Mean-field: Σ = diag(exp(2ω)). Full-rank: Σ = LLᵀ with L lower triangular. Immutable: members return copies.</remarks>
public sealed class GaussianApproximation
{
    private readonly double[] _mean;
    private readonly double[] _lower; // d × d row-major factor (diagonal for mean-field)
    private readonly (int, double)[] _elbo;

    internal GaussianApproximation(double[] mean, double[] lower, bool fullRank, (int, double)[] elbo, int gradientEvaluations)
    {
        _mean = mean;
        _lower = lower;
        IsFullRank = fullRank;
        _elbo = elbo;
        GradientEvaluations = gradientEvaluations;
    }

    /// <summary>Dimension d.</summary>
    public int Dimension => _mean.Length;

    /// <summary>True for a full-rank fit (<see cref="FullRankVi"/>), false for mean-field.</summary>
    public bool IsFullRank { get; }

    /// <summary>Mean μ of q (a copy).</summary>
    public double[] Mean => (double[])_mean.Clone();

    /// <summary>Covariance Σ = LLᵀ of q (diagonal for mean-field).</summary>
    public Matrix<double> Covariance
    {
        get
        {
            var l = Matrix<double>.Build.DenseOfRowMajor(Dimension, Dimension, _lower);
            return l * l.Transpose();
        }
    }

    /// <summary>Marginal standard deviations √Σⱼⱼ of q.</summary>
    public double[] StandardDeviation
    {
        get
        {
            int d = Dimension;
            var sd = new double[d];
            for (int i = 0; i < d; i++)
            {
                double sum = 0.0;
                for (int j = 0; j <= i; j++) sum += _lower[i * d + j] * _lower[i * d + j];
                sd[i] = Math.Sqrt(sum);
            }
            return sd;
        }
    }

    /// <summary>The Cholesky factor L of Σ for a full-rank fit; null for mean-field.</summary>
    public Matrix<double>? CholeskyFactor => IsFullRank ? Matrix<double>.Build.DenseOfRowMajor(Dimension, Dimension, _lower) : null;

    /// <summary>(iteration, ELBO estimate) pairs recorded during fitting; iteration 0 is the initial q (notebook 03, the ELBO curve).</summary>
    public IReadOnlyList<(int Iteration, double Elbo)> ElboHistory => _elbo;

    /// <summary>Number of gradient evaluations of the target during fitting (ELBO estimates included).</summary>
    public int GradientEvaluations { get; }

    /// <summary>Entropy of q: ½ d (1 + log 2π) + Σᵢ log Lᵢᵢ.</summary>
    public double Entropy()
    {
        int d = Dimension;
        double sum = 0.5 * d * (1.0 + Math.Log(2.0 * Math.PI));
        for (int i = 0; i < d; i++) sum += Math.Log(_lower[i * d + i]);
        return sum;
    }

    /// <summary>log q(θ) (for KL estimates and density plots).</summary>
    public double LogDensity(ReadOnlySpan<double> theta)
    {
        int d = Dimension;
        if (theta.Length != d)
            throw new ArgumentException(Invariant($"GaussianApproximation.LogDensity: theta must have length {d}; got {theta.Length}."), nameof(theta));
        double quadratic = 0.0, logDet = 0.0;
        Span<double> z = d <= 64 ? stackalloc double[d] : new double[d];
        for (int i = 0; i < d; i++)
        {
            double sum = theta[i] - _mean[i];
            for (int j = 0; j < i; j++) sum -= _lower[i * d + j] * z[j];
            z[i] = sum / _lower[i * d + i];
            quadratic += z[i] * z[i];
            logDet += Math.Log(_lower[i * d + i]);
        }
        return -0.5 * (d * Math.Log(2.0 * Math.PI) + quadratic) - logDet;
    }

    /// <summary>Monte Carlo ELBO = E_q[log p(θ)] + H[q], with samples draws of θ = μ + Lε from a generator seeded by seed (notebook 03, ELBO = log p(x) − KL(q‖p)).</summary>
    public double Elbo(LogDensity logDensity, int samples, int seed)
    {
        ArgumentNullException.ThrowIfNull(logDensity);
        Guard.AtLeast(samples, 1, "GaussianApproximation.Elbo", nameof(samples));
        var noise = new GaussianSource(seed);
        var eps = new double[Dimension];
        var theta = new double[Dimension];
        double sum = 0.0;
        for (int s = 0; s < samples; s++)
        {
            noise.Fill(eps);
            Transform(_mean, _lower, eps, theta);
            sum += logDensity(theta);
        }
        return sum / samples + Entropy();
    }

    /// <summary>count independent draws θ = μ + Lε from q, generated from seed (notebook 03, sampling the approximation).</summary>
    public double[][] Sample(int count, int seed)
    {
        Guard.AtLeast(count, 1, "GaussianApproximation.Sample", nameof(count));
        var noise = new GaussianSource(seed);
        var eps = new double[Dimension];
        var draws = new double[count][];
        for (int s = 0; s < count; s++)
        {
            noise.Fill(eps);
            draws[s] = new double[Dimension];
            Transform(_mean, _lower, eps, draws[s]);
        }
        return draws;
    }

    /// <summary>θ = μ + Lε for a row-major lower-triangular L.</summary>
    internal static void Transform(ReadOnlySpan<double> mean, ReadOnlySpan<double> lower, ReadOnlySpan<double> eps, Span<double> theta)
    {
        int d = mean.Length;
        for (int i = 0; i < d; i++)
        {
            double sum = mean[i];
            for (int j = 0; j <= i; j++) sum += lower[i * d + j] * eps[j];
            theta[i] = sum;
        }
    }
}

/// <summary>Mean-field Gaussian VI: q(θ) = Πⱼ N(μⱼ, exp(ωⱼ)²) fitted by maximising the ELBO with reparameterised stochastic gradients and Adam (notebook 03, ADVI mean-field).</summary>
public static class MeanFieldVi
{
    /// <summary>Fits q from initialMean (with ω = 0, i.e. unit standard deviations): z = μ + exp(ω)⊙ε, ∇μ = E[∇log p(z)], ∇ω = E[∇log p(z)⊙ε⊙exp(ω)] + 1 (notebook 03, reparameterisation gradient).</summary>
    public static GaussianApproximation Fit(LogDensityGradient logDensity, double[] initialMean, ViOptions options) =>
        ViEngine.Fit(logDensity, initialMean, options, fullRank: false, "MeanFieldVi.Fit");
}

/// <summary>Full-rank Gaussian VI: q(θ) = N(μ, LLᵀ), L lower triangular with diagonal exp(ωᵢ), fitted like <see cref="MeanFieldVi"/> (notebook 03, ADVI full-rank).</summary>
public static class FullRankVi
{
    /// <summary>Fits q from initialMean (with L = I): z = μ + Lε, ∇μ = E[g], ∇Lᵢⱼ = E[gᵢεⱼ] for i &gt; j, ∇ωᵢ = E[gᵢεᵢ]Lᵢᵢ + 1 with g = ∇log p(z) (notebook 03, the entropy term log det L = Σ ωᵢ).</summary>
    public static GaussianApproximation Fit(LogDensityGradient logDensity, double[] initialMean, ViOptions options) =>
        ViEngine.Fit(logDensity, initialMean, options, fullRank: true, "FullRankVi.Fit");
}

/// <summary>The shared ADVI loop. Parameters are packed as [μ (d) | ω (d) | strictly-lower entries of L row by row (full-rank only)].</summary>
internal static class ViEngine
{
    public static GaussianApproximation Fit(LogDensityGradient logDensity, double[] initialMean, ViOptions options, bool fullRank, string method)
    {
        ArgumentNullException.ThrowIfNull(logDensity);
        ArgumentNullException.ThrowIfNull(options);
        Checks.FiniteVector(initialMean, method, nameof(initialMean));
        Guard.AtLeast(options.Iterations, 1, method, "iterations");
        Checks.Positive(options.LearningRate, method, "learningRate");
        Guard.AtLeast(options.SamplesPerStep, 1, method, "samplesPerStep");
        Guard.AtLeast(options.ElboSamples, 1, method, "elboSamples");
        Guard.AtLeast(options.ElboEvery, 1, method, "elboEvery");
        if (!(options.AveragingFraction >= 0.0 && options.AveragingFraction < 1.0))
            throw new ArgumentException(Invariant($"{method}: averagingFraction must be in [0, 1); got {options.AveragingFraction}."), "averagingFraction");

        int d = initialMean.Length;
        int offDiagonal = fullRank ? d * (d - 1) / 2 : 0;
        int count = 2 * d + offDiagonal;
        var parameters = new double[count];
        initialMean.AsSpan().CopyTo(parameters);
        var grad = new double[count];
        var firstMoment = new double[count];
        var secondMoment = new double[count];
        var average = new double[count];
        var lower = new double[d * d];
        var eps = new double[d];
        var z = new double[d];
        var g = new double[d];
        var noise = new GaussianSource(options.Seed);
        var elboNoise = new double[options.ElboSamples * d]; // common random numbers for every ELBO record
        new GaussianSource(options.Seed ^ 0x5EED).Fill(elboNoise);
        var history = new List<(int, double)>(options.Iterations / options.ElboEvery + 2);
        int evaluations = 0;

        double Elbo()
        {
            double sum = 0.0, entropy = 0.5 * d * (1.0 + Math.Log(2.0 * Math.PI));
            for (int s = 0; s < options.ElboSamples; s++)
            {
                GaussianApproximation.Transform(parameters.AsSpan(0, d), lower, elboNoise.AsSpan(s * d, d), z);
                sum += logDensity(z, g);
            }
            for (int i = 0; i < d; i++) entropy += parameters[d + i];
            evaluations += options.ElboSamples;
            return sum / options.ElboSamples + entropy;
        }

        Unpack(parameters, lower, d, fullRank);
        history.Add((0, Elbo()));
        const double beta1 = 0.9, beta2 = 0.999, adamEpsilon = 1e-8;
        int averageStart = options.Iterations - (int)Math.Floor(options.AveragingFraction * options.Iterations);
        int averaged = 0;
        for (int t = 1; t <= options.Iterations; t++)
        {
            Array.Clear(grad);
            for (int s = 0; s < options.SamplesPerStep; s++)
            {
                noise.Fill(eps);
                GaussianApproximation.Transform(parameters.AsSpan(0, d), lower, eps, z);
                double logP = logDensity(z, g);
                evaluations++;
                if (!double.IsFinite(logP))
                    throw new ArgumentException(Invariant($"{method}: the log density was {logP} at a draw from q in iteration {t}; lower the learning rate or start nearer the mode."), nameof(logDensity));
                int k = 2 * d;
                for (int i = 0; i < d; i++)
                {
                    grad[i] += g[i];
                    grad[d + i] += g[i] * eps[i] * lower[i * d + i];
                    if (!fullRank) continue;
                    for (int j = 0; j < i; j++) grad[k++] += g[i] * eps[j];
                }
            }
            double bias1 = 1.0 - Math.Pow(beta1, t), bias2 = 1.0 - Math.Pow(beta2, t);
            for (int p = 0; p < count; p++)
            {
                double gp = grad[p] / options.SamplesPerStep + (p >= d && p < 2 * d ? 1.0 : 0.0); // + entropy gradient ∂/∂ωᵢ Σ ω = 1
                firstMoment[p] = beta1 * firstMoment[p] + (1.0 - beta1) * gp;
                secondMoment[p] = beta2 * secondMoment[p] + (1.0 - beta2) * gp * gp;
                parameters[p] += options.LearningRate * (firstMoment[p] / bias1) / (Math.Sqrt(secondMoment[p] / bias2) + adamEpsilon); // ascent
            }
            Unpack(parameters, lower, d, fullRank);
            if (t > averageStart)
            {
                averaged++;
                for (int p = 0; p < count; p++) average[p] += (parameters[p] - average[p]) / averaged;
            }
            if (t % options.ElboEvery == 0 || t == options.Iterations) history.Add((t, Elbo()));
        }

        double[] final = averaged > 0 ? average : parameters;
        var finalLower = new double[d * d];
        Unpack(final, finalLower, d, fullRank);
        return new GaussianApproximation(final.AsSpan(0, d).ToArray(), finalLower, fullRank, history.ToArray(), evaluations);
    }

    /// <summary>Writes L (diagonal exp(ω); strictly lower entries for full-rank) from the packed parameters.</summary>
    private static void Unpack(ReadOnlySpan<double> parameters, Span<double> lower, int d, bool fullRank)
    {
        lower.Clear();
        int k = 2 * d;
        for (int i = 0; i < d; i++)
        {
            lower[i * d + i] = Math.Exp(parameters[d + i]);
            if (!fullRank) continue;
            for (int j = 0; j < i; j++) lower[i * d + j] = parameters[k++];
        }
    }
}
