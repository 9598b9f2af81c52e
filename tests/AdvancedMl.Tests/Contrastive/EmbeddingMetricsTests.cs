using AdvancedMl.Contrastive;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Contrastive;

public class EmbeddingMetricsTests
{
    private static Matrix<double> RandomMatrix(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        return Matrix<double>.Build.Dense(rows, cols, (_, _) => rng.NextDouble() * 2 - 1);
    }

    [Fact]
    public void AlignmentAndUniformityEqualTheirDefinitionsByBruteForce()
    {
        var a = RandomMatrix(30, 5, 1);
        var b = a + 0.1 * RandomMatrix(30, 5, 2);
        var na = EmbeddingMetrics.NormalizeRows(a);
        var nb = EmbeddingMetrics.NormalizeRows(b);
        double alignment = Enumerable.Range(0, 30).Average(i => Math.Pow((na.Row(i) - nb.Row(i)).L2Norm(), 3));
        Assert.Equal(alignment, EmbeddingMetrics.Alignment(a, b, alpha: 3), 1e-12);

        double sum = 0; int pairs = 0;
        for (int i = 0; i < 30; i++)
            for (int j = i + 1; j < 30; j++) { sum += Math.Exp(-2 * Math.Pow((na.Row(i) - na.Row(j)).L2Norm(), 2)); pairs++; }
        Assert.Equal(Math.Log(sum / pairs), EmbeddingMetrics.Uniformity(a), 1e-12);
    }

    [Fact]
    public void CollapsedEmbeddingsHaveZeroUniformityAndSpreadOnesAreNegative()
    {
        var collapsed = Matrix<double>.Build.Dense(20, 4, (i, j) => (j + 1) * (1 + i));   // every row points the same way
        Assert.Equal(0.0, EmbeddingMetrics.Uniformity(collapsed), 1e-12);
        Assert.Equal(0.0, EmbeddingMetrics.Alignment(collapsed, 2 * collapsed), 1e-12);
        // Points spread over a circle: u·v averages to about 0, so uniformity is close to log E exp(−2(2 − 2cos)) = −4 + log I₀(4) ≈ −0.92.
        var circle = Matrix<double>.Build.Dense(400, 2, (i, j) => j == 0 ? Math.Cos(2 * Math.PI * i / 400) : Math.Sin(2 * Math.PI * i / 400));
        double besselI0At4 = 11.301921952136330;
        Assert.Equal(-4 + Math.Log(besselI0At4), EmbeddingMetrics.Uniformity(circle), 1e-2);
    }

    [Fact]
    public void RejectsMismatchedShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => EmbeddingMetrics.Alignment(RandomMatrix(3, 2, 1), RandomMatrix(4, 2, 1)));
        Assert.Contains("EmbeddingMetrics.Alignment: first and second must have the same shape; got 3 x 2 and 4 x 2.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => EmbeddingMetrics.Uniformity(RandomMatrix(1, 2, 1)));
        Assert.Contains("at least 2 rows; got 1", ex.Message);
    }
}
