using AdvancedMl.Sequential;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Sequential;

public class BaumWelchTests
{
    private static DiscreteHmm SeparatedDiscrete() => DiscreteHmm.Create(
        Vector<double>.Build.Dense([0.6, 0.4]),
        Matrix<double>.Build.DenseOfArray(new[,] { { 0.9, 0.1 }, { 0.2, 0.8 } }),
        Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, 0.4, 0.05, 0.05 }, { 0.05, 0.05, 0.3, 0.6 } }));

    private static GaussianHmm SeparatedGaussian() => GaussianHmm.Create(
        Vector<double>.Build.Dense([0.5, 0.5]),
        Matrix<double>.Build.DenseOfArray(new[,] { { 0.95, 0.05 }, { 0.1, 0.9 } }),
        Vector<double>.Build.Dense([-3.0, 2.0]), Vector<double>.Build.Dense([1.0, 0.5]));

    private static void AssertNonDecreasing(IReadOnlyList<double> h)
    {
        Assert.True(h.Count >= 2);
        for (int t = 1; t < h.Count; t++)
            Assert.True(h[t] >= h[t - 1] - 1e-10 * Math.Abs(h[t - 1]), $"log-likelihood decreased at {t}: {h[t - 1]:R} -> {h[t]:R}");
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    public void DiscreteLogLikelihoodNeverDecreases(int seed, int states)
    {
        var truth = TinyModels.Discrete(seed, 3, 5, out _, out _, out _);
        int[][] sequences = [.. Enumerable.Range(0, 4).Select(k => truth.Sample(150 + 50 * k, seed * 10 + k).Observations)];
        var fit = DiscreteHmm.Fit(sequences, states, 5, new BaumWelchOptions { MaxIterations = 60, Tolerance = 0.0, Restarts = 2, Seed = seed });
        AssertNonDecreasing(fit.LogLikelihoodHistory);
        Assert.Equal(fit.LogLikelihoodHistory.Count - 1, fit.Iterations);
        Assert.Equal(2, fit.RestartLogLikelihoods.Count);
        Assert.Equal(fit.RestartLogLikelihoods.Max(), fit.LogLikelihoodHistory[^1]);
        Assert.Equal(sequences.Sum(x => fit.Model.LogLikelihood(x)), fit.LogLikelihoodHistory[^1], 1e-9 * Math.Abs(fit.LogLikelihoodHistory[^1]));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 3)]
    public void GaussianLogLikelihoodNeverDecreases(int seed, int states)
    {
        var truth = TinyModels.Gaussian(seed, 3, out _, out _, out _, out _);
        double[][] sequences = [.. Enumerable.Range(0, 3).Select(k => truth.Sample(200 + 100 * k, seed * 10 + k).Observations)];
        var fit = GaussianHmm.Fit(sequences, states, new BaumWelchOptions { MaxIterations = 60, Tolerance = 0.0, Restarts = 2, Seed = seed });
        AssertNonDecreasing(fit.LogLikelihoodHistory);
        Assert.Equal(fit.RestartLogLikelihoods.Max(), fit.LogLikelihoodHistory[^1]);
        Assert.Equal(sequences.Sum(x => fit.Model.LogLikelihood(x)), fit.LogLikelihoodHistory[^1], 1e-9 * Math.Abs(fit.LogLikelihoodHistory[^1]));
    }

    private static int[] MatchStates(Func<int, int, double> distance)
    {
        // Two states: keep the labelling or swap it, whichever is closer.
        return distance(0, 0) + distance(1, 1) <= distance(0, 1) + distance(1, 0) ? [0, 1] : [1, 0];
    }

    [Fact]
    public void DiscreteRecoversASeparatedModelUpToRelabelling()
    {
        var truth = SeparatedDiscrete();
        int[][] sequences = [.. Enumerable.Range(0, 5).Select(k => truth.Sample(4000, k).Observations)];
        var fit = DiscreteHmm.Fit(sequences, 2, 4, new BaumWelchOptions { Restarts = 3, Seed = 1 });
        Assert.True(fit.Converged);
        Matrix<double> b = fit.Model.Emission, trueB = truth.Emission, a = fit.Model.Transition, trueA = truth.Transition;
        int[] p = MatchStates((i, j) => (trueB.Row(i) - b.Row(j)).L1Norm());
        for (int i = 0; i < 2; i++)
        {
            for (int k = 0; k < 4; k++) Assert.Equal(trueB[i, k], b[p[i], k], 0.03);
            for (int j = 0; j < 2; j++) Assert.Equal(trueA[i, j], a[p[i], p[j]], 0.03);
        }
    }

    [Fact]
    public void GaussianRecoversASeparatedModelUpToRelabelling()
    {
        var truth = SeparatedGaussian();
        double[][] sequences = [.. Enumerable.Range(0, 4).Select(k => truth.Sample(3000, k).Observations)];
        var fit = GaussianHmm.Fit(sequences, 2, new BaumWelchOptions { Restarts = 3, Seed = 2 });
        Assert.True(fit.Converged);
        var m = fit.Model;
        int[] p = MatchStates((i, j) => Math.Abs(truth.Means[i] - m.Means[j]));
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(truth.Means[i], m.Means[p[i]], 0.05);
            Assert.Equal(truth.Variances[i], m.Variances[p[i]], 0.06);
            for (int j = 0; j < 2; j++) Assert.Equal(truth.Transition[i, j], m.Transition[p[i], p[j]], 0.02);
        }
    }

    [Fact]
    public void OneIterationIsTheRowNormalisedExpectedCounts()
    {
        var start = TinyModels.Discrete(5, 3, 4, out _, out _, out _);
        int[][] sequences = [[0, 1, 3, 3, 2, 0], [2, 1, 1], [3, 0, 0, 0, 1]];
        var (transitions, initial, emissions, logLikelihood) = start.ExpectedCounts(sequences);
        var fit = DiscreteHmm.Fit(sequences, 3, 4, new BaumWelchOptions { InitialModel = start, MaxIterations = 1, Tolerance = 0.0 });
        Assert.Equal(logLikelihood, fit.LogLikelihoodHistory[0], 12);
        Assert.Equal(1, fit.Iterations);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(initial[i] / initial.Sum(), fit.Model.Initial[i], 12);
            for (int j = 0; j < 3; j++) Assert.Equal(transitions[i, j] / transitions.Row(i).Sum(), fit.Model.Transition[i, j], 12);
            for (int k = 0; k < 4; k++) Assert.Equal(emissions[i, k] / emissions.Row(i).Sum(), fit.Model.Emission[i, k], 12);
        }
    }

    [Fact]
    public void ZeroIterationsReturnTheInitialModelAndFitsAreDeterministic()
    {
        var start = SeparatedGaussian();
        double[][] sequences = [start.Sample(300, 1).Observations];
        var fit0 = GaussianHmm.Fit(sequences, 2, new BaumWelchOptions { InitialModel = start, MaxIterations = 0 });
        Assert.Equal(start.Means, fit0.Model.Means);
        Assert.Equal([start.LogLikelihood(sequences[0])], fit0.LogLikelihoodHistory);
        var options = new BaumWelchOptions { Restarts = 2, Seed = 9, MaxIterations = 20 };
        Assert.Equal(GaussianHmm.Fit(sequences, 2, options).LogLikelihoodHistory, GaussianHmm.Fit(sequences, 2, options).LogLikelihoodHistory);
    }

    [Fact]
    public void SmoothingKeepsUnseenSymbolsPossible()
    {
        int[][] sequences = [[0, 1, 0, 1, 1, 0, 2, 0]];   // symbol 3 never occurs
        var plain = DiscreteHmm.Fit(sequences, 2, 4, new BaumWelchOptions { Seed = 3 });
        Assert.All(Enumerable.Range(0, 2), i => Assert.True(plain.Model.Emission[i, 3] < 1e-6));
        var smoothed = DiscreteHmm.Fit(sequences, 2, 4, new BaumWelchOptions { Seed = 3, Smoothing = 0.5 });
        Assert.All(Enumerable.Range(0, 2), i => Assert.True(smoothed.Model.Emission[i, 3] > 0.01));
        Assert.True(double.IsFinite(smoothed.Model.LogLikelihood([3, 3])));
    }

    [Fact]
    public void VarianceFloorStopsAStateCollapsingOntoOnePoint()
    {
        double[][] sequences = [[0.0, 0.0, 0.0, 5.0, 6.0, 4.0, 5.5, 0.0, 0.0]];
        var fit = GaussianHmm.Fit(sequences, 3, new BaumWelchOptions { Seed = 0, Restarts = 3, VarianceFloor = 1e-2 });
        double pooled = MathNet.Numerics.Statistics.Statistics.PopulationVariance(sequences[0]);
        Assert.All(fit.Model.Variances, v => Assert.True(v >= 1e-2 * pooled * (1 - 1e-12), $"variance {v}"));
        Assert.Contains(fit.Model.Variances, v => Math.Abs(v - 1e-2 * pooled) < 1e-9 * pooled);
    }
}
