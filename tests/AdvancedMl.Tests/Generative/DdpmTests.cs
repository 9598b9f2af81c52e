using AdvancedMl.Generative;

namespace AdvancedMl.Tests.Generative;

public class DdpmTests
{
    // A small model on a 2-D Gaussian blob, shared by the tests (trained once; each test only reads it).
    private static readonly Lazy<(DdpmModel Model, double[][] Data)> Blob = new(() =>
    {
        var rng = new Random(5);
        var data = Enumerable.Range(0, 400).Select(_ => new[] { 1.0 + 0.3 * Normal(rng), -0.5 + 0.3 * Normal(rng) }).ToArray();
        var model = Ddpm.Fit(data, new DdpmOptions { DiffusionSteps = 50, Hidden = 32, TrainingSteps = 600, BatchSize = 128, Seed = 3 });
        return (model, data);
    });

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void TrainingLowersTheNoisePredictionLossAndSamplesMatchTheBlob()
    {
        var (model, _) = Blob.Value;
        Assert.Equal(600, model.Losses.Length);
        double early = model.Losses.Take(20).Average(), late = model.Losses.TakeLast(100).Average();
        Assert.True(late < 0.6 * early, $"loss should fall: first 20 steps {early}, last 100 {late}");
        foreach (var samples in new[] { model.Sample(2000, new Random(1)), model.SampleDdim(2000, 10, new Random(1)) })
        {
            Assert.InRange(samples.Average(p => p[0]), 0.85, 1.15);
            Assert.InRange(samples.Average(p => p[1]), -0.65, -0.35);
            double sd = Math.Sqrt(samples.Average(p => Math.Pow(p[0] - 1.0, 2)));
            Assert.InRange(sd, 0.2, 0.45);
        }
    }

    [Fact]
    public void SamplersReturnTheLastPointsOfTheirTrajectories()
    {
        // Sample and SampleDdim keep only x_0; the trajectory methods keep every step. Same generator state, same chain.
        var (model, _) = Blob.Value;
        Assert.Equal(model.SampleTrajectory(300, new Random(4))[^1], model.Sample(300, new Random(4)));
        var ddim = model.SampleDdimTrajectory(300, 7, new Random(4), eta: 0.5);
        Assert.Equal(8, ddim.Count);
        Assert.Equal(ddim[^1], model.SampleDdim(300, 7, new Random(4), eta: 0.5));
    }

    [Fact]
    public void AncestralStepIsThePosteriorMeanPlusBetaTildeNoise()
    {
        // Ho et al. (2020), eq. (11): x_{t−1} = (x_t − β_t/√(1 − ᾱ_t) ε_θ(x_t, t))/√α_t + σ_t z, σ_t² = β̃_t, z ~ N(0, I).
        var (model, _) = Blob.Value;
        var s = model.Schedule;
        var path = model.SampleTrajectory(3000, new Random(11));
        Assert.Equal(s.Steps + 1, path.Count);
        foreach (int t in new[] { s.Steps, 10, 2 })
        {
            var xt = path[s.Steps - t];
            var eps = model.PredictNoise(xt, t);
            var z = new List<double>();
            for (int i = 0; i < xt.Length; i++)
                for (int j = 0; j < 2; j++)
                {
                    double mean = (xt[i][j] - s.Beta(t) / Math.Sqrt(1 - s.AlphaBar(t)) * eps[i][j]) / Math.Sqrt(s.Alpha(t));
                    z.Add((path[s.Steps - t + 1][i][j] - mean) / Math.Sqrt(s.PosteriorVariance(t)));
                }
            double zMean = z.Average(), zVar = z.Average(v => (v - zMean) * (v - zMean));
            Assert.InRange(zMean, -0.06, 0.06);    // 6000 standard normals: sd of the mean ≈ 0.013
            Assert.InRange(zVar, 0.9, 1.1);
        }
        // The last step (t = 1) adds no noise: β̃_1 = 0, so x_0 is exactly the posterior mean.
        var x1 = path[^2];
        var eps1 = model.PredictNoise(x1, 1);
        for (int i = 0; i < 5; i++)
            Assert.Equal((x1[i][0] - s.Beta(1) / Math.Sqrt(1 - s.AlphaBar(1)) * eps1[i][0]) / Math.Sqrt(s.Alpha(1)), path[^1][i][0], 12);
    }

