using AdvancedMl.Autodiff;

namespace AdvancedMl.Tests.Autodiff;

/// <summary>Central-difference checks of reverse-mode gradients (first order, and second order through Autograd.Grad with createGraph).</summary>
internal static class GradientCheck
{
    /// <summary>
    /// Compares d/dx of L(x) = Σ f(x)·w (w fixed random weights, so every output element matters) from the engine with
    /// central differences (L(x + h eᵢ) − L(x − h eᵢ)) / 2h, for every element of every input.
    /// </summary>
    public static void FirstOrder(Func<Tensor[], Tensor> f, Tensor[] inputs, double tolerance = 1e-6, int seed = 99)
    {
        var weights = OutputWeights(f, inputs, seed);
        Func<Tensor[], Tensor> scalar = xs => (f(xs) * weights).Sum();
        Compare(scalar, inputs, tolerance, "first order");
    }

    /// <summary>
    /// Second order: with G(x) = ∇ₓ L(x) computed by the engine under createGraph, checks d/dx Σ G(x)·v (v random) from a
    /// second backward pass against central differences of that same first-order quantity.
    /// </summary>
    public static void SecondOrder(Func<Tensor[], Tensor> f, Tensor[] inputs, double tolerance = 1e-5, int seed = 98)
    {
        var weights = OutputWeights(f, inputs, seed);
        var rng = new Random(seed + 1);
        var directions = inputs.Select(x => Tensor.RandomNormal(rng, x.Shape)).ToArray();
        Func<Tensor[], Tensor> gradientDotV = xs =>
        {
            var loss = (f(xs) * weights).Sum();
            var grads = Autograd.Grad(loss, xs, createGraph: true, allowUnused: true);
            Tensor total = Tensor.Scalar(0.0);
            for (int i = 0; i < xs.Length; i++) total = total + (grads[i] * directions[i]).Sum();
            return total;
        };
        Compare(gradientDotV, inputs, tolerance, "second order");
    }

    private static Tensor OutputWeights(Func<Tensor[], Tensor> f, Tensor[] inputs, int seed)
    {
        using var _ = Autograd.NoGrad();
        var shape = f(inputs.Select(x => x.Detach()).ToArray()).Shape;
        return Tensor.RandomNormal(new Random(seed), shape);
    }

    private static void Compare(Func<Tensor[], Tensor> scalar, Tensor[] inputs, double tolerance, string order)
    {
        var leaves = inputs.Select(Leaf).ToArray();
        var value = scalar(leaves);
        // A gradient that does not depend on x (a linear op's) carries no graph: its derivative is zero.
        var analytic = value.RequiresGrad ? Autograd.Grad(value, leaves, allowUnused: true) : leaves.Select(x => Tensor.Zeros(x.Shape)).ToArray();
        const double h = 1e-5;
        for (int i = 0; i < inputs.Length; i++)
        {
            var values = inputs[i].ToArray();
            for (int j = 0; j < values.Length; j++)
            {
                double Evaluate(double delta)
                {
                    var shifted = (double[])values.Clone();
                    shifted[j] += delta;
                    var xs = leaves.Select(Leaf).ToArray();
                    xs[i] = Tensor.Parameter(shifted, inputs[i].Shape);
                    return scalar(xs).Item();
                }
                double numeric = (Evaluate(h) - Evaluate(-h)) / (2 * h);
                double got = analytic[i].Data[j];
                Assert.True(Math.Abs(got - numeric) <= tolerance * (1 + Math.Abs(numeric)),
                    $"{order}: input {i} element {j}: engine {got:R}, finite difference {numeric:R}");
            }
        }
    }

    private static Tensor Leaf(Tensor x) => Tensor.Parameter(x.ToArray(), x.Shape);
}
