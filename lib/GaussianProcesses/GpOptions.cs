namespace AdvancedMl.GaussianProcesses;

/// <summary>Settings of <see cref="GaussianProcessRegressor.Fit"/> (notebook 04), named as in scikit-learn's GaussianProcessRegressor.</summary>
public sealed record GpOptions
{
    /// <summary>Maximise the log marginal likelihood over log θ ∈ [log 10⁻⁵, log 10⁵] with box-constrained BFGS (MathNet BfgsBMinimizer, as scikit-learn's L-BFGS-B) from the kernel's initial θ; default true.</summary>
    public bool OptimizeHyperparameters { get; init; } = true;

    /// <summary>Extra optimiser starts at log θ₀ + U(−3, 3) per coordinate (θ₀ scaled by e^±3 ≈ 20× either way, clipped to the bounds), drawn from <see cref="Seed"/>; the best LML is kept. Default 0.</summary>
    public int Restarts { get; init; }

    /// <summary>Iteration cap of each optimiser start (BFGS iterations, each one or more LML-and-gradient evaluations); the best θ seen is kept when it is reached. Default 1000.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Seed of the restart draws; default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Jitter added to K's diagonal, relative to K's mean diagonal (grown ×10 while the Cholesky fails); default 10⁻¹⁰.</summary>
    public double Jitter { get; init; } = 1e-10;

    /// <summary>Centre y and scale it to unit standard deviation before fitting, undoing it in predictions (scikit-learn normalize_y); default false.</summary>
    public bool NormalizeY { get; init; }
}
