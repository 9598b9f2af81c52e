using AdvancedMl.Probabilistic;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Probabilistic;

public class GaussianMixtureTests
{
    // scikit-learn reference, produced by tests/reference/gmm_sklearn.py:
    //   /usr/bin/python3 tests/reference/gmm_sklearn.py
    //   python 3.11.2, scikit-learn 1.2.1, numpy 1.24.2, OpenBLAS 0.3.21 (core Zen, 2 threads), Debian 12 packages.
    //   GaussianMixture(n_components=2, covariance_type=..., tol=1e-10, max_iter=1000, n_init=10, random_state=0)
    //   on data/old-faithful.csv (272 rows; eruptions, waiting), components sorted by eruption mean:
    // full: score=-4.155382206594, weights=[0.3558729424 0.6441270576],
    //       means=[[2.0363886645 54.4785184449] [4.2896621554 79.9681174052]], bic=2322.1917431166 aic=2282.5279203874 n_parameters=11
    internal const double SklearnFullScore = -4.155382206594;
    internal static readonly double[] SklearnFullWeights = [0.3558729424, 0.6441270576];
    internal static readonly double[,] SklearnFullMeans = { { 2.0363886645, 54.4785184449 }, { 4.2896621554, 79.9681174052 } };
    private const double SklearnFullBic = 2322.1917431166, SklearnFullAic = 2282.5279203874;
    // diag: score=-4.219876296119, weights=[0.356516744 0.643483256],
    //       means=[[2.0379156926 54.4929539754] [4.2910705062 79.9856217274]], bic=2346.0649236853 aic=2313.6127050886 n_parameters=9
    private const double SklearnDiagScore = -4.219876296119;
    private static readonly double[] SklearnDiagWeights = [0.356516744, 0.643483256];
    private static readonly double[,] SklearnDiagMeans = { { 2.0379156926, 54.4929539754 }, { 4.2910705062, 79.9856217274 } };
    private const double SklearnDiagBic = 2346.0649236853, SklearnDiagAic = 2313.6127050886;

