using static System.FormattableString;
using AdvancedMl.GaussianProcesses;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Optimization;

/// <summary>
/// Bayesian optimisation of an expensive black box over a box: fit a GP surrogate, maximise an acquisition function,
/// evaluate, update (notebook 05, the loop). Inputs are scaled to the unit cube and outputs standardised internally.
/// </summary>
public static class BayesianOptimizer
{
    /// <summary>Minimises objective over [lower, upper] with <see cref="BayesianOptimizationOptions.Evaluations"/> calls (notebook 05, the BO loop).</summary>
    public static OptimizationResult Minimize(Func<double[], double> objective, double[] lower, double[] upper, BayesianOptimizationOptions options)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        const string method = "BayesianOptimizer.Minimize";
        ArgumentNullException.ThrowIfNull(objective);
        Checks.Bounds(lower, upper, method);
        Checks.Options(options, method);
        int d = lower.Length, budget = options.Evaluations;
        var rng = new Random(options.Seed);
        var xs = new List<double[]>(budget);
        var ys = new List<double>(budget);
        var units = new double[budget * d];
        foreach (var u in Sampling.LatinHypercube(Math.Min(options.InitialPoints, budget), d, rng))
        {
            u.CopyTo(units, xs.Count * d);
            var x = Sampling.FromUnit(u, lower, upper);
            ys.Add(Checks.Evaluate(objective, x, method));
            xs.Add(x);
        }
        var kernel = SurrogateGp.DefaultKernel(options.Noisy);
        for (int step = 0; xs.Count < budget; step++)
        {
            var gp = FitSurrogate(units, ys, d, kernel, step % options.RefitEvery == 0);
            kernel = gp.Kernel;
            foreach (var u in Propose(gp, Math.Min(options.BatchSize, budget - xs.Count), options, rng))
            {
                u.CopyTo(units, xs.Count * d);
                var x = Sampling.FromUnit(u, lower, upper);
                ys.Add(Checks.Evaluate(objective, x, method));
                xs.Add(x);
            }
        }
        return new OptimizationResult([.. xs], [.. ys], start);
    }

    /// <summary>One step of the loop: fits the GP to the observations and returns the next <see cref="BayesianOptimizationOptions.BatchSize"/> points to evaluate (notebook 05, step-through and batches).</summary>
    public static double[][] Suggest(Matrix<double> xObserved, Vector<double> yObserved, double[] lower, double[] upper, BayesianOptimizationOptions options)
    {
        const string method = "BayesianOptimizer.Suggest";
        Checks.Bounds(lower, upper, method);
        Checks.Options(options, method);
        var (units, ys) = Observations(xObserved, yObserved, lower, upper, method);
        int d = lower.Length;
        var gp = FitSurrogate(units, ys, d, SurrogateGp.DefaultKernel(options.Noisy), true);
        var rng = new Random(options.Seed);
        return Propose(gp, options.BatchSize, options, rng).Select(u => Sampling.FromUnit(u, lower, upper)).ToArray();
    }

    /// <summary>The surrogate's posterior mean, standard deviation (original units of y, latent f) and acquisition score at each row of xQuery, after fitting to the observations as <see cref="Suggest"/> does (notebook 05, step-through plots).</summary>
    public static (double[] Mean, double[] Sd, double[] Acquisition) Posterior(Matrix<double> xObserved, Vector<double> yObserved, double[] lower, double[] upper, BayesianOptimizationOptions options, Matrix<double> xQuery)
    {
        const string method = "BayesianOptimizer.Posterior";
        Checks.Bounds(lower, upper, method);
        Checks.Options(options, method);
        var (units, ys) = Observations(xObserved, yObserved, lower, upper, method);
        ArgumentNullException.ThrowIfNull(xQuery);
        int d = lower.Length;
        if (xQuery.ColumnCount != d)
            throw new ArgumentException(Invariant($"{method}: xQuery must have {d} columns; got {xQuery.ColumnCount}."), nameof(xQuery));
        var (center, scale) = Standardization(ys);
        var gp = FitSurrogate(units, ys, d, SurrogateGp.DefaultKernel(options.Noisy), true);
        double best = Incumbent(gp);
        int m = xQuery.RowCount;
        var mean = new double[m]; var sd = new double[m]; var score = new double[m];
        var u = new double[m * d];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < d; j++) u[i * d + j] = (xQuery[i, j] - lower[j]) / (upper[j] - lower[j]);
        var (mu, s) = gp.Predict(u, m);
        for (int i = 0; i < m; i++)
        {
            mean[i] = center + scale * mu[i];
            sd[i] = scale * s[i];
            score[i] = Acquisition.Score(options.Acquisition, mu[i], s[i], best, options.Xi, options.Beta);
        }
        return (mean, sd, score);
    }

    private static (double[] Units, List<double> Y) Observations(Matrix<double> x, Vector<double> y, double[] lower, double[] upper, string method)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int n = x.RowCount, d = lower.Length;
        if (n == 0 || x.ColumnCount != d)
            throw new ArgumentException(Invariant($"{method}: xObserved must have at least one row and {d} columns; got {n} x {x.ColumnCount}."), "xObserved");
        if (y.Count != n)
            throw new ArgumentException(Invariant($"{method}: yObserved must have one entry per row of xObserved ({n}); got {y.Count}."), "yObserved");
        var units = new double[n * d];
        var ys = new List<double>(n);
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(y[i])) throw new ArgumentException(Invariant($"{method}: yObserved must contain only finite values; got {y[i]} at index {i}."), "yObserved");
            ys.Add(y[i]);
            for (int j = 0; j < d; j++)
            {
                double v = x[i, j];
                if (!(v >= lower[j] && v <= upper[j]))
                    throw new ArgumentException(Invariant($"{method}: xObserved must lie inside the bounds; got {v} at row {i}, column {j}."), "xObserved");
                units[i * d + j] = (v - lower[j]) / (upper[j] - lower[j]);
            }
        }
        return (units, ys);
    }

    private static (double Center, double Scale) Standardization(List<double> ys)
    {
        double mean = 0.0;
        foreach (double y in ys) mean += y;
        mean /= ys.Count;
        double ss = 0.0;
        foreach (double y in ys) ss += (y - mean) * (y - mean);
        double sd = Math.Sqrt(ss / ys.Count);
        return (mean, sd > 0.0 ? sd : 1.0);
    }

    private static SurrogateGp FitSurrogate(double[] units, List<double> ys, int d, Kernel kernel, bool optimize)
    {
        int n = ys.Count;
        var (center, scale) = Standardization(ys);
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = (ys[i] - center) / scale;
        return SurrogateGp.Fit(units, y, n, d, kernel, optimize);
    }

    private static double Lowest(ReadOnlySpan<double> y)
    {
        double best = double.PositiveInfinity;
        foreach (double v in y) best = Math.Min(best, v);
        return best;
    }

    /// <summary>Lowest observation without noise; lowest posterior mean at an observed point with noise (standardised units).</summary>
    private static double Incumbent(SurrogateGp gp)
    {
        if (gp.Noise == 0.0) return Lowest(gp.Outputs);
        return gp.Predict(gp.Inputs.ToArray(), gp.Count).Mean.Min();
    }

    /// <summary>Chooses batchSize points (unit cube): each maximises the acquisition, then is added to the GP with a fantasy observation, its posterior mean (kriging believer) or the lowest observation (constant liar).</summary>
    private static List<double[]> Propose(SurrogateGp gp, int batchSize, BayesianOptimizationOptions options, Random rng)
    {
        var batch = new List<double[]>(batchSize);
        for (int b = 0; b < batchSize; b++)
        {
            var u = AcquisitionMaximizer.Maximize(gp, Incumbent(gp), options, rng);
            batch.Add(u);
            if (b + 1 < batchSize) gp = gp.WithPoint(u, options.Batch == BatchStrategy.ConstantLiar ? Lowest(gp.Outputs) : gp.Predict(u).Mean);
        }
        return batch;
    }
}
