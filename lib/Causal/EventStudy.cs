using static System.FormattableString;

namespace AdvancedMl.Causal;

/// <summary>Settings of the two-way fixed-effects event study.</summary>
/// <param name="Leads">Pre-adoption periods shown, −Leads … −2 (the reference −1 is omitted); default 5.</param>
/// <param name="Lags">Post-adoption periods shown, 0 … Lags; default 5.</param>
/// <param name="BinEndpoints">true: periods beyond the window are pooled into the end bins −Leads and Lags; false: those rows are dropped.</param>
/// <param name="DropAlwaysTreated">Drop units already treated in the first period (they have no pre-period).</param>
public sealed record EventStudyOptions(int Leads = 5, int Lags = 5, bool BinEndpoints = true, bool DropAlwaysTreated = true);

/// <summary>Effects by period relative to adoption, with the reference period −1 normalised to 0 (notebook 06, event-study plot).</summary>
public sealed class EventStudyResult
{
    internal EventStudyResult(string method, int[] relativeTimes, double[] estimates, double[] standardErrors, int n, int clusters)
    {
        Method = method;
        RelativeTimes = relativeTimes;
        Estimates = estimates;
        StandardErrors = standardErrors;
        double z = EffectEstimate.Z(0.95);
        CiLow = estimates.Select((e, k) => e - z * standardErrors[k]).ToArray();
        CiHigh = estimates.Select((e, k) => e + z * standardErrors[k]).ToArray();
        N = n;
        Clusters = clusters;
    }

    /// <summary>Name of the estimator.</summary>
    public string Method { get; }

    /// <summary>Periods relative to adoption, ascending, including the reference −1.</summary>
    public int[] RelativeTimes { get; }

    /// <summary>Effect estimate per relative period (0 at the reference −1).</summary>
    public double[] Estimates { get; }

    /// <summary>Standard error per relative period (0 at the reference).</summary>
    public double[] StandardErrors { get; }

    /// <summary>Lower ends of the 95 % intervals.</summary>
    public double[] CiLow { get; }

    /// <summary>Upper ends of the 95 % intervals.</summary>
    public double[] CiHigh { get; }

    /// <summary>The reference period, −1.</summary>
    public int ReferencePeriod => -1;

    /// <summary>Rows (TWFE) or units (Callaway–Sant'Anna) used.</summary>
    public int N { get; }

    /// <summary>Number of units (clusters).</summary>
    public int Clusters { get; }

    /// <summary>The estimate at one relative period.</summary>
    public double Estimate(int relativeTime)
    {
        int k = Array.IndexOf(RelativeTimes, relativeTime);
        if (k < 0) throw new ArgumentException(Invariant($"EventStudyResult.Estimate: no estimate for relative time {relativeTime}; available {string.Join(", ", RelativeTimes)}."), nameof(relativeTime));
        return Estimates[k];
    }
}

/// <summary>One group-time average treatment effect ATT(g, t) of Callaway and Sant'Anna.</summary>
/// <param name="Cohort">Adoption time g.</param>
/// <param name="Time">Calendar time t.</param>
/// <param name="Estimate">ATT(g, t) against never-treated units, base period g − 1.</param>
/// <param name="StandardError">Its standard error.</param>
/// <param name="CohortSize">Units in the cohort.</param>
public sealed record GroupTimeEffect(int Cohort, int Time, double Estimate, double StandardError, int CohortSize);

/// <summary>Callaway–Sant'Anna results: the overall ATT, the event-time aggregation and the group-time effects.</summary>
public sealed class StaggeredResult
{
    internal StaggeredResult(EffectEstimate overall, EventStudyResult dynamic, GroupTimeEffect[] groupTime)
    {
        Overall = overall;
        Dynamic = dynamic;
        GroupTime = groupTime;
    }

    /// <summary>Average of ATT(g, t) over all post-adoption cells, weighted by cohort size.</summary>
    public EffectEstimate Overall { get; }

    /// <summary>ATT by event time e = t − g, each a cohort-size-weighted average of ATT(g, g + e).</summary>
    public EventStudyResult Dynamic { get; }

    /// <summary>Every ATT(g, t).</summary>
    public IReadOnlyList<GroupTimeEffect> GroupTime { get; }
}

