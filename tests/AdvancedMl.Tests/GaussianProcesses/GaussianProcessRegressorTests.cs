using AdvancedMl.GaussianProcesses;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.GaussianProcesses;

public class GaussianProcessRegressorTests
{
    private static readonly GpOptions Fixed = new() { OptimizeHyperparameters = false, Jitter = 0.0 };

    private static (Matrix<double> X, Vector<double> Y) Smooth(int n, int seed)
    {
        var rng = new Random(seed);
        var x = Matrix<double>.Build.Dense(n, 1, (_, _) => 10.0 * rng.NextDouble());
        var y = Vector<double>.Build.Dense(n, i => Math.Sin(x[i, 0]) + 0.1 * (rng.NextDouble() - 0.5));
        return (x, y);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PosteriorEqualsTheConditionalGaussianFormula(bool normalize)
    {
        var (x, y) = Smooth(9, 1);
        var xs = Matrix<double>.Build.DenseOfColumnArrays([[0.5, 3.3, 7.9, 12.0]]);
        var kernel = new Rbf(1.3, 0.9) + new WhiteNoise(0.05);
        var gp = GaussianProcessRegressor.Fit(x, y, kernel, Fixed with { NormalizeY = normalize });

        double mu = normalize ? y.Average() : 0.0, sd = normalize ? Math.Sqrt(y.Subtract(y.Average()).PointwisePower(2).Average()) : 1.0;
        var yn = (y - mu) / sd;
        var kInv = kernel.Covariance(x).Inverse();
        var ks = kernel.Covariance(x, xs);
        var mean = ks.TransposeThisAndMultiply(kInv * yn) * sd + mu;
        var cov = (kernel.Covariance(xs, xs) - ks.TransposeThisAndMultiply(kInv * ks)) * (sd * sd);

        var (m, v) = gp.Predict(xs);
        var (_, vNoisy) = gp.Predict(xs, includeNoise: true);
        for (int j = 0; j < xs.RowCount; j++)
        {
            Assert.Equal(mean[j], m[j], 1e-9);
            Assert.Equal(cov[j, j], v[j], 1e-9);
            Assert.Equal(cov[j, j] + 0.05 * sd * sd, vNoisy[j], 1e-9);
        }
        // The static LML members add the default jitter 1e-10 × mean diagonal.
        var terms = GaussianProcessRegressor.LogMarginalLikelihoodTerms(kernel, x, yn);
        var k = kernel.Covariance(x);
        var kj = k + 1e-10 * k.Diagonal().Average() * Matrix<double>.Build.DenseIdentity(9);
        Assert.Equal(-0.5 * yn.DotProduct(kj.Inverse() * yn), terms.DataFit, 1e-9);
        Assert.Equal(-0.5 * Math.Log(kj.Determinant()), terms.Complexity, 1e-9);
        Assert.Equal(-4.5 * Math.Log(2 * Math.PI), terms.Constant, 1e-12);
        Assert.Equal(-0.5 * yn.DotProduct(kInv * yn) - 0.5 * Math.Log(k.Determinant()) + terms.Constant, gp.LogMarginalLikelihood, 1e-9);
    }

    // tests/reference/gp_sklearn.py (numpy 1.24.2, scipy 1.10.1, scikit-learn 1.2.1, OpenBLAS 0.3.21):
    // 40 points of sin(x) + 0.3x + N(0, 0.2²), x ~ U(0, 10) (numpy default_rng(4)), fitted with
    // GaussianProcessRegressor(ConstantKernel(1) * RBF(1) + WhiteKernel(0.1), alpha=1e-10, normalize_y=False, n_restarts_optimizer=0).
    private static readonly double[] SkX = [0.8083602389560218, 1.3339575545169313, 1.7452781614402846, 1.776925857619811, 2.169800264219951, 2.2377114677821597, 2.6783339029158846, 3.499373998222548, 3.697257926524288, 3.764865843772726, 4.304962777294131, 4.760389104754019, 4.771535238392063, 4.917252846124765, 4.936198339561148, 4.9786759878537445, 5.002261893487459, 5.113275528143616, 5.220870022114477, 5.439414007634982, 5.820158006470458, 6.073558319950296, 6.088516168445476, 6.411709239650282, 6.656574169657534, 6.758008649335259, 7.0486474556474255, 7.889467175443294, 8.019012069858073, 8.716352741876564, 9.022150797159883, 9.290263877654194, 9.297746953080669, 9.391070534240088, 9.428036791291671, 9.430561055723675, 9.585822861092472, 9.689328693162349, 9.762437057077042, 9.841529999311213];
    private static readonly double[] SkY = [1.1560454651237528, 1.3316053214721004, 1.6579920171332279, 1.6821016401049373, 1.3349007297524262, 1.3356075907852771, 1.0908013440773972, 0.58276761819029, 0.5340841031322276, 0.5194007213757986, 0.7849680034473587, 0.3279877842693492, 0.37546432817429326, 0.5878027117443989, 0.31518563315187753, 0.4551227440253956, 0.5450620557231325, 0.7680964537188033, 0.4295730134707076, 1.1589630729044718, 1.2288972398681093, 1.6478557128749962, 1.802530577631777, 2.1838417458552453, 2.5735915067443322, 2.51922349759524, 2.803541876365633, 3.4295063147279765, 3.192973898644747, 3.50838200566754, 2.9434047629907227, 2.6691391867686085, 3.327295478061512, 2.82373321625114, 2.5893272381673342, 3.1938391980204903, 2.649454659881952, 2.857738108572205, 2.4315540899006214, 2.4979103657369315];

    [Fact]
    public void OptimisedHyperparametersAgreeWithScikitLearn()
    {
        var x = Matrix<double>.Build.Dense(SkX.Length, 1, SkX);
        var y = Vector<double>.Build.Dense(SkY);
        var kernel = new Rbf(1.0, 1.0) + new WhiteNoise(0.1);

        // At the initial θ: sklearn LML -20.925334352275485, gradient (constant, length_scale, noise) = (4.71685285895426, 14.613268201588662, -9.818788016322411).
        double lml0 = GaussianProcessRegressor.EvaluateLogMarginalLikelihood(kernel, x, y, out double[] g0);
        Assert.Equal(-20.925334352275485, lml0, 1e-7);
        Assert.Equal(14.613268201588662, g0[0], 1e-6);
        Assert.Equal(4.71685285895426, g0[1], 1e-6);
        Assert.Equal(-9.818788016322411, g0[2], 1e-6);

        // Optimum: sklearn θ = (constant 3.379196920751459, length_scale 2.3935221645093745, noise 0.03561583331715898), LML -5.732475119623398.
        var gp = GaussianProcessRegressor.Fit(x, y, kernel, new GpOptions());
        double[] theta = gp.Kernel.LogParameters.Select(Math.Exp).ToArray();
        AssertRelative(2.3935221645093745, theta[0], 1e-3);
        AssertRelative(3.379196920751459, theta[1], 1e-3);
        AssertRelative(0.03561583331715898, theta[2], 1e-3);
        AssertRelative(-5.732475119623398, gp.LogMarginalLikelihood, 1e-5);
        Assert.True(gp.LogMarginalLikelihood >= -5.732475119623398 - 1e-6, "our optimum should be at least as high as sklearn's");
        Assert.True(gp.OptimizationHistory.Count > 2);
        for (int i = 1; i < gp.OptimizationHistory.Count; i++) Assert.True(gp.OptimizationHistory[i] > gp.OptimizationHistory[i - 1]);
    }

    [Fact]
    public void RestartsKeepTheBestStartAndAreReproducible()
    {
        var x = Matrix<double>.Build.Dense(SkX.Length, 1, SkX);
        var y = Vector<double>.Build.Dense(SkY);
        var kernel = new Rbf(0.05, 1.0) + new WhiteNoise(1.0); // a poor start
        var single = GaussianProcessRegressor.Fit(x, y, kernel, new GpOptions());
        var restarted = GaussianProcessRegressor.Fit(x, y, kernel, new GpOptions { Restarts = 4, Seed = 3 });
        Assert.True(restarted.LogMarginalLikelihood >= single.LogMarginalLikelihood);
        Assert.Equal(restarted.LogMarginalLikelihood, GaussianProcessRegressor.Fit(x, y, kernel, new GpOptions { Restarts = 4, Seed = 3 }).LogMarginalLikelihood);
    }

    [Fact]
    public void MaxIterationsCapsTheSearchAndKeepsTheBestPointSeen()
    {
        var x = Matrix<double>.Build.Dense(SkX.Length, 1, SkX);
        var y = Vector<double>.Build.Dense(SkY);
        var kernel = new Rbf(0.05, 1.0) + new WhiteNoise(1.0); // a poor start, far from the optimum
        double start = GaussianProcessRegressor.Fit(x, y, kernel, Fixed with { Jitter = 1e-10 }).LogMarginalLikelihood;
        var capped = GaussianProcessRegressor.Fit(x, y, kernel, new GpOptions { MaxIterations = 2 });
        var full = GaussianProcessRegressor.Fit(x, y, kernel, new GpOptions());
        Assert.True(capped.LogMarginalLikelihood > start, $"two iterations should improve on the start: {start:R} -> {capped.LogMarginalLikelihood:R}");
        Assert.True(capped.LogMarginalLikelihood < full.LogMarginalLikelihood - 1e-3, $"two iterations should stop short of the optimum {full.LogMarginalLikelihood:R}; got {capped.LogMarginalLikelihood:R}");
        Assert.True(capped.OptimizationHistory.Count < full.OptimizationHistory.Count);
        Assert.Throws<ArgumentException>(() => GaussianProcessRegressor.Fit(x, y, kernel, new GpOptions { MaxIterations = 0 }));
    }

    [Fact]
    public void OptimisedHyperparametersStayInsideScikitLearnsBounds()
    {
        // y = 0: the data-fit term is 0 and −½ log|K| keeps rising as the variances shrink, so only the bound 1e-5 stops them.
        var rng = new Random(8);
        var x = Matrix<double>.Build.Dense(30, 1, (_, _) => 10.0 * rng.NextDouble());
        var y = Vector<double>.Build.Dense(30);
        var gp = GaussianProcessRegressor.Fit(x, y, new Rbf(1.0, 1.0) + new WhiteNoise(1.0), new GpOptions());
        double[] theta = gp.Kernel.LogParameters.Select(Math.Exp).ToArray();
        Assert.All(theta, t => Assert.InRange(t, 1e-5 * (1 - 1e-9), 1e5 * (1 + 1e-9)));
        Assert.Equal(1e-5, theta[1], 1e-8); // signal variance at its lower bound
        Assert.Equal(1e-5, theta[2], 1e-8); // noise variance at its lower bound
    }

    [Fact]
    public void PosteriorSamplesHaveThePredictedMeanAndVariance()
    {
        var (x, y) = Smooth(15, 2);
        var gp = GaussianProcessRegressor.Fit(x, y, new Rbf(1.5, 1.0) + new WhiteNoise(0.01), Fixed with { NormalizeY = true });
        var xs = Matrix<double>.Build.DenseOfColumnArrays([[-1.0, 2.5, 5.0, 11.0]]);
        var (mean, variance) = gp.Predict(xs);
        var samples = gp.SamplePosterior(xs, 40_000, 5);
        for (int j = 0; j < xs.RowCount; j++)
        {
            var column = samples.Column(j);
            double m = column.Average(), v = column.Subtract(m).PointwisePower(2).Average();
            double sd = Math.Sqrt(variance[j]);
            Assert.True(Math.Abs(m - mean[j]) < 0.03 * sd + 1e-9, $"point {j}: sample mean {m} vs {mean[j]}");
            Assert.True(Math.Abs(v - variance[j]) < 0.05 * variance[j] + 1e-12, $"point {j}: sample variance {v} vs {variance[j]}");
        }
    }

    [Fact]
    public void DuplicatePointsWithoutNoiseUseJitterAndStayFinite()
    {
        var x = Matrix<double>.Build.DenseOfColumnArrays([[0.0, 1.0, 1.0, 2.0, 2.0, 3.0]]);
        var y = Vector<double>.Build.Dense([0.0, 1.0, 1.0, 0.5, 0.5, 0.0]);
        var gp = GaussianProcessRegressor.Fit(x, y, new Rbf(), new GpOptions { OptimizeHyperparameters = false, Jitter = 0.0 });
        Assert.True(gp.Jitter > 0.0);
        var (mean, variance) = gp.Predict(Matrix<double>.Build.DenseOfColumnArrays([[0.5, 1.0, 2.5]]));
        Assert.All(mean, m => Assert.True(double.IsFinite(m)));
        Assert.All(variance, v => Assert.True(double.IsFinite(v) && v >= 0.0));
        Assert.Equal(1.0, mean[1], 1e-3);
        Assert.True(double.IsFinite(gp.LogMarginalLikelihood));
    }

    [Fact]
    public void ExactFitAtModerateSizeMatchesMathNet()
    {
        var (x, y) = Smooth(400, 9);
        var kernel = new Rbf(0.7, 1.2) + new WhiteNoise(0.01);
        var gp = GaussianProcessRegressor.Fit(x, y, kernel, Fixed);
        var chol = kernel.Covariance(x).Cholesky();
        double expected = -0.5 * y.DotProduct(chol.Solve(y)) - 0.5 * chol.DeterminantLn - 200 * Math.Log(2 * Math.PI);
        Assert.Equal(expected, gp.LogMarginalLikelihood, 1e-8 * Math.Abs(expected));
    }

    [Fact]
    public void RejectsInvalidInput()
    {
        var (x, y) = Smooth(5, 1);
        var kernel = new Rbf();
        Assert.Throws<ArgumentException>(() => GaussianProcessRegressor.Fit(x, Vector<double>.Build.Dense(4), kernel, new GpOptions()));
        var badY = y.Clone();
        badY[2] = double.NaN;
        Assert.Throws<ArgumentException>(() => GaussianProcessRegressor.Fit(x, badY, kernel, new GpOptions()));
        var badX = x.Clone();
        badX[0, 0] = double.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => GaussianProcessRegressor.Fit(badX, y, kernel, new GpOptions()));
        Assert.Throws<ArgumentException>(() => GaussianProcessRegressor.Fit(x, y, kernel, new GpOptions { Restarts = -1 }));
        Assert.Throws<ArgumentException>(() => GaussianProcessRegressor.Fit(x, y, kernel, new GpOptions { Jitter = -1 }));
        var gp = GaussianProcessRegressor.Fit(x, y, kernel, Fixed);
        Assert.Throws<ArgumentException>(() => gp.Predict(Matrix<double>.Build.Dense(2, 2)));
        Assert.Throws<ArgumentException>(() => gp.SamplePosterior(Matrix<double>.Build.Dense(2, 1), 0, 1));
    }

    private static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected}, got {actual} (relative {Math.Abs(actual - expected) / Math.Abs(expected):G3})");
}
