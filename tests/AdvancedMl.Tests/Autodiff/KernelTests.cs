using AdvancedMl.Autodiff.Kernels;

namespace AdvancedMl.Tests.Autodiff;

/// <summary>The matrix-product kernels against a naive triple loop, for all transpose forms and awkward sizes.</summary>
public class KernelTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(17, 33, 9)]
    [InlineData(64, 128, 128)]
    [InlineData(256, 3, 128)]
    [InlineData(130, 129, 67)]
    [InlineData(20, 300, 12)]
    public void MultiplyMatchesTheNaiveProductInEveryForm(int m, int k, int n)
    {
        var rng = new Random(m * 1000 + k * 10 + n);
        double[] Random(int size) => Enumerable.Range(0, size).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var a = Random(m * k);
        var b = Random(k * n);
        var expected = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++) expected[i * n + j] += a[i * k + p] * b[p * n + j];
        var aT = new double[k * m];
        var bT = new double[n * k];
        for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) aT[p * m + i] = a[i * k + p];
        for (int p = 0; p < k; p++) for (int j = 0; j < n; j++) bT[j * k + p] = b[p * n + j];
        var initial = Random(m * n);
        foreach (var (left, transA, right, transB) in new[] { (a, false, b, false), (aT, true, b, false), (a, false, bT, true), (aT, true, bT, true) })
        {
            var c = (double[])initial.Clone();
            Gemm.Multiply(left, transA, right, transB, c, m, k, n, accumulate: false);
            for (int i = 0; i < c.Length; i++) Assert.Equal(expected[i], c[i], 1e-12);
            c = (double[])initial.Clone();
            Gemm.Multiply(left, transA, right, transB, c, m, k, n, accumulate: true);
            for (int i = 0; i < c.Length; i++) Assert.Equal(expected[i] + initial[i], c[i], 1e-12);
        }
    }
}
