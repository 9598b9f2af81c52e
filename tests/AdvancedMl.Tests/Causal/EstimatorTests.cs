using AdvancedMl.Causal;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Causal;

public class EstimatorTests
{
    private static readonly SimulatedStudy Study = Simulations.Confounded(4000, seed: 2024);

    [Fact]
    public void EveryEstimatorIsWithinThreeStandardErrorsOfTheTruthAndTheNaiveDifferenceIsNot()
    {
        var data = Study.Data;
        var e = PropensityModel.Fit(data).Scores;
        var ate = new[]
        {
            RegressionAdjustment.Estimate(data, Estimand.Ate),
            InverseProbabilityWeighting.Estimate(data, e).Effect,
            InverseProbabilityWeighting.Estimate(data, e, new IpwOptions(Normalize: false)).Effect,
            InverseProbabilityWeighting.Estimate(data, e, new IpwOptions(Trim: 0.01)).Effect,
            Aipw.Estimate(data, e),
        };
        var att = new[]
        {
            RegressionAdjustment.Estimate(data, Estimand.Att),
            InverseProbabilityWeighting.Estimate(data, e, new IpwOptions(Estimand.Att)).Effect,
            InverseProbabilityWeighting.Estimate(data, e, new IpwOptions(Estimand.Att, Normalize: false)).Effect,
            Matching.NearestNeighbor(data, e, new MatchingOptions(Replace: true)).Att,
            Matching.NearestNeighbor(data, e, new MatchingOptions(Caliper: 0.2, Scale: MatchScale.Logit)).Att,
            Aipw.Estimate(data, e, estimand: Estimand.Att),
        };
        foreach (var est in ate) Assert.True(est.DistanceInStandardErrors(Study.TrueAte) < 3, $"{est} vs true ATE {Study.TrueAte}");
        foreach (var est in att) Assert.True(est.DistanceInStandardErrors(Study.TrueAtt) < 3, $"{est} vs true ATT {Study.TrueAtt}");
        var naive = NaiveDifference.Estimate(data);
        Assert.True(naive.DistanceInStandardErrors(Study.TrueAte) > 10, $"{naive} should be far from {Study.TrueAte}");
        Assert.True(naive.DistanceInStandardErrors(Study.TrueAtt) > 3, $"{naive} should be far from {Study.TrueAtt}");
        Assert.True(Study.TrueAtt > Study.TrueAte + 0.2, "the simulation's effect is heterogeneous, so ATT and ATE differ");
    }

    [Fact]
    public void InARandomisedTrialTheNaiveDifferenceIsUnbiased()
    {
        var trial = Simulations.RandomisedTrial(4000, seed: 2024);
        var naive = NaiveDifference.Estimate(trial.Data);
        Assert.True(naive.DistanceInStandardErrors(trial.TrueAte) < 3, naive.ToString());
        // Welch SE by hand.
        var y1 = trial.Data.TreatedIndices.Select(i => trial.Data.Outcome[i]).ToArray();
        var y0 = trial.Data.ControlIndices.Select(i => trial.Data.Outcome[i]).ToArray();
        double Var(double[] v) => v.Sum(a => (a - v.Average()) * (a - v.Average())) / (v.Length - 1);
        Assert.Equal(Math.Sqrt(Var(y1) / y1.Length + Var(y0) / y0.Length), naive.StandardError, 12);
        Assert.Equal(y1.Average() - y0.Average(), naive.Estimate, 12);
    }

    [Fact]
    public void RegressionAdjustmentEqualsGComputationWithSeparateArmRegressions()
    {
        var data = Study.Data;
        var (mu0, mu1) = Aipw.OutcomeModels(data);
        double gAte = Enumerable.Range(0, data.Count).Average(i => mu1[i] - mu0[i]);
        double gAtt = data.TreatedIndices.Average(i => data.Outcome[i] - mu0[i]);
        Assert.Equal(gAte, RegressionAdjustment.Estimate(data, Estimand.Ate).Estimate, 10);
        Assert.Equal(gAtt, RegressionAdjustment.Estimate(data, Estimand.Att).Estimate, 10);
    }

