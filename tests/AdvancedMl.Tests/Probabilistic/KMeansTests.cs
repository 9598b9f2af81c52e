using AdvancedMl.Probabilistic;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Probabilistic;

public class KMeansTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void InertiaHistoryNeverIncreasesAndEqualsTheObjective(int seed)
    {
        var x = TestData.Blobs(300, 2, 5, 1.5, seed, out _);
        var km = KMeans.Fit(x, 7, seed, restarts: 2);
        var h = km.InertiaHistory;
        for (int t = 1; t < h.Count; t++) Assert.True(h[t] <= h[t - 1] * (1 + 1e-12), $"inertia rose at {t}: {h[t - 1]} -> {h[t]}");
        Assert.Equal(km.Iterations + 1, h.Count);
        // The reported inertia is the objective recomputed from scratch with the final centres and labels.
        double inertia = 0.0;
        for (int i = 0; i < x.RowCount; i++) inertia += (x.Row(i) - km.Centers.Row(km.Labels[i])).L2Norm() is var r ? r * r : 0;
        Assert.Equal(inertia, km.Inertia, 8);
        Assert.Equal(km.Labels, km.Predict(x));
    }

    [Fact]
    public void RecoversWellSeparatedClusters()
    {
        var x = TestData.Blobs(600, 3, 4, 25.0, 8, out int[] truth);
        var km = KMeans.Fit(x, 4, seed: 1, restarts: 3);
        Assert.True(km.Converged);
        // Perfect recovery up to relabelling: each found cluster maps to exactly one true cluster.
        var mapping = new Dictionary<int, int>();
        for (int i = 0; i < truth.Length; i++)
        {
            if (mapping.TryGetValue(km.Labels[i], out int t)) Assert.Equal(t, truth[i]);
            else mapping[km.Labels[i]] = truth[i];
        }
        Assert.Equal(4, mapping.Values.Distinct().Count());
    }

    [Fact]
    public void PlusPlusInitPicksDataRowsAndIsSeeded()
    {
        var x = TestData.Blobs(50, 2, 3, 5.0, 2, out _);
        var a = KMeans.PlusPlusInit(x, 3, new Random(5));
        Assert.Equal(a, KMeans.PlusPlusInit(x, 3, new Random(5)));
        foreach (var center in a.EnumerateRows())
            Assert.Contains(x.EnumerateRows(), row => row.Equals(center));
        // With exactly k distinct points k-means++ must pick all of them (a repeat has zero probability).
        var three = Matrix<double>.Build.DenseOfRowArrays(Enumerable.Range(0, 30).Select(i => new[] { (double)(i % 3), 0.0 }).ToArray());
        var picked = KMeans.PlusPlusInit(three, 3, new Random(1));
        Assert.Equal(3, picked.EnumerateRows().Select(r => r[0]).Distinct().Count());
    }

    [Fact]
    public void MoreClustersThanDistinctPointsGivesZeroInertia()
    {
        var three = Matrix<double>.Build.DenseOfRowArrays(Enumerable.Range(0, 9).Select(i => new[] { (double)(i % 3), 1.0 }).ToArray());
        var km = KMeans.Fit(three, 5, 0);
        Assert.Equal(0.0, km.Inertia);
        Assert.True(TestData.AllFinite(km.Centers));
    }
}
