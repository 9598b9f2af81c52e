using static System.FormattableString;

namespace AdvancedMl.Causal;

/// <summary>The order in which greedy matching visits the treated units (MatchIt's m.order).</summary>
public enum MatchOrder
{
    /// <summary>Descending propensity score (MatchIt's default "largest"); equal scores by lowest row index.</summary>
    Largest,

    /// <summary>Ascending propensity score; equal scores by lowest row index.</summary>
    Smallest,

    /// <summary>Row order.</summary>
    Data,
}

/// <summary>The scale on which matching distances |dᵢ − dⱼ| are measured.</summary>
public enum MatchScale
{
    /// <summary>The propensity score itself (MatchIt's default distance).</summary>
    Probability,

    /// <summary>The logit of the propensity score (MatchIt's link = "linear.logit"; Austin's recommended scale for calipers).</summary>
    Logit,
}

/// <summary>Settings of 1:1 greedy nearest-neighbour matching.</summary>
/// <param name="Replace">Whether a control may be matched to several treated units (default false).</param>
/// <param name="Caliper">Maximum distance in standard deviations of the distance over all units (MatchIt's std.caliper = TRUE); null = none.</param>
/// <param name="Order">Order in which treated units pick their control (default Largest, as MatchIt).</param>
/// <param name="Scale">Scale of the distance (default Probability, as MatchIt).</param>
public sealed record MatchingOptions(bool Replace = false, double? Caliper = null, MatchOrder Order = MatchOrder.Largest, MatchScale Scale = MatchScale.Probability);

/// <summary>One matched pair.</summary>
/// <param name="Treated">Row index of the treated unit.</param>
/// <param name="Control">Row index of its control.</param>
/// <param name="Distance">|dₜ − d꜀| on the matching scale.</param>
public sealed record MatchedPair(int Treated, int Control, double Distance);

/// <summary>The result of nearest-neighbour matching: the pairs, per-row weights and the ATT on the matched treated.</summary>
public sealed class MatchingResult
{
    internal MatchingResult(MatchedPair[] pairs, double[] weights, int[] unmatched, double? caliperWidth, EffectEstimate att)
    {
        Pairs = pairs;
        Weights = weights;
        UnmatchedTreated = unmatched;
        CaliperWidth = caliperWidth;
        Att = att;
    }

    /// <summary>The pairs in the order they were formed.</summary>
    public IReadOnlyList<MatchedPair> Pairs { get; }

    /// <summary>Per row: 1 for a matched treated unit, the number of times used for a control, 0 otherwise (MatchIt rescales control weights to sum to the number of distinct matched controls; weighted means are unchanged).</summary>
    public double[] Weights { get; }

    /// <summary>Treated rows left unmatched by the caliper, ascending.</summary>
    public int[] UnmatchedTreated { get; }

    /// <summary>The caliper on the distance scale (Caliper × SD of the distance), or null.</summary>
    public double? CaliperWidth { get; }

    /// <summary>Mean pair difference Yₜ − Y꜀ over matched treated; SE = sd(differences)/√m (ignores propensity estimation and, with replacement, reuse of controls).</summary>
    public EffectEstimate Att { get; }
}

/// <summary>1:1 greedy nearest-neighbour propensity-score matching (notebook 06, matching section).</summary>
public static class Matching
{
    /// <summary>
    /// Each treated unit, in <see cref="MatchingOptions.Order"/>, takes the available control with the smallest
    /// distance (ties: lowest control row); without replacement a control is used at most once; with a caliper a
    /// treated unit with no control within the caliper stays unmatched.
    /// </summary>
    public static MatchingResult NearestNeighbor(CausalData data, double[] propensity, MatchingOptions? options = null)
    {
        const string method = "Matching.NearestNeighbor";
        ArgumentNullException.ThrowIfNull(data);
        options ??= new MatchingOptions();
        Checks.Propensity(propensity, data.Count, method);
        if (options.Caliper is double c && !(c > 0 && double.IsFinite(c)))
            throw new ArgumentException(Invariant($"{method}: options.Caliper must be positive and finite (standard deviations of the distance); got {c}."), nameof(options));
        if (!options.Replace && data.ControlCount < data.TreatedCount)
            throw new ArgumentException(Invariant($"{method}: matching without replacement needs at least as many controls as treated units; got {data.ControlCount} controls for {data.TreatedCount} treated. Use Replace = true."), nameof(data));
        var d = options.Scale == MatchScale.Logit ? propensity.Select(e => Math.Log(e / (1 - e))).ToArray() : (double[])propensity.Clone();
        double? width = null;
        if (options.Caliper is double k)
        {
            double mean = d.Average();
            double sd = Math.Sqrt(d.Sum(v => (v - mean) * (v - mean)) / (d.Length - 1));
            width = k * sd;
        }
        var treated = data.TreatedIndices;
        var order = options.Order switch
        {
            MatchOrder.Largest => treated.OrderByDescending(i => d[i]).ThenBy(i => i).ToArray(),
            MatchOrder.Smallest => treated.OrderBy(i => d[i]).ThenBy(i => i).ToArray(),
            _ => treated.ToArray(),
        };
        var controls = data.ControlIndices;
        var used = new bool[controls.Length];
        var pairs = new List<MatchedPair>();
        var unmatched = new List<int>();
        foreach (int t in order)
        {
            int best = -1;
            double bestDistance = double.PositiveInfinity;
            for (int j = 0; j < controls.Length; j++)
            {
                if (used[j]) continue;
                double dist = Math.Abs(d[t] - d[controls[j]]);
                if (dist < bestDistance)
                {
                    bestDistance = dist;
                    best = j;
                }
            }
            if (best < 0 || (width is double w && bestDistance > w))
            {
                unmatched.Add(t);
                continue;
            }
            if (!options.Replace) used[best] = true;
            pairs.Add(new MatchedPair(t, controls[best], bestDistance));
        }
        if (pairs.Count < 2)
            throw new ArgumentException(Invariant($"{method}: only {pairs.Count} treated unit(s) found a control within the caliper ({width}); at least 2 pairs are needed. Widen options.Caliper."), nameof(options));
        var weights = new double[data.Count];
        var diffs = new double[pairs.Count];
        for (int k2 = 0; k2 < pairs.Count; k2++)
        {
            var p = pairs[k2];
            weights[p.Treated] = 1;
            weights[p.Control] += 1;
            diffs[k2] = data.Outcome[p.Treated] - data.Outcome[p.Control];
        }
        double att = diffs.Average();
        double se = Math.Sqrt(diffs.Sum(v => (v - att) * (v - att)) / (diffs.Length - 1) / diffs.Length);
        string name = Invariant($"NN matching ({(options.Replace ? "with" : "without")} replacement{(options.Caliper is double cc ? $", caliper {cc:G3} SD" : "")})");
        unmatched.Sort();
        return new MatchingResult(pairs.ToArray(), weights, unmatched.ToArray(), width,
            EffectEstimate.Normal95(name, Estimand.Att, att, se, weights.Count(v => v > 0)));
    }
}
