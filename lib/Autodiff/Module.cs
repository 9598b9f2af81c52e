using System.Runtime.CompilerServices;
using static System.FormattableString;

namespace AdvancedMl.Autodiff;

/// <summary>
/// A network part with trainable parameters (torch.nn.Module). Forward(x) uses the module's own parameters;
/// Forward(x, parameters) evaluates the same function with other tensors in their place (torch.func.functional_call),
/// which is how notebook 11's MAML evaluates the adapted weights θ − α∇L while keeping the graph back to θ.
/// </summary>
public abstract class Module
{
    /// <summary>The trainable tensors, in a fixed order (the order Forward(x, parameters) expects).</summary>
    public abstract IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The sub-modules (empty for a single layer).</summary>
    public virtual IReadOnlyList<Module> Children => [];

    /// <summary>True in training mode (dropout active); set by Train() and Eval().</summary>
    public bool Training { get; private set; } = true;

    /// <summary>The number of trainable scalars.</summary>
    public int ParameterCount => Parameters.Sum(p => p.Size);

    /// <summary>Applies the module to input with its own parameters.</summary>
    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Apply(input, Parameters, 0);
    }

    /// <summary>Applies the module to input with the given tensors in place of Parameters (same count, order and shapes).</summary>
    public Tensor Forward(Tensor input, IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(parameters);
        var own = Parameters;
        if (parameters.Count != own.Count)
            throw new ArgumentException(Invariant($"{GetType().Name}.Forward: expected {own.Count} parameter tensors; got {parameters.Count}."), nameof(parameters));
        for (int i = 0; i < own.Count; i++)
            if (!own[i].SameShape(parameters[i]))
                throw new ArgumentException(Invariant($"{GetType().Name}.Forward: parameters[{i}] must have shape {Shapes.Format(own[i]._shape)}; got {Shapes.Format(parameters[i]._shape)}."), nameof(parameters));
        return Apply(input, parameters, 0);
    }

    /// <summary>The forward computation using parameters[offset …] in the order of Parameters.</summary>
    protected internal abstract Tensor Apply(Tensor input, IReadOnlyList<Tensor> parameters, int offset);

    /// <summary>Switches this module and its children to training mode.</summary>
    public void Train() => SetTraining(true);

    /// <summary>Switches this module and its children to evaluation mode (dropout off).</summary>
    public void Eval() => SetTraining(false);

    private void SetTraining(bool training)
    {
        Training = training;
        foreach (var child in Children) child.SetTraining(training);
    }

    /// <summary>Zeroes the gradient of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.ZeroGrad();
    }

    /// <summary>Copies the parameter values of a module with the same architecture (a target network's initial copy).</summary>
    public void CopyParametersFrom(Module source) => EmaUpdateFrom(source, 0.0);

    /// <summary>θ ← decay·θ + (1 − decay)·θ_source for every parameter (the EMA target network of BYOL, notebook 13).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void EmaUpdateFrom(Module source, double decay)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!(decay >= 0.0 && decay <= 1.0))
            throw new ArgumentException(Invariant($"{GetType().Name}.EmaUpdateFrom: decay must lie in [0, 1]; got {decay}."), nameof(decay));
        var mine = Parameters;
        var theirs = source.Parameters;
        if (mine.Count != theirs.Count)
            throw new ArgumentException(Invariant($"{GetType().Name}.EmaUpdateFrom: source has {theirs.Count} parameter tensors; expected {mine.Count}."), nameof(source));
        for (int i = 0; i < mine.Count; i++)
        {
            if (!mine[i].SameShape(theirs[i]))
                throw new ArgumentException(Invariant($"{GetType().Name}.EmaUpdateFrom: source parameter {i} has shape {Shapes.Format(theirs[i]._shape)}; expected {Shapes.Format(mine[i]._shape)}."), nameof(source));
            var t = mine[i]._data;
            var s = theirs[i]._data;
            for (int j = 0; j < t.Length; j++) t[j] = decay * t[j] + (1.0 - decay) * s[j];
        }
    }
}

/// <summary>Which elementwise nonlinearity an Activation module or an MLP uses.</summary>
public enum ActivationKind
{
    /// <summary>No nonlinearity.</summary>
    Identity,
    /// <summary>max(x, 0).</summary>
    Relu,
    /// <summary>x for x &gt; 0, slope·x otherwise.</summary>
    LeakyRelu,
    /// <summary>x·σ(x) (swish).</summary>
    Silu,
    /// <summary>tanh x.</summary>
    Tanh,
    /// <summary>1 / (1 + e⁻ˣ).</summary>
    Sigmoid,
    /// <summary>x·Φ(x), exact.</summary>
    Gelu,
}

/// <summary>y = x·W + b with W [in×out] and b [out] (torch.nn.Linear, stored transposed so the forward is a plain product).</summary>
public sealed class Linear : Module
{
    private readonly Tensor[] _parameters;

