using AdvancedMl.Generative;

namespace AdvancedMl.Tests.Generative;

public class GanTests
{
    private static double[][] Blob(int n, int seed)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        return Enumerable.Range(0, n).Select(_ => new[] { 2.0 + 0.2 * Normal(), -1.0 + 0.2 * Normal() }).ToArray();
    }

    [Theory]
    [InlineData(GanLoss.NonSaturating, 1)]
    [InlineData(GanLoss.Minimax, 1)]
    [InlineData(GanLoss.NonSaturating, 4)]
    public void GeneratorMovesItsSamplesOntoTheData(GanLoss loss, int pack)
    {
        var data = Blob(500, 1);
        var model = Gan.Fit(data, new GanOptions { Loss = loss, Pack = pack, Hidden = 32, TrainingSteps = 1000, BatchSize = 64, Seed = 2, SnapshotEvery = 500 });
        var before = model.Snapshots[0].Samples;
        var after = model.Sample(1000, new Random(3));
        double Distance(double[][] s) => Math.Sqrt(Math.Pow(s.Average(p => p[0]) - 2.0, 2) + Math.Pow(s.Average(p => p[1]) + 1.0, 2));
        Assert.True(Distance(before) > 1.0, $"an untrained generator should start away from the blob; mean distance {Distance(before)}");
        Assert.InRange(Distance(after), 0.0, 0.5);   // the blob sits 2.2 from the origin; a GAN still oscillates around it
        Assert.True(SampleMetrics.EnergyDistance(after, Blob(1000, 9)) < 0.1 * SampleMetrics.EnergyDistance(before, Blob(1000, 9)));
        Assert.Equal(new[] { 0, 500, 1000 }, model.Snapshots.Select(s => s.Step));
    }

    [Fact]
    public void FirstStepLossesSitAtTheirChanceValues()
    {
        // At initialisation D(x) ≈ ½ everywhere, so the discriminator loss −E log D(x) − E log(1 − D(G(z))) ≈ 2 log 2,
        // the non-saturating generator loss −E log D(G(z)) ≈ log 2 and the minimax one E log(1 − D(G(z))) ≈ −log 2.
        var data = Blob(64, 1);
        var options = new GanOptions { Hidden = 8, TrainingSteps = 1, BatchSize = 2048, Seed = 6 };
        var nonSaturating = Gan.Fit(data, options);
        var minimax = Gan.Fit(data, options with { Loss = GanLoss.Minimax });
        Assert.Equal(nonSaturating.DiscriminatorLosses, minimax.DiscriminatorLosses);   // the D step does not depend on G's loss
        Assert.InRange(nonSaturating.DiscriminatorLosses[0], 2 * Math.Log(2) - 0.2, 2 * Math.Log(2) + 0.2);
        Assert.InRange(nonSaturating.GeneratorLosses[0], Math.Log(2) - 0.2, Math.Log(2) + 0.2);   // after one D step
        Assert.InRange(minimax.GeneratorLosses[0], -Math.Log(2) - 0.2, -Math.Log(2) + 0.2);
        // Discriminate returns probabilities, and −E log D(G(z)) from them matches the recorded loss's scale.
        var d = nonSaturating.Discriminate(nonSaturating.Sample(2048, new Random(8)));
        Assert.All(d, p => Assert.InRange(p, 0.0, 1.0));
        Assert.InRange(-d.Average(Math.Log), Math.Log(2) - 0.2, Math.Log(2) + 0.2);
    }

    [Fact]
    public void TrainingIsReproducibleFromTheSeed()
    {
        var data = Blob(100, 1);
        var options = new GanOptions { Hidden = 8, TrainingSteps = 20, BatchSize = 16, Seed = 4 };
        var a = Gan.Fit(data, options);
        var b = Gan.Fit(data, options);
        Assert.Equal(a.DiscriminatorLosses, b.DiscriminatorLosses);
        Assert.Equal(a.GeneratorLosses, b.GeneratorLosses);
        Assert.Equal(a.Sample(10, new Random(1)), b.Sample(10, new Random(1)));
        Assert.NotEqual(a.GeneratorLosses, Gan.Fit(data, options with { Seed = 5 }).GeneratorLosses);
    }

    [Fact]
    public void TakingSnapshotsDoesNotChangeTheTrainingRun()
    {
        // The snapshot noise has its own generator: the same seed gives the same losses and weights with or without snapshots.
        var data = Toy2D.Ring(500, new Random(3));
        var options = new GanOptions { Hidden = 8, TrainingSteps = 20, BatchSize = 16, Seed = 4 };
        var plain = Gan.Fit(data, options);
        var watched = Gan.Fit(data, options with { SnapshotEvery = 5 });
        Assert.Equal(5, watched.Snapshots.Count);
        Assert.Empty(plain.Snapshots);
        Assert.Equal(plain.GeneratorLosses, watched.GeneratorLosses);
        Assert.Equal(plain.DiscriminatorLosses, watched.DiscriminatorLosses);
        Assert.Equal(plain.Sample(50, new Random(9)), watched.Sample(50, new Random(9)));
    }

    [Fact]
    public void InvalidArgumentsNameTheParameterAndValue()
    {
        var data = Blob(20, 1);
        var e = Assert.Throws<ArgumentException>(() => Gan.Fit(data, new GanOptions { Pack = 0 }));
        Assert.Contains("Gan.Fit: options.Pack must be at least 1; got 0.", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gan.Fit(data, new GanOptions { Beta1 = 1 }));
        Assert.Contains("Gan.Fit: options.Beta1 must lie in [0, 1); got 1.", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gan.Fit(data, new GanOptions { DiscriminatorLearningRate = 0 }));
        Assert.Contains("options.DiscriminatorLearningRate must be a finite number above 0; got 0.", e.Message);
        var packed = Gan.Fit(data, new GanOptions { Pack = 2, Hidden = 4, TrainingSteps = 1, BatchSize = 4 });
        Assert.Throws<InvalidOperationException>(() => packed.Discriminate([[0.0, 0.0]]));
        e = Assert.Throws<ArgumentException>(() => packed.Sample(0, new Random(1)));
        Assert.Contains("GanModel.Sample: n must be at least 1; got 0.", e.Message);
    }
}
