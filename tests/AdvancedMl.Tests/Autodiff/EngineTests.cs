using AdvancedMl.Autodiff;

namespace AdvancedMl.Tests.Autodiff;

/// <summary>The engine's bookkeeping: accumulation and zeroing, no-grad, detach, error messages, second-order uses.</summary>
public class EngineTests
{
    [Fact]
    public void MicrogradExampleGivesHandComputedGradients()
    {
        // f = (a·b + c)², a = 2, b = −3, c = 10: f = 16, ∂f/∂a = 2(ab + c)·b = −24, ∂f/∂b = 2(ab + c)·a = 16, ∂f/∂c = 8.
        var a = Tensor.Parameter([2.0], 1);
        var b = Tensor.Parameter([-3.0], 1);
        var c = Tensor.Parameter([10.0], 1);
        var f = (a * b + c).Square().Sum();
        f.Backward();
        Assert.Equal(16.0, f.Item());
        Assert.Equal(-24.0, a.Grad!.Item());
        Assert.Equal(16.0, b.Grad!.Item());
        Assert.Equal(8.0, c.Grad!.Item());
    }

    [Fact]
    public void GradientsAccumulateAcrossBackwardCallsUntilZeroed()
    {
        var x = Tensor.Parameter([1.0, 2.0, 3.0], 3);
        (x * x).Sum().Backward();
        (x * 3.0).Sum().Backward();
        Assert.Equal([5.0, 7.0, 9.0], x.Grad!.Data);
        x.ZeroGrad();
        Assert.Equal([0.0, 0.0, 0.0], x.Grad!.Data);
        x.Exp().Sum().Backward();
        Assert.Equal(Math.Exp(2.0), x.Grad!.Data[1], 12);
    }

    [Fact]
    public void ANodeUsedTwiceReceivesBothContributions()
    {
        var x = Tensor.Parameter([3.0], 1);
        var y = x * 2.0;
        (y * y + y).Sum().Backward(); // d/dx (4x² + 2x) = 8x + 2
        Assert.Equal(26.0, x.Grad!.Item());
    }

    [Fact]
    public void NoGradRecordsNothingAndDetachStopsGradients()
    {
        var x = Tensor.Parameter([1.0, 2.0], 2);
        using (Autograd.NoGrad())
        {
            Assert.False(Autograd.IsGradEnabled);
            var y = (x * x).Sum();
            Assert.False(y.RequiresGrad);
            Assert.True(y.IsLeaf);
            Assert.Throws<InvalidOperationException>(() => y.Backward());
        }
        Assert.True(Autograd.IsGradEnabled);
        var z = (x * x.Detach()).Sum(); // d/dx treats the detached copy as a constant: gradient x, not 2x
        z.Backward();
        Assert.Equal([1.0, 2.0], x.Grad!.Data);
    }

    [Fact]
    public void GradLeavesDotGradUntouched()
    {
        var x = Tensor.Parameter([1.0, -1.0], 2);
        var g = Autograd.Grad(x.Exp().Sum(), [x]);
        Assert.Null(x.Grad);
        Assert.Equal(Math.Exp(-1.0), g[0].Data[1], 14);
        var unused = Tensor.Parameter([0.0], 1);
        Assert.Throws<ArgumentException>(() => Autograd.Grad(x.Sum(), [x, unused]));
        Assert.Equal([0.0], Autograd.Grad(x.Sum(), [x, unused], allowUnused: true)[1].Data);
    }

    [Fact]
    public void NonScalarBackwardNeedsAGradient()
    {
        var x = Tensor.Parameter([1.0, 2.0], 2);
        var y = x * 3.0;
        var error = Assert.Throws<ArgumentException>(() => y.Backward());
        Assert.Contains("non-scalar", error.Message);
        y.Backward(Tensor.FromArray([1.0, 10.0], 2));
        Assert.Equal([3.0, 30.0], x.Grad!.Data);
    }