    [Fact]
    public void IpwMatchesItsDefinitionAndHajekWeightsAreStabilised()
    {
        var data = Study.Data;
        var e = PropensityModel.Fit(data).Scores;
        var t = data.Treatment;
        var y = data.Outcome;
        int n = data.Count;
        double ht = Enumerable.Range(0, n).Average(i => t[i] * y[i] / e[i] - (1 - t[i]) * y[i] / (1 - e[i]));
        Assert.Equal(ht, InverseProbabilityWeighting.Estimate(data, e, new IpwOptions(Normalize: false)).Effect.Estimate, 10);
        var hajek = InverseProbabilityWeighting.Estimate(data, e);
        double m1 = data.TreatedIndices.Sum(i => y[i] / e[i]) / data.TreatedIndices.Sum(i => 1 / e[i]);
        double m0 = data.ControlIndices.Sum(i => y[i] / (1 - e[i])) / data.ControlIndices.Sum(i => 1 / (1 - e[i]));
        Assert.Equal(m1 - m0, hajek.Effect.Estimate, 10);
        // Its standard error is the HC0 sandwich of the weighted least-squares regression of Y on [1, T].
        var design = Matrix<double>.Build.Dense(n, 2, (i, j) => j == 0 ? 1.0 : t[i]);
        var w = Enumerable.Range(0, n).Select(i => t[i] == 1 ? 1 / e[i] : 1 / (1 - e[i])).ToArray();
        var xtw = design.Transpose() * Matrix<double>.Build.Diagonal(w);
        var beta = (xtw * design).Solve(xtw * Vector<double>.Build.Dense(y));
        Assert.Equal(hajek.Effect.Estimate, beta[1], 10);
        var resid = Vector<double>.Build.Dense(y) - design * beta;
        var bread = (xtw * design).Inverse();
        var meat = design.Transpose() * Matrix<double>.Build.Diagonal(Enumerable.Range(0, n).Select(i => w[i] * w[i] * resid[i] * resid[i]).ToArray()) * design;
        Assert.Equal(Math.Sqrt((bread * meat * bread)[1, 1]), hajek.Effect.StandardError, 10);
        // Stabilised weights average about 1 within each arm when the propensity model is right.
        Assert.Equal(1.0, data.TreatedIndices.Average(i => hajek.Weights[i]), 1);
        Assert.Equal(1.0, data.ControlIndices.Average(i => hajek.Weights[i]), 1);
        Assert.True(hajek.EffectiveSampleSizeTreated < data.TreatedCount);
        // Trimming drops exactly the rows outside [a, 1 − a].
        var trimmed = InverseProbabilityWeighting.Estimate(data, e, new IpwOptions(Trim: 0.1));
        Assert.Equal(e.Count(p => p < 0.1 || p > 0.9), trimmed.Trimmed);
        Assert.Equal(n - trimmed.Trimmed, trimmed.Effect.N);
    }

