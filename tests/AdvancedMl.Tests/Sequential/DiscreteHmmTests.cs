using AdvancedMl.Sequential;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Sequential;

public class DiscreteHmmTests
{
    [Theory]
    [InlineData(2, 2, 1, 1)]
    [InlineData(2, 3, 5, 2)]
    [InlineData(3, 2, 6, 3)]
    [InlineData(3, 4, 6, 4)]
    [InlineData(5, 3, 4, 5)]
    public void InferenceMatchesEnumerationOfAllPaths(int n, int m, int length, int seed)
    {
        var hmm = TinyModels.Discrete(seed, n, m, out var pi, out var a, out var b);
        var rng = new Random(100 + seed);
        int[] x = Enumerable.Range(0, length).Select(_ => rng.Next(m)).ToArray();
        var exact = BruteForce.Enumerate(pi, a, (i, t) => b[i, x[t]], length);

        Assert.Equal(Math.Log(exact.Likelihood), hmm.LogLikelihood(x), 12);
        HmmPosterior post = hmm.ForwardBackward(x);
        Assert.Equal(Math.Log(exact.Likelihood), post.LogLikelihood, 12);
        Assert.Equal(post.LogLikelihood, post.ScaleFactors.Sum(Math.Log), 12);
        PosteriorChecks.MatchEnumeration(exact, post, t => hmm.Xi(x, t), n, length);

        HmmPath path = hmm.Viterbi(x);
        Assert.Equal(exact.BestPath, path.States);
        Assert.Equal(Math.Log(exact.BestJoint), path.LogProbability, 12);
    }

