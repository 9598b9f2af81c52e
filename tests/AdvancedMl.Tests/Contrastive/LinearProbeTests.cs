using AdvancedMl.Contrastive;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Contrastive;

public class LinearProbeTests
{
    // scikit-learn: StandardScaler fitted on digits rows 0-99 (pixels / 16), then LogisticRegression(C=0.5, tol=1e-12),
    // evaluated on rows 100-199. tests/reference/contrastive_sklearn.py; sklearn 1.2.1, numpy 1.24.2, scipy 1.10.1 (Debian bookworm).
    private const double SklearnAccuracy = 0.91;
    private static readonly double[] SklearnProbabilitiesRow0 = { 0.005184646625208035, 0.023503532586723826, 0.0008590429615141557, 0.0009313379987462321, 0.9440754205723101, 0.0031018417409804854, 0.013361850470357362, 0.0066653145632912456, 0.0009039827696019242, 0.0014130297112664944 };
    private static readonly double[] SklearnProbabilitiesRow7 = { 0.0003948568778380899, 0.9083873319329631, 0.00927136934584188, 0.020457788081216, 0.019228587799033744, 0.003388567307072352, 0.0014613068495681104, 0.018306143959059648, 0.008438756761544937, 0.010665291085861998 };
    private static readonly double[] SklearnIntercepts = { -0.10908423644827318, 0.019006751281270908, 0.13860369296721256, 0.08932914933596467, -0.3213212561506622, 0.1025223368224454, -0.15632606858020487, -0.11869504763477357, 0.2482952045454321, 0.10766947386158714 };

    [Fact]
    public void MatchesScikitLearnsMultinomialLogisticRegression()
    {
        var (train, trainLabels) = Digits.Rows(0, 100);
        var (test, testLabels) = Digits.Rows(100, 100);
        var probe = LinearProbe.Fit(train, trainLabels, new LinearProbeOptions { C = 0.5, Tolerance = 1e-9, MaxIterations = 5000 });
        var p = probe.PredictProbabilities(test);
        for (int c = 0; c < 10; c++)
        {
            Assert.Equal(SklearnProbabilitiesRow0[c], p[0, c], 1e-5);
            Assert.Equal(SklearnProbabilitiesRow7[c], p[7, c], 1e-5);
            Assert.Equal(SklearnIntercepts[c], probe.Intercepts[c], 1e-3);   // a flat direction: the probabilities pin the optimum better
        }
        Assert.Equal(SklearnAccuracy, probe.Score(test, testLabels), 1e-12);
    }

    [Fact]
    public void GradientIsZeroAtTheOptimumAndStrongerPenaltyShrinksWeights()
    {
        var (train, labels) = Digits.Rows(0, 60);
        var weak = LinearProbe.Fit(train, labels, new LinearProbeOptions { C = 10, Tolerance = 1e-8, MaxIterations = 5000 });
        var strong = LinearProbe.Fit(train, labels, new LinearProbeOptions { C = 0.01, Tolerance = 1e-8, MaxIterations = 5000 });
        Assert.True(strong.Weights.FrobeniusNorm() < 0.5 * weak.Weights.FrobeniusNorm());
        // Probabilities of every row sum to one, and the weakly penalised probe fits its training set.
        var p = weak.PredictProbabilities(train);
        for (int i = 0; i < p.RowCount; i++) Assert.Equal(1.0, p.Row(i).Sum(), 1e-12);
        Assert.Equal(1.0, weak.Score(train, labels));
        // The objective equals the penalised cross-entropy recomputed from the predictions.
        double crossEntropy = Enumerable.Range(0, labels.Length).Sum(i => -Math.Log(p[i, labels[i]]));
        Assert.Equal(crossEntropy + 0.5 / 10 * Math.Pow(weak.Weights.FrobeniusNorm(), 2), weak.Objective, 1e-8);
    }

    [Fact]
    public void RejectsBadInput()
    {
        var x = Matrix<double>.Build.Dense(4, 2, (i, j) => i + j);
        var ex = Assert.Throws<ArgumentException>(() => LinearProbe.Fit(x, new[] { 0, 1, 0 }));
        Assert.Contains("LinearProbe.Fit: labels must have one entry per row (4); got 3.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => LinearProbe.Fit(x, new[] { 0, 1, 0, 1 }, new LinearProbeOptions { C = 0 }));
        Assert.Contains("C must be a finite number above 0; got 0.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => LinearProbe.Fit(x, new[] { 0, 0, 0, 0 }));
        Assert.Contains("LinearProbe.Fit: labels must lie in 0 … classes − 1 with classes at least 2; got labels 0 … 0 and classes 1.", ex.Message);
        var probe = LinearProbe.Fit(x, new[] { 0, 1, 0, 1 });
        ex = Assert.Throws<ArgumentException>(() => probe.Predict(Matrix<double>.Build.Dense(1, 3)));
        Assert.Contains("LinearProbe.Predict: features must have 2 columns; got 3.", ex.Message);
    }
}