    [Fact]
    public void AipwIsDoublyRobust()
    {
        var data = Study.Data;
        var e = PropensityModel.Fit(data).Scores;
        var (mu0, mu1) = Aipw.OutcomeModels(data);
        // Wrong outcome model (zero), right propensity: still consistent.
        var zero = new double[data.Count];
        var wrongOutcome = Aipw.Estimate(data, e, zero, zero);
        Assert.True(wrongOutcome.DistanceInStandardErrors(Study.TrueAte) < 3, wrongOutcome.ToString());
        // Wrong propensity (constant), right outcome model: still consistent.
        var flat = Enumerable.Repeat((double)data.TreatedCount / data.Count, data.Count).ToArray();
        var wrongPropensity = Aipw.Estimate(data, flat, mu0, mu1);
        Assert.True(wrongPropensity.DistanceInStandardErrors(Study.TrueAte) < 3, wrongPropensity.ToString());
        // The same for the ATT, which needs only μ̂₀.
        Assert.True(Aipw.Estimate(data, e, zero, zero, estimand: Estimand.Att).DistanceInStandardErrors(Study.TrueAtt) < 3);
        Assert.True(Aipw.Estimate(data, flat, mu0, mu1, estimand: Estimand.Att).DistanceInStandardErrors(Study.TrueAtt) < 3);
        // With the outcome model only (constant propensity) the AIPW ATT is the regression-adjustment ATT.
        Assert.Equal(RegressionAdjustment.Estimate(data, Estimand.Att).Estimate, Aipw.Estimate(data, flat, mu0, mu1, estimand: Estimand.Att).Estimate, 1e-6);
        // Both wrong: biased (this is the naive difference).
        var both = Aipw.Estimate(data, flat, zero, zero);
        Assert.Equal(NaiveDifference.Estimate(data).Estimate, both.Estimate, 10);
    }

    [Fact]
    public void BalanceImprovesAfterWeightingAndMatching()
    {
        var data = Study.Data;
        var e = PropensityModel.Fit(data).Scores;
        var before = BalanceTable.Compute(data);
        var ipw = BalanceTable.Compute(data, InverseProbabilityWeighting.Estimate(data, e).Weights);
        var matched = BalanceTable.Compute(data, Matching.NearestNeighbor(data, e, new MatchingOptions(Replace: true)).Weights, SmdDenominator.Treated);
        Assert.True(before.MaxAbsSmd > 0.3, $"before {before.MaxAbsSmd}");
        Assert.True(ipw.MaxAbsSmd < 0.1, $"IPW {ipw.MaxAbsSmd}");
        Assert.True(matched.MaxAbsSmd < 0.1, $"matched {matched.MaxAbsSmd}");
        // SMD by hand for x1 before weighting.
        var x1 = data.Covariates.Column(0).ToArray();
        double Mean(int[] rows) => rows.Average(i => x1[i]);
        double Var(int[] rows) => rows.Sum(i => (x1[i] - Mean(rows)) * (x1[i] - Mean(rows))) / (rows.Length - 1);
        double smd = (Mean(data.TreatedIndices) - Mean(data.ControlIndices)) / Math.Sqrt((Var(data.TreatedIndices) + Var(data.ControlIndices)) / 2);
        Assert.Equal(smd, before.Rows[0].Smd, 12);
        Assert.Equal(3, before.ToDataFrame().Rows.Count);
        var chart = EffectCharts.LovePlot("Balance", ("before", before), ("IPW", ipw), ("matched", matched));
        Assert.Contains("|SMD| = 0.1", chart.GetInlineHtml());
        var forest = EffectCharts.Estimates("Effects", [NaiveDifference.Estimate(data), Aipw.Estimate(data, e)], Study.TrueAte, "truth").GetInlineHtml();
        Assert.Contains("AIPW (ATE)", forest);
        Assert.Contains("\"arrayminus\"", forest);
        Assert.Contains("truth", forest);
        Assert.Throws<ArgumentException>(() => EffectCharts.Estimates("Effects", []));
    }