    private static GaussianMixture FitOldFaithful(CovarianceType type) =>
        GaussianMixture.Fit(TestData.OldFaithful(), new GaussianMixtureOptions
        {
            Components = 2, CovarianceType = type, Tolerance = 1e-10, MaxIterations = 1000, Restarts = 10, Seed = 0,
        });

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Diagonal)]
    public void OldFaithfulMatchesScikitLearn(CovarianceType type)
    {
        bool full = type == CovarianceType.Full;
        var x = TestData.OldFaithful();
        var gmm = FitOldFaithful(type);
        Assert.True(gmm.Converged);
        // The bar is 1e-4; both fits reach the same flat optimum, so we hold them to 1e-8
        // (measured: full -4.155382206605, diag -4.219876296119).
        Assert.Equal(full ? SklearnFullScore : SklearnDiagScore, gmm.Score(x), 1e-8);
        Assert.Equal(gmm.LogLikelihoodHistory[^1], gmm.Score(x), 12);
        int[] order = gmm.Means[0][0] < gmm.Means[1][0] ? [0, 1] : [1, 0];
        double[] weights = full ? SklearnFullWeights : SklearnDiagWeights;
        double[,] means = full ? SklearnFullMeans : SklearnDiagMeans;
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(weights[c], gmm.Weights[order[c]], 1e-5);
            for (int j = 0; j < 2; j++) Assert.Equal(means[c, j], gmm.Means[order[c]][j], 1e-4);
        }
        Assert.Equal(full ? 11 : 9, gmm.ParameterCount);
        Assert.Equal(full ? SklearnFullBic : SklearnDiagBic, gmm.Bic(x), 1e-5);
        Assert.Equal(full ? SklearnFullAic : SklearnDiagAic, gmm.Aic(x), 1e-5);
    }

    [Theory]
    [InlineData(CovarianceType.Full, 1)]
    [InlineData(CovarianceType.Full, 2)]
    [InlineData(CovarianceType.Diagonal, 3)]
    [InlineData(CovarianceType.Full, 4)]
    public void LogLikelihoodHistoryNeverDecreases(CovarianceType type, int seed)
    {
        var data = seed == 4 ? TestData.OldFaithful() : TestData.Blobs(400, 3, 4, 2.0, seed, out _);
        var gmm = GaussianMixture.Fit(data, new GaussianMixtureOptions
        {
            Components = seed == 4 ? 5 : 6, CovarianceType = type, Tolerance = 0.0, MaxIterations = 60, Seed = seed, Restarts = 2,
        });
        var h = gmm.LogLikelihoodHistory;
        Assert.True(h.Count >= 2);
        for (int t = 1; t < h.Count; t++)
            Assert.True(h[t] >= h[t - 1] - 1e-12 * Math.Abs(h[t - 1]), $"history decreased at {t}: {h[t - 1]:R} -> {h[t]:R}");
        Assert.Equal(2, gmm.RestartLogLikelihoods.Count);
        Assert.Equal(gmm.RestartLogLikelihoods.Max(), h[^1]);
    }

    [Fact]
    public void FitIsDeterministicAndSnapshotsMatchHistory()
    {
        var data = TestData.Blobs(300, 2, 3, 3.0, 5, out _);
        var options = new GaussianMixtureOptions { Components = 3, Seed = 11, Restarts = 3, KeepHistory = true, Tolerance = 1e-8 };
        var a = GaussianMixture.Fit(data, options);
        var b = GaussianMixture.Fit(data, options);
        Assert.Equal(a.LogLikelihoodHistory, b.LogLikelihoodHistory);
        Assert.Equal(a.LogLikelihoodHistory.Count, a.Snapshots.Count);
        Assert.Equal(a.Iterations + 1, a.LogLikelihoodHistory.Count);
        for (int t = 0; t < a.Snapshots.Count; t++)
            Assert.Equal(a.LogLikelihoodHistory[t], a.Snapshots[t].Score(data), 12);
        Assert.Empty(GaussianMixture.Fit(data, options with { KeepHistory = false }).Snapshots);
    }

    /// <summary>log N(x; μ, Σ) from the textbook formula with an explicit determinant and inverse.</summary>
    private static double NaiveLogNormal(Vector<double> x, Vector<double> mean, Matrix<double> cov)
    {
        var diff = x - mean;
        return -0.5 * (x.Count * Math.Log(2 * Math.PI) + Math.Log(cov.Determinant()) + diff * (cov.Inverse() * diff));
    }

    private static GaussianMixture TinyModel(CovarianceType type)
    {
        var weights = Vector<double>.Build.Dense([0.2, 0.5, 0.3]);
        var means = new[] { Vector<double>.Build.Dense([0.0, 1.0, -1.0]), Vector<double>.Build.Dense([2.0, 0.0, 0.5]), Vector<double>.Build.Dense([-1.0, -2.0, 1.0]) };
        Matrix<double>[] covs = type == CovarianceType.Full
            ? [Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.3, 0.1 }, { 0.3, 2.0, -0.4 }, { 0.1, -0.4, 0.5 } }),
               Matrix<double>.Build.DenseOfArray(new[,] { { 0.6, -0.2, 0.0 }, { -0.2, 0.7, 0.1 }, { 0.0, 0.1, 1.5 } }),
               Matrix<double>.Build.DenseDiagonal(3, 3, 0.8)]
            : [Matrix<double>.Build.DenseOfDiagonalArray([1.0, 2.0, 0.5]), Matrix<double>.Build.DenseOfDiagonalArray([0.6, 0.7, 1.5]), Matrix<double>.Build.DenseOfDiagonalArray([0.8, 0.3, 2.0])];
        return GaussianMixture.FromParameters(weights, means, covs, type);
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Diagonal)]
    public void ScoreSamplesAndEStepMatchTheExplicitDensity(CovarianceType type)
    {
        var model = TinyModel(type);
        var x = TestData.Blobs(7, 3, 2, 1.5, 9, out _);
        var logp = model.ScoreSamples(x);
        var (resp, meanLl) = GaussianMixture.EStep(model, x);
        double total = 0.0;
        for (int i = 0; i < x.RowCount; i++)
        {
            var joint = new double[3];
            for (int c = 0; c < 3; c++)
                joint[c] = model.Weights[c] * Math.Exp(NaiveLogNormal(x.Row(i), model.Means[c], model.Covariances[c]));
            double density = joint.Sum();
            Assert.Equal(Math.Log(density), logp[i], 10);
            for (int c = 0; c < 3; c++) Assert.Equal(joint[c] / density, resp[i, c], 10);
            total += Math.Log(density);
        }
        Assert.Equal(total / x.RowCount, meanLl, 10);
        Assert.Equal(total / x.RowCount, model.Score(x), 10);
        int[] labels = model.Predict(x);
        for (int i = 0; i < x.RowCount; i++) Assert.Equal(resp.Row(i).MaximumIndex(), labels[i]);
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Diagonal)]
    public void MStepMatchesTheWeightedFormulas(CovarianceType type)
    {
        var x = TestData.Blobs(9, 3, 2, 2.0, 3, out _);
        var rng = new Random(4);
        var r = Matrix<double>.Build.Dense(9, 2, (_, _) => rng.NextDouble() + 0.05);
        for (int i = 0; i < 9; i++) r.SetRow(i, r.Row(i) / r.Row(i).Sum());
        const double reg = 1e-3;
        var model = GaussianMixture.MStep(x, r, type, reg);
        for (int c = 0; c < 2; c++)
        {
            double nk = r.Column(c).Sum();
            Assert.Equal(nk / 9, model.Weights[c], 12);
            var mean = Vector<double>.Build.Dense(3);
            for (int i = 0; i < 9; i++) mean += r[i, c] * x.Row(i);
            mean /= nk;
            var cov = Matrix<double>.Build.Dense(3, 3);
            for (int i = 0; i < 9; i++) cov += r[i, c] * (x.Row(i) - mean).OuterProduct(x.Row(i) - mean);
            cov = cov / nk;
            if (type == CovarianceType.Diagonal) cov = Matrix<double>.Build.DenseOfDiagonalVector(cov.Diagonal());
            cov += Matrix<double>.Build.DenseIdentity(3) * reg;
            Assert.True((model.Means[c] - mean).InfinityNorm() < 1e-12);
            Assert.True((model.Covariances[c] - cov).InfinityNorm() < 1e-12);
        }
    }

    [Fact]
    public void CollapsingAndEmptyComponentsStayFinite()
    {
        // 40 copies of one point plus a small blob; k = 8 forces components onto the repeated point.
        var blob = TestData.Blobs(20, 2, 1, 0.0, 2, out _);
        var rows = Enumerable.Range(0, 40).Select(_ => new[] { 5.0, -3.0 }).Concat(blob.EnumerateRows().Select(v => v.ToArray())).ToArray();
        var x = Matrix<double>.Build.DenseOfRowArrays(rows);
        foreach (var type in new[] { CovarianceType.Full, CovarianceType.Diagonal })
        {
            var gmm = GaussianMixture.Fit(x, new GaussianMixtureOptions { Components = 8, CovarianceType = type, MaxIterations = 200, Restarts = 3 });
            AssertFiniteModel(gmm, x);
        }
        // Only three distinct points but five components: k-means leaves clusters on duplicates, EM must cope.
        var three = Matrix<double>.Build.DenseOfRowArrays(Enumerable.Range(0, 12).Select(i => new[] { (double)(i % 3), 2.0 * (i % 3) }).ToArray());
        AssertFiniteModel(GaussianMixture.Fit(three, new GaussianMixtureOptions { Components = 5, Restarts = 2 }), three);
        // Zero regularisation on a collapsing cluster: the Cholesky jitter keeps the factorisation alive.
        AssertFiniteModel(GaussianMixture.Fit(x, new GaussianMixtureOptions { Components = 3, Regularization = 0.0 }), x);

        // An explicitly empty component (zero responsibility everywhere) gets the data's mean and covariance and a tiny weight.
        var r = Matrix<double>.Build.Dense(x.RowCount, 2, (i, c) => c == 0 ? 1.0 : 0.0);
        var m = GaussianMixture.MStep(x, r, CovarianceType.Full, 1e-6);
        AssertFiniteModel(m, x);
        Assert.True(m.Weights[1] < 1e-12);
        Assert.True((m.Means[1] - m.Means[0]).InfinityNorm() < 1e-12);
    }

    private static void AssertFiniteModel(GaussianMixture gmm, Matrix<double> x)
    {
        Assert.All(gmm.LogLikelihoodHistory, v => Assert.True(double.IsFinite(v)));
        Assert.True(gmm.Weights.All(double.IsFinite));
        Assert.All(gmm.Means, m => Assert.True(m.All(double.IsFinite)));
        Assert.All(gmm.Covariances, c => Assert.True(TestData.AllFinite(c)));
        Assert.True(TestData.AllFinite(gmm.PredictProba(x)));
        Assert.True(gmm.ScoreSamples(x).All(double.IsFinite));
    }

    [Theory]
    [InlineData(2, 2, CovarianceType.Full, 11)]
    [InlineData(2, 2, CovarianceType.Diagonal, 9)]
    [InlineData(4, 3, CovarianceType.Full, 39)]   // (k-1) + k d + k d(d+1)/2 = 3 + 12 + 24
    [InlineData(4, 3, CovarianceType.Diagonal, 27)] // 3 + 12 + 12
    public void ParameterCountFollowsScikitLearn(int k, int d, CovarianceType type, int expected)
    {
        var data = TestData.Blobs(50, d, k, 4.0, 1, out _);
        var gmm = GaussianMixture.Fit(data, new GaussianMixtureOptions { Components = k, CovarianceType = type });
        Assert.Equal(expected, gmm.ParameterCount);
        double logLik = gmm.ScoreSamples(data).Sum();
        Assert.Equal(-2 * logLik + expected * Math.Log(50), gmm.Bic(data), 9);
        Assert.Equal(-2 * logLik + 2 * expected, gmm.Aic(data), 9);
    }

    [Fact]
    public void SampleMomentsApproachTheModelAndSeedsRepeat()
    {
        var model = TinyModel(CovarianceType.Full);
        var s = model.Sample(200_000, 3);
        Assert.Equal(s, model.Sample(200_000, 3));
        Assert.NotEqual(s.Row(0), model.Sample(10, 4).Row(0));
        var mean = Vector<double>.Build.Dense(3);
        var second = Matrix<double>.Build.Dense(3, 3);
        for (int c = 0; c < 3; c++)
        {
            mean += model.Weights[c] * model.Means[c];
            second += model.Weights[c] * (model.Covariances[c] + model.Means[c].OuterProduct(model.Means[c]));
        }
        var cov = second - mean.OuterProduct(mean);
        var sampleMean = s.ColumnSums() / s.RowCount;
        var centred = s - Matrix<double>.Build.Dense(s.RowCount, 3, (_, j) => sampleMean[j]);
        var sampleCov = centred.TransposeThisAndMultiply(centred) / s.RowCount;
        Assert.True((sampleMean - mean).InfinityNorm() < 0.02, $"mean {sampleMean} vs {mean}");
        Assert.True((sampleCov - cov).InfinityNorm() < 0.04, $"cov {sampleCov} vs {cov}");
    }

    [Fact]
    public void InitialMeansAreUsedAsGiven()
    {
        var x = TestData.OldFaithful();
        var init = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 50.0 }, { 5.0, 90.0 } });
        var gmm = GaussianMixture.Fit(x, new GaussianMixtureOptions { Components = 2, InitialMeans = init, MaxIterations = 0, KeepHistory = true });
        Assert.Equal(0, gmm.Iterations);
        Assert.Equal(init.Row(1), gmm.Snapshots[0].Means[1]);
        var fitted = GaussianMixture.Fit(x, new GaussianMixtureOptions { Components = 2, InitialMeans = init, Tolerance = 1e-10, MaxIterations = 1000 });
        Assert.Equal(SklearnFullScore, fitted.Score(x), 1e-4);
    }

    public static TheoryData<string, string, Action> BadInputs()
    {
        var x = TestData.Blobs(10, 2, 2, 2.0, 1, out _);
        var nan = x.Clone(); nan[3, 1] = double.NaN;
        var model = GaussianMixture.Fit(x, new GaussianMixtureOptions { Components = 2 });
        var id = Matrix<double>.Build.DenseIdentity(2);
        var mu = Vector<double>.Build.Dense(2);
        return new TheoryData<string, string, Action>
        {
            { "components", "got 0", () => GaussianMixture.Fit(x, new GaussianMixtureOptions { Components = 0 }) },
            { "components", "got 11", () => GaussianMixture.Fit(x, new GaussianMixtureOptions { Components = 11 }) },
            { "data", "NaN at row 3, column 1", () => GaussianMixture.Fit(nan, new GaussianMixtureOptions()) },
            { "tolerance", "got -1", () => GaussianMixture.Fit(x, new GaussianMixtureOptions { Tolerance = -1 }) },
            { "tolerance", "got NaN", () => GaussianMixture.Fit(x, new GaussianMixtureOptions { Tolerance = double.NaN }) },
            { "regularization", "got -0.5", () => GaussianMixture.Fit(x, new GaussianMixtureOptions { Regularization = -0.5 }) },
            { "maxIterations", "got -3", () => GaussianMixture.Fit(x, new GaussianMixtureOptions { MaxIterations = -3 }) },
            { "restarts", "got 0", () => GaussianMixture.Fit(x, new GaussianMixtureOptions { Restarts = 0 }) },
            { "initialMeans", "got 3 x 2", () => GaussianMixture.Fit(x, new GaussianMixtureOptions { Components = 2, InitialMeans = Matrix<double>.Build.Dense(3, 2) }) },
            { "x", "got 3", () => model.Score(Matrix<double>.Build.Dense(4, 3)) },
            { "responsibilities", "got 9", () => GaussianMixture.MStep(x, Matrix<double>.Build.Dense(9, 2, 0.5), CovarianceType.Full, 0) },
            { "responsibilities", "got -0.5", () => GaussianMixture.MStep(x, Matrix<double>.Build.Dense(10, 2, (_, c) => c == 0 ? -0.5 : 1.5), CovarianceType.Full, 0) },
            { "weights", "got sum 0.9", () => GaussianMixture.FromParameters(Vector<double>.Build.Dense([0.4, 0.5]), [mu, mu], [id, id]) },
            { "covariances", "positive definite", () => GaussianMixture.FromParameters(Vector<double>.Build.Dense([1.0]), [mu], [-id]) },
            { "covariances", "got 0.5 at (0, 1)", () => GaussianMixture.FromParameters(Vector<double>.Build.Dense([1.0]), [mu], [Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.5 }, { 0.5, 1.0 } })], CovarianceType.Diagonal) },
            { "count", "got 0", () => model.Sample(0, 1) },
            { "clusters", "got 11", () => KMeans.Fit(x, 11, 0) },
            { "dataWithNaN", "row 1 is all NaN", () => GaussianMissingDataEm.Fit(Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0 }, { double.NaN, double.NaN } })) },
            { "dataWithNaN", "column 1 is all NaN", () => GaussianMissingDataEm.Fit(Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, double.NaN }, { 2.0, double.NaN } })) },
            { "dataWithNaN", $"got {double.PositiveInfinity} at row 0, column 0", () => GaussianMissingDataEm.Fit(Matrix<double>.Build.DenseOfArray(new[,] { { double.PositiveInfinity, 1.0 }, { 2.0, 3.0 } })) },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputsThrowNamingParameterAndValue(string parameter, string fragment, Action call)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains(parameter, ex.Message);
        Assert.Contains(fragment, ex.Message);
    }
}
