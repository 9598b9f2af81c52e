using AdvancedMl.Causal;

namespace AdvancedMl.Tests.Causal;

public class DifferenceInDifferencesTests
{
    [Fact]
    public void TwoByTwoEqualsTheDifferenceOfFourMeans()
    {
        var sim = Simulations.ParallelTrends(60, 2, seed: 3, effect: 2.0, adoptionPeriod: 1);
        var p = sim.Panel;
        var group = p.Unit.Select(u => p.AdoptionTime[u] is null ? 0.0 : 1.0).ToArray();
        var post = p.Time.Select(t => (double)t).ToArray();
        double Mean(double g, double t) => Enumerable.Range(0, p.Count).Where(i => group[i] == g && post[i] == t).Average(i => p.Outcome[i]);
        double byHand = Mean(1, 1) - Mean(1, 0) - (Mean(0, 1) - Mean(0, 0));
        var did = DifferenceInDifferences.TwoByTwo(p.Outcome, group, post, p.Unit);
        Assert.Equal(byHand, did.Estimate, 10);
        Assert.True(did.DistanceInStandardErrors(2.0) < 3, did.ToString());
        // With two periods, TWFE is the same number.
        Assert.Equal(byHand, DifferenceInDifferences.TwoWayFixedEffects(p).Estimate, 10);
    }

    [Fact]
    public void TwfeAndTheEventStudyRecoverAConstantEffectUnderParallelTrends()
    {
        var sim = Simulations.ParallelTrends(80, 12, seed: 4, effect: 2.0);
        var twfe = DifferenceInDifferences.TwoWayFixedEffects(sim.Panel);
        Assert.True(twfe.DistanceInStandardErrors(sim.TrueAtt) < 3, twfe.ToString());
        var es = EventStudy.TwoWayFixedEffects(sim.Panel, new EventStudyOptions(Leads: 4, Lags: 4));
        Assert.Equal([-4, -3, -2, -1, 0, 1, 2, 3, 4], es.RelativeTimes);
        Assert.Equal(0.0, es.Estimate(-1));
        for (int k = 0; k < es.RelativeTimes.Length; k++)
        {
            if (es.RelativeTimes[k] == -1) continue;
            double truth = sim.TrueEventEffects[es.RelativeTimes[k]];
            Assert.True(Math.Abs(es.Estimates[k] - truth) < 3 * es.StandardErrors[k], $"k = {es.RelativeTimes[k]}: {es.Estimates[k]} ± {es.StandardErrors[k]} vs {truth}");
        }
        Assert.Equal(80, es.Clusters);
    }

    [Fact]
    public void UnderStaggeredAdoptionWithGrowingEffectsTwfeIsBiasedAndCallawaySantAnnaIsNot()
    {
        var sim = Simulations.Staggered(200, 16, seed: 5, effectPerPeriod: 0.5);
        var twfe = DifferenceInDifferences.TwoWayFixedEffects(sim.Panel);
        var cs = EventStudy.CallawaySantAnna(sim.Panel, leads: 3, lags: 3);
        Assert.True(twfe.DistanceInStandardErrors(sim.TrueAtt) > 5, $"TWFE {twfe} should be biased for the ATT {sim.TrueAtt}");
        Assert.True(twfe.Estimate < sim.TrueAtt - 0.5, $"TWFE {twfe.Estimate} vs {sim.TrueAtt}: the bias is large, not a rounding matter");
        Assert.True(cs.Overall.DistanceInStandardErrors(sim.TrueAtt) < 3, $"CS {cs.Overall} vs {sim.TrueAtt}");
        for (int k = 0; k < cs.Dynamic.RelativeTimes.Length; k++)
        {
            int e = cs.Dynamic.RelativeTimes[k];
            if (e == -1) continue;
            Assert.True(Math.Abs(cs.Dynamic.Estimates[k] - sim.TrueEventEffects[e]) < 3 * cs.Dynamic.StandardErrors[k],
                $"e = {e}: {cs.Dynamic.Estimates[k]} ± {cs.Dynamic.StandardErrors[k]} vs {sim.TrueEventEffects[e]}");
        }
        // Each ATT(g, t) is a difference of four means; check one by hand.
        var p = sim.Panel;
        var cell = cs.GroupTime.First(c => c.Time == c.Cohort + 2);
        double Mean(Func<int, bool> unit, int t) => Enumerable.Range(0, p.Count).Where(i => unit(p.Unit[i]) && p.Time[i] == t).Average(i => p.Outcome[i]);
        bool InCohort(int u) => p.AdoptionTime[u] == cell.Cohort;
        bool Never(int u) => p.AdoptionTime[u] is null;
        double byHand = Mean(InCohort, cell.Time) - Mean(InCohort, cell.Cohort - 1) - (Mean(Never, cell.Time) - Mean(Never, cell.Cohort - 1));
        Assert.Equal(byHand, cell.Estimate, 10);
    }

