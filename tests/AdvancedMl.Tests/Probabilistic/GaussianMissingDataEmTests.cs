using AdvancedMl.Probabilistic;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Probabilistic;

public class GaussianMissingDataEmTests
{
    private static Matrix<double> CorrelatedNormal(int n, int seed)
    {
        var rng = new Random(seed);
        var mean = Vector<double>.Build.Dense([1.0, -2.0, 0.5, 3.0]);
        var a = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0, 0, 0 }, { 0.8, 0.6, 0, 0 }, { -0.5, 0.3, 0.7, 0 }, { 0.2, 0.4, -0.3, 0.9 } });
        return Matrix<double>.Build.Dense(n, 4, 0.0).MapIndexed((_, _, _) => 0.0).Let(m =>
        {
            for (int i = 0; i < n; i++) m.SetRow(i, mean + a * Vector<double>.Build.Dense(4, _ => Normal.Sample(rng, 0, 1)));
            return m;
        });
    }

    private static (Vector<double> Mean, Matrix<double> Cov) Mle(Matrix<double> x)
    {
        var mean = x.ColumnSums() / x.RowCount;
        var c = x - Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (_, j) => mean[j]);
        return (mean, c.TransposeThisAndMultiply(c) / x.RowCount);
    }

    [Fact]
    public void WithoutMissingValuesOneStepGivesTheMle()
    {
        var x = CorrelatedNormal(200, 1);
        var em = GaussianMissingDataEm.Fit(x, maxIterations: 1);
        var (mean, cov) = Mle(x);
        Assert.Equal(1, em.Iterations);
        Assert.True((em.Mean - mean).InfinityNorm() < 1e-12);
        Assert.True((em.Covariance - cov).InfinityNorm() < 1e-12);
        Assert.Equal(x, em.Imputed);
    }

    [Theory]
    [InlineData(2, 0.2)]
    [InlineData(3, 0.4)]
    public void RecoversTheCompleteDataEstimateAndLikelihoodNeverDecreases(int seed, double missingRate)
    {
        var complete = CorrelatedNormal(2000, seed);
        var holed = complete.Clone();
        var rng = new Random(seed + 100);
        for (int i = 0; i < holed.RowCount; i++)
        {
            int keep = rng.Next(4); // keep one value per row so no row is entirely missing
            for (int j = 0; j < 4; j++) if (j != keep && rng.NextDouble() < missingRate) holed[i, j] = double.NaN;
        }
        var em = GaussianMissingDataEm.Fit(holed, maxIterations: 500, tolerance: 1e-12);
        var h = em.LogLikelihoodHistory;
        for (int t = 1; t < h.Count; t++) Assert.True(h[t] >= h[t - 1] - 1e-9 * Math.Abs(h[t - 1]), $"decreased at {t}: {h[t - 1]} -> {h[t]}");
        Assert.True(em.Converged);
        var (mean, cov) = Mle(complete);
        Assert.True((em.Mean - mean).InfinityNorm() < 0.08, $"mean {em.Mean} vs {mean}");
        Assert.True((em.Covariance - cov).InfinityNorm() < 0.12, $"cov {em.Covariance} vs {cov}");
        // Observed entries pass through untouched; imputed ones are finite conditional means.
        for (int i = 0; i < holed.RowCount; i++)
            for (int j = 0; j < 4; j++)
                if (!double.IsNaN(holed[i, j])) Assert.Equal(holed[i, j], em.Imputed[i, j]);
        Assert.True(TestData.AllFinite(em.Imputed));
        // EM beats mean imputation: conditional means are closer to the hidden values.
        var columnMeans = Enumerable.Range(0, 4).Select(j => holed.Column(j).Where(v => !double.IsNaN(v)).Average()).ToArray();
        double emError = 0, meanError = 0;
        for (int i = 0; i < holed.RowCount; i++)
            for (int j = 0; j < 4; j++)
                if (double.IsNaN(holed[i, j]))
                {
                    emError += Math.Pow(em.Imputed[i, j] - complete[i, j], 2);
                    meanError += Math.Pow(columnMeans[j] - complete[i, j], 2);
                }
        Assert.True(emError < 0.8 * meanError, $"EM imputation error {emError} vs mean imputation {meanError}");
    }

    [Fact]
    public void ObservedLikelihoodMatchesDirectComputation()
    {
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0 }, { double.NaN, 0.5 }, { 3.0, double.NaN }, { 2.0, 1.0 }, { 0.0, 0.0 } });
        var em = GaussianMissingDataEm.Fit(x, maxIterations: 3, tolerance: 0);
        // Re-evaluate the initial likelihood by hand: initial μ = observed means, Σ = diag(observed variances).
        double[] mu = [1.5, 0.875];
        double[] var = [(0.25 + 2.25 + 0.25 + 2.25) / 4, (1.265625 + 0.140625 + 0.015625 + 0.765625) / 4];
        double ll = 0;
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 2; j++)
                if (!double.IsNaN(x[i, j])) ll += Normal.PDFLn(mu[j], Math.Sqrt(var[j]), x[i, j]);
        Assert.Equal(ll, em.LogLikelihoodHistory[0], 10);
        Assert.Equal(4, em.LogLikelihoodHistory.Count);
    }
}

internal static class FluentExtensions
{
    public static TOut Let<TIn, TOut>(this TIn value, Func<TIn, TOut> f) => f(value);
}
