using AdvancedMl.Sequential;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Sequential;

public class GaussianHmmTests
{
    [Theory]
    [InlineData(2, 1, 1)]
    [InlineData(2, 6, 2)]
    [InlineData(3, 5, 3)]
    [InlineData(3, 6, 4)]
    [InlineData(5, 4, 5)]
    public void InferenceMatchesEnumerationOfAllPaths(int n, int length, int seed)
    {
        var hmm = TinyModels.Gaussian(seed, n, out var pi, out var a, out var means, out var variances);
        var rng = new Random(200 + seed);
        double[] x = Enumerable.Range(0, length).Select(_ => 4.0 * Normal.Sample(rng, 0, 1)).ToArray();
        var exact = BruteForce.Enumerate(pi, a, (i, t) => TinyModels.Density(x[t], means[i], variances[i]), length);

        Assert.Equal(Math.Log(exact.Likelihood), hmm.LogLikelihood(x), 11);
        HmmPosterior post = hmm.ForwardBackward(x);
        Assert.Equal(Math.Log(exact.Likelihood), post.LogLikelihood, 11);
        Assert.Equal(post.LogLikelihood, post.ScaleFactors.Sum(Math.Log), 11);
        PosteriorChecks.MatchEnumeration(exact, post, t => hmm.Xi(x, t), n, length);

        HmmPath path = hmm.Viterbi(x);
        Assert.Equal(exact.BestPath, path.States);
        Assert.Equal(Math.Log(exact.BestJoint), path.LogProbability, 11);
    }

    [Fact]
    public void FarOutliersStayFiniteThanksToTheEmissionShift()
    {
        // One state: log p(x) is exactly Σₜ log N(xₜ; μ, σ²), even where every density underflows to 0.
        var one = GaussianHmm.Create(Vector<double>.Build.Dense([1.0]), Matrix<double>.Build.Dense(1, 1, 1.0),
            Vector<double>.Build.Dense([0.0]), Vector<double>.Build.Dense([1.0]));
        double[] x = [0.5, 1e4, -2.0, 3e3];
        double expected = x.Sum(v => -0.5 * Math.Log(2 * Math.PI) - 0.5 * v * v);
        Assert.Equal(expected, one.LogLikelihood(x), 1e-12 * Math.Abs(expected));
        Assert.Equal(expected, one.ForwardBackward(x).LogLikelihood, 1e-12 * Math.Abs(expected));
        Assert.Equal(expected, one.Viterbi(x).LogProbability, 1e-12 * Math.Abs(expected));

        var two = TinyModels.Gaussian(9, 2, out _, out _, out _, out _);
        HmmPosterior post = two.ForwardBackward(x);
        Assert.True(double.IsFinite(post.LogLikelihood));
        Assert.All(post.Gamma.RowSums(), s => Assert.Equal(1.0, s, 12));
    }

    [Fact]
    public void MillionStepSequenceHasFiniteLogLikelihood()
    {
        var hmm = TinyModels.Gaussian(4, 3, out _, out _, out _, out _);
        GaussianHmmSample s = hmm.Sample(1_000_000, 1);
        double ll = hmm.LogLikelihood(s.Observations);
        Assert.True(double.IsFinite(ll) && ll < 0, $"log-likelihood {ll}");
        Assert.Equal(ll, hmm.ForwardBackward(s.Observations).LogLikelihood);
        double joint = hmm.Viterbi(s.Observations).LogProbability;
        Assert.True(double.IsFinite(joint) && joint <= ll, $"Viterbi {joint} vs likelihood {ll}");
    }

    [Fact]
    public void SampleMomentsApproachTheModelAndSeedReproduces()
    {
        var hmm = TinyModels.Gaussian(6, 2, out _, out var a, out var means, out var variances);
        GaussianHmmSample s = hmm.Sample(200_000, 3);
        for (int i = 0; i < 2; i++)
        {
            double[] xi = s.Observations.Where((_, t) => s.States[t] == i).ToArray();
            double mean = xi.Average();
            Assert.Equal(means[i], mean, 0.02);
            Assert.Equal(variances[i], xi.Select(v => (v - mean) * (v - mean)).Average(), 0.05);
            int from = 0, to = 0;
            for (int t = 1; t < s.States.Length; t++)
                if (s.States[t - 1] == i) { from++; if (s.States[t] == 0) to++; }
            Assert.Equal(a[i, 0], (double)to / from, 0.01);
        }
        Assert.Equal(s.Observations, hmm.Sample(200_000, 3).Observations);
        Assert.NotEqual(s.Observations, hmm.Sample(200_000, 4).Observations);
    }
}
