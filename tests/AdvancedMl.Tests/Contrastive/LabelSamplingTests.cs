using AdvancedMl.Contrastive;

namespace AdvancedMl.Tests.Contrastive;

public class LabelSamplingTests
{
    [Fact]
    public void StratifiedSplitKeepsClassProportionsAndPartitionsTheRows()
    {
        var labels = Digits.Labels;
        var (train, test) = LabelSampling.StratifiedSplit(labels, 0.3, seed: 3);
        Assert.Equal(Enumerable.Range(0, labels.Length), train.Concat(test).OrderBy(i => i));
        foreach (var c in labels.Distinct())
        {
            int all = labels.Count(y => y == c), inTest = test.Count(i => labels[i] == c);
            Assert.Equal((int)Math.Round(0.3 * all), inTest);
        }
        Assert.Equal(test, LabelSampling.StratifiedSplit(labels, 0.3, seed: 3).Test);
        Assert.NotEqual(test, LabelSampling.StratifiedSplit(labels, 0.3, seed: 4).Test);
    }

    [Fact]
    public void PerClassPicksExactlyKDistinctRowsOfEachClass()
    {
        var labels = Digits.Labels;
        var picked = LabelSampling.PerClass(labels, 5, seed: 1);
        Assert.Equal(50, picked.Distinct().Count());
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(5, picked.Count(i => labels[i] == c)));
        var ex = Assert.Throws<ArgumentException>(() => LabelSampling.PerClass(new[] { 0, 0, 1 }, 2, 1));
        Assert.Contains("LabelSampling.PerClass: class 1 has 1 rows, fewer than perClass = 2.", ex.Message);
    }
}
