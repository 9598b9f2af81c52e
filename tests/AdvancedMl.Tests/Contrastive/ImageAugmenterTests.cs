using AdvancedMl.Contrastive;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Contrastive;

public class ImageAugmenterTests
{
    private static double[] Image(int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 64).Select(_ => rng.NextDouble()).ToArray();
    }

    [Fact]
    public void NoAugmentationIsTheIdentity()
    {
        var image = Image(1);
        var view = new double[64];
        new ImageAugmenter(AugmentationOptions.None).Augment(image, view, new Random(3));
        for (int i = 0; i < 64; i++) Assert.Equal(image[i], view[i], 1e-12);
    }

    [Fact]
    public void AShiftMovesEveryPixelByWholePixelsAndFillsWithZeros()
    {
        var image = Image(2);
        var augmenter = new ImageAugmenter(AugmentationOptions.None with { MaxShift = 1 });
        var seen = new HashSet<(int, int)>();
        for (int seed = 0; seed < 200 && seen.Count < 9; seed++)
        {
            var view = new double[64];
            augmenter.Augment(image, view, new Random(seed));
            // Find the shift (dx, dy) that explains the view exactly.
            var match = (from dy in new[] { -1, 0, 1 } from dx in new[] { -1, 0, 1 }
                         where Enumerable.Range(0, 64).All(p =>
                         {
                             int r = p / 8 - dy, c = p % 8 - dx;
                             double expected = r is >= 0 and < 8 && c is >= 0 and < 8 ? image[r * 8 + c] : 0.0;
                             return Math.Abs(view[p] - expected) < 1e-12;
                         })
                         select (dx, dy)).ToList();
            Assert.Single(match);
            seen.Add(match[0]);
        }
        Assert.Equal(9, seen.Count);   // every shift in {−1, 0, 1}² occurs
    }

    [Fact]
    public void WarpsResampleWithinTheImageRangeAndAVanishingAngleChangesNothing()
    {
        var image = Image(4);
        var augmenter = new ImageAugmenter(AugmentationOptions.None with { MaxRotationDegrees = 90, MaxScale = 0.3 });
        var changed = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            var view = new double[64];
            augmenter.Augment(image, view, new Random(seed));
            // Bilinear resampling is a convex combination of source pixels and zeros: every value stays in [0, max].
            Assert.All(view, v => Assert.InRange(v, 0.0, image.Max() + 1e-12));
            if (view.Zip(image, (u, v) => Math.Abs(u - v)).Max() > 0.05) changed++;
        }
        Assert.Equal(20, changed);
        var tiny = new ImageAugmenter(AugmentationOptions.None with { MaxRotationDegrees = 1e-9 });
        var same = new double[64];
        tiny.Augment(image, same, new Random(1));
        for (int i = 0; i < 64; i++) Assert.Equal(image[i], same[i], 1e-9);
    }

    [Fact]
    public void CutoutZeroesOneClippedSquareAndNoiseHasTheRequestedSpread()
    {
        var ones = Enumerable.Repeat(1.0, 64).ToArray();
        var cutout = new ImageAugmenter(AugmentationOptions.None with { CutoutProbability = 1, CutoutSize = 3 });
        for (int seed = 0; seed < 50; seed++)
        {
            var view = new double[64];
            cutout.Augment(ones, view, new Random(seed));
            var zeros = Enumerable.Range(0, 64).Where(p => view[p] == 0).ToList();
            Assert.InRange(zeros.Count, 4, 9);   // 3 × 3, clipped to 2 × 2 in a corner
            int rows = zeros.Select(p => p / 8).Distinct().Count(), cols = zeros.Select(p => p % 8).Distinct().Count();
            Assert.Equal(zeros.Count, rows * cols);   // a rectangle
            Assert.All(Enumerable.Range(0, 64).Except(zeros), p => Assert.Equal(1.0, view[p]));
        }

        var noisy = new ImageAugmenter(AugmentationOptions.None with { NoiseStd = 0.3 });
        var images = Matrix<double>.Build.Dense(500, 64);
        var views = noisy.Augment(images, new Random(7));
        var values = views.ToRowMajorArray();
        double mean = values.Average(), sd = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(sd, 0.29, 0.31);
    }

    [Fact]
    public void TheSameSeedGivesTheSameViews()
    {
        var images = Matrix<double>.Build.Dense(10, 64, (i, j) => (i * 64 + j) % 17 / 16.0);
        var augmenter = new ImageAugmenter(new AugmentationOptions());
        Assert.Equal(augmenter.Augment(images, new Random(5)), augmenter.Augment(images, new Random(5)));
        Assert.NotEqual(augmenter.Augment(images, new Random(5)), augmenter.Augment(images, new Random(6)));
    }

    [Fact]
    public void RejectsBadOptionsAndSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ImageAugmenter(new AugmentationOptions { CutoutProbability = 1.5 }));
        Assert.Contains("ImageAugmenter: CutoutProbability must lie in [0, 1]; got 1.5.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new ImageAugmenter(new AugmentationOptions { MaxScale = 1 }));
        Assert.Contains("MaxScale must be below 1; got 1.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new ImageAugmenter(new AugmentationOptions()).Augment(Matrix<double>.Build.Dense(2, 63), new Random(1)));
        Assert.Contains("images must have 64 columns (side 8); got 63.", ex.Message);
    }
}
