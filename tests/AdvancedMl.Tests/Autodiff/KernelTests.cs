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
    [InlineData(256, 128, 2)]
    [InlineData(128, 256, 1)]
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

    [Fact]
    public void ReluKernelIsIeeeMaximumWithZeroAndItsMask()
    {
        // The fused loop replaced TensorPrimitives.Max(x, 0): same bits, including −0 → +0 and NaN passing through.
        double[] x = { -2.5, -0.0, 0.0, 1e-300, 3.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1e-300 };
        var y = new double[x.Length];
        var mask = new double[x.Length];
        Elementwise.Relu(x, y, mask);
        var expected = new double[x.Length];
        System.Numerics.Tensors.TensorPrimitives.Max(x, 0.0, expected);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(y[i]));
            Assert.Equal(x[i] > 0 ? 1.0 : 0.0, mask[i]);
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(4099)]
    public void ReductionsDoNotDependOnWhereTheArraySits(int length)
    {
        // The same values at every offset (0…7) inside a larger array: vector loops that start at an aligned address
        // would split the sum differently for some offsets; the fixed-order kernels must give identical bits.
        var rng = new Random(length);
        var values = Enumerable.Range(0, length).Select(_ => rng.NextDouble() * 1e3 - 500).ToArray();
        var other = Enumerable.Range(0, length).Select(_ => rng.NextDouble()).ToArray();
        double sum = Elementwise.Sum(values), dot = Elementwise.Dot(values, other);
        for (int offset = 1; offset < 8; offset++)
        {
            var host = new double[length + 8];
            var host2 = new double[length + 8];
            values.CopyTo(host, offset);
            other.CopyTo(host2, 7 - offset);
            Assert.Equal(sum, Elementwise.Sum(host.AsSpan(offset, length)));
            Assert.Equal(dot, Elementwise.Dot(host.AsSpan(offset, length), host2.AsSpan(7 - offset, length)));
        }
        Assert.Equal(values.Sum(), sum, 1e-9 * length);
        Assert.Equal(values.Zip(other, (a, b) => a * b).Sum(), dot, 1e-9 * length);
    }
}