    [Fact]
    public void BootstrapIsSeededAndTheSameInParallel()
    {
        var data = Simulations.Confounded(400, seed: 5).Data;
        double Statistic(CausalData d) => RegressionAdjustment.Estimate(d).Estimate;
        var a = Bootstrap.Run(data, Statistic, 200, seed: 9);
        var b = Bootstrap.Run(data, Statistic, 200, seed: 9, parallel: true);
        var c = Bootstrap.Run(data, Statistic, 200, seed: 10);
        Assert.Equal(a.Replicates, b.Replicates);
        Assert.NotEqual(a.Replicates, c.Replicates);
        Assert.Equal(Statistic(data), a.Estimate, 12);
        Assert.True(a.CiLow < a.Estimate && a.Estimate < a.CiHigh);
        // The bootstrap SE is close to the analytic HC1 SE.
        Assert.Equal(RegressionAdjustment.Estimate(data).StandardError, a.StandardError, 0.25 * a.StandardError);
        // Percentile interval = numpy-style quantiles of the replicates.
        var sorted = a.Replicates.Order().ToArray();
        double h = (sorted.Length - 1) * 0.025;
        Assert.Equal(sorted[(int)h] + (h - (int)h) * (sorted[(int)h + 1] - sorted[(int)h]), a.CiLow, 12);
        // Several statistics on the same resamples reproduce the single-statistic runs.
        var many = Bootstrap.RunMany(data, d => [Statistic(d), NaiveDifference.Estimate(d).Estimate], 200, seed: 9);
        Assert.Equal(a.Replicates, many[0].Replicates);
        Assert.Equal(Bootstrap.Run(data, d => NaiveDifference.Estimate(d).Estimate, 200, seed: 9).Replicates, many[1].Replicates);
        // Stratified resampling keeps the group sizes.
        var sizes = Bootstrap.Run(data.Count, idx => idx.Count(i => data.Treatment[i] == 1), 20, 1, strata: data.Treatment.Select(v => (int)v).ToArray());
        Assert.All(sizes.Replicates, r => Assert.Equal(data.TreatedCount, r));
    }

    [Fact]
    public void InputValidationNamesTheProblem()
    {
        var x = Matrix<double>.Build.Dense(4, 1, (i, _) => i);
        Assert.Contains("binary", Assert.Throws<ArgumentException>(() => CausalData.Create(x, [0, 1, 2, 0], [1, 2, 3, 4])).Message);
        Assert.Contains("both treated", Assert.Throws<ArgumentException>(() => CausalData.Create(x, [1, 1, 1, 1], [1, 2, 3, 4])).Message);
        Assert.Contains("4 values", Assert.Throws<ArgumentException>(() => CausalData.Create(x, [0, 1, 1], [1, 2, 3, 4])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => CausalData.Create(x, [0, 1, 1, 0], [1, double.NaN, 3, 4])).Message);
        Assert.Throws<ArgumentException>(() => CausalData.Create(x, [0, 1, 1, 0], [1, 2, 3, 4], ["a", "b"]));
        var data = CausalData.Create(x, [0, 1, 1, 0], [1, 2, 3, 4]);
        Assert.Throws<ArgumentException>(() => data.Subset([0, 3]));            // no treated left
        Assert.Throws<ArgumentException>(() => data.Subset([0, 9]));
        Assert.Throws<ArgumentException>(() => data.SelectCovariates("nope"));
        Assert.Throws<ArgumentException>(() => NaiveDifference.Estimate(CausalData.Create(x, [0, 1, 0, 0], [1, 2, 3, 4])));
        var study = Study.Data;
        var e = PropensityModel.Fit(study).Scores;
        Assert.Contains("trim", Assert.Throws<ArgumentException>(() => InverseProbabilityWeighting.Estimate(study, e, new IpwOptions(Trim: 0.5))).Message);
        Assert.Contains("remain", Assert.Throws<ArgumentException>(() => InverseProbabilityWeighting.Estimate(data, [0.1, 0.9, 0.5, 0.5], new IpwOptions(Trim: 0.2))).Message);
        Assert.Throws<ArgumentException>(() => Aipw.Estimate(study, e, new double[3], new double[study.Count]));
        Assert.Throws<ArgumentException>(() => BalanceTable.Compute(study, Enumerable.Repeat(-1.0, study.Count).ToArray()));
        Assert.Throws<ArgumentException>(() => Bootstrap.Run(10, _ => 1.0, 1, 0));
        Assert.Throws<ArgumentException>(() => Bootstrap.Run(10, _ => double.NaN, 5, 0));
        Assert.Throws<ArgumentException>(() => Bootstrap.Run(10, _ => 1.0, 5, 0, level: 1.0));
    }
}
