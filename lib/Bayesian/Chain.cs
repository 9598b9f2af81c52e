namespace AdvancedMl.Bayesian;

/// <summary>The draws of one Markov chain after burn-in, with the traces and counters notebook 03 plots (trace plots, acceptance, step-size adaptation, cost).</summary>
/// <remarks>Immutable: array-valued members return copies, so cache <see cref="Draws"/> or a <see cref="Column"/> rather than reading them inside a loop.</remarks>
public sealed class Chain
{
    private readonly double[][] _draws;
    private readonly double[] _logDensity;
    private readonly double[] _stepSizeHistory;

    internal Chain(double[][] draws, double[] logDensity, double acceptanceRate, double stepSize,
        double[] stepSizeHistory, int gradientEvaluations, int densityEvaluations, int divergences = 0)
    {
        Divergences = divergences;
        _draws = draws;
        _logDensity = logDensity;
        _stepSizeHistory = stepSizeHistory;
        AcceptanceRate = acceptanceRate;
        StepSize = stepSize;
        GradientEvaluations = gradientEvaluations;
        DensityEvaluations = densityEvaluations;
    }

    /// <summary>Dimension d of the parameter vector θ.</summary>
    public int Dimension => _draws[0].Length;

    /// <summary>Number of kept draws (after burn-in and thinning).</summary>
    public int Length => _draws.Length;

    /// <summary>The kept draws θ⁽¹⁾ … θ⁽ⁿ⁾ as a Length × Dimension jagged array (a copy).</summary>
    public double[][] Draws
    {
        get
        {
            var copy = new double[_draws.Length][];
            for (int t = 0; t < copy.Length; t++) copy[t] = (double[])_draws[t].Clone();
            return copy;
        }
    }

    /// <summary>The trace θⱼ⁽¹⁾ … θⱼ⁽ⁿ⁾ of one coordinate (a copy), for trace plots and <see cref="McmcDiagnostics"/>.</summary>
    public double[] Column(int coordinate)
    {
        if (coordinate < 0 || coordinate >= Dimension)
            throw new ArgumentOutOfRangeException(nameof(coordinate), coordinate,
                $"Chain.Column: coordinate must be in [0, {Dimension - 1}]; got {coordinate}.");
        var column = new double[_draws.Length];
        for (int t = 0; t < column.Length; t++) column[t] = _draws[t][coordinate];
        return column;
    }

    /// <summary>log p(θ⁽ᵗ⁾) of every kept draw, as the sampler evaluated it (a copy).</summary>
    public double[] LogDensityTrace => (double[])_logDensity.Clone();

    /// <summary>Fraction of post-burn-in proposals accepted (Metropolis, HMC); 1 for Gibbs, which accepts every draw.</summary>
    public double AcceptanceRate { get; }

    /// <summary>Step size used after burn-in (the adapted one when adaptation ran); 0 for Gibbs, which has none.</summary>
    public double StepSize { get; }

    /// <summary>Step size after each burn-in iteration while it was being adapted; empty when there was no adaptation.</summary>
    public IReadOnlyList<double> StepSizeHistory => _stepSizeHistory;

    /// <summary>Number of gradient evaluations of the target over the whole run, burn-in included (the cost of HMC; 0 for Metropolis and Gibbs).</summary>
    public int GradientEvaluations { get; }

    /// <summary>Number of density-only evaluations of the target over the whole run, burn-in included (the cost of Metropolis; 0 for HMC, whose gradient calls also return the density, and for Gibbs).</summary>
    public int DensityEvaluations { get; }

    /// <summary>Post-burn-in HMC trajectories whose energy error exceeded 1000 or became non-finite (rejected; many of them flag a region the step size cannot resolve); 0 for the other samplers.</summary>
    public int Divergences { get; }

    /// <summary>Posterior-mean estimate: the average of the kept draws per coordinate.</summary>
    public double[] Mean()
    {
        int d = Dimension;
        var mean = new double[d];
        foreach (var draw in _draws)
            for (int j = 0; j < d; j++) mean[j] += draw[j];
        for (int j = 0; j < d; j++) mean[j] /= _draws.Length;
        return mean;
    }

    /// <summary>Posterior standard-deviation estimate per coordinate (sample sd with the n − 1 divisor; 0 for a single draw).</summary>
    public double[] StandardDeviation()
    {
        int d = Dimension, n = _draws.Length;
        double[] mean = Mean();
        var sd = new double[d];
        if (n < 2) return sd;
        foreach (var draw in _draws)
            for (int j = 0; j < d; j++)
            {
                double diff = draw[j] - mean[j];
                sd[j] += diff * diff;
            }
        for (int j = 0; j < d; j++) sd[j] = Math.Sqrt(sd[j] / (n - 1));
        return sd;
    }
}
