namespace AdvancedMl.Bayesian;

/// <summary>A log target density (up to an additive constant) and its gradient: writes ∇ log p(θ) into gradient and returns log p(θ) (notebook 03, the target every sampler and VI method needs).</summary>
/// <remarks>gradient has the same length as theta; implementations must overwrite every entry and should not allocate.</remarks>
public delegate double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient);

/// <summary>A log target density log p(θ) up to an additive constant (notebook 03, what random-walk Metropolis needs).</summary>
public delegate double LogDensity(ReadOnlySpan<double> theta);
