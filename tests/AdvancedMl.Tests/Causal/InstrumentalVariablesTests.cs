using AdvancedMl.Causal;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Causal;

public class InstrumentalVariablesTests
{
    private static Matrix<double> Columns(params double[][] columns) => Matrix<double>.Build.DenseOfColumnArrays(columns);

    [Fact]
    public void TwoStageLeastSquaresMatchesStatsmodelsOnCigaretteDemand()
    {
        // /usr/bin/python3 tests/reference/causal_iv.py (statsmodels 0.13.5 IV2SLS for classical SEs; numpy sandwich for HC1):
        //   without income: beta 9.7198772884 -1.0835867643, classical SE 1.5141035865 0.3166145163,
        //                   HC1 SE 1.5283221743 0.3189184234, first-stage F 40.95587898 (HC1 40.38520235)
        //   with income:    beta 9.4306582825 -1.1433751222 0.2145152849, classical SE 1.3583661711 0.3594860681 0.2685848267,
        //                   HC1 SE 1.2593925529 0.3723026879 0.3117469223, first-stage F 45.15776860 (HC1 44.73052610)
        //   with income and both instruments (sales tax and cigarette-specific tax):
        //                   beta 9.8949555412 -1.2774241334 0.2804048251, HC1 SE 0.9592169429 0.2496100004 0.2538896534,
        //                   first-stage F 244.73375356 (HC1 209.67626940)
        // Stock & Watson (2007, ch. 12) report −1.08 (0.32), −1.14 (0.37) and −1.28 (0.25).
        var (y, d, w, z, rtax) = RegressionTests.Cigarettes();
        var noIncome = InstrumentalVariables.TwoStageLeastSquares(y, d, Columns(z), null, CovarianceType.HC1, "lprice");
        var noIncomeClassical = InstrumentalVariables.TwoStageLeastSquares(y, d, Columns(z), null, CovarianceType.Classical, "lprice");
        Assert.Equal(-1.0835867643, noIncome.Effect.Estimate, 9);
        Assert.Equal(9.7198772884, noIncome.Coefficients[0], 8);
        Assert.Equal(0.3189184234, noIncome.Effect.StandardError, 9);
        Assert.Equal(1.5283221743, noIncome.StandardErrors[0], 8);
        Assert.Equal(0.3166145163, noIncomeClassical.Effect.StandardError, 9);
        Assert.Equal(40.95587898, noIncome.FirstStageF, 6);
        Assert.Equal(40.38520235, noIncome.FirstStageFRobust, 6);

        var income = InstrumentalVariables.TwoStageLeastSquares(y, d, Columns(z), Columns(w), CovarianceType.HC1, "lprice", ["lincome"]);
        var incomeClassical = InstrumentalVariables.TwoStageLeastSquares(y, d, Columns(z), Columns(w), CovarianceType.Classical, "lprice", ["lincome"]);
        Assert.Equal(["intercept", "lprice", "lincome"], income.Names);
        double[] beta = [9.4306582825, -1.1433751222, 0.2145152849];
        double[] hc1 = [1.2593925529, 0.3723026879, 0.3117469223];
        double[] classical = [1.3583661711, 0.3594860681, 0.2685848267];
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(beta[j], income.Coefficients[j], 8);
            Assert.Equal(hc1[j], income.StandardErrors[j], 8);
            Assert.Equal(classical[j], incomeClassical.StandardErrors[j], 8);
        }
        Assert.Equal(45.15776860, income.FirstStageF, 6);
        Assert.Equal(44.73052610, income.FirstStageFRobust, 6);

        var both = InstrumentalVariables.TwoStageLeastSquares(y, d, Columns(z, rtax), Columns(w), CovarianceType.HC1, "lprice", ["lincome"]);
        Assert.Equal(-1.2774241334, both.Effect.Estimate, 9);
        Assert.Equal(0.2496100004, both.Effect.StandardError, 9);
        Assert.Equal(244.73375356, both.FirstStageF, 5);
        Assert.Equal(209.67626940, both.FirstStageFRobust, 5);
    }

    [Fact]
    public void SecondStageResidualsUseTheActualEndogenousRegressor()
    {
        var (y, d, w, z, _) = RegressionTests.Cigarettes();
        var iv = InstrumentalVariables.TwoStageLeastSquares(y, d, Columns(z), Columns(w), CovarianceType.Classical);
        for (int i = 0; i < y.Length; i++)
            Assert.Equal(y[i] - iv.Coefficients[0] - iv.Coefficients[1] * d[i] - iv.Coefficients[2] * w[i], iv.Residuals[i], 12);
        // The naive "OLS on the fitted first stage" residuals differ, and so would its standard errors.
        var naive = LinearRegression.Fit(Columns(iv.FirstStage.Fitted, w), y);
        Assert.True(naive.Residuals.Zip(iv.Residuals).Max(p => Math.Abs(p.First - p.Second)) > 1e-3);
        Assert.NotEqual(naive.StandardErrors[1], iv.StandardErrors[1], 3);
    }

    [Fact]
    public void IvRecoversASimulatedEffectThatOlsMisses()
    {
        var sim = Simulations.InstrumentalVariable(4000, seed: 11, effect: 1.0, strength: 1.0);
        var iv = InstrumentalVariables.TwoStageLeastSquares(sim.Outcome, sim.Treatment, Columns(sim.Instrument));
        var ols = LinearRegression.Fit(Columns(sim.Treatment), sim.Outcome, covariance: CovarianceType.HC1);
        Assert.True(iv.Effect.DistanceInStandardErrors(1.0) < 3, $"2SLS {iv.Effect}");
        Assert.True(Math.Abs(ols.Coefficients[1] - 1.0) / ols.StandardErrors[1] > 10, $"OLS {ols.Coefficients[1]}");
        Assert.True(iv.FirstStageF > 100);

        var binary = Simulations.InstrumentalVariable(4000, seed: 12, effect: 1.0, strength: 1.5, binaryInstrument: true);
        var wald = InstrumentalVariables.Wald(binary.Outcome, binary.Treatment, binary.Instrument);
        // Wald = (ȳ₁ − ȳ₀)/(d̄₁ − d̄₀) by instrument arm.
        double Mean(double[] v, double arm) => v.Where((_, i) => binary.Instrument[i] == arm).Average();
        double ratio = (Mean(binary.Outcome, 1) - Mean(binary.Outcome, 0)) / (Mean(binary.Treatment, 1) - Mean(binary.Treatment, 0));
        Assert.Equal(ratio, wald.Effect.Estimate, 10);
        Assert.True(wald.Effect.DistanceInStandardErrors(1.0) < 3, $"Wald {wald.Effect}");
        Assert.Equal("Wald", wald.Effect.Method);
    }

    [Fact]
    public void IvRejectsBadInput()
    {
        double[] y = [1, 2, 3, 4, 5, 6], d = [1, 3, 2, 5, 4, 6];
        Assert.Throws<ArgumentException>(() => InstrumentalVariables.Wald(y, d, [1, 0, 1]));
        Assert.Throws<ArgumentException>(() => InstrumentalVariables.Wald(y, [1, 3, double.NaN, 5, 4, 6], [1, 0, 1, 0, 1, 0]));
        Assert.Contains("rank-deficient", Assert.Throws<ArgumentException>(() => InstrumentalVariables.Wald(y, d, [1, 1, 1, 1, 1, 1])).Message);
        Assert.Throws<ArgumentException>(() => InstrumentalVariables.Wald(y, d, [1, 0, 1, 0, 1, 0], CovarianceType.Clustered));
    }
}