    /// <summary>A layer in → out with weights drawn from rng by init (default: PyTorch's U(±1/√in) for W and b).</summary>
    public Linear(int inFeatures, int outFeatures, Random rng, bool bias = true, WeightInit init = WeightInit.Default)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (inFeatures < 1 || outFeatures < 1)
            throw new ArgumentException(Invariant($"Linear: inFeatures and outFeatures must be at least 1; got {inFeatures} and {outFeatures}."), nameof(inFeatures));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        double bound = 1.0 / Math.Sqrt(inFeatures);
        Weight = init switch
        {
            WeightInit.XavierUniform => Init.XavierUniform(inFeatures, outFeatures, rng),
            WeightInit.XavierNormal => Init.XavierNormal(inFeatures, outFeatures, rng),
            WeightInit.KaimingUniform => Init.KaimingUniform(inFeatures, outFeatures, rng),
            WeightInit.KaimingNormal => Init.KaimingNormal(inFeatures, outFeatures, rng),
            _ => Init.Uniform(inFeatures, outFeatures, bound, rng, "Linear"),
        };
        if (bias)
        {
            Bias = Tensor.Zeros(outFeatures);
            if (init == WeightInit.Default)
                for (int j = 0; j < outFeatures; j++) Bias._data[j] = bound * (2.0 * rng.NextDouble() - 1.0);
            Bias.RequiresGrad = true;
        }
        _parameters = Bias is null ? [Weight] : [Weight, Bias];
    }

    /// <summary>Number of input features.</summary>
    public int InFeatures { get; }

    /// <summary>Number of output features.</summary>
    public int OutFeatures { get; }

    /// <summary>The weights [in×out].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias [out], or null for a layer built with bias: false.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Tensor> Parameters => _parameters;

    /// <inheritdoc/>
    protected internal override Tensor Apply(Tensor input, IReadOnlyList<Tensor> parameters, int offset)
    {
        if (input.Rank != 2 || input._shape[1] != InFeatures)
            throw new ArgumentException(Invariant($"Linear.Forward: input must be [n×{InFeatures}]; got {Shapes.Format(input._shape)}."), nameof(input));
        // Readable form: input.MatMul(W) + b; Tensor.Linear computes the same in one pass.
        return Bias is null ? input.MatMul(parameters[offset]) : Tensor.Linear(input, parameters[offset], parameters[offset + 1]);
    }
}

/// <summary>An elementwise nonlinearity as a module (for Sequential).</summary>
public sealed class Activation(ActivationKind kind, double slope = 0.01) : Module
{
    /// <summary>The nonlinearity.</summary>
    public ActivationKind Kind { get; } = kind;

    /// <inheritdoc/>
    public override IReadOnlyList<Tensor> Parameters => [];

    /// <inheritdoc/>
    protected internal override Tensor Apply(Tensor input, IReadOnlyList<Tensor> parameters, int offset) => Kind switch
    {
        ActivationKind.Relu => input.Relu(),
        ActivationKind.LeakyRelu => input.LeakyRelu(slope),
        ActivationKind.Silu => input.Silu(),
        ActivationKind.Tanh => input.Tanh(),
        ActivationKind.Sigmoid => input.Sigmoid(),
        ActivationKind.Gelu => input.Gelu(),
        _ => input,
    };
}

/// <summary>Inverted dropout as a module: active only in training mode, masks drawn from its own seeded generator.</summary>
public sealed class Dropout : Module
{
    private readonly Random _rng;

    /// <summary>Drops each entry with probability p (0 ≤ p &lt; 1); masks come from new Random(seed).</summary>
    public Dropout(double p, int seed)
    {
        if (!(p >= 0.0 && p < 1.0)) throw new ArgumentException(Invariant($"Dropout: p must lie in [0, 1); got {p}."), nameof(p));
        P = p;
        _rng = new Random(seed);
    }

    /// <summary>The drop probability.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Tensor> Parameters => [];

    /// <inheritdoc/>
    protected internal override Tensor Apply(Tensor input, IReadOnlyList<Tensor> parameters, int offset) => input.Dropout(P, _rng, Training);
}

/// <summary>Layer normalisation over the last axis: (x − mean)/√(var + eps)·gain + bias (Ba et al. 2016).</summary>
public sealed class LayerNorm : Module
{
    private readonly Tensor[] _parameters;

    /// <summary>Normalises `features` values per row; gain starts at 1 and bias at 0.</summary>
    public LayerNorm(int features, double eps = 1e-5)
    {
        if (features < 1) throw new ArgumentException(Invariant($"LayerNorm: features must be at least 1; got {features}."), nameof(features));
        if (!(eps > 0)) throw new ArgumentException(Invariant($"LayerNorm: eps must be positive; got {eps}."), nameof(eps));
        Features = features;
        Eps = eps;
        Gain = Tensor.Ones(features);
        Gain.RequiresGrad = true;
        Bias = Tensor.Zeros(features);
        Bias.RequiresGrad = true;
        _parameters = [Gain, Bias];
    }