    [Fact]
    public void ErrorsNameTheOpAndTheShapes()
    {
        var a = Tensor.Zeros(3, 4);
        Assert.Equal("Tensor.MatMul: inner dimensions differ; got [3×4] and [5×2].", Assert.Throws<ArgumentException>(() => a.MatMul(Tensor.Zeros(5, 2))).Message.Split(" (Parameter")[0]);
        Assert.Contains("Tensor.Add: shapes cannot be broadcast together; got [3×4] and [3]", Assert.Throws<ArgumentException>(() => a + Tensor.Zeros(3)).Message);
        Assert.Contains("Tensor.Reshape: sizes differ; cannot reshape [3×4] (12 values) to [5×2]", Assert.Throws<ArgumentException>(() => a.Reshape(5, 2)).Message);
        Assert.Contains("Loss.CrossEntropy: targets must lie in [0, 3]; got 4 at row 1", Assert.Throws<ArgumentException>(() => Loss.CrossEntropy(a, [0, 4, 1])).Message);
        Assert.Contains("Linear.Forward: input must be [n×2]; got [3×4]", Assert.Throws<ArgumentException>(() => new Linear(2, 1, new Random(0)).Forward(a)).Message);
        Assert.Contains("Tensor.Gather: index must lie in [0, 2]", Assert.Throws<ArgumentException>(() => a.Gather([3])).Message);
    }

