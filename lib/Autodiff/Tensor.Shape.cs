using System.Runtime.CompilerServices;
using static System.FormattableString;

namespace AdvancedMl.Autodiff;

public sealed partial class Tensor
{
    /// <summary>The same values viewed with another shape of equal size (one axis may be −1: inferred); shares storage.</summary>
    public Tensor Reshape(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var resolved = (int[])shape.Clone();
        int infer = Array.IndexOf(resolved, -1);
        if (infer >= 0)
        {
            int known = 1;
            for (int i = 0; i < resolved.Length; i++) if (i != infer) known *= resolved[i];
            if (known <= 0 || _data.Length % known != 0)
                throw new ArgumentException(Invariant($"Tensor.Reshape: cannot reshape {Shapes.Format(_shape)} to {Shapes.Format(shape)}."), nameof(shape));
            resolved[infer] = _data.Length / known;
        }
        foreach (int d in resolved)
            if (d < 1) throw new ArgumentException(Invariant($"Tensor.Reshape: cannot reshape {Shapes.Format(_shape)} to {Shapes.Format(shape)}."), nameof(shape));
        if (Shapes.Size(resolved) != _data.Length)
            throw new ArgumentException(Invariant($"Tensor.Reshape: sizes differ; cannot reshape {Shapes.Format(_shape)} ({_data.Length} values) to {Shapes.Format(shape)}."), nameof(shape));
        if (Shapes.Equal(resolved, _shape)) return this;
        var from = _shape;
        return Result("Reshape", _data, resolved, [this], g => [g.Reshape(from)]);
    }

