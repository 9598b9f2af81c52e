using static System.FormattableString;

namespace AdvancedMl.Causal;

/// <summary>The result of a nonparametric bootstrap.</summary>
/// <param name="Estimate">The statistic on the original sample.</param>
/// <param name="Replicates">The statistic on each resample, in replicate order.</param>
/// <param name="StandardError">Standard deviation of the replicates.</param>
/// <param name="CiLow">Lower percentile of the replicates at (1 − Level)/2 (linear interpolation, numpy's default).</param>
/// <param name="CiHigh">Upper percentile at (1 + Level)/2.</param>
/// <param name="Level">Confidence level.</param>
public sealed record BootstrapResult(double Estimate, double[] Replicates, double StandardError, double CiLow, double CiHigh, double Level);

/// <summary>Seeded nonparametric bootstrap with percentile intervals (notebook 06, bootstrap section).</summary>
public static class Bootstrap
{
    /// <summary>
    /// Resamples n row indices with replacement (within each stratum when <paramref name="strata"/> is given, keeping
    /// stratum sizes) <paramref name="replicates"/> times and applies <paramref name="statistic"/> to each index array.
    /// Replicate b draws from its own Random seeded by the b-th draw of Random(seed), so parallel and sequential runs agree.
    /// </summary>
    public static BootstrapResult Run(int n, Func<int[], double> statistic, int replicates, int seed, double level = 0.95, int[]? strata = null, bool parallel = false)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        return RunMany(n, idx => [statistic(idx)], replicates, seed, level, strata, parallel)[0];
    }

    /// <summary>
    /// Several statistics on the same resamples (for example one propensity fit per resample feeding five
    /// estimators): result k summarises element k of the arrays <paramref name="statistics"/> returns, which must
    /// always have the same length. Resampling as in <see cref="Run(int, Func{int[], double}, int, int, double, int[], bool)"/>.
    /// </summary>
    public static BootstrapResult[] RunMany(int n, Func<int[], double[]> statistics, int replicates, int seed, double level = 0.95, int[]? strata = null, bool parallel = false)
    {
        const string method = "Bootstrap.Run";
        ArgumentNullException.ThrowIfNull(statistics);
        if (n < 2) throw new ArgumentException(Invariant($"{method}: n must be at least 2; got {n}."), nameof(n));
        if (replicates < 2) throw new ArgumentException(Invariant($"{method}: replicates must be at least 2; got {replicates}."), nameof(replicates));
        if (!(level > 0 && level < 1)) throw new ArgumentException(Invariant($"{method}: level must lie strictly between 0 and 1; got {level}."), nameof(level));
        int[][] members;
        int[] stratumOf;
        if (strata is null)
        {
            members = [Enumerable.Range(0, n).ToArray()];
            stratumOf = new int[n];
        }
        else
        {
            if (strata.Length != n) throw new ArgumentException(Invariant($"{method}: strata must have n = {n} labels; got {strata.Length}."), nameof(strata));
            var keys = strata.Distinct().Order().ToArray();
            members = keys.Select(k => Enumerable.Range(0, n).Where(i => strata[i] == k).ToArray()).ToArray();
            stratumOf = strata.Select(s => Array.IndexOf(keys, s)).ToArray();
        }
        var estimates = statistics(Enumerable.Range(0, n).ToArray());
        if (estimates is null || estimates.Length == 0)
            throw new ArgumentException($"{method}: statistics must return at least one value.", nameof(statistics));
        Check(estimates, estimates.Length, "the original sample");
        var master = new Random(seed);
        var seeds = Enumerable.Range(0, replicates).Select(_ => master.Next()).ToArray();
        double[] One(int b)
        {
            var rng = new Random(seeds[b]);
            var idx = new int[n];
            for (int i = 0; i < n; i++)
            {
                var pool = members[stratumOf[i]];
                idx[i] = pool[rng.Next(pool.Length)];
            }
            var v = statistics(idx);
            Check(v, estimates.Length, Invariant($"replicate {b}"));
            return v;
        }
        void Check(double[] values, int length, string where)
        {
            if (values is null || values.Length != length)
                throw new ArgumentException(Invariant($"{method}: statistics returned {values?.Length ?? 0} values on {where}; expected {length}."), nameof(statistics));
            for (int k = 0; k < values.Length; k++)
                if (!double.IsFinite(values[k]))
                    throw new ArgumentException(Invariant($"{method}: statistic {k} returned {values[k]} on {where}."), nameof(statistics));
        }
        var values = parallel
            ? Enumerable.Range(0, replicates).AsParallel().AsOrdered().Select(One).ToArray()
            : Enumerable.Range(0, replicates).Select(One).ToArray();
        return Enumerable.Range(0, estimates.Length).Select(k =>
        {
            var column = values.Select(v => v[k]).ToArray();
            double mean = column.Average();
            double se = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / (replicates - 1));
            var sorted = column.Order().ToArray();
            return new BootstrapResult(estimates[k], column, se, Quantile(sorted, (1 - level) / 2), Quantile(sorted, (1 + level) / 2), level);
        }).ToArray();
    }

    /// <summary>Bootstrap of a statistic of <see cref="CausalData"/>, resampling within the treated and control groups by default so both stay non-empty.</summary>
    public static BootstrapResult Run(CausalData data, Func<CausalData, double> statistic, int replicates, int seed, double level = 0.95, bool stratifyByTreatment = true, bool parallel = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(statistic);
        var strata = stratifyByTreatment ? data.Treatment.Select(t => (int)t).ToArray() : null;
        return Run(data.Count, idx => statistic(data.Subset(idx)), replicates, seed, level, strata, parallel);
    }

    /// <summary>Several statistics of <see cref="CausalData"/> on the same resamples (stratified by treatment by default).</summary>
    public static BootstrapResult[] RunMany(CausalData data, Func<CausalData, double[]> statistics, int replicates, int seed, double level = 0.95, bool stratifyByTreatment = true, bool parallel = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(statistics);
        var strata = stratifyByTreatment ? data.Treatment.Select(t => (int)t).ToArray() : null;
        return RunMany(data.Count, idx => statistics(data.Subset(idx)), replicates, seed, level, strata, parallel);
    }

    /// <summary>Quantile with linear interpolation between order statistics (numpy's default, type 7).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
