using static System.FormattableString;
using AdvancedMl.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Causal;

/// <summary>A simulated cross-section with known effects.</summary>
/// <param name="Data">Covariates x1, x2, x3, treatment and outcome.</param>
/// <param name="TrueAte">Population ATE (the parameter effect).</param>
/// <param name="TrueAtt">Mean of τ(xᵢ) over this sample's treated rows (the conditional ATT).</param>
/// <param name="TrueEffects">τ(xᵢ) for every row.</param>
public sealed record SimulatedStudy(CausalData Data, double TrueAte, double TrueAtt, double[] TrueEffects);

/// <summary>A simulated linear structural causal model together with its DAG.</summary>
/// <param name="Graph">The DAG that generated the data.</param>
/// <param name="Columns">One array per node.</param>
/// <param name="TotalEffect">Total effect of a unit change in T on Y (direct plus through the mediator).</param>
/// <param name="DirectEffect">The direct effect T → Y.</param>
public sealed record SimulatedDag(CausalGraph Graph, IReadOnlyDictionary<string, double[]> Columns, double TotalEffect, double DirectEffect);

/// <summary>Simulated data for instrumental variables.</summary>
/// <param name="Outcome">Y = effect·D + 2U + noise.</param>
/// <param name="Treatment">D = strength·Z + U + noise (endogenous through U).</param>
/// <param name="Instrument">Z, independent of U.</param>
/// <param name="Confounder">The unobserved confounder U.</param>
/// <param name="Effect">The true effect of D on Y.</param>
public sealed record SimulatedIv(double[] Outcome, double[] Treatment, double[] Instrument, double[] Confounder, double Effect);

/// <summary>A simulated panel with known treatment effects.</summary>
/// <param name="Panel">Units 0..N−1, periods 0..T−1.</param>
/// <param name="TrueAtt">Mean effect over all treated unit-periods.</param>
/// <param name="TrueEventEffects">Effect by period relative to adoption (0 before adoption).</param>
public sealed record SimulatedPanel(PanelData Panel, double TrueAtt, IReadOnlyDictionary<int, double> TrueEventEffects);

/// <summary>Seeded data-generating processes with known causal effects for notebook 06 and its tests.</summary>
public static class Simulations
{
    /// <summary>
    /// x1, x2, x3 ~ N(0, 1); T ~ Bernoulli(σ(−0.5 + 0.8x1 + 0.6x2 − 0.4x3)); τ(x) = effect + heterogeneity·x1;
    /// Y = 1 + x1 + 1.5x2 + x3 + T·τ(x) + N(0, 1). Confounded by all three covariates; the naive difference is biased up.
    /// </summary>
    public static SimulatedStudy Confounded(int n, int seed, double effect = 2.0, double heterogeneity = 1.0) =>
        CrossSection(n, seed, effect, heterogeneity, randomised: false, "Simulations.Confounded");

    /// <summary>The same outcome model as <see cref="Confounded"/> but T ~ Bernoulli(0.5) independently of x: a randomised trial.</summary>
    public static SimulatedStudy RandomisedTrial(int n, int seed, double effect = 2.0, double heterogeneity = 1.0) =>
        CrossSection(n, seed, effect, heterogeneity, randomised: true, "Simulations.RandomisedTrial");