    /// <summary>Joins tensors along an axis (all other axes equal); backward slices the gradient back into the parts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Tensor Concat(IReadOnlyList<Tensor> parts, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("Tensor.Concat: parts must not be empty; got 0 tensors.", nameof(parts));
        var first = parts[0];
        int ax = Shapes.Axis(axis, first.Rank, "Tensor.Concat");
        int total = 0;
        foreach (var p in parts)
        {
            bool ok = p.Rank == first.Rank;
            for (int i = 0; ok && i < p.Rank; i++) ok = i == ax || p._shape[i] == first._shape[i];
            if (!ok)
                throw new ArgumentException(Invariant($"Tensor.Concat: shapes must agree except on axis {ax}; got {string.Join(" and ", parts.Select(q => Shapes.Format(q._shape)))}."), nameof(parts));
            total += p._shape[ax];
        }
        var shape = (int[])first._shape.Clone();
        shape[ax] = total;
        var (outer, _, inner) = Shapes.Around(shape, ax);
        var result = Storage.Rent(Shapes.Size(shape));
        int offset = 0;
        var starts = new int[parts.Count];
        for (int j = 0; j < parts.Count; j++)
        {
            var p = parts[j];
            int block = p._shape[ax] * inner;
            for (int o = 0; o < outer; o++) p._data.AsSpan(o * block, block).CopyTo(result.AsSpan(o * total * inner + offset * inner, block));
            starts[j] = offset;
            offset += p._shape[ax];
        }
        var inputs = parts.ToArray();
        return Result("Concat", result, shape, inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            for (int j = 0; j < inputs.Length; j++)
                if (inputs[j].RequiresGrad) grads[j] = g.Slice(ax, starts[j], inputs[j]._shape[ax]);
            return grads;
        });
    }

    /// <summary>The entries start … start+length−1 along an axis; backward places g back into zeros of the input's shape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Tensor Slice(int axis, int start, int length)
    {
        int ax = Shapes.Axis(axis, Rank, "Tensor.Slice");
        if (start < 0 || length < 1 || start + length > _shape[ax])
            throw new ArgumentException(Invariant($"Tensor.Slice: need 0 ≤ start and start + length ≤ {_shape[ax]} with length ≥ 1 on axis {ax} of {Shapes.Format(_shape)}; got start {start}, length {length}."), nameof(start));
        var shape = (int[])_shape.Clone();
        shape[ax] = length;
        var (outer, full, inner) = Shapes.Around(_shape, ax);
        var result = Storage.Rent(Shapes.Size(shape));
        for (int o = 0; o < outer; o++)
            _data.AsSpan((o * full + start) * inner, length * inner).CopyTo(result.AsSpan(o * length * inner, length * inner));
        return Result("Slice", result, shape, [this], g => [g.PadSlice(ax, start, full)]);
    }

    /// <summary>The adjoint of Slice: this tensor placed at start along an axis of size full, zeros elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Tensor PadSlice(int ax, int start, int full)
    {
        var shape = (int[])_shape.Clone();
        int length = shape[ax];
        shape[ax] = full;
        var (outer, _, inner) = Shapes.Around(shape, ax);
        var result = Storage.RentZeroed(Shapes.Size(shape));
        for (int o = 0; o < outer; o++)
            _data.AsSpan(o * length * inner, length * inner).CopyTo(result.AsSpan((o * full + start) * inner, length * inner));
        return Result("PadSlice", result, shape, [this], g => [g.Slice(ax, start, length)]);
    }

    /// <summary>Rows (entries along the first axis) by index, repeats allowed (embedding lookup); backward scatter-adds g into those rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Tensor Gather(int[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (Rank < 1 || rows.Length == 0)
            throw new ArgumentException(Invariant($"Tensor.Gather: needs a tensor of rank ≥ 1 and at least one index; got shape {Shapes.Format(_shape)} and {rows.Length} indices."), nameof(rows));
        int count = _shape[0], width = _data.Length / count;
        var shape = (int[])_shape.Clone();
        shape[0] = rows.Length;
        var result = Storage.Rent(rows.Length * width);
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            if ((uint)r >= (uint)count)
                throw new ArgumentException(Invariant($"Tensor.Gather: index must lie in [0, {count - 1}]; got {r} at position {i}."), nameof(rows));
            _data.AsSpan(r * width, width).CopyTo(result.AsSpan(i * width, width));
        }
        var index = (int[])rows.Clone();
        return Result("Gather", result, shape, [this], g => [g.ScatterAddRows(index, count)]);
    }

    /// <summary>The adjoint of Gather: a tensor with `count` rows, row index[i] receiving the sum of this tensor's rows i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Tensor ScatterAddRows(int[] index, int count)
    {
        int width = _data.Length / _shape[0];
        var shape = (int[])_shape.Clone();
        shape[0] = count;
        var result = Storage.RentZeroed(count * width);
        for (int i = 0; i < index.Length; i++) Kernels.Elementwise.AddInPlace(result.AsSpan(index[i] * width, width), _data.AsSpan(i * width, width));
        return Result("ScatterAddRows", result, shape, [this], g => [g.Gather(index)]);
    }

    /// <summary>For a [n×C] tensor, entry [i, columns[i]] of every row → [n] (the target's logit in cross-entropy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal Tensor PickColumns(int[] columns, string method)
    {
        Shapes.RequireRank(this, 2, method);
        int n = _shape[0], c = _shape[1];
        if (columns.Length != n)
            throw new ArgumentException(Invariant($"{method}: need one target per row; got {columns.Length} targets for {n} rows."), nameof(columns));
        var result = Storage.RentZeroed(n);
        for (int i = 0; i < n; i++)
        {
            if ((uint)columns[i] >= (uint)c)
                throw new ArgumentException(Invariant($"{method}: targets must lie in [0, {c - 1}]; got {columns[i]} at row {i}."), nameof(columns));
            result[i] = _data[i * c + columns[i]];
        }
        var index = (int[])columns.Clone();
        return Result("PickColumns", result, [n], [this], g => [g.PlaceColumns(index, c)]);
    }

    /// <summary>The adjoint of PickColumns: a [n×C] tensor of zeros with this [n] tensor's entries at [i, columns[i]].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Tensor PlaceColumns(int[] columns, int c)
    {
        var result = Storage.RentZeroed(columns.Length * c);
        for (int i = 0; i < columns.Length; i++) result[i * c + columns[i]] = _data[i];
        return Result("PlaceColumns", result, [columns.Length, c], [this], g => [g.PickColumns(columns, "Tensor.PlaceColumns")]);
    }
}
