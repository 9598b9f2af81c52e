using AdvancedMl.Contrastive;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Contrastive;

public class PcaTests
{
    // scikit-learn PCA(n_components=2, svd_solver="full") on digits rows 0-299 (pixels / 16):
    // tests/reference/contrastive_sklearn.py; sklearn 1.2.1, numpy 1.24.2 (Debian bookworm).
    private static readonly double[] SklearnRatio = { 0.16980322343812637, 0.1471734525997048 };
    private static readonly double[,] SklearnRows01 = { { 0.5911766186750559, -1.1176255346753707 }, { -0.43133043067155946, 1.1060359726612088 } };

    [Fact]
    public void MatchesScikitLearnUpToTheSignOfEachComponent()
    {
        var pca = Pca.Fit(Digits.Images.SubMatrix(0, 300, 0, 64), 2);
        var projected = pca.Transform(Digits.Images.SubMatrix(0, 2, 0, 64));
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(SklearnRatio[c], pca.ExplainedVarianceRatio[c], 1e-10);
            double sign = Math.Sign(projected[0, c]) * Math.Sign(SklearnRows01[0, c]);   // scikit-learn fixes signs by U, we by V
            for (int i = 0; i < 2; i++) Assert.Equal(SklearnRows01[i, c], sign * projected[i, c], 1e-9);
        }
    }

    [Fact]
    public void ComponentsAreOrthonormalAndSignsAreFixed()
    {
        var pca = Pca.Fit(Digits.Images.SubMatrix(0, 200, 0, 64), 3);
        var gram = pca.Components * pca.Components.Transpose();
        Assert.True((gram - Matrix<double>.Build.DenseIdentity(3)).InfinityNorm() < 1e-12);
        foreach (var row in pca.Components.EnumerateRows()) Assert.True(row[row.AbsoluteMaximumIndex()] > 0);
        // The projection of the training data is centred and its variances decrease.
        var z = pca.Transform(Digits.Images.SubMatrix(0, 200, 0, 64));
        for (int c = 0; c < 3; c++) Assert.Equal(0.0, z.Column(c).Average(), 1e-12);
        Assert.True(z.Column(0).PointwisePower(2).Sum() >= z.Column(1).PointwisePower(2).Sum());
    }

    [Fact]
    public void RejectsTooManyComponents()
    {
        var ex = Assert.Throws<ArgumentException>(() => Pca.Fit(Matrix<double>.Build.Dense(3, 2, 1.0), 3));
        Assert.Contains("Pca.Fit: components must be at most min(n, d) = 2; got 3.", ex.Message);
    }
}