    [Fact]
    public void DeterministicDdimStepFollowsTheDdimUpdate()
    {
        // η = 0: x_s = √ᾱ_s x̂_0 + √(1 − ᾱ_s) ε̂ with x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t, on times 50, 38, 25, 13, 0 (rounded from 50 − 12.5k).
        var (model, _) = Blob.Value;
        var s = model.Schedule;
        var path = model.SampleDdimTrajectory(50, 4, new Random(2));
        int[] times = [50, 38, 25, 13, 0];
        Assert.Equal(5, path.Count);
        for (int k = 0; k < 4; k++)
        {
            int t = times[k], next = times[k + 1];
            var eps = model.PredictNoise(path[k], t);
            for (int i = 0; i < 50; i++)
                for (int j = 0; j < 2; j++)
                {
                    double x0 = (path[k][i][j] - Math.Sqrt(1 - s.AlphaBar(t)) * eps[i][j]) / Math.Sqrt(s.AlphaBar(t));
                    Assert.Equal(Math.Sqrt(s.AlphaBar(next)) * x0 + Math.Sqrt(1 - s.AlphaBar(next)) * eps[i][j], path[k + 1][i][j], 10);
                }
        }
        // Deterministic: the same starting noise gives the same samples.
        Assert.Equal(model.SampleDdim(20, 5, new Random(9)), model.SampleDdim(20, 5, new Random(9)));
    }

    [Fact]
    public void TrainingIsReproducibleFromTheSeed()
    {
        var data = Toy2D.Ring(200, new Random(1));
        var options = new DdpmOptions { DiffusionSteps = 10, Hidden = 8, TrainingSteps = 30, BatchSize = 16, WarmupSteps = 5, Seed = 4 };
        var a = Ddpm.Fit(data, options);
        var b = Ddpm.Fit(data, options);
        Assert.Equal(a.Losses, b.Losses);
        Assert.Equal(a.Sample(10, new Random(1)), b.Sample(10, new Random(1)));
        Assert.NotEqual(a.Losses, Ddpm.Fit(data, options with { Seed = 5 }).Losses);
    }

    [Fact]
    public void InvalidArgumentsNameTheParameterAndValue()
    {
        var data = Toy2D.Ring(20, new Random(1));
        var e = Assert.Throws<ArgumentException>(() => Ddpm.Fit(data, new DdpmOptions { DiffusionSteps = 1 }));
        Assert.Contains("Ddpm.Fit: options.DiffusionSteps must be at least 2; got 1.", e.Message);
        e = Assert.Throws<ArgumentException>(() => Ddpm.Fit(data, new DdpmOptions { TimeEmbeddingDim = 5 }));
        Assert.Contains("TimeEmbeddingDim must be even", e.Message);
        e = Assert.Throws<ArgumentException>(() => Ddpm.Fit(data, new DdpmOptions { LearningRate = -1 }));
        Assert.Contains("options.LearningRate must be a finite number above 0; got -1.", e.Message);
        e = Assert.Throws<ArgumentException>(() => Ddpm.Fit([[0.0, 1.0], [double.NaN, 0.0]]));
        Assert.Contains("Ddpm.Fit: data must contain only finite values; got NaN at point 1, coordinate 0.", e.Message);
        var model = Ddpm.Fit(data, new DdpmOptions { DiffusionSteps = 10, Hidden = 4, TrainingSteps = 2, WarmupSteps = 0, BatchSize = 4 });
        e = Assert.Throws<ArgumentException>(() => model.SampleDdim(5, 11, new Random(1)));
        Assert.Contains("DdpmModel.SampleDdim: steps must lie in [1, 10]; got 11.", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.PredictNoise([[0.0, 0.0]], 0));
        Assert.Contains("t must lie in [1, 10]; got 0", e.Message);
    }
}
