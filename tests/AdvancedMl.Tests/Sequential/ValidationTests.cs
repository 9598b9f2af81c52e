using AdvancedMl.Sequential;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Sequential;

public class ValidationTests
{
    private static readonly Vector<double> Pi = Vector<double>.Build.Dense([0.5, 0.5]);
    private static readonly Matrix<double> A = Matrix<double>.Build.DenseOfArray(new[,] { { 0.9, 0.1 }, { 0.2, 0.8 } });
    private static readonly Matrix<double> B = Matrix<double>.Build.DenseOfArray(new[,] { { 0.7, 0.3, 0.0 }, { 0.1, 0.1, 0.8 } });

    private static void Throws(Action act, string parameter, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(act);
        Assert.Equal(parameter, e.ParamName);
        foreach (string f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void CreateNamesTheBadParameterAndValue()
    {
        Throws(() => DiscreteHmm.Create(Vector<double>.Build.Dense([0.5, 0.6]), A, B), "initial", "DiscreteHmm.Create", "sum to 1", "1.1");
        Throws(() => DiscreteHmm.Create(Pi, Matrix<double>.Build.DenseOfArray(new[,] { { 0.9, 0.1 }, { 0.3, 0.8 } }), B),
            "transition", "transition row 1 must sum to 1", "1.1");
        Throws(() => DiscreteHmm.Create(Pi, Matrix<double>.Build.DenseOfArray(new[,] { { 1.1, -0.1 }, { 0.2, 0.8 } }), B),
            "transition", "non-negative", "-0.1", "index 1");
        Throws(() => DiscreteHmm.Create(Pi, A, Matrix<double>.Build.DenseOfArray(new[,] { { 0.7, double.NaN, 0.0 }, { 0.1, 0.1, 0.8 } })),
            "emission", "emission row 0", "NaN");
        Throws(() => DiscreteHmm.Create(Pi, Matrix<double>.Build.Dense(3, 3, 1.0 / 3), B), "transition", "2 x 2", "got 3 x 3");
        Throws(() => DiscreteHmm.Create(Pi, A, Matrix<double>.Build.Dense(3, 2, 0.5)), "emission", "got 3 x 2");
        Throws(() => GaussianHmm.Create(Pi, A, Vector<double>.Build.Dense([0.0, 1.0]), Vector<double>.Build.Dense([1.0, 0.0])),
            "variances", "GaussianHmm.Create", "positive", "got 0 at index 1");
        Throws(() => GaussianHmm.Create(Pi, A, Vector<double>.Build.Dense([0.0, double.PositiveInfinity]), Vector<double>.Build.Dense([1.0, 1.0])),
            "means", "finite", "Infinity");
        Throws(() => GaussianHmm.Create(Pi, A, Vector<double>.Build.Dense([0.0]), Vector<double>.Build.Dense([1.0, 1.0])), "means", "length 2", "got 1");
    }

    [Fact]
    public void ObservationErrorsNameTheIndexAndValue()
    {
        var hmm = DiscreteHmm.Create(Pi, A, B);
        Throws(() => hmm.LogLikelihood([0, 1, 3]), "observations", "DiscreteHmm.LogLikelihood", "observations[2]", "[0, 3)", "got 3");
        Throws(() => hmm.Viterbi([-1]), "observations", "observations[0]", "got -1");
        Throws(() => hmm.ForwardBackward(Array.Empty<int>()), "observations", "at least one observation");
        Throws(() => hmm.Xi([0, 1], 1), "t", "[0, 0]", "got 1");
        Throws(() => hmm.Sample(0, 1), "length", "at least 1", "got 0");
        var g = GaussianHmm.Create(Pi, A, Vector<double>.Build.Dense([0.0, 1.0]), Vector<double>.Build.Dense([1.0, 1.0]));
        Throws(() => g.ForwardBackward([0.0, double.NaN]), "observations", "GaussianHmm.ForwardBackward", "observations[1]", "NaN");
    }

    [Fact]
    public void ImpossibleSequencesGiveMinusInfinityOrAnError()
    {
        var hmm = DiscreteHmm.Create(Vector<double>.Build.Dense([1.0, 0.0]), Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.0 }, { 0.0, 1.0 } }), B);
        Assert.Equal(double.NegativeInfinity, hmm.LogLikelihood([0, 2]));   // state 0 never emits symbol 2
        Throws(() => hmm.ForwardBackward([0, 1, 2]), "observations", "probability zero", "index 2");
        Throws(() => hmm.Viterbi([0, 2]), "observations", "probability zero");
    }

    [Fact]
    public void FitValidatesItsArguments()
    {
        var options = new BaumWelchOptions();
        int[][] ok = [[0, 1, 2]];
        Throws(() => DiscreteHmm.Fit(ok, 0, 3, options), "states", "at least 1", "got 0");
        Throws(() => DiscreteHmm.Fit(ok, 2, 2, options), "sequences", "sequences[0][2]", "got 2");
        Throws(() => DiscreteHmm.Fit([[0], []], 2, 3, options), "sequences", "sequences[1]", "at least one observation");
        Throws(() => DiscreteHmm.Fit(Array.Empty<int[]>(), 2, 3, options), "sequences", "at least one sequence");
        Throws(() => DiscreteHmm.Fit(ok, 2, 3, options with { Restarts = 0 }), "options", "restarts", "got 0");
        Throws(() => DiscreteHmm.Fit(ok, 2, 3, options with { Tolerance = double.NaN }), "options", "tolerance", "NaN");
        Throws(() => DiscreteHmm.Fit(ok, 2, 3, options with { Smoothing = -1 }), "options", "smoothing", "-1");
        Throws(() => DiscreteHmm.Fit(ok, 2, 3, options with { InitialModel = "x" }), "options", "must be a DiscreteHmm", "String");
        Throws(() => GaussianHmm.Fit([[1.0, double.NaN]], 2, options), "sequences", "sequences[0][1]", "NaN");
        Throws(() => GaussianHmm.Fit([[1.0, 2.0]], 2, options with { VarianceFloor = 0 }), "options", "varianceFloor", "got 0");
    }
}
