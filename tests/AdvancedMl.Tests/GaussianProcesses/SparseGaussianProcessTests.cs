using AdvancedMl.GaussianProcesses;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.GaussianProcesses;

public class SparseGaussianProcessTests
{
    private static (Matrix<double> X, Vector<double> Y) Noisy(int n, int seed)
    {
        var rng = new Random(seed);
        var x = Matrix<double>.Build.Dense(n, 1, (_, _) => 10.0 * rng.NextDouble());
        var y = Vector<double>.Build.Dense(n, i => Math.Sin(x[i, 0]) + 0.2 * MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 1));
        return (x, y);
    }

    [Fact]
    public void InducingPointsAtTheDataGiveTheExactGp()
    {
        var (x, y) = Noisy(25, 1);
        var kernel = new Matern52(1.5, 1.2);
        var sparse = SparseGaussianProcess.Fit(x, y, kernel, x, 0.04);
        var exact = GaussianProcessRegressor.Fit(x, y, kernel + new WhiteNoise(0.04), new GpOptions { OptimizeHyperparameters = false });
        var xs = Matrix<double>.Build.DenseOfColumnArrays([[-1.0, 0.3, 4.4, 9.9, 12.0]]);
        var (ms, vs) = sparse.Predict(xs);
        var (me, ve) = exact.Predict(xs);
        for (int j = 0; j < xs.RowCount; j++)
        {
            Assert.Equal(me[j], ms[j], 1e-6);
            Assert.Equal(ve[j], vs[j], 1e-6);
        }
        Assert.Equal(exact.LogMarginalLikelihood, sparse.LogMarginalLikelihood, 1e-6);
    }

    [Fact]
    public void FewInducingPointsPredictAlmostAsWellAndBoundTheEvidence()
    {
        var (x, y) = Noisy(600, 2);
        var kernel = new Rbf(1.0, 1.0);
        var z = Matrix<double>.Build.Dense(15, 1, (i, _) => 10.0 * i / 14.0);
        var sparse = SparseGaussianProcess.Fit(x, y, kernel, z, 0.04);
        var exact = GaussianProcessRegressor.Fit(x, y, kernel + new WhiteNoise(0.04), new GpOptions { OptimizeHyperparameters = false });
        var xs = Matrix<double>.Build.Dense(200, 1, (i, _) => 0.05 * i);
        double Rmse(Vector<double> mean) => Math.Sqrt(Enumerable.Range(0, 200).Average(i => Math.Pow(mean[i] - Math.Sin(xs[i, 0]), 2)));
        double sparseRmse = Rmse(sparse.Predict(xs).Mean), exactRmse = Rmse(exact.Predict(xs).Mean);
        Assert.True(sparseRmse < 1.1 * exactRmse + 0.005, $"sparse RMSE {sparseRmse}, exact {exactRmse}");
        Assert.True(sparse.LogMarginalLikelihood <= exact.LogMarginalLikelihood + 1e-8, "the VFE bound must not exceed log p(y)");
        Assert.True(sparse.LogMarginalLikelihood > exact.LogMarginalLikelihood - 0.01 * Math.Abs(exact.LogMarginalLikelihood), "bound should be tight here");

        var tooFew = SparseGaussianProcess.Fit(x, y, kernel, z.SubMatrix(0, 3, 0, 1), 0.04);
        Assert.True(tooFew.LogMarginalLikelihood < sparse.LogMarginalLikelihood);
    }

    [Fact]
    public void OptimisationRaisesTheBound()
    {
        var (x, y) = Noisy(150, 3);
        var z = Matrix<double>.Build.Dense(10, 1, (i, _) => 10.0 * i / 9.0);
        var start = SparseGaussianProcess.Fit(x, y, new Rbf(3.0, 0.3), z, 0.5);
        var fitted = SparseGaussianProcess.Fit(x, y, new Rbf(3.0, 0.3), z, 0.5, optimize: true);
        Assert.True(fitted.LogMarginalLikelihood > start.LogMarginalLikelihood + 10);
        Assert.InRange(fitted.NoiseVariance, 0.02, 0.08); // data noise 0.2² = 0.04
    }

    [Fact]
    public void RejectsInvalidInput()
    {
        var (x, y) = Noisy(10, 4);
        var z = x.SubMatrix(0, 3, 0, 1);
        Assert.Throws<ArgumentException>(() => SparseGaussianProcess.Fit(x, y, new Rbf(), z, 0.0));
        Assert.Throws<ArgumentException>(() => SparseGaussianProcess.Fit(x, y, new Rbf(), Matrix<double>.Build.Dense(3, 2), 0.1));
        Assert.Throws<ArgumentException>(() => SparseGaussianProcess.Fit(x, Vector<double>.Build.Dense(9), new Rbf(), z, 0.1));
        var fit = SparseGaussianProcess.Fit(x, y, new Rbf(), z, 0.1);
        Assert.Throws<ArgumentException>(() => fit.Predict(Matrix<double>.Build.Dense(2, 3)));
    }
}