    [Fact]
    public void ExpectedCountsAreSumsOfEnumeratedMarginals()
    {
        var hmm = TinyModels.Discrete(7, 3, 4, out var pi, out var a, out var b);
        int[][] sequences = [[0, 3, 3, 1, 2], [2, 2, 0], [1]];
        var (transitions, initial, emissions, logLikelihood) = hmm.ExpectedCounts(sequences);
        var expectedTransitions = new double[3, 3];
        var expectedInitial = new double[3];
        var expectedEmissions = new double[3, 4];
        double expectedLogLikelihood = 0.0;
        foreach (int[] x in sequences)
        {
            var exact = BruteForce.Enumerate(pi, a, (i, t) => b[i, x[t]], x.Length);
            expectedLogLikelihood += Math.Log(exact.Likelihood);
            for (int i = 0; i < 3; i++)
            {
                expectedInitial[i] += exact.Marginals[0, i];
                for (int t = 0; t < x.Length; t++) expectedEmissions[i, x[t]] += exact.Marginals[t, i];
                for (int t = 0; t + 1 < x.Length; t++)
                    for (int j = 0; j < 3; j++) expectedTransitions[i, j] += exact.PairMarginals[t, i, j];
            }
        }
        Assert.Equal(expectedLogLikelihood, logLikelihood, 12);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expectedInitial[i], initial[i], 12);
            for (int j = 0; j < 3; j++) Assert.Equal(expectedTransitions[i, j], transitions[i, j], 12);
            for (int k = 0; k < 4; k++) Assert.Equal(expectedEmissions[i, k], emissions[i, k], 12);
        }
        Assert.Equal(sequences.Sum(s => s.Length - 1), transitions.Enumerate().Sum(), 10);
    }

    // numpy reference, tests/reference/hmm_numpy.py (same splitmix64 model and sequence):
    //   /usr/bin/python3 tests/reference/hmm_numpy.py            python 3.11.2, numpy 1.24.2, OpenBLAS 0.3.21
    //   T=1000000: first symbols [3, 0, 6, 10, 5, 11, 5, 14, 15, 8], symbol sum 7924685,
    //              log p(x) = -2745701.5284748543, Viterbi log p(x, z*) = -3294473.7067690161, path sum 3716694
    //   /usr/bin/python3 tests/reference/hmm_numpy.py 1000 2
    //   T=1000:    symbol sum 8101, log p(x) = -2752.6689163681, Viterbi -3312.6422931857, path sum 3679, path[:10] [7,7,7,3,3,3,3,3,3,3]
    [Theory]
    [InlineData(1000, 8101L, -2752.6689163681, -3312.6422931857, 3679L)]
    [InlineData(1_000_000, 7924685L, -2745701.5284748543, -3294473.7067690161, 3716694L)]
    public void MatchesNumpyOnTheReferenceSequence(int length, long symbolSum, double logLikelihood, double viterbi, long pathSum)
    {
        var hmm = ReferenceModel.Create(length, out int[] x);
        Assert.Equal([3, 0, 6, 10, 5, 11, 5, 14, 15, 8], x[..10]);
        Assert.Equal(symbolSum, x.Sum(v => (long)v));
        double ll = hmm.LogLikelihood(x);
        Assert.True(double.IsFinite(ll));
        Assert.Equal(logLikelihood, ll, 1e-12 * Math.Abs(logLikelihood));
        HmmPosterior post = hmm.ForwardBackward(x);
        Assert.Equal(ll, post.LogLikelihood);
        var rowSums = post.Gamma.RowSums();
        Assert.True(rowSums.All(s => Math.Abs(s - 1.0) < 1e-12), "γ rows must sum to 1");
        HmmPath path = hmm.Viterbi(x);
        Assert.Equal(viterbi, path.LogProbability, 1e-12 * Math.Abs(viterbi));
        Assert.Equal(pathSum, path.States.Sum(v => (long)v));
        Assert.Equal([7, 7, 7, 3, 3, 3, 3, 3, 3, 3], path.States[..10]);
    }

    [Fact]
    public void SampleFrequenciesApproachTheModelAndSeedReproduces()
    {
        var hmm = TinyModels.Discrete(11, 3, 4, out _, out var a, out var b);
        HmmSample s = hmm.Sample(200_000, 5);
        var transitions = new double[3, 3];
        var emissions = new double[3, 4];
        for (int t = 0; t < s.States.Length; t++)
        {
            emissions[s.States[t], s.Observations[t]]++;
            if (t > 0) transitions[s.States[t - 1], s.States[t]]++;
        }
        for (int i = 0; i < 3; i++)
        {
            double fromI = Enumerable.Range(0, 3).Sum(j => transitions[i, j]), inI = Enumerable.Range(0, 4).Sum(k => emissions[i, k]);
            for (int j = 0; j < 3; j++) Assert.Equal(a[i, j], transitions[i, j] / fromI, 0.01);
            for (int k = 0; k < 4; k++) Assert.Equal(b[i, k], emissions[i, k] / inI, 0.01);
        }
        HmmSample again = hmm.Sample(200_000, 5), other = hmm.Sample(200_000, 6);
        Assert.Equal(s.States, again.States);
        Assert.Equal(s.Observations, again.Observations);
        Assert.NotEqual(s.Observations, other.Observations);
    }

    [Fact]
    public void PosteriorDecodingPicksTheLargestMarginal()
    {
        var hmm = TinyModels.Discrete(3, 3, 3, out var pi, out var a, out var b);
        int[] x = [0, 2, 1, 1, 0, 2];
        var exact = BruteForce.Enumerate(pi, a, (i, t) => b[i, x[t]], x.Length);
        int[] expected = Enumerable.Range(0, x.Length)
            .Select(t => Enumerable.Range(0, 3).MaxBy(i => exact.Marginals[t, i])).ToArray();
        Assert.Equal(expected, hmm.ForwardBackward(x).MostLikelyStates());
    }

    [Fact]
    public void PropertiesReturnTheParametersAsCopies()
    {
        var hmm = TinyModels.Discrete(1, 2, 3, out var pi, out var a, out var b);
        Assert.Equal(2, hmm.States);
        Assert.Equal(3, hmm.Symbols);
        Assert.Equal(pi, hmm.Initial.ToArray());
        Assert.Equal(Matrix<double>.Build.DenseOfArray(a), hmm.Transition);
        Assert.Equal(Matrix<double>.Build.DenseOfArray(b), hmm.Emission);
        hmm.Transition[0, 0] = 42.0;
        Assert.Equal(a[0, 0], hmm.Transition[0, 0]);
    }
}
