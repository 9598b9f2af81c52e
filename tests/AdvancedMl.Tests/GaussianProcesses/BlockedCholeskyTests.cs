using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.GaussianProcesses;

public class BlockedCholeskyTests
{
    private static Matrix<double> RandomSpd(int n, int seed) => Tests.Numerics.CholeskyAndLogSpaceTests.RandomSpd(n, seed);

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(130)]
    [InlineData(257)]
    [InlineData(500)]
    public void FactorMatchesMathNet(int n)
    {
        var a = RandomSpd(n, n);
        double[] flat = a.ToRowMajorArray();
        Assert.True(BlockedCholesky.TryFactor(flat, n));
        var expected = a.Cholesky().Factor;
        var actual = Matrix<double>.Build.DenseOfRowMajor(n, n, flat);
        Assert.True((actual - expected).InfinityNorm() <= 1e-10 * expected.InfinityNorm(),
            $"n = {n}: max difference {(actual - expected).InfinityNorm():G3}");
        Assert.True(actual.StrictlyUpperTriangle().InfinityNorm() == 0.0);
    }

    [Fact]
    public void SpanOverloadAndJitterArgumentMatchArrayOverload()
    {
        int n = 70;
        var a = RandomSpd(n, 1);
        double[] viaArray = a.ToRowMajorArray(), viaSpan = a.ToRowMajorArray();
        Assert.True(BlockedCholesky.TryFactor(viaArray, n, 0.5));
        Assert.True(BlockedCholesky.TryFactor(viaSpan.AsSpan(), n, 0.5));
        Assert.Equal(viaArray, viaSpan);
        var expected = (a + 0.5 * Matrix<double>.Build.DenseIdentity(n)).Cholesky().Factor;
        Assert.True((Matrix<double>.Build.DenseOfRowMajor(n, n, viaArray) - expected).InfinityNorm() < 1e-10 * expected.InfinityNorm());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    public void SolvesMatchMathNet(int m)
    {
        int n = 150;
        var a = RandomSpd(n, 7);
        var rng = new Random(3);
        var b = Matrix<double>.Build.Dense(n, m, (_, _) => rng.NextDouble() - 0.5);
        double[] lower = a.ToRowMajorArray();
        Assert.True(BlockedCholesky.TryFactor(lower, n));
        var l = Matrix<double>.Build.DenseOfRowMajor(n, n, lower);

        double[] forward = b.ToRowMajorArray();
        BlockedCholesky.SolveLower(lower, forward, n, m);
        AssertClose(l.Solve(b), forward, n, m);

        double[] back = b.ToRowMajorArray();
        BlockedCholesky.SolveLowerTranspose(lower, back, n, m);
        AssertClose(l.Transpose().Solve(b), back, n, m);

        double[] full = b.ToRowMajorArray();
        BlockedCholesky.Solve(lower, full, n, m);
        AssertClose(a.Cholesky().Solve(b), full, n, m);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(140)]
    public void InverseFromFactorMatchesMathNet(int n)
    {
        var a = RandomSpd(n, 11);
        double[] lower = a.ToRowMajorArray();
        Assert.True(BlockedCholesky.TryFactor(lower, n));
        var expected = a.Inverse();
        var actual = Matrix<double>.Build.DenseOfRowMajor(n, n, BlockedCholesky.InverseFromFactor(lower, n));
        Assert.True((actual - expected).InfinityNorm() <= 1e-9 * expected.InfinityNorm(), $"difference {(actual - expected).InfinityNorm():G3}");
    }

    [Fact]
    public void NotPositiveDefiniteReturnsFalseAndJitterRescuesSingular()
    {
        int n = 80;
        var rng = new Random(5);
        var v = Matrix<double>.Build.Dense(n, 3, (_, _) => rng.NextDouble());
        double[] singular = (v * v.Transpose()).ToRowMajorArray(); // rank 3
        double[] indefinite = (v * v.Transpose() - 0.1 * Matrix<double>.Build.DenseIdentity(n)).ToRowMajorArray();
        Assert.False(BlockedCholesky.TryFactor((double[])indefinite.Clone(), n));
        var lower = new double[n * n];
        double jitter = BlockedCholesky.FactorWithJitter(singular, lower, n);
        Assert.True(jitter > 0.0);
        Assert.All(lower, x => Assert.True(double.IsFinite(x)));
        var l = Matrix<double>.Build.DenseOfRowMajor(n, n, lower);
        var rebuilt = l * l.Transpose() - jitter * Matrix<double>.Build.DenseIdentity(n);
        Assert.True((rebuilt - Matrix<double>.Build.DenseOfRowMajor(n, n, singular)).InfinityNorm() < 1e-8);
        Assert.Throws<ArgumentException>(() => BlockedCholesky.FactorWithJitter(indefinite, lower, n, 0.0, 3));
    }

    [Fact]
    public void ValidatesShapesAndValues()
    {
        Assert.Throws<ArgumentException>(() => BlockedCholesky.TryFactor(new double[5], 2));
        Assert.Throws<ArgumentException>(() => BlockedCholesky.SolveLower(new double[4], new double[3], 2, 1));
        var nan = new double[] { double.NaN, 0, 0, 1 };
        Assert.Throws<ArgumentException>(() => BlockedCholesky.FactorWithJitter(nan, new double[4], 2));
    }

    private static void AssertClose(Matrix<double> expected, double[] actual, int n, int m)
    {
        var a = Matrix<double>.Build.DenseOfRowMajor(n, m, actual);
        Assert.True((a - expected).InfinityNorm() <= 1e-10 * expected.InfinityNorm(), $"difference {(a - expected).InfinityNorm():G3}");
    }
}
