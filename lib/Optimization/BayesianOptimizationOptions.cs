namespace AdvancedMl.Optimization;

/// <summary>Settings of <see cref="BayesianOptimizer"/>; defaults suit smooth objectives of up to ~10 inputs and budgets of a few dozen evaluations.</summary>
public sealed record BayesianOptimizationOptions
{
    /// <summary>Acquisition function maximised at each step. Default <see cref="AcquisitionKind.ExpectedImprovement"/>.</summary>
    public AcquisitionKind Acquisition { get; init; } = AcquisitionKind.ExpectedImprovement;

    /// <summary>Points of the seeded Latin-hypercube design evaluated before the first GP fit (at least 1). Default 5.</summary>
    public int InitialPoints { get; init; } = 5;

    /// <summary>Total objective evaluations, initial design included (at least 1). Default 50.</summary>
    public int Evaluations { get; init; } = 50;

    /// <summary>Exploration margin ξ of EI and PI, in units of the standardised objective (≥ 0). Default 0: on Branin ξ = 0.01 (≈ 0.5 in Branin's units) already stops EI short of regret 0.01.</summary>
    public double Xi { get; init; } = 0.0;

    /// <summary>β of GP-UCB: the optimiser minimises μ − √β σ (> 0). Default 2.</summary>
    public double Beta { get; init; } = 2.0;

    /// <summary>When true the GP learns a white-noise variance and the incumbent is the lowest posterior mean at an observed point instead of the lowest observation (the result's BestX stays the lowest observation). Default false.</summary>
    public bool Noisy { get; init; } = false;

    /// <summary>Random candidates scored per step (a quarter of them perturb the incumbent); the best seed the local polish (at least 1). Default 1000.</summary>
    public int AcquisitionCandidates { get; init; } = 1000;

    /// <summary>Best candidates polished by a batched compass search on the acquisition (≥ 0). Default 5.</summary>
    public int AcquisitionRestarts { get; init; } = 5;

    /// <summary>GP hyperparameters are re-fitted by maximum marginal likelihood every this many steps, warm-started; in between only the data change (at least 1). Default 1.</summary>
    public int RefitEvery { get; init; } = 1;

    /// <summary>Points proposed per step and evaluated together, chosen one at a time with fantasy observations (at least 1). Default 1.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>How a batch's later points are chosen: the fantasy value given to each chosen point before the next is sought (notebook 05, batches). Default <see cref="BatchStrategy.KrigingBeliever"/>.</summary>
    public BatchStrategy Batch { get; init; } = BatchStrategy.KrigingBeliever;

    /// <summary>Seed of the generator behind the initial design and the acquisition candidates. Default 0.</summary>
    public int Seed { get; init; } = 0;
}

/// <summary>The fantasy observation y given to a chosen batch point before the acquisition is maximised again (Ginsbourger et al. 2010; notebook 05, batches).</summary>
public enum BatchStrategy
{
    /// <summary>Kriging believer: y = the posterior mean μ(x) at the chosen point.</summary>
    KrigingBeliever,

    /// <summary>Constant liar (CL-min): y = the lowest observation so far, an optimistic lie that lowers the mean around the chosen point (the more exploitative variant).</summary>
    ConstantLiar,
}
