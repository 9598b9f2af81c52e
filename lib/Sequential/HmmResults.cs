using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Sequential;

/// <summary>
/// Output of the scaled forward–backward recursion (notebook 02, Rabiner's scaling). Row t (0-based; the
/// notebook's time t + 1) of each T x N matrix belongs to observation t: <see cref="Gamma"/> holds the posterior
/// γₜ(i) = p(zₜ = i | x₁..x_T), <see cref="ScaledAlpha"/> α̂ₜ(i) = p(zₜ = i | x₁..xₜ) (rows sum to 1),
/// <see cref="ScaledBeta"/> β̂ₜ(i) = p(xₜ₊₁..x_T | zₜ = i) / p(xₜ₊₁..x_T | x₁..xₜ), so γₜ = α̂ₜ ∘ β̂ₜ,
/// <see cref="ScaleFactors"/> cₜ = p(xₜ | x₁..xₜ₋₁) (c₀ = p(x₀)), and <see cref="LogLikelihood"/> = Σₜ log cₜ.
/// </summary>
/// <param name="Gamma">T x N posterior state probabilities γₜ(i) (notebook 02, γ = α̂ ∘ β̂); rows sum to 1.</param>
/// <param name="ScaledAlpha">T x N filtered probabilities α̂ₜ(i) = p(zₜ = i | x₁..xₜ) (notebook 02, scaled forward pass).</param>
/// <param name="ScaledBeta">T x N scaled backward variables β̂ₜ(i) (notebook 02, scaled backward pass); the last row is all ones.</param>
/// <param name="ScaleFactors">cₜ = p(xₜ | x₁..xₜ₋₁), the normaliser of step t (a density for Gaussian emissions; may underflow to 0 for extreme outliers, LogLikelihood does not).</param>
/// <param name="LogLikelihood">log p(x₁..x_T) = Σₜ log cₜ (notebook 02, likelihood from the scale factors).</param>
public sealed record HmmPosterior(Matrix<double> Gamma, Matrix<double> ScaledAlpha, Matrix<double> ScaledBeta,
    double[] ScaleFactors, double LogLikelihood)
{
    /// <summary>Posterior decoding: argmax over i of γₜ(i) for every t (ties go to the lowest state), which maximises the expected number of correct states.</summary>
    public int[] MostLikelyStates()
    {
        int t = Gamma.RowCount, n = Gamma.ColumnCount;
        double[] g = Gamma.AsColumnMajorArray() ?? Gamma.ToColumnMajorArray();
        var states = new int[t];
        for (int s = 0; s < t; s++)
        {
            int best = 0;
            double max = g[s];
            for (int i = 1; i < n; i++)
                if (g[i * t + s] > max) { max = g[i * t + s]; best = i; }
            states[s] = best;
        }
        return states;
    }
}

/// <summary>The most probable state sequence z* = argmax_z p(x, z) (notebook 02, Viterbi) and log p(x, z*).</summary>
/// <param name="States">z*ₜ for t = 0..T−1.</param>
/// <param name="LogProbability">log p(x, z*), the joint log-probability (log-density for Gaussian emissions) of the observations and the path.</param>
public sealed record HmmPath(int[] States, double LogProbability);

/// <summary>A state sequence and the symbols it emitted, drawn from a <see cref="DiscreteHmm"/>.</summary>
/// <param name="States">Hidden states zₜ.</param>
/// <param name="Observations">Emitted symbols xₜ in [0, Symbols).</param>
public sealed record HmmSample(int[] States, int[] Observations);

/// <summary>A state sequence and the real values it emitted, drawn from a <see cref="GaussianHmm"/>.</summary>
/// <param name="States">Hidden states zₜ.</param>
/// <param name="Observations">Emitted values xₜ ~ N(mean_zₜ, variance_zₜ).</param>
public sealed record GaussianHmmSample(int[] States, double[] Observations);

/// <summary>A model fitted by Baum–Welch together with the diagnostics notebook 02 plots.</summary>
/// <typeparam name="TModel"><see cref="DiscreteHmm"/> or <see cref="GaussianHmm"/>.</typeparam>
public sealed class HmmFit<TModel>
{
    internal HmmFit(TModel model, IReadOnlyList<double> history, IReadOnlyList<double> restarts, bool converged, int iterations)
    {
        Model = model;
        LogLikelihoodHistory = history;
        RestartLogLikelihoods = restarts;
        Converged = converged;
        Iterations = iterations;
    }

    /// <summary>The fitted model of the best restart (highest final total log-likelihood).</summary>
    public TModel Model { get; }

    /// <summary>Total log-likelihood Σ over sequences of log p(x) for the best restart: [0] at the initial model, [t] after the t-th M-step.</summary>
    public IReadOnlyList<double> LogLikelihoodHistory { get; }

    /// <summary>Final total log-likelihood of each restart, in the order they were run.</summary>
    public IReadOnlyList<double> RestartLogLikelihoods { get; }

    /// <summary>True when the best restart stopped because the gain per observation fell below the tolerance.</summary>
    public bool Converged { get; }

    /// <summary>Number of EM iterations (M-steps) of the best restart.</summary>
    public int Iterations { get; }
}