    [Fact]
    public void TheGunsPanelRunsThroughEveryEstimator()
    {
        var t = CausalTestData.Read("guns.csv");
        var names = t["state"].Distinct().ToList();
        var panel = PanelData.Create(t["state"].Select(s => names.IndexOf(s)).ToArray(), t.Numbers("year").Select(v => (int)v).ToArray(),
            t.Numbers("violent").Select(v => Math.Log(v)).ToArray(), t.Numbers("law"));
        Assert.Equal(51, panel.Units.Length);
        Assert.Equal(22, panel.AdoptionTime.Values.Count(g => g is null));
        var es = EventStudy.TwoWayFixedEffects(panel);
        Assert.Equal(47 * 23, es.N); // four always-treated states dropped
        var cs = EventStudy.CallawaySantAnna(panel);
        Assert.Equal(22 + 25, cs.Overall.N);
        Assert.All(cs.Dynamic.StandardErrors, s => Assert.True(double.IsFinite(s)));
        var chart = EffectCharts.EventStudy("Shall-carry laws and violent crime", ("TWFE", es), ("Callaway–Sant'Anna", cs.Dynamic));
        Assert.Contains("Callaway", chart.GetInlineHtml());
    }

    [Fact]
    public void CohortEffectStepGivesLaterCohortsSteeperPathsAndTheTruthFollowsTheData()
    {
        // Same seed, same noise: the step adds c·step·(k + 1) to cohort c's treated rows and nothing elsewhere.
        const double step = 0.4, basePerPeriod = 0.5;
        var flat = Simulations.Staggered(40, 12, seed: 6, effectPerPeriod: basePerPeriod);
        var steep = Simulations.Staggered(40, 12, seed: 6, effectPerPeriod: basePerPeriod, cohortEffectStep: step);
        var p = steep.Panel;
        var starts = p.AdoptionTime.Values.OfType<int>().Distinct().Order().ToArray();
        Assert.Equal(new[] { 3, 6, 9 }, starts);
        var tau = new double[p.Count];
        for (int i = 0; i < p.Count; i++)
        {
            int? g = p.AdoptionTime[p.Unit[i]];
            int k = g is int a ? p.Time[i] - a : -1;
            double extra = k >= 0 ? Array.IndexOf(starts, g!.Value) * step * (k + 1) : 0.0;
            Assert.Equal(flat.Panel.Outcome[i] + extra, p.Outcome[i], 10);
            tau[i] = k >= 0 ? (basePerPeriod + Array.IndexOf(starts, g!.Value) * step) * (k + 1) : 0.0;
        }
        var treatedRows = Enumerable.Range(0, p.Count).Where(i => p.Treated[i] == 1).ToArray();
        Assert.Equal(treatedRows.Average(i => tau[i]), steep.TrueAtt, 10);
        // The true event-time effect is the mean over the treated rows k periods after adoption (a cohort-size-weighted average).
        foreach (int k in new[] { 0, 2, 5, 8 })
            Assert.Equal(treatedRows.Where(i => p.Time[i] - p.AdoptionTime[p.Unit[i]]!.Value == k).Average(i => tau[i]), steep.TrueEventEffects[k], 10);
        Assert.Equal(basePerPeriod * 3, flat.TrueEventEffects[2], 12);
        Assert.True(steep.TrueEventEffects[2] > flat.TrueEventEffects[2] + 0.5);
        Assert.Throws<ArgumentException>(() => Simulations.Staggered(40, 12, seed: 6, cohortEffectStep: double.NaN));
    }

