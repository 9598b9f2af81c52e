namespace AdvancedMl.Sequential;

/// <summary>Settings of <see cref="DiscreteHmm.Fit"/> and <see cref="GaussianHmm.Fit"/> (Baum–Welch, notebook 02); defaults documented per property.</summary>
public sealed record BaumWelchOptions
{
    /// <summary>Maximum number of EM iterations (M-steps) per restart; 0 returns the initial model. Default 200.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Stop when the total log-likelihood divided by the number of observations gains less than this. Default 1e-6.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Random initialisations (rows drawn from a flat Dirichlet using <see cref="Seed"/>); the best final likelihood wins. Ignored when <see cref="InitialModel"/> is set. Default 1.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Seed of the generator that draws every restart's initial model. Default 0.</summary>
    public int Seed { get; init; } = 0;

    /// <summary>
    /// Pseudo-count added to every expected count before normalising (initial, transition and, for discrete
    /// models, emission counts): the MAP estimate under a symmetric Dirichlet(1 + Smoothing) prior. It keeps
    /// unseen symbols and transitions possible; with Smoothing &gt; 0 EM maximises the posterior, so the
    /// recorded likelihood is no longer guaranteed to rise at every step. Default 0 (maximum likelihood).
    /// </summary>
    public double Smoothing { get; init; } = 0.0;

    /// <summary>
    /// Gaussian models only: every variance is kept at least VarianceFloor times the variance of all observations
    /// pooled (so a state cannot collapse onto one point and send the likelihood to infinity). Clipping the
    /// M-step variance at the floor is still the constrained maximiser, so the likelihood keeps rising. Default 1e-3.
    /// </summary>
    public double VarianceFloor { get; init; } = 1e-3;

    /// <summary>Optional starting model (a <see cref="DiscreteHmm"/> for DiscreteHmm.Fit, a <see cref="GaussianHmm"/> for GaussianHmm.Fit) used instead of random restarts. Default null.</summary>
    public object? InitialModel { get; init; }
}
