using AdvancedMl.Causal;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Causal;

public class RegressionTests
{
    /// <summary>1995 cigarette cross-section with Stock and Watson's variables (see tests/reference/causal_iv.py).</summary>
    internal static (double[] LogPacks, double[] LogPrice, double[] LogIncome, double[] SalesTax, double[] CigTax) Cigarettes()
    {
        var t = CausalTestData.Read("cigarettes-sw.csv");
        var rows = Enumerable.Range(0, t["year"].Length).Where(i => t["year"][i] == "1995").ToArray();
        double[] Col(string c) => rows.Select(i => t.Numbers(c)[i]).ToArray();
        var cpi = Col("cpi");
        var packs = Col("packs");
        var price = Col("price");
        var income = Col("income");
        var pop = Col("population");
        var tax = Col("tax");
        var taxs = Col("taxs");
        return (packs.Select(v => Math.Log(v)).ToArray(),
            price.Select((p, i) => Math.Log(p / cpi[i])).ToArray(),
            income.Select((v, i) => Math.Log(v / pop[i] / cpi[i])).ToArray(),
            taxs.Select((v, i) => (v - tax[i]) / cpi[i]).ToArray(),
            tax.Select((v, i) => v / cpi[i]).ToArray());
    }

    [Fact]
    public void OlsWithHc1AndClassicalErrorsMatchesStatsmodels()
    {
        // /usr/bin/python3 tests/reference/causal_iv.py (statsmodels 0.13.5, OLS(...).fit(cov_type='HC1')):
        // beta = 10.3420288445 -1.4065003516 0.3438500724; HC1 SE = 0.9664550981 0.2609210369 0.2603626856;
        // classical SE = 1.0226808199 0.2513754854 0.2349671190.
        var (y, d, w, _, _) = Cigarettes();
        var x = Matrix<double>.Build.DenseOfColumnArrays(d, w);
        var hc1 = LinearRegression.Fit(x, y, ["lprice", "lincome"], CovarianceType.HC1);
        var classical = LinearRegression.Fit(x, y, ["lprice", "lincome"]);
        Assert.Equal(["intercept", "lprice", "lincome"], hc1.Names);
        double[] beta = [10.3420288445, -1.4065003516, 0.3438500724];
        double[] seHc1 = [0.9664550981, 0.2609210369, 0.2603626856];
        double[] seClassical = [1.0226808199, 0.2513754854, 0.2349671190];
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(beta[j], hc1.Coefficients[j], 8);
            Assert.Equal(seHc1[j], hc1.StandardErrors[j], 8);
            Assert.Equal(seClassical[j], classical.StandardErrors[j], 8);
        }
        Assert.Equal(y.Length, hc1.N);
        Assert.Equal(hc1.ResidualSumOfSquares, hc1.Residuals.Sum(e => e * e), 10);
    }

    [Fact]
    public void ClusteredStandardErrorsMatchStatsmodelsOnTheGunsPanel()
    {
        // /usr/bin/python3 tests/reference/causal_iv.py: log(violent) ~ law + state + year dummies,
        // statsmodels OLS.fit(cov_type='cluster', groups=state): beta = 0.0018849770, SE = 0.0411830831 (n 1173, G 51).
        var t = CausalTestData.Read("guns.csv");
        var states = t["state"].Distinct().ToList();
        var panel = PanelData.Create(t["state"].Select(s => states.IndexOf(s)).ToArray(), t.Numbers("year").Select(v => (int)v).ToArray(),
            t.Numbers("violent").Select(v => Math.Log(v)).ToArray(), t.Numbers("law"));
        var fe = DifferenceInDifferences.TwoWayFixedEffects(panel);
        Assert.Equal(0.0018849770, fe.Estimate, 9);
        Assert.Equal(0.0411830831, fe.StandardError, 9);
        Assert.Equal(1173, fe.N);
    }

    [Fact]
    public void LogisticRegressionMatchesNumpyNewtonAndSklearnOnLalonde()
    {
        // /usr/bin/python3 tests/reference/causal_matching.py (numpy Newton; sklearn 1.2.1 penalty='none' agrees to 4e-14):
        // intercept and coefficients -4.728649339 0.01577707102 0.1613068774 3.065367741 0.983633621 -0.8321132754
        // 0.7072968814 -7.177668644e-05 5.344644707e-05; log-likelihood -243.9219656552; e[0] 0.638769932959, e[200] 0.056048948666.
        var data = CausalTestData.Lalonde();
        var model = LogisticModel.Fit(data.Covariates, data.Treatment);
        double[] expected = [0.01577707102, 0.1613068774, 3.065367741, 0.983633621, -0.8321132754, 0.7072968814, -7.177668644e-05, 5.344644707e-05];
        Assert.Equal(-4.728649339, model.Intercept, 8);
        for (int j = 0; j < expected.Length; j++) Assert.Equal(expected[j], model.Coefficients[j], 1e-9 * Math.Max(1, Math.Abs(expected[j]) * 1e3));
        Assert.Equal(-243.9219656552, model.LogLikelihood, 9);
        var p = model.PredictProbability(data.Covariates);
        Assert.Equal(0.638769932959, p[0], 11);
        Assert.Equal(0.056048948666, p[200], 11);
    }

    [Fact]
    public void LogisticRegressionReportsSeparationAndBadLabels()
    {
        var x = Matrix<double>.Build.DenseOfColumnArrays(new double[] { -3, -2, -1, -0.5, 0.5, 1, 2, 3 });
        var ex = Assert.Throws<ArgumentException>(() => LogisticModel.Fit(x, [0, 0, 0, 0, 1, 1, 1, 1]));
        Assert.Contains("separated", ex.Message);
        Assert.Contains("binary", Assert.Throws<ArgumentException>(() => LogisticModel.Fit(x, [0, 0, 0, 2, 1, 1, 1, 1])).Message);
        Assert.Contains("both classes", Assert.Throws<ArgumentException>(() => LogisticModel.Fit(x, [1, 1, 1, 1, 1, 1, 1, 1])).Message);
        Assert.Throws<ArgumentException>(() => LogisticModel.Fit(x, [0, 1, 0]));
        // Overlapping classes fit fine and the score equations hold: Σ(y − p) = 0 and Σ(y − p)x = 0.
        double[] y = [0, 1, 0, 0, 1, 0, 1, 1];
        var m = LogisticModel.Fit(x, y);
        var p = m.PredictProbability(x);
        Assert.Equal(0, y.Select((v, i) => v - p[i]).Sum(), 10);
        Assert.Equal(0, y.Select((v, i) => (v - p[i]) * x[i, 0]).Sum(), 10);
    }

    [Fact]
    public void OlsRejectsRankDeficientAndMismatchedInput()
    {
        var x = Matrix<double>.Build.DenseOfColumnArrays(new double[] { 1, 2, 3, 4, 5 }, new double[] { 2, 4, 6, 8, 10 });
        var ex = Assert.Throws<ArgumentException>(() => LinearRegression.Fit(x, [1, 2, 3, 4, 6]));
        Assert.Contains("rank-deficient", ex.Message);
        Assert.Contains("x2", ex.Message);
        var ok = Matrix<double>.Build.DenseOfColumnArrays(new double[] { 1, 2, 3, 4, 5 });
        Assert.Throws<ArgumentException>(() => LinearRegression.Fit(ok, [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => LinearRegression.Fit(ok, [1, 2, double.NaN, 4, 5]));
        Assert.Throws<ArgumentException>(() => LinearRegression.Fit(ok, [1, 2, 3, 4, 5], covariance: CovarianceType.Clustered));
        Assert.Throws<ArgumentException>(() => LinearRegression.Fit(ok, [1, 2, 3, 4, 5], covariance: CovarianceType.Clustered, clusters: [1, 1, 1, 1, 1]));
    }
}