/// <summary>Event studies for staggered adoption (notebook 06, DiD section). Relative time counts positions in the sorted list of periods.</summary>
public static class EventStudy
{
    /// <summary>
    /// y_it = α_i + λ_t + Σ_{k≠−1} β_k 1[t − g_i = k] + ε_it by OLS with unit and time dummies, clustered by unit;
    /// never-treated units have every event dummy 0. Biased under staggered adoption with dynamic effects, because
    /// already-treated units serve as controls.
    /// </summary>
    public static EventStudyResult TwoWayFixedEffects(PanelData panel, EventStudyOptions? options = null)
    {
        const string method = "EventStudy.TwoWayFixedEffects";
        ArgumentNullException.ThrowIfNull(panel);
        options ??= new EventStudyOptions();
        if (options.Leads < 2) throw new ArgumentException(Invariant($"{method}: options.Leads must be at least 2 (−1 is the reference); got {options.Leads}."), nameof(options));
        if (options.Lags < 0) throw new ArgumentException(Invariant($"{method}: options.Lags must be at least 0; got {options.Lags}."), nameof(options));
        var position = panel.Times.Select((t, k) => (t, k)).ToDictionary(p => p.t, p => p.k);
        var rel = new int?[panel.Count];
        var rows = new List<int>();
        for (int i = 0; i < panel.Count; i++)
        {
            var g = panel.AdoptionTime[panel.Unit[i]];
            if (g is int adoption)
            {
                if (options.DropAlwaysTreated && adoption == panel.Times[0]) continue;
                int k = position[panel.Time[i]] - position[adoption];
                if (k < -options.Leads || k > options.Lags)
                {
                    if (!options.BinEndpoints) continue;
                    k = Math.Clamp(k, -options.Leads, options.Lags);
                }
                rel[i] = k;
            }
            rows.Add(i);
        }
        if (!rows.Any(i => rel[i] is null))
            throw new ArgumentException($"{method}: the panel has no never-treated unit to serve as control.", nameof(panel));
        var periods = Enumerable.Range(-options.Leads, options.Leads + options.Lags + 1).Where(k => k != -1 && rows.Any(i => rel[i] == k)).ToArray();
        if (periods.Length == 0)
            throw new ArgumentException($"{method}: no unit adopts the treatment within the panel.", nameof(panel));
        var regressors = periods.Select(k => Enumerable.Range(0, panel.Count).Select(i => rel[i] == k ? 1.0 : 0.0).ToArray()).ToArray();
        var names = periods.Select(k => Invariant($"event[{k}]")).ToArray();
        var fit = Panels.FixedEffects(panel, regressors, names, rows.ToArray(), method);
        var all = periods.Append(-1).Order().ToArray();
        return new EventStudyResult("TWFE event study", all,
            all.Select(k => k == -1 ? 0.0 : fit.Coefficient(Invariant($"event[{k}]"))).ToArray(),
            all.Select(k => k == -1 ? 0.0 : fit.StandardError(Invariant($"event[{k}]"))).ToArray(),
            rows.Count, fit.ClusterCount ?? 0);
    }

