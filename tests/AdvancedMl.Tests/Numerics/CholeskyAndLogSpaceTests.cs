using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Numerics;

public class CholeskyAndLogSpaceTests
{
    /// <summary>A random n×n symmetric positive-definite matrix, AAᵀ + 0.1 I (shared by the Cholesky tests).</summary>
    internal static Matrix<double> RandomSpd(int n, int seed)
    {
        var rng = new Random(seed);
        var a = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble() - 0.5);
        return a * a.Transpose() + Matrix<double>.Build.DenseIdentity(n) * 0.1;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(8, 3)]
    public void FactorReproducesMatrixAndMatchesMathNet(int n, int seed)
    {
        var a = RandomSpd(n, seed);
        var lower = Cholesky.FactorWithJitter(a, out double jitter);
        Assert.Equal(0.0, jitter);
        Assert.True((lower * lower.Transpose() - a).InfinityNorm() < 1e-12);
        Assert.True((lower - a.Cholesky().Factor).InfinityNorm() < 1e-12);
        Assert.Equal(Math.Log(a.Determinant()), Cholesky.LogDeterminant(lower.ToRowMajorArray(), n), 10);
    }

    [Fact]
    public void SolvesMatchTheInverse()
    {
        var a = RandomSpd(5, 7);
        double[] lower = Cholesky.FactorWithJitter(a, out _).ToRowMajorArray();
        var b = Vector<double>.Build.Dense(5, i => i - 2.0);
        double[] z = b.ToArray();
        Cholesky.SolveLower(lower, z, 5);
        Cholesky.SolveLowerTranspose(lower, z, 5);
        Assert.True((Vector<double>.Build.Dense(z) - a.Inverse() * b).InfinityNorm() < 1e-10);
        double[] w = b.ToArray();
        Assert.Equal(b * (a.Inverse() * b), Cholesky.SquaredMahalanobis(lower, w, 5), 10);
    }

    [Fact]
    public void JitterRescuesASingularMatrixAndFailsClearlyOnAnIndefiniteOne()
    {
        // Rank one: x xᵀ is only semi-definite, so the plain factorisation fails and jitter is needed.
        var x = Vector<double>.Build.Dense([1.0, 2.0, 3.0]);
        var singular = x.OuterProduct(x);
        var lower = Cholesky.FactorWithJitter(singular, out double jitter);
        Assert.True(jitter > 0.0);
        Assert.True((lower * lower.Transpose() - singular).InfinityNorm() < 1e-6);

        // A failed first attempt must not leave its partial factor behind for the jittered retries
        // (here the first pivot, 4, would otherwise be replaced by its square root before the retry).
        var scaled = Matrix<double>.Build.DenseOfArray(new[,] { { 4.0, 2.0 }, { 2.0, 1.0 } });
        var scaledLower = Cholesky.FactorWithJitter(scaled, out double scaledJitter);
        Assert.True(scaledJitter > 0.0);
        Assert.True((scaledLower * scaledLower.Transpose() - scaled).InfinityNorm() < 1e-6);

        var indefinite = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.0 }, { 0.0, -1.0 } });
        var ex = Assert.Throws<ArgumentException>(() => Cholesky.FactorWithJitter(indefinite, out _));
        Assert.Contains("positive definite", ex.Message);
        Assert.Contains("Cholesky.FactorWithJitter", ex.Message);
    }

    [Fact]
    public void LogSumExpIsStableAndExact()
    {
        double[] values = [1000.0, 1000.0, 999.0];
        Assert.Equal(1000.0 + Math.Log(2.0 + Math.Exp(-1.0)), LogSpace.LogSumExp(values), 12);
        double[] small = [-1.0, 0.5, 2.0];
        Assert.Equal(Math.Log(small.Sum(Math.Exp)), LogSpace.LogSumExp(small), 14);
        Assert.Equal(double.NegativeInfinity, LogSpace.LogSumExp([double.NegativeInfinity, double.NegativeInfinity]));
        Assert.Throws<ArgumentException>(() => LogSpace.LogSumExp([1.0, double.NaN]));
    }

    [Fact]
    public void SoftmaxSumsToOneWithoutOverflow()
    {
        double[] logits = [800.0, 801.0, -5.0];
        var p = new double[3];
        LogSpace.Softmax(logits, p);
        Assert.Equal(1.0, p.Sum(), 14);
        Assert.Equal(Math.Exp(1.0), p[1] / p[0], 12);
        var logP = new double[3];
        LogSpace.LogSoftmax(logits, logP);
        // exp(−806) underflows to 0 in p, but log-softmax keeps it: logP = logits − (801 + log(1 + e⁻¹)).
        double lse = 801.0 + Math.Log(1.0 + Math.Exp(-1.0));
        for (int i = 0; i < 3; i++) Assert.Equal(logits[i] - lse, logP[i], 11);
        Assert.Equal(Math.Log(p[1]), logP[1], 12);
        var ex = Assert.Throws<ArgumentException>(() => LogSpace.Softmax(logits, new double[2]));
        Assert.Contains("destination", ex.Message);
        Assert.Contains("got 2", ex.Message);
    }

    [Fact]
    public void SigmoidAndSoftplusAreStableAtBothEnds()
    {
        foreach (double eta in new[] { -800.0, -40.0, -1.5, 0.0, 0.3, 40.0, 800.0 })
        {
            double sigmoid = LogSpace.Sigmoid(eta), softplus = LogSpace.Softplus(eta);
            Assert.True(double.IsFinite(sigmoid) && double.IsFinite(softplus), $"eta {eta}: {sigmoid}, {softplus}");
            Assert.Equal(1.0, sigmoid + LogSpace.Sigmoid(-eta), 15);                       // σ(η) + σ(−η) = 1
            Assert.Equal(softplus - eta, LogSpace.Softplus(-eta), 12);                     // log(1 + e^η) − η = log(1 + e^−η)
            if (Math.Abs(eta) < 30)
            {
                Assert.Equal(1.0 / (1.0 + Math.Exp(-eta)), sigmoid, 15);
                Assert.Equal(Math.Log(1.0 + Math.Exp(eta)), softplus, 14);
            }
        }
        Assert.Equal(800.0, LogSpace.Softplus(800.0));   // the naive log(1 + e^800) overflows to ∞
        Assert.True(LogSpace.Sigmoid(-800.0) >= 0.0);
    }

    [Fact]
    public void SoftplusAndSigmoidEqualTheSeparateFunctionsBitForBit()
    {
        foreach (double eta in new[] { -800.0, -40.0, -1.5, -1e-300, 0.0, 1e-300, 0.3, 2.5, 40.0, 800.0 }
                     .Concat(Enumerable.Range(-200, 401).Select(i => i * 0.137)))
        {
            var (softplus, sigmoid) = LogSpace.SoftplusAndSigmoid(eta);
            Assert.Equal(BitConverter.DoubleToInt64Bits(LogSpace.Softplus(eta)), BitConverter.DoubleToInt64Bits(softplus));
            Assert.Equal(BitConverter.DoubleToInt64Bits(LogSpace.Sigmoid(eta)), BitConverter.DoubleToInt64Bits(sigmoid));
        }
    }
}
