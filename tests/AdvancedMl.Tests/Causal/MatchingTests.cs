using AdvancedMl.Causal;

namespace AdvancedMl.Tests.Causal;

public class MatchingTests
{
    /// <summary>
    /// 1:1 greedy nearest-neighbour propensity matching on Lalonde (logistic propensity on age, educ, black, hispan,
    /// married, nodegree, re74, re75; treated in descending propensity order; ties to the lowest row) against the
    /// independent strict implementation `/usr/bin/python3 tests/reference/causal_matching.py` (numpy 1.24.2,
    /// scikit-learn 1.2.1), which prints:
    ///   without replacement: pairs = 185, distinct controls = 185, ATT = 894.367480, sum of control rows = 80779,
    ///                        first pairs = [(177, 302), (94, 410), (175, 380)]
    ///   with replacement:    pairs = 185, distinct controls = 80, ATT = 1967.939684, sum of control rows = 79566
    ///   logit scale, caliper 0.2 SD, without replacement: pairs = 117, ATT = 1770.602906, sum of control rows = 50371,
    ///                        first pairs = [(94, 302), (175, 410), (78, 380)]
    ///
    /// R MatchIt 4.5.1 (`Rscript tests/reference/causal_matchit.R`, Debian r-cran-matchit 4.5.1-1) gives 770.390168
    /// (185 pairs), 1379.277373 (with replacement) and 1388.460271 (131 pairs with the caliper). Its propensity
    /// scores agree with ours to 1e-9 (e[0] = 0.638769933297 vs 0.638769932959: glm's looser convergence), so the
    /// differences are in the matching step. Without replacement 12 of its 185 choices differ from the strict rule
    /// when replayed along its own sequence: 6 are exact ties between controls with identical covariates (11 control
    /// rows duplicate another control's covariates) where MatchIt does not take the lowest row, and 6 pick a control
    /// that is not the closest available one (e.g. treated row 178: |Δe| = 0.00100 taken while 0.00005 was free).
    /// MatchIt 4.5.x replaced exhaustive search by a sorted-neighbour heuristic in C++ (nn_matchC_vec; its
    /// maintainer describes it in kosukeimai/MatchIt issue #180), which explains these departures; with replacement
    /// the heuristic departs further (treated row 32 gets control 475 at |Δe| = 0.0278 while 343 is at 0.0007).
    /// We therefore test against the strict rule, to the cent, and record MatchIt's figures for the notebook.
    /// </summary>
    [Fact]
    public void LalondeGreedyMatchingAgreesWithTheStrictPythonImplementationToTheCent()
    {
        var data = CausalTestData.Lalonde();
        var ps = PropensityModel.Fit(data);
        var plain = Matching.NearestNeighbor(data, ps.Scores);
        Assert.Equal(185, plain.Pairs.Count);
        Assert.Equal(894.367480, plain.Att.Estimate, 0.005);
        Assert.Equal(80779, plain.Pairs.Sum(p => p.Control));
        Assert.Equal([(177, 302), (94, 410), (175, 380)], plain.Pairs.Take(3).Select(p => (p.Treated, p.Control)));
        Assert.Equal(185, plain.Pairs.Select(p => p.Control).Distinct().Count());
        Assert.Equal(Estimand.Att, plain.Att.Estimand);

        var replace = Matching.NearestNeighbor(data, ps.Scores, new MatchingOptions(Replace: true));
        Assert.Equal(1967.939684, replace.Att.Estimate, 0.005);
        Assert.Equal(79566, replace.Pairs.Sum(p => p.Control));
        Assert.Equal(80, replace.Pairs.Select(p => p.Control).Distinct().Count());
        Assert.Equal(185.0, replace.Weights.Where((_, i) => data.Treatment[i] == 0).Sum());

        var caliper = Matching.NearestNeighbor(data, ps.Scores, new MatchingOptions(Caliper: 0.2, Scale: MatchScale.Logit));
        Assert.Equal(117, caliper.Pairs.Count);
        Assert.Equal(1770.602906, caliper.Att.Estimate, 0.005);
        Assert.Equal(50371, caliper.Pairs.Sum(p => p.Control));
        Assert.Equal([(94, 302), (175, 410), (78, 380)], caliper.Pairs.Take(3).Select(p => (p.Treated, p.Control)));
        Assert.Equal(185 - 117, caliper.UnmatchedTreated.Length);
        Assert.All(caliper.Pairs, p => Assert.True(p.Distance <= caliper.CaliperWidth));
    }

    [Fact]
    public void TiesGoToTheLowestControlRowAndOrderMatters()
    {
        // Treated at 0.6 and 0.5; controls at 0.55 (row 2) and 0.55 (row 3) and 0.1 (row 4): equal distances.
        var data = CausalData.Create(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(5, 1, (i, _) => i),
            [1, 1, 0, 0, 0], [10, 20, 1, 2, 3]);
        double[] e = [0.6, 0.5, 0.55, 0.55, 0.1];
        var largest = Matching.NearestNeighbor(data, e);
        Assert.Equal([(0, 2), (1, 3)], largest.Pairs.Select(p => (p.Treated, p.Control)));
        var smallest = Matching.NearestNeighbor(data, e, new MatchingOptions(Order: MatchOrder.Smallest));
        Assert.Equal([(1, 2), (0, 3)], smallest.Pairs.Select(p => (p.Treated, p.Control)));
        var replace = Matching.NearestNeighbor(data, e, new MatchingOptions(Replace: true));
        Assert.Equal([(0, 2), (1, 2)], replace.Pairs.Select(p => (p.Treated, p.Control)));
        Assert.Equal(2.0, replace.Weights[2]);
        Assert.Equal(0.0, replace.Weights[3]);
        // A caliper nobody meets leaves no pairs, which is an error rather than a NaN.
        Assert.Contains("Widen", Assert.Throws<ArgumentException>(() => Matching.NearestNeighbor(data, e, new MatchingOptions(Caliper: 1e-3))).Message);
    }

    [Fact]
    public void MatchingRejectsBadInput()
    {
        var data = CausalTestData.Lalonde();
        var e = PropensityModel.Fit(data).Scores;
        Assert.Contains("Caliper", Assert.Throws<ArgumentException>(() => Matching.NearestNeighbor(data, e, new MatchingOptions(Caliper: -0.1))).Message);
        Assert.Throws<ArgumentException>(() => Matching.NearestNeighbor(data, e, new MatchingOptions(Caliper: double.NaN)));
        Assert.Throws<ArgumentException>(() => Matching.NearestNeighbor(data, e[..100]));
        var bad = (double[])e.Clone();
        bad[3] = 1.0;
        Assert.Contains("strictly between 0 and 1", Assert.Throws<ArgumentException>(() => Matching.NearestNeighbor(data, bad)).Message);
        // More treated than controls cannot be matched 1:1 without replacement.
        var flipped = CausalData.Create(data.Covariates, data.Treatment.Select(t => 1 - t).ToArray(), data.Outcome);
        Assert.Contains("Replace = true", Assert.Throws<ArgumentException>(() => Matching.NearestNeighbor(flipped, e.Select(v => 1 - v).ToArray())).Message);
    }
}
