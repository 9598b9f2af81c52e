using System.Runtime.CompilerServices;

namespace AdvancedMl.Optimization;

/// <summary>Maximises an acquisition over the unit cube: score a seeded random candidate set (three quarters uniform, one quarter near the best observation), then polish the best few by a batched compass search.</summary>
internal static class AcquisitionMaximizer
{
    private const double MinimumSeparation = 1e-6, InitialStep = 0.05, MinimumStep = 1e-4;
    private const int PolishRounds = 20;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Maximize(SurrogateGp gp, double best, BayesianOptimizationOptions options, Random rng)
    {
        int d = gp.Dimension, m = options.AcquisitionCandidates;
        var candidates = new double[m * d];
        var scores = new double[m];
        var anchor = BestObserved(gp);
        int local = m / 4;
        for (int i = 0; i < m; i++)
        {
            var c = candidates.AsSpan(i * d, d);
            for (int j = 0; j < d; j++)
                c[j] = i < local ? Math.Clamp(anchor[j] + 0.05 * Sampling.StandardNormal(rng), 0.0, 1.0) : rng.NextDouble();
        }
        var means = new double[m];
        var sds = new double[m];
        gp.Predict(candidates, m, means, sds);
        for (int i = 0; i < m; i++) scores[i] = Acquisition.Score(options.Acquisition, means[i], sds[i], best, options.Xi, options.Beta);
        var order = Enumerable.Range(0, m).ToArray();
        Array.Sort((double[])scores.Clone(), order);
        Array.Reverse(order); // highest score first; ties keep a fixed order because Array.Sort is deterministic

        double[] winner = candidates.AsSpan(order[0] * d, d).ToArray();
        double winnerScore = scores[order[0]];
        int restarts = Math.Min(options.AcquisitionRestarts, m);
        var starts = new double[restarts][];
        var values = new double[restarts];
        for (int r = 0; r < restarts; r++) { starts[r] = candidates.AsSpan(order[r] * d, d).ToArray(); values[r] = scores[order[r]]; }
        PatternSearch(gp, best, options, starts, values);
        for (int r = 0; r < restarts; r++)
            if (values[r] > winnerScore && !TooClose(gp, starts[r])) { winner = starts[r]; winnerScore = values[r]; }
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

    /// <summary>
    /// Compass search on the acquisition from each start at once: every round scores the 2d moves x ± h eⱼ (clipped to
    /// the cube) of every start in one batched GP prediction, moves each start to its best improving move or halves its h;
    /// a start stops once h falls below 10⁻⁴ of the box.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PatternSearch(SurrogateGp gp, double best, BayesianOptimizationOptions options, double[][] points, double[] values)
    {
        int d = gp.Dimension, r = points.Length, moves = 2 * d;
        if (r == 0) return;
        var steps = Enumerable.Repeat(InitialStep, r).ToArray();
        var active = new int[r]; // starts whose step is still above MinimumStep, in start order
        var trials = new double[r * moves * d];
        var means = new double[r * moves];
        var sds = new double[r * moves];
        for (int round = 0; round < PolishRounds; round++)
        {
            int count = 0;
            for (int s = 0; s < r; s++) if (steps[s] >= MinimumStep) active[count++] = s;
            if (count == 0) break;
            for (int a = 0; a < count; a++)
                for (int k = 0; k < moves; k++)
                {
                    var t = trials.AsSpan((a * moves + k) * d, d);
                    points[active[a]].CopyTo(t);
                    t[k / 2] = Math.Clamp(t[k / 2] + (k % 2 == 0 ? steps[active[a]] : -steps[active[a]]), 0.0, 1.0);
                }
            gp.Predict(trials.AsSpan(0, count * moves * d), count * moves, means, sds);
            for (int a = 0; a < count; a++)
            {
                int s = active[a], bestMove = -1;
                for (int k = 0; k < moves; k++)
                {
                    double score = Acquisition.Score(options.Acquisition, means[a * moves + k], sds[a * moves + k], best, options.Xi, options.Beta);
                    if (score > values[s]) { values[s] = score; bestMove = k; }
                }
                if (bestMove >= 0) trials.AsSpan((a * moves + bestMove) * d, d).CopyTo(points[s]);
                else steps[s] *= 0.5;
            }
        }
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
