namespace AdvancedMl.Optimization;

/// <summary>The evaluations made by an optimiser (Bayesian, random or grid search), in order, with the running best (notebook 05).</summary>
public sealed class OptimizationResult
{
    internal OptimizationResult(double[][] x, double[] y, long startTimestamp)
    {
        Seconds = System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        X = x;
        Y = y;
        BestSoFar = new double[y.Length];
        int best = 0;
        for (int i = 0; i < y.Length; i++)
        {
            if (y[i] < y[best]) best = i;
            BestSoFar[i] = y[best];
        }
        BestIndex = best;
    }

    /// <summary>Evaluated inputs, one array per evaluation, in evaluation order.</summary>
    public double[][] X { get; }

    /// <summary>Objective values, Y[i] = f(X[i]).</summary>
    public double[] Y { get; }

    /// <summary>BestSoFar[i] = min of Y[0..i], the incumbent after i + 1 evaluations.</summary>
    public double[] BestSoFar { get; }

    /// <summary>Index of the lowest observation (the first one on ties).</summary>
    public int BestIndex { get; }

    /// <summary>Input of the lowest observation.</summary>
    public double[] BestX => X[BestIndex];

    /// <summary>Lowest observed objective value.</summary>
    public double BestY => Y[BestIndex];

    /// <summary>Wall-clock seconds the run took, objective evaluations included (notebook 05, the cost columns of the comparison tables).</summary>
    public double Seconds { get; }

    /// <summary>Number of evaluations made.</summary>
    public int Count => Y.Length;

    /// <summary>Simple regret after each evaluation, BestSoFar[i] − minimum (notebook 05, the benchmark curves).</summary>
    public double[] SimpleRegret(double minimum)
    {
        var regret = new double[BestSoFar.Length];
        for (int i = 0; i < regret.Length; i++) regret[i] = BestSoFar[i] - minimum;
        return regret;
    }
}
