using System.Runtime.CompilerServices;
using static System.FormattableString;

namespace AdvancedMl.Autodiff;

/// <summary>The reverse-mode engine: grad mode (no_grad), the backward sweep, gradients of any order, Hessian–vector products.</summary>
public static class Autograd
{
    [ThreadStatic] private static int _noGradDepth;

    /// <summary>False inside a <see cref="NoGrad"/> scope: ops then record no graph.</summary>
    public static bool IsGradEnabled => _noGradDepth == 0;

    /// <summary>A scope (use with `using`) inside which ops record no graph — evaluation and parameter updates (torch.no_grad).</summary>
    public static IDisposable NoGrad() => new GradMode(_noGradDepth + 1);

    /// <summary>
    /// The gradients d output / d inputs (notebook 11's ∇θ L), without touching any .Grad. gradOutput defaults to 1 for a
    /// one-element output. With createGraph the results are differentiable (double backward); an input the output does
    /// not depend on throws unless allowUnused (then its gradient is zeros).
    /// </summary>
    public static Tensor[] Grad(Tensor output, IReadOnlyList<Tensor> inputs, Tensor? gradOutput = null, bool createGraph = false, bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Count; i++)
            if (!inputs[i].RequiresGrad)
                throw new ArgumentException(Invariant($"Autograd.Grad: inputs[{i}] does not require grad (shape {Shapes.Format(inputs[i]._shape)})."), nameof(inputs));
        var pending = Sweep(output, gradOutput, createGraph, "Autograd.Grad");
        var result = new Tensor[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            if (pending.TryGetValue(inputs[i], out var g)) result[i] = createGraph || g.IsLeaf ? g : g.Detach();
            else if (allowUnused) result[i] = Tensor.Zeros(inputs[i]._shape);
            else throw new ArgumentException(Invariant($"Autograd.Grad: output does not depend on inputs[{i}] (shape {Shapes.Format(inputs[i]._shape)}); pass allowUnused: true to get zeros."), nameof(inputs));
        }
        return result;
    }

    /// <summary>The exact Hessian–vector products H·v of a scalar output (d/dθ of ⟨∇θ output, v⟩), by double backward.</summary>
    public static Tensor[] HessianVectorProduct(Tensor output, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count != inputs.Count)
            throw new ArgumentException(Invariant($"Autograd.HessianVectorProduct: need one vector per input; got {vectors.Count} vectors for {inputs.Count} inputs."), nameof(vectors));
        var grads = Grad(output, inputs, createGraph: true);
        Tensor dot = Tensor.Scalar(0.0);
        for (int i = 0; i < grads.Length; i++)
        {
            if (!grads[i].SameShape(vectors[i]))
                throw new ArgumentException(Invariant($"Autograd.HessianVectorProduct: vectors[{i}] must have shape {Shapes.Format(inputs[i]._shape)}; got {Shapes.Format(vectors[i]._shape)}."), nameof(vectors));
            dot = dot + (grads[i] * vectors[i].Detach()).Sum();
        }
        return Grad(dot, inputs, allowUnused: true);
    }

    /// <summary>
    /// A scope (use with `using`, typically one per training step) inside which op outputs take their storage from a
    /// per-thread pool; when it ends, every tensor an op made inside it is released (reading one afterwards throws) and
    /// its storage is reused by the next scope. Tensors made by factories (FromArray, Zeros, initialisers) and parameters'
    /// .Grad survive. Read what you keep (loss.Item(), ToArray) before the scope ends.
    /// </summary>
    public static IDisposable StepScope() => Storage.Open();

    /// <summary>Tensor.Backward: one sweep, then add each leaf's gradient into its .Grad.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void BackwardInto(Tensor output, Tensor? gradOutput, bool createGraph)
    {
        var pending = Sweep(output, gradOutput, createGraph, "Tensor.Backward");
        foreach (var (node, g) in pending)
        {
            if (!node.IsLeaf || !node.RequiresGrad) continue;
            if (createGraph || (node.Grad is not null && !node.Grad.IsLeaf))
                node.Grad = node.Grad is null ? g : node.Grad + g;
            else if (node.Grad is null)
                node.Grad = new Tensor((double[])g._data.Clone(), node._shape);
            else
                Kernels.Elementwise.AddInPlace(node.Grad._data, g._data);
        }
    }

    /// <summary>
    /// The backward sweep (micrograd's): topologically sort the graph under output, then visit nodes from the output
    /// down, handing each node's accumulated gradient to its backward rule and summing what comes back per input.
    /// Returns the gradient of every node reached (leaves included).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Dictionary<Tensor, Tensor> Sweep(Tensor output, Tensor? gradOutput, bool createGraph, string method)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.RequiresGrad)
            throw new InvalidOperationException($"{method}: the output does not require grad (no input of its graph has RequiresGrad = true, or it was computed under NoGrad).");
        Tensor seed;
        if (gradOutput is null)
        {
            if (output.Size != 1)
                throw new ArgumentException(Invariant($"{method}: a gradient argument is needed for a non-scalar output; got shape {Shapes.Format(output._shape)}."), nameof(gradOutput));
            seed = Tensor.Ones(output._shape);
        }
        else
        {
            if (!gradOutput.SameShape(output))
                throw new ArgumentException(Invariant($"{method}: gradient must have the output's shape {Shapes.Format(output._shape)}; got {Shapes.Format(gradOutput._shape)}."), nameof(gradOutput));
            seed = createGraph ? gradOutput : gradOutput.Detach();
        }

        var order = TopologicalOrder(output);
        var pending = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance) { [output] = seed };
        var owned = new HashSet<Tensor>(ReferenceEqualityComparer.Instance); // gradients whose buffer the sweep may add into
        using var mode = new GradMode(createGraph ? 0 : _noGradDepth + 1);
        for (int n = order.Count - 1; n >= 0; n--)
        {
            var node = order[n];
            if (node.IsLeaf || !pending.TryGetValue(node, out var g)) continue;
            var parentGrads = node.RunBackward(g);
            var parents = node.Parents;
            for (int i = 0; i < parents.Count; i++)
            {
                var p = parents[i];
                var gp = parentGrads[i];
                if (gp is null || !p.RequiresGrad) continue;
                if (!pending.TryGetValue(p, out var existing)) pending[p] = gp;
                else if (createGraph) pending[p] = existing + gp;
                else if (owned.Contains(existing)) Kernels.Elementwise.AddInPlace(existing._data, gp._data);
                else
                {
                    var sum = Tensor.Made(Kernels.Elementwise.Sum(existing._data, gp._data), p._shape, "accumulated");
                    owned.Add(sum);
                    pending[p] = sum;
                }
            }
        }
        return pending;
    }

    /// <summary>Nodes that require grad, each after all of its inputs (iterative depth-first search).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance) { root };
        var stack = new Stack<(Tensor Node, int NextParent)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var parents = node.Parents;
            if (next < parents.Count)
            {
                stack.Push((node, next + 1));
                var p = parents[next];
                if (p.RequiresGrad && visited.Add(p)) stack.Push((p, 0));
            }
            else order.Add(node);
        }
        return order;
    }

    /// <summary>Sets the no-grad depth for a scope and restores it on Dispose.</summary>
    private sealed class GradMode : IDisposable
    {
        private readonly int _saved;
        private bool _disposed;

        public GradMode(int depth)
        {
            _saved = _noGradDepth;
            _noGradDepth = depth;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _noGradDepth = _saved;
        }
    }
}
