using System.Runtime.CompilerServices;
using static System.FormattableString;

namespace AdvancedMl.Autodiff;

/// <summary>Shape arithmetic shared by the ops: sizes, axes, NumPy broadcasting, strided index walks, error text.</summary>
internal static class Shapes
{
    /// <summary>Formats a shape as "[3×4]" ("[]" for a scalar).</summary>
    public static string Format(int[] shape) => "[" + string.Join("×", shape) + "]";

    /// <summary>Product of the sizes (1 for a scalar).</summary>
    public static int Size(int[] shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        return checked((int)n);
    }

    public static bool Equal(int[] a, int[] b) => a.AsSpan().SequenceEqual(b);

    public static void CheckShape(int[] shape, string method)
    {
        foreach (int d in shape)
            if (d < 1) throw new ArgumentException(Invariant($"{method}: every axis must have size at least 1; got shape {Format(shape)}."), nameof(shape));
    }

    /// <summary>Resolves a possibly negative axis against a rank.</summary>
    public static int Axis(int axis, int rank, string method)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new ArgumentException(Invariant($"{method}: axis must lie in [{-rank}, {rank - 1}]; got {axis}."), nameof(axis));
        return a;
    }

    public static void RequireRank(Tensor t, int rank, string method)
    {
        if (t.Rank != rank)
            throw new ArgumentException(Invariant($"{method}: needs a {rank}-D tensor; got shape {Format(t._shape)}."));
    }

    public static int Offset(int[] shape, int[] index, string method)
    {
        if (index.Length != shape.Length)
            throw new ArgumentException(Invariant($"{method}: needs {shape.Length} indices for shape {Format(shape)}; got {index.Length}."), nameof(index));
        int offset = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            if (index[i] < 0 || index[i] >= shape[i])
                throw new ArgumentException(Invariant($"{method}: index {index[i]} out of range for axis {i} of shape {Format(shape)}."), nameof(index));
            offset = offset * shape[i] + index[i];
        }
        return offset;
    }

    /// <summary>The NumPy broadcast of two shapes (align from the right; sizes equal or one of them 1).</summary>
    public static int[] Broadcast(int[] a, int[] b, string method)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException(Invariant($"{method}: shapes cannot be broadcast together; got {Format(a)} and {Format(b)}."));
            result[i] = Math.Max(da, db);
        }
        return result;
    }

    /// <summary>True when shape `from` broadcasts to shape `to` (NumPy rules).</summary>
    public static bool BroadcastsTo(int[] from, int[] to)
    {
        if (from.Length > to.Length) return false;
        int lead = to.Length - from.Length;
        for (int i = 0; i < from.Length; i++)
            if (from[i] != 1 && from[i] != to[lead + i]) return false;
        return true;
    }

    /// <summary>Strides of `from` laid over the axes of `to`: 0 on broadcast (size-1 or missing) axes.</summary>
    public static int[] BroadcastStrides(int[] from, int[] to)
    {
        var strides = new int[to.Length];
        int lead = to.Length - from.Length, stride = 1;
        for (int i = from.Length - 1; i >= 0; i--)
        {
            strides[lead + i] = from[i] == 1 ? 0 : stride;
            stride *= from[i];
        }
        return strides;
    }

    /// <summary>For each element of a tensor of shape `shape` (row-major order), the offset given by `strides`; written into offsets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StridedOffsets(int[] shape, int[] strides, Span<int> offsets)
    {
        int rank = shape.Length;
        Span<int> index = stackalloc int[Math.Max(rank, 1)];
        index.Clear();
        int offset = 0;
        for (int n = 0; n < offsets.Length; n++)
        {
            offsets[n] = offset;
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                index[axis]++;
                offset += strides[axis];
                if (index[axis] < shape[axis]) break;
                offset -= strides[axis] * shape[axis];
                index[axis] = 0;
            }
        }
    }

    /// <summary>Splits a shape around an axis into (outer, length, inner) so element [o, k, i] sits at (o·length + k)·inner + i.</summary>
    public static (int Outer, int Length, int Inner) Around(int[] shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= shape[i];
        for (int i = axis + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[axis], inner);
    }

    /// <summary>The shape with one axis set to size 1 (keepDim) or removed.</summary>
    public static int[] Reduce(int[] shape, int axis, bool keepDim)
    {
        if (keepDim)
        {
            var kept = (int[])shape.Clone();
            kept[axis] = 1;
            return kept;
        }
        var result = new int[shape.Length - 1];
        for (int i = 0, j = 0; i < shape.Length; i++)
            if (i != axis) result[j++] = shape[i];
        return result;
    }
}

/// <summary>Deterministic random draws used by the engine (Box–Muller normals from a System.Random).</summary>
internal static class Sampling
{
    public static void FillNormal(Random rng, Span<double> destination, double mean, double std)
    {
        for (int i = 0; i < destination.Length; i += 2)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            destination[i] = mean + std * r * Math.Cos(2 * Math.PI * u2);
            if (i + 1 < destination.Length) destination[i + 1] = mean + std * r * Math.Sin(2 * Math.PI * u2);
        }
    }
}
