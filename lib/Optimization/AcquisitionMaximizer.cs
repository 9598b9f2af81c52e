namespace AdvancedMl.Optimization;

/// <summary>Maximises an acquisition over the unit cube: score a seeded random candidate set (three quarters uniform, one quarter near the best observation), then polish the best few with box-constrained Nelder–Mead.</summary>
internal static class AcquisitionMaximizer
{
    private const double MinimumSeparation = 1e-6;

    public static double[] Maximize(SurrogateGp gp, double best, BayesianOptimizationOptions options, Random rng)
    {
        int d = gp.Dimension, m = options.AcquisitionCandidates;
        var work = new double[gp.Count];
        var candidates = new double[m * d];
        var scores = new double[m];
        var anchor = BestObserved(gp);
        int local = m / 4;
        for (int i = 0; i < m; i++)
        {
            var c = candidates.AsSpan(i * d, d);
            for (int j = 0; j < d; j++)
                c[j] = i < local ? Math.Clamp(anchor[j] + 0.05 * Sampling.StandardNormal(rng), 0.0, 1.0) : rng.NextDouble();
            scores[i] = Score(gp, c, best, options, work);
        }
        var order = Enumerable.Range(0, m).ToArray();
        Array.Sort((double[])scores.Clone(), order);
        Array.Reverse(order); // highest score first; ties keep a fixed order because Array.Sort is deterministic

        double[] winner = candidates.AsSpan(order[0] * d, d).ToArray();
        double winnerScore = scores[order[0]];
        var lower = new double[d];
        var upper = Enumerable.Repeat(1.0, d).ToArray();
        for (int r = 0; r < Math.Min(options.AcquisitionRestarts, m); r++)
        {
            var start = candidates.AsSpan(order[r] * d, d).ToArray();
            double value = -NelderMead.Minimize(u => -Score(gp, u, best, options, work), start, lower, upper, 0.02, 20 * d + 20, 1e-10);
            if (value > winnerScore && !TooClose(gp, start)) { winner = start; winnerScore = value; }
        }
        if (TooClose(gp, winner)) // acquisition flat or peaked on a sample: fall back to the best distinct candidate
        {
            foreach (int i in order)
            {
                var c = candidates.AsSpan(i * d, d).ToArray();
                if (!TooClose(gp, c)) return c;
            }
            for (int j = 0; j < d; j++) winner[j] = rng.NextDouble();
        }
        return winner;
    }

    private static double Score(SurrogateGp gp, ReadOnlySpan<double> u, double best, BayesianOptimizationOptions options, double[] work)
    {
        var (mean, sd) = gp.Predict(u, work);
        return Acquisition.Score(options.Acquisition, mean, sd, best, options.Xi, options.Beta);
    }

    private static double[] BestObserved(SurrogateGp gp)
    {
        var y = gp.Outputs;
        int best = 0;
        for (int i = 1; i < y.Length; i++) if (y[i] < y[best]) best = i;
        return gp.Inputs.Slice(best * gp.Dimension, gp.Dimension).ToArray();
    }

    private static bool TooClose(SurrogateGp gp, ReadOnlySpan<double> u)
    {
        int d = gp.Dimension;
        var x = gp.Inputs;
        for (int i = 0; i < gp.Count; i++)
        {
            double max = 0.0;
            for (int j = 0; j < d; j++) max = Math.Max(max, Math.Abs(x[i * d + j] - u[j]));
            if (max < MinimumSeparation) return true;
        }
        return false;
    }
}