    /// <summary>
    /// Callaway and Sant'Anna (2021) with never-treated controls and base period g − 1:
    /// ATT(g, t) = [Ȳ_g,t − Ȳ_g,g−1] − [Ȳ_∞,t − Ȳ_∞,g−1]; event-time and overall aggregates weight cohorts by size.
    /// Standard errors from unit-level influence functions treating the weights as fixed. Needs a balanced panel;
    /// units treated in the first period are dropped.
    /// </summary>
    public static StaggeredResult CallawaySantAnna(PanelData panel, int leads = 5, int lags = 5)
    {
        const string method = "EventStudy.CallawaySantAnna";
        ArgumentNullException.ThrowIfNull(panel);
        if (leads < 2) throw new ArgumentException(Invariant($"{method}: leads must be at least 2; got {leads}."), nameof(leads));
        if (lags < 0) throw new ArgumentException(Invariant($"{method}: lags must be at least 0; got {lags}."), nameof(lags));
        var times = panel.Times;
        var position = times.Select((t, k) => (t, k)).ToDictionary(p => p.t, p => p.k);
        var unitRow = panel.Units.Select((u, k) => (u, k)).ToDictionary(p => p.u, p => p.k);
        var y = new double[panel.Units.Length, times.Length];
        for (int i = 0; i < panel.Count; i++) y[unitRow[panel.Unit[i]], position[panel.Time[i]]] = panel.Outcome[i];
        if (panel.Count != panel.Units.Length * times.Length)
            throw new ArgumentException(Invariant($"{method}: the panel must be balanced; got {panel.Count} rows for {panel.Units.Length} units × {times.Length} periods."), nameof(panel));
        var never = panel.Units.Where(u => panel.AdoptionTime[u] is null).Select(u => unitRow[u]).ToArray();
        if (never.Length < 2) throw new ArgumentException(Invariant($"{method}: need at least 2 never-treated units as controls; got {never.Length}."), nameof(panel));
        var cohorts = panel.Units.Where(u => panel.AdoptionTime[u] is int g && position[g] > 0)
            .GroupBy(u => position[panel.AdoptionTime[u]!.Value]).OrderBy(g => g.Key)
            .Select(g => (Position: g.Key, Members: g.Select(u => unitRow[u]).ToArray())).ToArray();
        if (cohorts.Length == 0) throw new ArgumentException($"{method}: no unit adopts the treatment after the first period.", nameof(panel));

        // A cell (cohort c, period s) with weight w contributes w·[mean_c ΔY − mean_∞ ΔY], ΔY = Y_s − Y_{g−1}.
        (double Estimate, double Se) Aggregate(IReadOnlyList<(int Cohort, int Period, double Weight)> cells)
        {
            double estimate = 0, variance = 0;
            var control = new double[never.Length];
            foreach (var group in cells.GroupBy(c => c.Cohort))
            {
                var (gp, members) = cohorts[group.Key];
                var h = new double[members.Length];
                foreach (var (_, s, w) in group)
                {
                    for (int a = 0; a < members.Length; a++) h[a] += w * (y[members[a], s] - y[members[a], gp - 1]);
                    for (int a = 0; a < never.Length; a++) control[a] += w * (y[never[a], s] - y[never[a], gp - 1]);
                }
                double mean = h.Average();
                estimate += mean;
                if (members.Length > 1) variance += h.Sum(v => (v - mean) * (v - mean)) / (members.Length - 1) / members.Length;
            }
            double cm = control.Average();
            estimate -= cm;
            variance += control.Sum(v => (v - cm) * (v - cm)) / (never.Length - 1) / never.Length;
            return (estimate, Math.Sqrt(variance));
        }

        var groupTime = new List<GroupTimeEffect>();
        for (int c = 0; c < cohorts.Length; c++)
            for (int s = 0; s < times.Length; s++)
            {
                if (s == cohorts[c].Position - 1) continue;
                var (e, se) = Aggregate([(c, s, 1.0)]);
                groupTime.Add(new GroupTimeEffect(times[cohorts[c].Position], times[s], e, se, cohorts[c].Members.Length));
            }
        var rel = new List<int>();
        var est = new List<double>();
        var ses = new List<double>();
        for (int k = -leads; k <= lags; k++)
        {
            if (k == -1) { rel.Add(-1); est.Add(0); ses.Add(0); continue; }
            var cells = Enumerable.Range(0, cohorts.Length).Where(c => cohorts[c].Position + k >= 0 && cohorts[c].Position + k < times.Length).ToArray();
            if (cells.Length == 0) continue;
            double total = cells.Sum(c => (double)cohorts[c].Members.Length);
            var (e, se) = Aggregate(cells.Select(c => (c, cohorts[c].Position + k, cohorts[c].Members.Length / total)).ToArray());
            rel.Add(k);
            est.Add(e);
            ses.Add(se);
        }
        var post = Enumerable.Range(0, cohorts.Length).SelectMany(c => Enumerable.Range(cohorts[c].Position, times.Length - cohorts[c].Position).Select(s => (c, s))).ToArray();
        double weightTotal = post.Sum(p => (double)cohorts[p.c].Members.Length);
        var (overall, overallSe) = Aggregate(post.Select(p => (p.c, p.s, cohorts[p.c].Members.Length / weightTotal)).ToArray());
        int used = never.Length + cohorts.Sum(c => c.Members.Length);
        return new StaggeredResult(
            EffectEstimate.Normal95("Callaway–Sant'Anna", Estimand.Att, overall, overallSe, used),
            new EventStudyResult("Callaway–Sant'Anna", rel.ToArray(), est.ToArray(), ses.ToArray(), used, used),
            groupTime.ToArray());
    }
}
