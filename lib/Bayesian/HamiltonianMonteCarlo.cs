using System.Runtime.CompilerServices;
using static System.FormattableString;
using AdvancedMl.Numerics;

namespace AdvancedMl.Bayesian;

/// <summary>Settings of <see cref="HamiltonianMonteCarlo.Sample"/>.</summary>
public sealed record HmcOptions
{
    /// <summary>Number of draws kept after burn-in. Default 2000.</summary>
    public int Draws { get; init; } = 2000;

    /// <summary>Warm-up iterations discarded before the first kept draw; the step size is adapted during them. Default 500.</summary>
    public int BurnIn { get; init; } = 500;

    /// <summary>Leapfrog step size ε (the starting value when adapting). Default 0.1.</summary>
    public double StepSize { get; init; } = 0.1;

    /// <summary>Number L of leapfrog steps per proposal (trajectory length L·ε). Default 20.</summary>
    public int LeapfrogSteps { get; init; } = 20;

    /// <summary>When true, adapt ε during burn-in by dual averaging (Hoffman and Gelman 2014, Algorithm 5) toward <see cref="TargetAcceptance"/>; frozen afterwards. Default true.</summary>
    public bool AdaptStepSize { get; init; } = true;

    /// <summary>Mean acceptance probability the adaptation aims for (Stan's adapt_delta). Default 0.8.</summary>
    public double TargetAcceptance { get; init; } = 0.8;

    /// <summary>Each trajectory uses ε·u with u ~ Uniform(1 − j, 1 + j) (Neal 2011, burn-in included, so the adaptation sees it), which breaks the periodic orbits a fixed trajectory length L·ε can fall into; 0 disables it. Default 0.2.</summary>
    public double StepSizeJitter { get; init; } = 0.2;

    /// <summary>Seed of the chain's random generator. Default 0.</summary>
    public int Seed { get; init; } = 0;
}

/// <summary>Hamiltonian Monte Carlo with an identity mass matrix and a fixed number of leapfrog steps (notebook 03, gradient-based MCMC).</summary>
/// <remarks>
/// The potential is U(θ) = −log p(θ) and the kinetic energy K(r) = ½‖r‖², so H(θ, r) = U(θ) + K(r). Each iteration draws
/// r ~ N(0, I), integrates Hamilton's equations with the leapfrog scheme and accepts the end point with probability
/// min(1, exp(H₀ − H₁)). A trajectory whose energy error exceeds 1000 (a divergence) or becomes non-finite is rejected.
/// </remarks>
public static class HamiltonianMonteCarlo
{
    private const double DivergenceThreshold = 1000.0;

    /// <summary>Runs one HMC chain from initial and returns its post-burn-in draws (notebook 03, the HMC transition).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 code and OSR warm-up in a fresh kernel
    public static Chain Sample(LogDensityGradient logDensity, double[] initial, HmcOptions options)
    {
        const string method = "HamiltonianMonteCarlo.Sample";
        ArgumentNullException.ThrowIfNull(logDensity);
        ArgumentNullException.ThrowIfNull(options);
        Checks.FiniteVector(initial, method, nameof(initial));
        Guard.AtLeast(options.Draws, 1, method, "draws");
        Guard.AtLeast(options.BurnIn, 0, method, "burnIn");
        Guard.AtLeast(options.LeapfrogSteps, 1, method, "leapfrogSteps");
        Checks.Positive(options.StepSize, method, "stepSize");
        Checks.OpenUnit(options.TargetAcceptance, method, "targetAcceptance");
        if (!(options.StepSizeJitter >= 0.0 && options.StepSizeJitter < 1.0))
            throw new ArgumentException(Invariant($"{method}: stepSizeJitter must be in [0, 1); got {options.StepSizeJitter}."), "stepSizeJitter");

        int d = initial.Length;
        var noise = new GaussianSource(options.Seed);
        var position = (double[])initial.Clone();
        var gradient = new double[d];
        var proposal = new double[d];
        var proposalGradient = new double[d];
        var momentum = new double[d];
        double currentLog = logDensity(position, gradient);
        int gradientEvaluations = 1;
        Checks.FiniteStart(currentLog, method);

        // Dual averaging state (Hoffman & Gelman 2014, section 3.2): shrink log ε toward μ = log(10 ε₀).
        const double gamma = 0.05, t0 = 10.0, kappa = 0.75;
        double step = options.StepSize, mu = Math.Log(10.0 * options.StepSize), hBar = 0.0, logStepBar = 0.0;
        bool adapt = options.AdaptStepSize && options.BurnIn > 0;
        var stepHistory = adapt ? new double[options.BurnIn] : Array.Empty<double>();

        var draws = new double[options.Draws][];
        var logTrace = new double[options.Draws];
        int accepted = 0, divergences = 0;
        for (int iteration = 0; iteration < options.BurnIn + options.Draws; iteration++)
        {
            bool warmUp = iteration < options.BurnIn;
            double trajectoryStep = step;
            if (options.StepSizeJitter > 0.0)
                trajectoryStep *= 1.0 + options.StepSizeJitter * (2.0 * noise.Uniform.NextDouble() - 1.0);

            noise.Fill(momentum);
            double kinetic0 = 0.5 * SquaredNorm(momentum);
            position.AsSpan().CopyTo(proposal);
            gradient.AsSpan().CopyTo(proposalGradient);
            double proposalLog = Integrate(logDensity, proposal, momentum, proposalGradient, trajectoryStep, options.LeapfrogSteps, out int used);
            gradientEvaluations += used;
            double energyChange = (-proposalLog + 0.5 * SquaredNorm(momentum)) - (-currentLog + kinetic0); // H₁ − H₀
            double alpha = double.IsFinite(energyChange) && energyChange < DivergenceThreshold
                ? Math.Min(1.0, Math.Exp(-energyChange)) : 0.0;
            bool accept = alpha > 0.0 && noise.LogUniform() < -energyChange;
            if (accept)
            {
                (position, proposal) = (proposal, position);
                (gradient, proposalGradient) = (proposalGradient, gradient);
                currentLog = proposalLog;
            }

            if (warmUp)
            {
                if (adapt)
                {
                    int m = iteration + 1;
                    double weight = 1.0 / (m + t0);
                    hBar = (1.0 - weight) * hBar + weight * (options.TargetAcceptance - alpha);
                    double logStep = mu - Math.Sqrt(m) / gamma * hBar;
                    double eta = Math.Pow(m, -kappa);
                    logStepBar = eta * logStep + (1.0 - eta) * logStepBar;
                    step = Math.Exp(logStep);
                    stepHistory[iteration] = step;
                    if (m == options.BurnIn) step = Math.Exp(logStepBar); // sample with the averaged ε̄
                }
                continue;
            }
            if (accept) accepted++;
            if (!(double.IsFinite(energyChange) && energyChange < DivergenceThreshold)) divergences++;
            int kept = iteration - options.BurnIn;
            draws[kept] = (double[])position.Clone();
            logTrace[kept] = currentLog;
        }
        return new Chain(draws, logTrace, (double)accepted / options.Draws, step, stepHistory, gradientEvaluations, 0, divergences);
    }

