using AdvancedMl.Sequential;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Sequential;

/// <summary>Compares a forward–backward result and ξ with the enumerated marginals, and checks their invariants.</summary>
internal static class PosteriorChecks
{
    public static void MatchEnumeration(BruteForce exact, HmmPosterior post, Func<int, Matrix<double>> xi, int n, int length)
    {
        Assert.Equal(length, post.Gamma.RowCount);
        Assert.Equal(n, post.Gamma.ColumnCount);
        for (int t = 0; t < length; t++)
        {
            double gammaSum = 0.0, alphaSum = 0.0;
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(exact.Marginals[t, i], post.Gamma[t, i], 12);
                Assert.Equal(post.Gamma[t, i], post.ScaledAlpha[t, i] * post.ScaledBeta[t, i], 14);
                gammaSum += post.Gamma[t, i];
                alphaSum += post.ScaledAlpha[t, i];
            }
            Assert.Equal(1.0, gammaSum, 13);
            Assert.Equal(1.0, alphaSum, 13);
            if (t + 1 == length) continue;
            Matrix<double> x = xi(t);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) Assert.Equal(exact.PairMarginals[t, i, j], x[i, j], 12);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(post.Gamma[t, i], x.Row(i).Sum(), 12);        // Σⱼ ξₜ(i, j) = γₜ(i)
                Assert.Equal(post.Gamma[t + 1, i], x.Column(i).Sum(), 12);  // Σᵢ ξₜ(i, j) = γₜ₊₁(j)
            }
        }
        for (int i = 0; i < n; i++) Assert.Equal(1.0, post.ScaledBeta[length - 1, i]);
    }
}
