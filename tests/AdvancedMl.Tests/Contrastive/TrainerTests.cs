using AdvancedMl.Contrastive;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Contrastive;

public class TrainerTests
{
    private static readonly AugmentationOptions Augmentation = new() { MaxRotationDegrees = 20, NoiseStd = 0.2 };

    private static Matrix<double> Images(int count) => Digits.Images.SubMatrix(0, count, 0, 64);

    [Fact]
    public void SimClrLowersTheLossAndIsReproducible()
    {
        var options = new SimClrOptions { HiddenSize = 32, RepresentationSize = 16, ProjectionSize = 8, BatchSize = 32, Steps = 300, LearningRate = 1e-2, Augmentation = Augmentation, Seed = 2 };
        var model = SimClr.Fit(Images(200), options);
        var losses = model.LossHistory;
        Assert.Equal(300, losses.Count);
        Assert.True(losses.Skip(280).Average() < losses.Take(20).Average() - 0.15, $"loss {losses.Take(20).Average()} -> {losses.Skip(280).Average()}");
        // At initialisation the loss is near log(2N − 1) (all candidates alike); it can never go below 0.
        Assert.InRange(losses[0], 0.5 * Math.Log(63), 1.5 * Math.Log(63));
        // Same seed, same run, bit for bit.
        var again = SimClr.Fit(Images(200), options);
        Assert.Equal(losses, again.LossHistory);
        Assert.Equal(model.Transform(Images(20)), again.Transform(Images(20)));
        Assert.Equal(16, model.Transform(Images(3)).ColumnCount);
        Assert.Equal(8, model.Project(Images(3)).ColumnCount);
    }

    [Fact]
    public void WithoutPredictorOrStopGradientTheNegativeFreeLossCollapses()
    {
        var images = Images(200);
        var collapsed = Byol.Fit(images, new ByolOptions
        {
            HiddenSize = 32, RepresentationSize = 16, ProjectionSize = 8, PredictorHiddenSize = 16, BatchSize = 32, Steps = 150,
            LearningRate = 1e-2, TargetDecay = 0, UsePredictor = false, StopGradient = false, Augmentation = Augmentation, Seed = 1,
        });
        // Every image is sent to (almost) the same direction: zero loss, uniformity near 0 (its maximum).
        Assert.True(collapsed.LossHistory[^1] < 0.01, $"final loss {collapsed.LossHistory[^1]}");
        double collapsedUniformity = EmbeddingMetrics.Uniformity(collapsed.Project(images));
        Assert.True(collapsedUniformity > -0.05, $"uniformity {collapsedUniformity}");

        var contrastive = SimClr.Fit(images, new SimClrOptions { HiddenSize = 32, RepresentationSize = 16, ProjectionSize = 8, BatchSize = 32, Steps = 150, LearningRate = 1e-2, Augmentation = Augmentation, Seed = 1 });
        double contrastiveUniformity = EmbeddingMetrics.Uniformity(contrastive.Project(images));
        Assert.True(contrastiveUniformity < collapsedUniformity - 0.3, $"SimCLR uniformity {contrastiveUniformity}, collapsed {collapsedUniformity}");
    }

    [Fact]
    public void SupervisedNetworkFitsItsTrainingSet()
    {
        var (images, labels) = Digits.Rows(0, 100);
        var model = SupervisedNetwork.Fit(images, labels, new SupervisedNetworkOptions { HiddenSize = 64, RepresentationSize = 32, Steps = 150, LearningRate = 3e-3, Augmentation = null, Seed = 1 });
        Assert.True(model.Score(images, labels) > 0.97, $"training accuracy {model.Score(images, labels)}");
        Assert.True(model.LossHistory[^1] < 0.2 * model.LossHistory[0]);
    }

    [Fact]
    public void TrainersRejectBadOptions()
    {
        var ex = Assert.Throws<ArgumentException>(() => SimClr.Fit(Images(10), new SimClrOptions { BatchSize = 20 }));
        Assert.Contains("SimClr.Fit: BatchSize must be at most the number of images (10); got 20.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Byol.Fit(Images(10), new ByolOptions { BatchSize = 4, TargetDecay = 1 }));
        Assert.Contains("Byol.Fit: TargetDecay must lie in [0, 1); got 1.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => SimClr.Fit(Digits.Images.SubMatrix(0, 10, 0, 60), new SimClrOptions { BatchSize = 4 }));
        Assert.Contains("images must have Side² = 64 columns; got 60.", ex.Message);
    }
}
