using static System.FormattableString;

namespace AdvancedMl.Autodiff;

/// <summary>
/// A dense, row-major tensor of doubles and a node of the computation graph (micrograd's Value, grown to arrays).
/// Each op computes its result and, right beside it, a local backward rule that maps the gradient of the result to
/// gradients of its inputs; <see cref="Backward"/> runs those rules in reverse topological order.
/// </summary>
/// <remarks>
/// The backward rules are written with differentiable ops, so when the engine runs them with the graph switched on
/// (createGraph) the gradients are themselves differentiable (double backward, notebook 11's second-order MAML).
/// With the graph off, the hot ops take a fused kernel path (lib/Autodiff/Kernels) that computes the same numbers.
/// </remarks>
public sealed partial class Tensor
{
    internal double[] _data;
    internal readonly int[] _shape;
    private Tensor[] _parents = [];
    private Func<Tensor, Tensor?[]>? _backward;
    private bool _requiresGrad;

    internal Tensor(double[] data, int[] shape, string op = "leaf")
    {
        _data = data;
        _shape = shape;
        Op = op;
    }

    // ---------------------------------------------------------------- construction

    /// <summary>A new leaf tensor of the given shape holding a copy of data (row-major).</summary>
    public static Tensor FromArray(double[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        Shapes.CheckShape(shape, "Tensor.FromArray");
        if (Shapes.Size(shape) != data.Length)
            throw new ArgumentException(Invariant($"Tensor.FromArray: data length must equal the product of the shape; got {data.Length} values for shape {Shapes.Format(shape)}."), nameof(data));
        return new Tensor((double[])data.Clone(), (int[])shape.Clone());
    }

    /// <summary>A new leaf 2-D tensor [rows × columns] copied from jagged rows of equal length.</summary>
    public static Tensor FromRows(double[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Length == 0) throw new ArgumentException("Tensor.FromRows: rows must not be empty; got 0 rows.", nameof(rows));
        int d = rows[0].Length;
        var data = new double[rows.Length * d];
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i].Length != d)
                throw new ArgumentException(Invariant($"Tensor.FromRows: every row must have {d} values like row 0; got {rows[i].Length} in row {i}."), nameof(rows));
            rows[i].CopyTo(data, i * d);
        }
        return new Tensor(data, [rows.Length, d]);
    }

    /// <summary>A rank-0 (shape []) leaf tensor holding one value.</summary>
    public static Tensor Scalar(double value) => new([value], []);

    /// <summary>A leaf tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => Full(0.0, shape);

    /// <summary>A leaf tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(1.0, shape);

    /// <summary>A leaf tensor with every element equal to value.</summary>
    public static Tensor Full(double value, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shapes.CheckShape(shape, "Tensor.Full");
        var data = new double[Shapes.Size(shape)];
        if (value != 0.0) Array.Fill(data, value);
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>A leaf tensor of iid standard normal draws (Box–Muller on rng, so a seeded rng gives the same values).</summary>
    public static Tensor RandomNormal(Random rng, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Zeros(shape);
        Sampling.FillNormal(rng, t._data, 0.0, 1.0);
        return t;
    }

    /// <summary>A leaf tensor of iid U(low, high) draws from rng.</summary>
    public static Tensor RandomUniform(Random rng, double low, double high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(high > low) || !double.IsFinite(low) || !double.IsFinite(high))
            throw new ArgumentException(Invariant($"Tensor.RandomUniform: need finite low < high; got low {low}, high {high}."), nameof(high));
        var t = Zeros(shape);
        for (int i = 0; i < t._data.Length; i++) t._data[i] = low + (high - low) * rng.NextDouble();
        return t;
    }

    /// <summary>A trainable leaf (RequiresGrad = true) holding a copy of data.</summary>
    public static Tensor Parameter(double[] data, params int[] shape)
    {
        var t = FromArray(data, shape);
        t.RequiresGrad = true;
        return t;
    }

    // ---------------------------------------------------------------- state

    /// <summary>The sizes of the axes (a copy).</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>The number of axes.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements (product of the shape).</summary>
    public int Size => _data?.Length ?? Shapes.Size(_shape);

    /// <summary>The size of one axis; negative axes count from the end (-1 is the last).</summary>
    public int Dim(int axis) => _shape[Shapes.Axis(axis, Rank, "Tensor.Dim")];

    /// <summary>The storage itself, row-major, length Size. Mutate only leaves, and not while a graph still uses them.</summary>
    public double[] Data => Live(nameof(Data));

    /// <summary>The name of the op that produced this tensor ("leaf" for tensors made directly).</summary>
    public string Op { get; }

    /// <summary>True when no op produced this tensor inside a recorded graph (it has no backward rule).</summary>
    public bool IsLeaf => _backward is null;

    /// <summary>The inputs of the op that produced this tensor (empty for leaves).</summary>
    public IReadOnlyList<Tensor> Parents => _parents;

    /// <summary>Whether gradients flow to this tensor; settable on leaves only (outputs inherit it from their inputs).</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (!IsLeaf) throw new InvalidOperationException(Invariant($"Tensor.RequiresGrad: can only be set on leaves; this tensor was made by {Op}."));
            _requiresGrad = value;
        }
    }

    /// <summary>The gradient accumulated by <see cref="Backward"/> (same shape), or null before the first backward pass.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>The value of a one-element tensor.</summary>
    public double Item()
    {
        if (Live(nameof(Item)).Length != 1)
            throw new InvalidOperationException(Invariant($"Tensor.Item: needs exactly one element; got shape {Shapes.Format(_shape)}."));
        return _data[0];
    }

    /// <summary>One element, addressed by one index per axis.</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public double this[params int[] index] => Live("[]")[Shapes.Offset(_shape, index, "Tensor[]")];

    /// <summary>A copy of the values, row-major.</summary>
    public double[] ToArray() => (double[])Live(nameof(ToArray)).Clone();

    /// <summary>The values of a 2-D tensor as jagged rows (a copy).</summary>
    public double[][] ToRows()
    {
        Shapes.RequireRank(this, 2, "Tensor.ToRows");
        Live(nameof(ToRows));
        int m = _shape[0], n = _shape[1];
        var rows = new double[m][];
        for (int i = 0; i < m; i++) rows[i] = _data.AsSpan(i * n, n).ToArray();
        return rows;
    }

    /// <summary>The shape and the first few values, e.g. "Tensor [2×3] (Add) 0.1, 0.2, …".</summary>
    public override string ToString()
    {
        if (_data is null) return Invariant($"Tensor {Shapes.Format(_shape)} ({Op}, released by its step scope)");
        var head = string.Join(", ", _data.Take(6).Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
        return Invariant($"Tensor {Shapes.Format(_shape)} ({Op}) {head}{(_data.Length > 6 ? ", …" : "")}");
    }

    // ---------------------------------------------------------------- graph

    /// <summary>
    /// Reverse-mode sweep from this tensor: adds d(this)/d(leaf) into the Grad of every reachable leaf that requires grad.
    /// gradient defaults to 1 for a one-element tensor; with createGraph the accumulated gradients stay differentiable.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool createGraph = false) => Autograd.BackwardInto(this, gradient, createGraph);

    /// <summary>Sets Grad to zeros in place (keeps the buffer; does nothing when Grad is null).</summary>
    public void ZeroGrad()
    {
        if (Grad is null) return;
        if (Grad.IsLeaf) Array.Clear(Grad._data);
        else Grad = Zeros(_shape);
    }

    /// <summary>The same values (shared storage) cut from the graph: no history, RequiresGrad = false (stop-gradient).</summary>
    public Tensor Detach() => Made(Live(nameof(Detach)), _shape, "leaf");

    /// <summary>A copy of the values that stays in the graph (identity op).</summary>
    public Tensor Clone() => Result("Clone", (double[])_data.Clone(), _shape, [this], g => [g]);

    /// <summary>Wraps the result of an op: records parents and the backward rule when grad mode is on and any input requires grad.</summary>
    internal static Tensor Result(string op, double[] data, int[] shape, Tensor[] parents, Func<Tensor, Tensor?[]> backward)
    {
        var t = Made(data, shape, op);
        if (!Autograd.IsGradEnabled) return t;
        foreach (var p in parents)
            if (p._requiresGrad)
            {
                t._requiresGrad = true;
                t._parents = parents;
                t._backward = backward;
                return t;
            }
        return t;
    }

    /// <summary>A tensor made by an op outside Result (constants, fast-path gradients): registered with the current step scope.</summary>
    internal static Tensor Made(double[] data, int[] shape, string op)
    {
        var t = new Tensor(data, shape, op);
        Storage.Register(t);
        return t;
    }

    /// <summary>Called when the step scope that made this tensor ends: drops the storage (now recycled) and the graph.</summary>
    internal void Release()
    {
        _data = null!;
        _parents = [];
        _backward = null;
        Grad = null;
    }

    private double[] Live(string member) => _data ?? throw new ObjectDisposedException(nameof(Tensor), Storage.ReleasedMessage(this, member));

    /// <summary>Runs this node's backward rule on the gradient of its output.</summary>
    internal Tensor?[] RunBackward(Tensor gradient) => _backward!(gradient);

    /// <summary>True for a shape equal to this tensor's.</summary>
    internal bool SameShape(Tensor other) => Shapes.Equal(_shape, other._shape);
}
