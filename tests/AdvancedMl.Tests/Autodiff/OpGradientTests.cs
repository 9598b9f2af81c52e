using AdvancedMl.Autodiff;

namespace AdvancedMl.Tests.Autodiff;

/// <summary>Every op's gradient, first and second order, against central finite differences on random inputs.</summary>
public class OpGradientTests
{
    /// <summary>How a case draws its inputs: any real, strictly positive, or bounded away from 0 (for kinks at 0).</summary>
    private enum Domain { Real, Positive, AwayFromZero }

    private sealed record Case(Func<Tensor[], Tensor> F, Domain Domain, int[][] Shapes);

    private static Case C(Func<Tensor[], Tensor> f, params int[][] shapes) => new(f, Domain.Real, shapes);
    private static Case P(Func<Tensor[], Tensor> f, params int[][] shapes) => new(f, Domain.Positive, shapes);
    private static Case K(Func<Tensor[], Tensor> f, params int[][] shapes) => new(f, Domain.AwayFromZero, shapes);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["Add same shape"] = C(x => x[0] + x[1], [3, 4], [3, 4]),
        ["Add row broadcast"] = C(x => x[0] + x[1], [3, 4], [4]),
        ["Add outer broadcast"] = C(x => x[0] + x[1], [3, 1], [1, 4]),
        ["Add rank-3 broadcast"] = C(x => x[0] + x[1], [2, 3, 4], [3, 1]),
        ["Add scalar tensor"] = C(x => x[1] + x[0], [], [2, 3]),
        ["Sub broadcast"] = C(x => x[0] - x[1], [4], [3, 4]),
        ["Mul broadcast"] = C(x => x[0] * x[1], [2, 3, 4], [2, 1, 4]),
        ["Div broadcast"] = P(x => x[0] / x[1], [3, 4], [3, 1]),
        ["Scalar operators"] = P(x => 3.0 - 2.0 * x[0] / 4.0 + 1.5 + x[0] * 0.5 - 1.0 + 2.0 / x[0], [2, 3]),
        ["Negate"] = C(x => -x[0], [5]),
        ["MatMul"] = C(x => x[0].MatMul(x[1]), [3, 4], [4, 5]),
        ["MatMul vector-like"] = C(x => x[0].MatMul(x[1]), [1, 6], [6, 1]),
        ["Sum all"] = C(x => x[0].Sum(), [2, 3, 4]),
        ["Mean all"] = C(x => x[0].Mean(), [3, 5]),
        ["Sum axis 0"] = C(x => x[0].Sum(0), [2, 3, 4]),
        ["Sum axis 1 keepDim"] = C(x => x[0].Sum(1, keepDim: true), [2, 3, 4]),
        ["Mean axis -1"] = C(x => x[0].Mean(-1), [2, 3, 4]),
        ["Max axis 1"] = C(x => x[0].Max(1), [4, 5]),
        ["Reshape"] = C(x => x[0].Reshape(4, -1) * x[1], [2, 3, 2], [4, 3]),
        ["Transpose 2-D"] = C(x => x[0].T() * x[1], [3, 4], [4, 3]),
        ["Transpose rank-3"] = C(x => x[0].Transpose(0, 2) * x[1], [2, 3, 4], [4, 3, 2]),
        ["BroadcastTo"] = C(x => x[0].BroadcastTo(3, 2, 4), [2, 1]),
        ["SumTo"] = C(x => x[0].SumTo(3, 1), [2, 3, 4]),
        ["Concat axis 0"] = C(x => Tensor.Concat([x[0], x[1]], 0), [2, 3], [4, 3]),
        ["Concat axis 1"] = C(x => Tensor.Concat([x[0], x[1], x[0]], 1), [2, 3], [2, 1]),
        ["Slice"] = C(x => x[0].Slice(1, 1, 2), [3, 4, 2]),
        ["Gather with repeats"] = C(x => x[0].Gather([2, 0, 2, 1]), [3, 4]),
        ["Exp"] = C(x => x[0].Exp(), [3, 4]),
        ["Log"] = P(x => x[0].Log(), [3, 4]),
        ["Pow 3"] = C(x => x[0].Pow(3), [3, 4]),
        ["Pow -1.5"] = P(x => x[0].Pow(-1.5), [3, 4]),
        ["Square"] = C(x => x[0].Square(), [3, 4]),
        ["Sqrt"] = P(x => x[0].Sqrt(), [3, 4]),
        ["Abs"] = K(x => x[0].Abs(), [3, 4]),
        ["ClampMin"] = K(x => x[0].ClampMin(0.0), [3, 4]),
        ["Relu"] = K(x => x[0].Relu(), [3, 4]),
        ["LeakyRelu"] = K(x => x[0].LeakyRelu(0.2), [3, 4]),
        ["Silu"] = C(x => x[0].Silu(), [3, 4]),
        ["Tanh"] = C(x => x[0].Tanh(), [3, 4]),
        ["Sigmoid"] = C(x => x[0].Sigmoid(), [3, 4]),
        ["Gelu"] = C(x => x[0].Gelu(), [3, 4]),
        ["NormalCdf"] = C(x => x[0].NormalCdf(), [3, 4]),
        ["Softplus"] = C(x => x[0].Softplus(), [3, 4]),
        ["Softmax last axis"] = C(x => x[0].Softmax(), [3, 4]),
        ["Softmax axis 0"] = C(x => x[0].Softmax(0), [3, 4]),
        ["LogSoftmax"] = C(x => x[0].LogSoftmax(), [3, 5]),
        ["L2Normalize"] = C(x => x[0].L2Normalize(), [3, 4]),
        ["Dropout (fixed mask)"] = C(x => x[0].Dropout(0.4, new Random(5), training: true), [4, 5]),
        ["Clone"] = C(x => x[0].Clone() * x[0], [3]),
        ["Mse"] = C(x => Loss.Mse(x[0], x[1]), [4, 3], [4, 3]),
        ["CrossEntropy"] = C(x => Loss.CrossEntropy(x[0], [2, 0, 1, 2]), [4, 3]),
        ["BinaryCrossEntropyWithLogits"] = C(x => Loss.BinaryCrossEntropyWithLogits(x[0], x[1].Sigmoid()), [4, 2], [4, 2]),
        ["Linear composed"] = C(x => x[0].MatMul(x[1]) + x[2], [5, 3], [3, 4], [4]),
        ["Linear fused"] = C(x => Tensor.Linear(x[0], x[1], x[2]), [5, 3], [3, 4], [4]),
        ["Linear fused, kernel-sized"] = C(x => Tensor.Linear(x[0], x[1], x[2]).Silu(), [7, 9], [9, 10], [10]),
        ["LayerNorm module"] = C(x => new LayerNorm(4).Forward(x[0], [x[1], x[2]]), [3, 4], [4], [4]),
        ["MLP SiLU"] = C(x => x[0].MatMul(x[1]).Add(x[2]).Silu().MatMul(x[3]).Sum(1), [5, 3], [3, 6], [6], [6, 2]),
        ["MLP module"] = C(x => Mlp.Create([3, 9, 2], ActivationKind.Silu, new Random(1)).Forward(x[0], [x[1], x[2], x[3], x[4]]), [5, 3], [3, 9], [9], [9, 2], [2]),
        ["Shared subexpression"] = C(x => { var y = x[0].Tanh(); return y * y + y.Exp() * x[0]; }, [2, 3]),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    private static Tensor[] Inputs(Case c, int seed)
    {
        var rng = new Random(seed);
        return c.Shapes.Select(shape =>
        {
            var t = Tensor.RandomNormal(rng, shape);
            var d = t.Data;
            for (int i = 0; i < d.Length; i++)
                d[i] = c.Domain switch
                {
                    Domain.Positive => 0.5 + 1.5 * rng.NextDouble(),
                    Domain.AwayFromZero => (d[i] < 0 ? -1 : 1) * (0.1 + Math.Abs(d[i])),
                    _ => d[i],
                };
            return t;
        }).ToArray();
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void FirstOrderGradientMatchesFiniteDifferences(string name)
    {
        var c = Cases[name];
        GradientCheck.FirstOrder(c.F, Inputs(c, name.Length));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void SecondOrderGradientMatchesFiniteDifferencesOfTheGradient(string name)
    {
        var c = Cases[name];
        GradientCheck.SecondOrder(c.F, Inputs(c, name.Length + 7));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void FastFirstOrderPathEqualsTheDifferentiableBackwardRules(string name)
    {
        // Without createGraph some ops take a fused kernel path; with it they run the readable composed rules.
        var c = Cases[name];
        var inputs = Inputs(c, 3).Select(x => Tensor.Parameter(x.Data, x.Shape)).ToArray();
        var output = c.F(inputs);
        var weights = Tensor.RandomNormal(new Random(4), output.Shape);
        var fast = Autograd.Grad((output * weights).Sum(), inputs, allowUnused: true);
        var composed = Autograd.Grad((c.F(inputs) * weights).Sum(), inputs, createGraph: true, allowUnused: true);
        for (int i = 0; i < inputs.Length; i++)
            for (int j = 0; j < fast[i].Size; j++)
                Assert.Equal(composed[i].Data[j], fast[i].Data[j], 1e-12);
    }
}