    [Fact]
    public void WithinTransformEqualsTheExplicitDummyRegressionOnAnUnbalancedPanel()
    {
        var sim = Simulations.Staggered(24, 10, seed: 8);
        var full = sim.Panel;
        var rng = new Random(3);
        var keep = Enumerable.Range(0, full.Count).Where(_ => rng.NextDouble() > 0.15).ToArray(); // drop ~15 % of rows at random
        var panel = PanelData.Create(keep.Select(i => full.Unit[i]).ToArray(), keep.Select(i => full.Time[i]).ToArray(),
            keep.Select(i => full.Outcome[i]).ToArray(), keep.Select(i => full.Treated[i]).ToArray());
        var fast = DifferenceInDifferences.TwoWayFixedEffects(panel);
        var units = panel.Units;
        var times = panel.Times;
        var x = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(panel.Count, 1 + units.Length - 1 + times.Length - 1, (i, c) =>
            c == 0 ? panel.Treated[i] :
            c < units.Length ? (panel.Unit[i] == units[c] ? 1.0 : 0.0) :
            (panel.Time[i] == times[c - units.Length + 1] ? 1.0 : 0.0));
        var dummies = LinearRegression.Fit(x, panel.Outcome, covariance: CovarianceType.Clustered, clusters: panel.Unit);
        Assert.Equal(dummies.Coefficients[1], fast.Estimate, 10);
        Assert.Equal(dummies.StandardErrors[1], fast.StandardError, 10);
    }

    [Fact]
    public void PanelsAndCrossSectionsLoadFromDataFrames()
    {
        var root = AdvancedMl.Tests.Runner.TestPaths.RepositoryRoot;
        var guns = Microsoft.Data.Analysis.DataFrame.LoadCsv(Path.Combine(root, "data", "guns.csv"));
        var panel = PanelData.FromFrame(guns, "state", "year", "violent", "law");
        Assert.Equal(1173, panel.Count);
        Assert.Equal(51, panel.UnitNames!.Count);
        Assert.Equal("Alabama", panel.UnitNames[panel.Unit[0]]);
        Assert.Equal(1977, panel.Times[0]);
        var lalonde = Microsoft.Data.Analysis.DataFrame.LoadCsv(Path.Combine(root, "data", "lalonde.csv"));
        var data = CausalData.FromFrame(lalonde, "treat", "re78", CausalTestData.LalondeCovariates);
        var direct = CausalTestData.Lalonde();
        Assert.Equal(direct.Outcome, data.Outcome);
        Assert.Equal(direct.Covariates, data.Covariates);
        Assert.Equal(185, data.TreatedCount);
    }

    [Fact]
    public void PanelInputIsValidated()
    {
        Assert.Contains("more than once", Assert.Throws<ArgumentException>(() => PanelData.Create([0, 0], [1, 1], [1, 2], [0, 0])).Message);
        Assert.Contains("absorbing", Assert.Throws<ArgumentException>(() => PanelData.Create([0, 0, 0], [1, 2, 3], [1, 2, 3], [0, 1, 0])).Message);
        Assert.Throws<ArgumentException>(() => PanelData.Create([0, 1], [1, 1], [1, 2], [0, 2]));
        Assert.Throws<ArgumentException>(() => PanelData.Create([0, 1], [1, 1, 2], [1, 2], [0, 1]));
        Assert.Throws<ArgumentException>(() => DifferenceInDifferences.TwoByTwo([1, 2, 3, 4], [0, 0, 1, 1], [0, 0, 0, 0]));
        var allTreated = PanelData.Create([0, 0, 1, 1, 2, 2], [0, 1, 0, 1, 0, 1], [1, 2, 3, 4, 5, 6], [0, 1, 0, 1, 0, 1]);
        Assert.Contains("never-treated", Assert.Throws<ArgumentException>(() => EventStudy.TwoWayFixedEffects(allTreated)).Message);
        Assert.Throws<ArgumentException>(() => EventStudy.CallawaySantAnna(allTreated));
        Assert.Throws<ArgumentException>(() => EventStudy.TwoWayFixedEffects(allTreated, new EventStudyOptions(Leads: 1)));
    }
}
