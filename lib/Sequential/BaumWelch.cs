namespace AdvancedMl.Sequential;

/// <summary>One emission model's E- and M-steps over a fixed set of training sequences (expected counts live in the engine).</summary>
internal abstract class BaumWelchEngine<TModel>
{
    /// <summary>Total number of observations over all sequences (the tolerance is per observation).</summary>
    public abstract long Observations { get; }

    /// <summary>E-step: expected counts under the model into the engine's accumulators; returns Σ log p(x) over sequences.</summary>
    public abstract double EStep(TModel model);

    /// <summary>M-step: the model maximising the expected complete-data log-likelihood of the accumulated counts.</summary>
    public abstract TModel MStep(TModel previous, BaumWelchOptions options);

    /// <summary>A random starting model drawn from the generator.</summary>
    public abstract TModel Draw(Random rng);
}

/// <summary>The Baum–Welch (EM) loop of notebook 02 with restarts, shared by both emission models.</summary>
internal static class BaumWelch
{
    /// <summary>Runs EM from options.InitialModel, or from each random restart, and keeps the best final likelihood.</summary>
    public static HmmFit<TModel> Fit<TModel>(BaumWelchEngine<TModel> engine, BaumWelchOptions options, TModel? initial) where TModel : class
    {
        var master = new Random(options.Seed);
        int runs = initial is null ? options.Restarts : 1;
        var finals = new double[runs];
        (TModel Model, List<double> History, bool Converged)? best = null;
        for (int r = 0; r < runs; r++)
        {
            TModel model = initial ?? engine.Draw(new Random(master.Next()));
            var history = new List<double> { engine.EStep(model) };
            bool converged = false;
            for (int it = 0; it < options.MaxIterations; it++)
            {
                model = engine.MStep(model, options);
                history.Add(engine.EStep(model));
                if ((history[^1] - history[^2]) / engine.Observations < options.Tolerance) { converged = true; break; }
            }
            finals[r] = history[^1];
            if (best is null || history[^1] > best.Value.History[^1]) best = (model, history, converged);
        }
        var b = best!.Value;
        return new HmmFit<TModel>(b.Model, b.History.ToArray(), finals, b.Converged, b.History.Count - 1);
    }

    /// <summary>A random probability row, nearly flat-Dirichlet: independent Exp(1) draws plus 0.001 (so no entry starts at 0), divided by their sum.</summary>
    public static void DirichletRow(Random rng, Span<double> row)
    {
        double sum = 0.0;
        for (int j = 0; j < row.Length; j++) { row[j] = -Math.Log(1.0 - rng.NextDouble()) + 1e-3; sum += row[j]; }
        for (int j = 0; j < row.Length; j++) row[j] /= sum;
    }

    /// <summary>Normalises (counts + smoothing) into a probability row; a row with no mass keeps the previous row.</summary>
    public static void NormaliseRow(ReadOnlySpan<double> counts, double smoothing, ReadOnlySpan<double> previous, Span<double> row)
    {
        double sum = 0.0;
        for (int j = 0; j < counts.Length; j++) sum += counts[j] + smoothing;
        if (!(sum > 0.0)) { previous.CopyTo(row); return; }
        for (int j = 0; j < counts.Length; j++) row[j] = (counts[j] + smoothing) / sum;
    }
}