    /// <summary>Runs steps leapfrog steps of size stepSize from (position, momentum) and returns the end point, leaving the inputs untouched (notebook 03, the leapfrog integrator).</summary>
    /// <remarks>rₜ₊½ = rₜ + ½ε ∇log p(θₜ); θₜ₊₁ = θₜ + ε rₜ₊½; rₜ₊₁ = rₜ₊½ + ½ε ∇log p(θₜ₊₁). It is volume preserving and time reversible, and its energy error is O(ε²).</remarks>
    public static (double[] Position, double[] Momentum) Leapfrog(LogDensityGradient logDensity, double[] position, double[] momentum, double stepSize, int steps)
    {
        const string method = "HamiltonianMonteCarlo.Leapfrog";
        ArgumentNullException.ThrowIfNull(logDensity);
        Checks.FiniteVector(position, method, nameof(position));
        Checks.FiniteVector(momentum, method, nameof(momentum), position.Length);
        Checks.Finite(stepSize, method, nameof(stepSize));
        Guard.AtLeast(steps, 0, method, nameof(steps));
        var q = (double[])position.Clone();
        var r = (double[])momentum.Clone();
        var gradient = new double[q.Length];
        logDensity(q, gradient);
        Integrate(logDensity, q, r, gradient, stepSize, steps, out _);
        return (q, r);
    }

    /// <summary>The Hamiltonian H(θ, r) = −log p(θ) + ½‖r‖² whose conservation the leapfrog integrator approximately keeps (notebook 03, energy).</summary>
    public static double Hamiltonian(LogDensityGradient logDensity, double[] position, double[] momentum)
    {
        const string method = "HamiltonianMonteCarlo.Hamiltonian";
        ArgumentNullException.ThrowIfNull(logDensity);
        Checks.FiniteVector(position, method, nameof(position));
        Checks.FiniteVector(momentum, method, nameof(momentum), position.Length);
        var gradient = new double[position.Length];
        return -logDensity(position, gradient) + 0.5 * SquaredNorm(momentum);
    }

    /// <summary>In-place leapfrog: on entry gradient holds ∇log p(q); on exit q, r, gradient are at the end point; returns log p(q) and the number of gradient evaluations (fewer than steps when the trajectory diverged).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 code and OSR warm-up in a fresh kernel
    private static double Integrate(LogDensityGradient logDensity, Span<double> q, Span<double> r, Span<double> gradient, double step, int steps, out int evaluations)
    {
        double logP = double.NaN;
        evaluations = 0;
        if (steps == 0)
        {
            evaluations = 1;
            return logDensity(q, gradient);
        }
        for (int j = 0; j < r.Length; j++) r[j] += 0.5 * step * gradient[j];
        for (int s = 0; s < steps; s++)
        {
            for (int j = 0; j < q.Length; j++) q[j] += step * r[j];
            logP = logDensity(q, gradient);
            evaluations++;
            double scale = s == steps - 1 ? 0.5 * step : step;
            for (int j = 0; j < r.Length; j++) r[j] += scale * gradient[j];
            if (!double.IsFinite(logP)) return logP; // diverged: the caller rejects
        }
        return logP;
    }

    private static double SquaredNorm(ReadOnlySpan<double> v)
    {
        double sum = 0.0;
        for (int j = 0; j < v.Length; j++) sum += v[j] * v[j];
        return sum;
    }
}