    /// <summary>Size of the normalised (last) axis.</summary>
    public int Features { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; }

    /// <summary>Learnable scale [features].</summary>
    public Tensor Gain { get; }

    /// <summary>Learnable shift [features].</summary>
    public Tensor Bias { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Tensor> Parameters => _parameters;

    /// <inheritdoc/>
    protected internal override Tensor Apply(Tensor input, IReadOnlyList<Tensor> parameters, int offset)
    {
        if (input.Rank < 1 || input._shape[^1] != Features)
            throw new ArgumentException(Invariant($"LayerNorm.Forward: last axis must have size {Features}; got {Shapes.Format(input._shape)}."), nameof(input));
        var centred = input - input.Mean(-1, keepDim: true);
        var variance = centred.Square().Mean(-1, keepDim: true);
        return centred / (variance + Eps).Sqrt() * parameters[offset] + parameters[offset + 1];
    }
}

/// <summary>A lookup table of learnable vectors (torch.nn.Embedding), initialised N(0, 1).</summary>
public sealed class Embedding : Module
{
    private readonly Tensor[] _parameters;

    /// <summary>count vectors of size dim drawn N(0, 1) from rng.</summary>
    public Embedding(int count, int dim, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (count < 1 || dim < 1) throw new ArgumentException(Invariant($"Embedding: count and dim must be at least 1; got {count} and {dim}."), nameof(count));
        Weight = Tensor.RandomNormal(rng, count, dim);
        Weight.RequiresGrad = true;
        _parameters = [Weight];
    }

    /// <summary>The table [count×dim].</summary>
    public Tensor Weight { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>The rows of the table for the given indices → [n×dim].</summary>
    public Tensor Forward(int[] indices) => Weight.Gather(indices);

    /// <summary>Looks up a tensor of whole-number indices (any shape, flattened) → [n×dim].</summary>
    protected internal override Tensor Apply(Tensor input, IReadOnlyList<Tensor> parameters, int offset)
    {
        var indices = new int[input.Size];
        for (int i = 0; i < indices.Length; i++)
        {
            double v = input._data[i];
            if (v != Math.Floor(v)) throw new ArgumentException(Invariant($"Embedding.Forward: indices must be whole numbers; got {v} at position {i}."), nameof(input));
            indices[i] = (int)v;
        }
        return parameters[offset].Gather(indices);
    }
}

/// <summary>Layers applied in order (torch.nn.Sequential); its Parameters are the layers' parameters in order.</summary>
public sealed class Sequential : Module
{
    private readonly Module[] _layers;
    private readonly Tensor[] _parameters;

    /// <summary>Chains the layers.</summary>
    public Sequential(params Module[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0) throw new ArgumentException("Sequential: needs at least one layer; got 0.", nameof(layers));
        _layers = (Module[])layers.Clone();
        _parameters = _layers.SelectMany(l => l.Parameters).ToArray();
    }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    /// <inheritdoc/>
    public override IReadOnlyList<Module> Children => _layers;

    /// <inheritdoc/>
    public override IReadOnlyList<Tensor> Parameters => _parameters;

    /// <inheritdoc/>
    protected internal override Tensor Apply(Tensor input, IReadOnlyList<Tensor> parameters, int offset)
    {
        var x = input;
        foreach (var layer in _layers)
        {
            x = layer.Apply(x, parameters, offset);
            offset += layer.Parameters.Count;
        }
        return x;
    }
}

/// <summary>Builds multi-layer perceptrons.</summary>
public static class Mlp
{
    /// <summary>Linear(sizes[0]→sizes[1]), activation, [dropout], …, Linear(→sizes[^1]) with no activation after the last layer.</summary>
    public static Sequential Create(int[] sizes, ActivationKind activation, Random rng, WeightInit init = WeightInit.Default, double dropout = 0.0)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(rng);
        if (sizes.Length < 2) throw new ArgumentException(Invariant($"Mlp.Create: sizes needs at least an input and an output size; got {sizes.Length} sizes."), nameof(sizes));
        if (!(dropout >= 0.0 && dropout < 1.0)) throw new ArgumentException(Invariant($"Mlp.Create: dropout must lie in [0, 1); got {dropout}."), nameof(dropout));
        var layers = new List<Module>();
        for (int i = 0; i + 1 < sizes.Length; i++)
        {
            layers.Add(new Linear(sizes[i], sizes[i + 1], rng, bias: true, init));
            if (i + 2 < sizes.Length)
            {
                layers.Add(new Activation(activation));
                if (dropout > 0) layers.Add(new Dropout(dropout, rng.Next()));
            }
        }
        return new Sequential([.. layers]);
    }
}
