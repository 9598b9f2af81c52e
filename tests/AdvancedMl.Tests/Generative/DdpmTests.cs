using AdvancedMl.Generative;

namespace AdvancedMl.Tests.Generative;

public class DdpmTests
{
    // A small model on a 2-D Gaussian blob, shared by the tests (trained once; each test only reads it). Raw coordinates only:
    // these tests check the samplers' arithmetic and moments, and a smooth network has no far-off outliers under 10-step
    // DDIM (with Fourier features a few samples in a thousand land far from the data; notebook 09, section 6).
    private static readonly Lazy<(DdpmModel Model, double[][] Data)> Blob = new(() =>
    {
        var rng = new Random(5);
        var data = Enumerable.Range(0, 400).Select(_ => new[] { 1.0 + 0.3 * Normal(rng), -0.5 + 0.3 * Normal(rng) }).ToArray();
        var model = Ddpm.Fit(data, new DdpmOptions { DiffusionSteps = 50, Hidden = 32, TrainingSteps = 600, BatchSize = 128, FourierFrequencies = 0, Seed = 3 });
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
    public void NetworkSeesXtItsFourierFeaturesAndTheTimeEmbedding()
    {
        // Input row = [x_1, x_2, sin(ω_1 x_1), cos(ω_1 x_1), …, sin(ω_K x_2), cos(ω_K x_2), emb(t)], ω_k = ω_max^{(k−1)/(K−1)}.
        var data = Toy2D.Ring(50, new Random(1));
        var options = new DdpmOptions { DiffusionSteps = 20, Hidden = 8, TrainingSteps = 5, WarmupSteps = 0, BatchSize = 8, FourierFrequencies = 3, FourierMaxFrequency = 9, TimeEmbeddingDim = 4 };
        var model = Ddpm.Fit(data, options);
        Assert.Equal([1.0, 3.0, 9.0], model.FourierFrequencies.Select(w => Math.Round(w, 12)));
        Assert.Equal(2 * (1 + 2 * 3) + 4, ((AdvancedMl.Autodiff.Linear)((AdvancedMl.Autodiff.Sequential)model.Network).Layers[0]).InFeatures);
        double[][] x = [[0.3, -1.2], [2.0, 0.5]];
        int t = 7;
        var embedding = AdvancedMl.Autodiff.PositionalEncoding.Sinusoidal(Enumerable.Range(1, 20).Select(s => 1000.0 * s / 20).ToArray(), 4, maxPeriod: 1000).ToRows()[t - 1];
        var rows = x.Select(p => p.Concat(p.SelectMany(v => new[] { 1.0, 3.0, 9.0 }.SelectMany(w => new[] { Math.Sin(w * v), Math.Cos(w * v) }))).Concat(embedding).ToArray()).ToArray();
        var expected = model.Network.Forward(AdvancedMl.Autodiff.Tensor.FromRows(rows)).ToRows();
        var actual = model.PredictNoise(x, t);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) Assert.Equal(expected[i][j], actual[i][j], 12);
        // Without Fourier features the input is x_t and the time embedding only.
        var plain = Ddpm.Fit(data, options with { FourierFrequencies = 0 });
        Assert.Empty(plain.FourierFrequencies);
        Assert.Equal(2 + 4, ((AdvancedMl.Autodiff.Linear)((AdvancedMl.Autodiff.Sequential)plain.Network).Layers[0]).InFeatures);
    }

    [Fact]
    public void FourierFeaturesSharpenTheRingAtTheSameBudget()
    {
        // Notebook 09, section 5: the same MLP and 800 steps; with raw coordinates only the samples smear around the ring,
        // with Fourier features most of them land within 3σ of a mode centre.
        var ring = Toy2D.Ring(1000, new Random(2), sd: 0.1);
        var options = new DdpmOptions { TrainingSteps = 800, BatchSize = 64, Seed = 6 };
        double Sharp(DdpmOptions o) =>
            SampleMetrics.ModeCoverage(Ddpm.Fit(ring, o).Sample(500, new Random(3)), Toy2D.RingCentres(), radius: 0.3, minShare: 1.0 / 32).HighQualityFraction;
        double withFeatures = Sharp(options), plain = Sharp(options with { FourierFrequencies = 0 });
        Assert.True(withFeatures > 0.7 && withFeatures > plain + 0.3, $"3σ share: Fourier features {withFeatures:F3}, raw coordinates {plain:F3}");
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
        e = Assert.Throws<ArgumentException>(() => Ddpm.Fit(data, new DdpmOptions { FourierFrequencies = -1 }));
        Assert.Contains("Ddpm.Fit: options.FourierFrequencies must be at least 0; got -1.", e.Message);
        e = Assert.Throws<ArgumentException>(() => Ddpm.Fit(data, new DdpmOptions { FourierMaxFrequency = 0.5 }));
        Assert.Contains("Ddpm.Fit: options.FourierMaxFrequency must be a finite number at least 1; got 0.5.", e.Message);
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
