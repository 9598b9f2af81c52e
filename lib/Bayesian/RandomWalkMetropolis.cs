using System.Runtime.CompilerServices;
using AdvancedMl.Numerics;
namespace AdvancedMl.Bayesian;

/// <summary>Settings of <see cref="RandomWalkMetropolis.Sample"/>.</summary>
public sealed record MetropolisOptions
{
    /// <summary>Number of draws kept after burn-in (each is the state after <see cref="Thin"/> iterations). Default 5000.</summary>
    public int Draws { get; init; } = 5000;

    /// <summary>Warm-up iterations discarded before the first kept draw; the step size is adapted during them. Default 1000.</summary>
    public int BurnIn { get; init; } = 1000;

    /// <summary>Standard deviation of the isotropic Gaussian proposal θ' = θ + s·ε (the starting value when adapting). Default 0.5.</summary>
    public double StepSize { get; init; } = 0.5;

    /// <summary>When true, adapt the step size during burn-in by Robbins–Monro on log s toward <see cref="TargetAcceptance"/>; it is frozen afterwards. Default true.</summary>
    public bool AdaptStepSize { get; init; } = true;

    /// <summary>Acceptance rate the adaptation aims for; 0.234 is optimal for high-dimensional Gaussian-like targets (Roberts, Gelman and Gilks 1997). Default 0.234.</summary>
    public double TargetAcceptance { get; init; } = 0.234;

    /// <summary>Keep every Thin-th state after burn-in (the run makes Draws × Thin post-burn-in iterations). Default 1.</summary>
    public int Thin { get; init; } = 1;

    /// <summary>Seed of the chain's random generator. Default 0.</summary>
    public int Seed { get; init; } = 0;
}

/// <summary>Random-walk Metropolis: propose θ' = θ + s·ε with ε ~ N(0, I), accept with probability min(1, p(θ')/p(θ)) (notebook 03, the simplest MCMC).</summary>
public static class RandomWalkMetropolis
{
    /// <summary>Runs one chain from initial and returns its post-burn-in draws (notebook 03, Metropolis–Hastings with a symmetric proposal).</summary>
    /// <remarks>
    /// Adaptation (burn-in only): log sₜ₊₁ = log sₜ + (t + 1)^(−0.6) (αₜ − target), where αₜ = min(1, p(θ')/p(θ)) is the
    /// acceptance probability of iteration t; using αₜ instead of the 0/1 outcome gives a less noisy update. Freezing s after
    /// burn-in keeps the kept part of the chain a valid (time-homogeneous) Markov chain.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 code and OSR warm-up in a fresh kernel
    public static Chain Sample(LogDensity logDensity, double[] initial, MetropolisOptions options)
    {
        const string method = "RandomWalkMetropolis.Sample";
        ArgumentNullException.ThrowIfNull(logDensity);
        ArgumentNullException.ThrowIfNull(options);
        Checks.FiniteVector(initial, method, nameof(initial));
        Guard.AtLeast(options.Draws, 1, method, "draws");
        Guard.AtLeast(options.BurnIn, 0, method, "burnIn");
        Guard.AtLeast(options.Thin, 1, method, "thin");
        Checks.Positive(options.StepSize, method, "stepSize");
        Checks.OpenUnit(options.TargetAcceptance, method, "targetAcceptance");

        int d = initial.Length;
        var noise = new GaussianSource(options.Seed);
        var current = (double[])initial.Clone();
        var proposal = new double[d];
        double currentLog = logDensity(current);
        int densityEvaluations = 1;
        Checks.FiniteStart(currentLog, method);

        double logStep = Math.Log(options.StepSize);
        bool adapt = options.AdaptStepSize && options.BurnIn > 0;
        var stepHistory = adapt ? new double[options.BurnIn] : Array.Empty<double>();
        var draws = new double[options.Draws][];
        var logTrace = new double[options.Draws];
        int accepted = 0, kept = 0;
        int total = options.BurnIn + options.Draws * options.Thin;
        for (int iteration = 0; iteration < total; iteration++)
        {
            double step = Math.Exp(logStep);
            for (int j = 0; j < d; j++) proposal[j] = current[j] + step * noise.Next();
            double proposalLog = logDensity(proposal);
            densityEvaluations++;
            double logRatio = double.IsNaN(proposalLog) ? double.NegativeInfinity : proposalLog - currentLog;
            bool accept = noise.LogUniform() < logRatio;
            if (accept)
            {
                (current, proposal) = (proposal, current);
                currentLog = proposalLog;
            }

            if (iteration < options.BurnIn)
            {
                if (adapt)
                {
                    double alpha = logRatio >= 0.0 ? 1.0 : Math.Exp(logRatio);
                    logStep += Math.Pow(iteration + 1, -0.6) * (alpha - options.TargetAcceptance);
                    stepHistory[iteration] = Math.Exp(logStep);
                }
                continue;
            }
            if (accept) accepted++;
            if ((iteration - options.BurnIn + 1) % options.Thin == 0)
            {
                draws[kept] = (double[])current.Clone();
                logTrace[kept] = currentLog;
                kept++;
            }
        }
        double rate = (double)accepted / (options.Draws * options.Thin);
        return new Chain(draws, logTrace, rate, Math.Exp(logStep), stepHistory, 0, densityEvaluations);
    }
}