    private static SimulatedStudy CrossSection(int n, int seed, double effect, double heterogeneity, bool randomised, string method)
    {
        if (n < 10) throw new ArgumentException(Invariant($"{method}: n must be at least 10; got {n}."), nameof(n));
        CheckFinite(method, (nameof(effect), effect), (nameof(heterogeneity), heterogeneity));
        var rng = new Random(seed);
        var x = Matrix<double>.Build.Dense(n, 3);
        var t = new double[n];
        var y = new double[n];
        var tau = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x1 = Normal.Sample(rng, 0, 1), x2 = Normal.Sample(rng, 0, 1), x3 = Normal.Sample(rng, 0, 1);
            x[i, 0] = x1;
            x[i, 1] = x2;
            x[i, 2] = x3;
            double e = randomised ? 0.5 : LogSpace.Sigmoid(-0.5 + 0.8 * x1 + 0.6 * x2 - 0.4 * x3);
            t[i] = rng.NextDouble() < e ? 1 : 0;
            tau[i] = effect + heterogeneity * x1;
            y[i] = 1 + x1 + 1.5 * x2 + x3 + t[i] * tau[i] + Normal.Sample(rng, 0, 1);
        }
        var data = CausalData.Create(x, t, y, ["x1", "x2", "x3"]);
        return new SimulatedStudy(data, effect, data.TreatedIndices.Average(i => tau[i]), tau);
    }

    /// <summary>
    /// Linear SCM on the DAG Z → T, Z → Y, T → M → Y, T → Y, T → C ← Y: Z ~ N(0, 1); T = 0.8Z + ε; M = 0.7T + ε;
    /// Y = effect·T + 0.8M + Z + ε; C = T + Y + ε (ε ~ N(0, 1)). Total effect = effect + 0.56.
    /// </summary>
    public static SimulatedDag ConfounderMediatorCollider(int n, int seed, double effect = 1.0)
    {
        const string method = "Simulations.ConfounderMediatorCollider";
        if (n < 10) throw new ArgumentException(Invariant($"{method}: n must be at least 10; got {n}."), nameof(n));
        CheckFinite(method, (nameof(effect), effect));
        var rng = new Random(seed);
        double[] z = new double[n], t = new double[n], m = new double[n], yv = new double[n], c = new double[n];
        for (int i = 0; i < n; i++)
        {
            z[i] = Normal.Sample(rng, 0, 1);
            t[i] = 0.8 * z[i] + Normal.Sample(rng, 0, 1);
            m[i] = 0.7 * t[i] + Normal.Sample(rng, 0, 1);
            yv[i] = effect * t[i] + 0.8 * m[i] + z[i] + Normal.Sample(rng, 0, 1);
            c[i] = t[i] + yv[i] + Normal.Sample(rng, 0, 1);
        }
        var graph = CausalGraph.Parse("Z -> T; Z -> Y; T -> M -> Y; T -> Y; T -> C; Y -> C");
        var columns = new Dictionary<string, double[]> { ["Z"] = z, ["T"] = t, ["M"] = m, ["Y"] = yv, ["C"] = c };
        return new SimulatedDag(graph, columns, effect + 0.7 * 0.8, effect);
    }

    /// <summary>
    /// U ~ N(0, 1) unobserved; Z ~ N(0, 1) (or Bernoulli(0.5)); D = strength·Z + U + N(0, 1); Y = effect·D + 2U + N(0, 1).
    /// OLS of Y on D is biased up by cov(D, U)·2/var(D); Z is a valid instrument.
    /// </summary>
    public static SimulatedIv InstrumentalVariable(int n, int seed, double effect = 1.0, double strength = 1.0, bool binaryInstrument = false)
    {
        const string method = "Simulations.InstrumentalVariable";
        if (n < 10) throw new ArgumentException(Invariant($"{method}: n must be at least 10; got {n}."), nameof(n));
        CheckFinite(method, (nameof(effect), effect), (nameof(strength), strength));
        var rng = new Random(seed);
        double[] y = new double[n], d = new double[n], z = new double[n], u = new double[n];
        for (int i = 0; i < n; i++)
        {
            u[i] = Normal.Sample(rng, 0, 1);
            z[i] = binaryInstrument ? (rng.NextDouble() < 0.5 ? 1 : 0) : Normal.Sample(rng, 0, 1);
            d[i] = strength * z[i] + u[i] + Normal.Sample(rng, 0, 1);
            y[i] = effect * d[i] + 2 * u[i] + Normal.Sample(rng, 0, 1);
        }
        return new SimulatedIv(y, d, z, u, effect);
    }

    /// <summary>
    /// Y_it = α_i + λ_t + effect·D_it + N(0, 1) with α_i ~ N(1, 1) for the treated half and N(0, 1) for the rest
    /// (different levels, parallel trends), λ_t = 0.3t + sin(t); the treated half adopts at <paramref name="adoptionPeriod"/> (default periods/2).
    /// </summary>
    public static SimulatedPanel ParallelTrends(int units, int periods, int seed, double effect = 2.0, int adoptionPeriod = -1)
    {
        const string method = "Simulations.ParallelTrends";
        CheckPanel(method, units, periods);
        CheckFinite(method, (nameof(effect), effect));
        int g = adoptionPeriod < 0 ? periods / 2 : adoptionPeriod;
        if (g < 1 || g >= periods)
            throw new ArgumentException(Invariant($"{method}: adoptionPeriod must lie in [1, {periods - 1}]; got {adoptionPeriod}."), nameof(adoptionPeriod));
        var rng = new Random(seed);
        var adoption = Enumerable.Range(0, units).Select(i => i < units / 2 ? g : (int?)null).ToArray();
        return Panel(rng, units, periods, adoption, k => effect, unitShift: 1.0);
    }

    /// <summary>
    /// Staggered adoption: a quarter of the units never treated, the rest in three cohorts c = 0, 1, 2 adopting at periods/4,
    /// periods/2 and 3·periods/4; the effect grows with time since adoption, τ_{c,k} = (effectPerPeriod + c·cohortEffectStep)·(k + 1)
    /// for k ≥ 0 (cohortEffectStep = 0: one path for all cohorts). The static TWFE estimate is biased for the ATT here.
    /// TrueEventEffects[k] averages τ_{c,k} over the cohorts observed k periods after adoption, weighted by cohort size.
    /// </summary>
    public static SimulatedPanel Staggered(int units, int periods, int seed, double effectPerPeriod = 0.5, double cohortEffectStep = 0.0)
    {
        const string method = "Simulations.Staggered";
        CheckPanel(method, units, periods);
        if (units < 8) throw new ArgumentException(Invariant($"{method}: units must be at least 8 (four groups); got {units}."), nameof(units));
        if (periods < 8) throw new ArgumentException(Invariant($"{method}: periods must be at least 8; got {periods}."), nameof(periods));
        CheckFinite(method, (nameof(effectPerPeriod), effectPerPeriod), (nameof(cohortEffectStep), cohortEffectStep));
        var rng = new Random(seed);
        int[] starts = [periods / 4, periods / 2, 3 * periods / 4];
        var adoption = Enumerable.Range(0, units).Select(i => (i % 4) == 0 ? (int?)null : starts[(i % 4) - 1]).ToArray();
        return Panel(rng, units, periods, adoption, (g, k) => (effectPerPeriod + Array.IndexOf(starts, g) * cohortEffectStep) * (k + 1), unitShift: 0.5);
    }

    private static SimulatedPanel Panel(Random rng, int units, int periods, int?[] adoption, Func<int, double> effect, double unitShift) =>
        Panel(rng, units, periods, adoption, (_, k) => effect(k), unitShift);

    // effect(g, k): the effect k ≥ 0 periods after adoption for a unit adopting at g.
    private static SimulatedPanel Panel(Random rng, int units, int periods, int?[] adoption, Func<int, int, double> effect, double unitShift)
    {
        var alpha = Enumerable.Range(0, units).Select(i => Normal.Sample(rng, adoption[i] is null ? 0 : unitShift, 1)).ToArray();
        int n = units * periods;
        var unit = new int[n];
        var time = new int[n];
        var y = new double[n];
        var d = new double[n];
        double sum = 0;
        int treatedRows = 0;
        for (int i = 0; i < units; i++)
            for (int t = 0; t < periods; t++)
            {
                int r = i * periods + t;
                unit[r] = i;
                time[r] = t;
                bool on = adoption[i] is int g && t >= g;
                double tau = on ? effect(adoption[i]!.Value, t - adoption[i]!.Value) : 0.0;
                d[r] = on ? 1 : 0;
                y[r] = alpha[i] + 0.3 * t + Math.Sin(t) + tau + Normal.Sample(rng, 0, 1);
                if (on) { sum += tau; treatedRows++; }
            }
        // Effect k periods after adoption, averaged over the treated units still observed then (all of them if none is).
        var treatedUnits = adoption.OfType<int>().ToArray();
        var events = new Dictionary<int, double>();
        for (int k = -periods; k < periods; k++)
        {
            var seen = treatedUnits.Where(g => g + k < periods).ToArray();
            events[k] = k < 0 ? 0.0 : (seen.Length > 0 ? seen : treatedUnits).Average(g => effect(g, k));
        }
        return new SimulatedPanel(PanelData.Create(unit, time, y, d), sum / treatedRows, events);
    }

    private static void CheckPanel(string method, int units, int periods)
    {
        if (units < 4) throw new ArgumentException(Invariant($"{method}: units must be at least 4; got {units}."), nameof(units));
        if (periods < 2) throw new ArgumentException(Invariant($"{method}: periods must be at least 2; got {periods}."), nameof(periods));
    }

    private static void CheckFinite(string method, params (string Name, double Value)[] values)
    {
        foreach (var (name, value) in values)
            if (!double.IsFinite(value)) throw new ArgumentException(Invariant($"{method}: {name} must be finite; got {value}."), name);
    }
}