    [Fact]
    public void HessianVectorProductOfAQuadraticIsTheMatrixTimesTheVector()
    {
        // f(x) = ½ xᵀ A x with symmetric A: ∇f = A x, H v = A v whatever x is.
        var a = Tensor.FromRows([[2.0, 1.0, 0.0], [1.0, 3.0, -1.0], [0.0, -1.0, 4.0]]);
        var x = Tensor.Parameter([0.3, -0.7, 1.1], 3, 1);
        var f = (x.T().MatMul(a).MatMul(x) * 0.5).Sum();
        var hv = Autograd.HessianVectorProduct(f, [x], [Tensor.FromArray([1.0, 2.0, 3.0], 3, 1)])[0];
        Assert.Equal([4.0, 4.0, 10.0], hv.Data.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void GradientThroughAnInnerSgdStepMatchesFiniteDifferences()
    {
        // Second-order MAML: outer(θ) = L_query(θ − α ∇L_support(θ)); check d outer/dθ against central differences.
        var rng = new Random(3);
        var net = Mlp.Create([2, 5, 1], ActivationKind.Tanh, rng);
        var xs = Tensor.RandomNormal(rng, 6, 2);
        var ys = Tensor.RandomNormal(rng, 6, 1);
        var xq = Tensor.RandomNormal(rng, 4, 2);
        var yq = Tensor.RandomNormal(rng, 4, 1);
        const double alpha = 0.3;
        Tensor Outer(IReadOnlyList<Tensor> theta)
        {
            var inner = Loss.Mse(net.Forward(xs, theta), ys);
            var g = Autograd.Grad(inner, theta, createGraph: true);
            var adapted = theta.Select((w, i) => w - alpha * g[i]).ToArray();
            return Loss.Mse(net.Forward(xq, adapted), yq);
        }
        var analytic = Autograd.Grad(Outer(net.Parameters), net.Parameters);
        for (int i = 0; i < net.Parameters.Count; i++)
            for (int j = 0; j < net.Parameters[i].Size; j++)
            {
                double Shifted(double h)
                {
                    var theta = net.Parameters.Select(p => Tensor.Parameter(p.Data, p.Shape)).ToArray();
                    theta[i].Data[j] += h;
                    return Outer(theta).Item();
                }
                double numeric = (Shifted(1e-5) - Shifted(-1e-5)) / 2e-5;
                Assert.True(Math.Abs(analytic[i].Data[j] - numeric) < 1e-7 * (1 + Math.Abs(numeric)), $"parameter {i}[{j}]: {analytic[i].Data[j]} vs {numeric}");
            }
        // First-order MAML (no createGraph) gives a different answer: the test would catch a silently dropped second-order term.
        var firstOrder = Autograd.Grad(Loss.Mse(net.Forward(xq, net.Parameters.Select((w, i) => w - alpha * Autograd.Grad(Loss.Mse(net.Forward(xs), ys), net.Parameters)[i]).ToArray()), yq), net.Parameters);
        Assert.NotEqual(analytic[0].Data[0], firstOrder[0].Data[0], 6);
    }

    [Fact]
    public void ShapesAndValuesOfConstructorsAndHelpers()
    {
        var t = Tensor.FromRows([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
        Assert.Equal([2, 3], t.Shape);
        Assert.Equal(6.0, t[1, 2]);
        Assert.Equal(3, t.Dim(-1));
        Assert.Equal([[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]], t.T().ToRows());
        Assert.Equal([2, 2], t.ArgMax(-1));
        Assert.Equal([1, 1, 1], t.ArgMax(0));
        Assert.Equal([], Tensor.Scalar(2.0).Shape);
        Assert.Equal(7.0, Tensor.Full(7.0, 2, 2)[1, 1]);
        Assert.Equal(Tensor.RandomNormal(new Random(1), 5).Data, Tensor.RandomNormal(new Random(1), 5).Data);
        Assert.All(Tensor.RandomUniform(new Random(2), -1, 1, 100).Data, v => Assert.InRange(v, -1, 1));
        var sm = Tensor.FromRows([[1000.0, 1001.0], [-5.0, -5.0]]).Softmax();
        Assert.Equal(1.0 / (1.0 + Math.E), sm[0, 0], 14);
        Assert.Equal(0.5, sm[1, 0], 14);
        Assert.Equal(Math.Log(1 + Math.Exp(-800.0)) + 800.0, Tensor.Scalar(800.0).Softplus().Item(), 10);
    }

    [Fact]
    public void StepScopeRecyclesStorageWithoutChangingResults()
    {
        static double[] Run(bool scoped)
        {
            var net = Mlp.Create([2, 40, 40, 1], ActivationKind.Silu, new Random(9));
            var opt = new Adam(net.Parameters, 1e-2);
            var x = Tensor.RandomNormal(new Random(1), 30, 2);
            var y = Tensor.RandomNormal(new Random(2), 30, 1);
            var losses = new double[20];
            for (int step = 0; step < losses.Length; step++)
            {
                using var scope = scoped ? Autograd.StepScope() : null;
                opt.ZeroGrad();
                var loss = Loss.Mse(net.Forward(x), y);
                loss.Backward();
                opt.Step();
                losses[step] = loss.Item();
            }
            return losses.Concat(net.Parameters.SelectMany(p => p.Data)).ToArray();
        }
        Assert.Equal(Run(scoped: false), Run(scoped: true));
    }

    [Fact]
    public void TensorsMadeInAStepScopeAreReleasedWhenItEnds()
    {
        var w = Tensor.Parameter([1.0, 2.0, 3.0, 4.0], 2, 2);
        Tensor inside, factory;
        using (Autograd.StepScope())
        {
            inside = (w.MatMul(w) * 2.0).Sum();
            inside.Backward();
            factory = Tensor.Zeros(2);
            Assert.Equal(2 * (7 + 10 + 15 + 22), inside.Item());
        }
        var error = Assert.Throws<ObjectDisposedException>(() => inside.Item());
        Assert.Contains("Autograd.StepScope", error.Message);
        Assert.Equal([0.0, 0.0], factory.Data);               // factories survive
        // and so do parameter gradients: ∂/∂W[a, b] Σ(WW) = (row sum b of W) + (column sum a of W)
        Assert.Equal([2.0 * (3 + 4), 2.0 * (7 + 4), 2.0 * (3 + 6), 2.0 * (7 + 6)], w.Grad!.Data);
    }
}
