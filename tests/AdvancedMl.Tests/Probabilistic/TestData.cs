using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Probabilistic;

/// <summary>Data for the probabilistic tests: the repository's Old Faithful copy and seeded synthetic blobs.</summary>
internal static class TestData
{
    /// <summary>Reads data/old-faithful.csv (columns eruptions, waiting), found by walking up to the folder holding AdvancedMl.sln.</summary>
    public static Matrix<double> OldFaithful()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AdvancedMl.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        string[] lines = File.ReadAllLines(Path.Combine(dir!.FullName, "data", "old-faithful.csv"));
        Assert.Equal("eruptions,waiting", lines[0].Trim());
        double[][] rows = lines.Skip(1).Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(',').Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        return Matrix<double>.Build.DenseOfRowArrays(rows);
    }

    /// <summary>n points around k random centres (spread `spread`) with unit-variance Gaussian noise in d dimensions.</summary>
    public static Matrix<double> Blobs(int n, int d, int k, double spread, int seed, out int[] truth)
    {
        var rng = new Random(seed);
        var centers = new double[k, d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) centers[c, j] = spread * Normal.Sample(rng, 0, 1);
        var labels = new int[n];
        var x = Matrix<double>.Build.Dense(n, d, 0.0);
        for (int i = 0; i < n; i++)
        {
            labels[i] = rng.Next(k);
            for (int j = 0; j < d; j++) x[i, j] = centers[labels[i], j] + Normal.Sample(rng, 0, 1);
        }
        truth = labels;
        return x;
    }

    /// <summary>True when every entry is finite.</summary>
    public static bool AllFinite(Matrix<double> m) => m.Enumerate().All(double.IsFinite);
}
