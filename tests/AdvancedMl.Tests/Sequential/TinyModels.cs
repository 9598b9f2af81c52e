using AdvancedMl.Sequential;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Sequential;

/// <summary>Seeded random small models and observation sequences for the brute-force comparisons.</summary>
internal static class TinyModels
{
    public static double[] Row(Random rng, int n)
    {
        var row = new double[n];
        double sum = 0.0;
        for (int j = 0; j < n; j++) { row[j] = 0.05 + rng.NextDouble(); sum += row[j]; }
        for (int j = 0; j < n; j++) row[j] /= sum;
        return row;
    }

    public static double[,] Rows(Random rng, int rows, int cols)
    {
        var a = new double[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            double[] r = Row(rng, cols);
            for (int j = 0; j < cols; j++) a[i, j] = r[j];
        }
        return a;
    }

    public static DiscreteHmm Discrete(int seed, int n, int m, out double[] pi, out double[,] a, out double[,] b)
    {
        var rng = new Random(seed);
        pi = Row(rng, n);
        a = Rows(rng, n, n);
        b = Rows(rng, n, m);
        return DiscreteHmm.Create(Vector<double>.Build.Dense(pi), Matrix<double>.Build.DenseOfArray(a), Matrix<double>.Build.DenseOfArray(b));
    }

    public static GaussianHmm Gaussian(int seed, int n, out double[] pi, out double[,] a, out double[] means, out double[] variances)
    {
        var rng = new Random(seed);
        pi = Row(rng, n);
        a = Rows(rng, n, n);
        means = Enumerable.Range(0, n).Select(_ => 3.0 * Normal.Sample(rng, 0, 1)).ToArray();
        variances = Enumerable.Range(0, n).Select(_ => 0.3 + 2.0 * rng.NextDouble()).ToArray();
        return GaussianHmm.Create(Vector<double>.Build.Dense(pi), Matrix<double>.Build.DenseOfArray(a),
            Vector<double>.Build.Dense(means), Vector<double>.Build.Dense(variances));
    }

    public static double Density(double x, double mean, double variance) =>
        Math.Exp(-0.5 * (x - mean) * (x - mean) / variance) / Math.Sqrt(2 * Math.PI * variance);
}
