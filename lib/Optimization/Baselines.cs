using static System.FormattableString;
using AdvancedMl.Numerics;

namespace AdvancedMl.Optimization;

/// <summary>Random search: evaluations points drawn uniformly from the box (notebook 05, the baseline every optimiser must beat).</summary>
public static class RandomSearch
{
    /// <summary>Evaluates objective at evaluations uniform random points of [lower, upper] drawn from a generator seeded with seed.</summary>
    public static OptimizationResult Minimize(Func<double[], double> objective, double[] lower, double[] upper, int evaluations, int seed)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        const string method = "RandomSearch.Minimize";
        ArgumentNullException.ThrowIfNull(objective);
        Checks.Bounds(lower, upper, method);
        Guard.AtLeast(evaluations, 1, method, nameof(evaluations));
        var rng = new Random(seed);
        int d = lower.Length;
        var xs = new double[evaluations][];
        var ys = new double[evaluations];
        var u = new double[d];
        for (int i = 0; i < evaluations; i++)
        {
            for (int j = 0; j < d; j++) u[j] = rng.NextDouble();
            xs[i] = Sampling.FromUnit(u, lower, upper);
            ys[i] = Checks.Evaluate(objective, xs[i], method);
        }
        return new OptimizationResult(xs, ys, start);
    }
}

/// <summary>Grid search: the full factorial grid with pointsPerDimension cell-centred levels per axis (notebook 05, the Branin comparison).</summary>
public static class GridSearch
{
    /// <summary>Evaluates objective on the pointsPerDimension^d grid of cell centres lower + (k + ½)(upper − lower)/pointsPerDimension, last axis fastest.</summary>
    public static OptimizationResult Minimize(Func<double[], double> objective, double[] lower, double[] upper, int pointsPerDimension)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        const string method = "GridSearch.Minimize";
        ArgumentNullException.ThrowIfNull(objective);
        Checks.Bounds(lower, upper, method);
        Guard.AtLeast(pointsPerDimension, 1, method, nameof(pointsPerDimension));
        int d = lower.Length;
        double total = Math.Pow(pointsPerDimension, d);
        if (total > 1_000_000)
            throw new ArgumentException(Invariant($"{method}: pointsPerDimension^dimension must be at most 1000000; got {total}."), nameof(pointsPerDimension));
        int count = (int)total;
        var xs = new double[count][];
        var ys = new double[count];
        var u = new double[d];
        for (int i = 0; i < count; i++)
        {
            for (int j = d - 1, rest = i; j >= 0; j--, rest /= pointsPerDimension)
                u[j] = (rest % pointsPerDimension + 0.5) / pointsPerDimension;
            xs[i] = Sampling.FromUnit(u, lower, upper);
            ys[i] = Checks.Evaluate(objective, xs[i], method);
        }
        return new OptimizationResult(xs, ys, start);
    }
}
