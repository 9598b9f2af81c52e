using static System.FormattableString;

namespace AdvancedMl.Autodiff;

/// <summary>
/// Where op outputs get their arrays. Outside a step scope: the garbage collector. Inside one (Autograd.StepScope):
/// a per-thread pool of recycled arrays, so a training loop that opens a scope per step reuses the same few buffers
/// instead of allocating megabytes per step (arrays of 256×128 doubles land on the large-object heap, whose
/// collections would otherwise cost more than the arithmetic).
/// </summary>
internal static class Storage
{
    /// <summary>Arrays shorter than this come from the garbage collector even inside a scope (cheap gen-0 allocations).</summary>
    private const int PooledMinimum = 512;

    /// <summary>At most this many doubles are kept in the free lists between scopes (64 MB).</summary>
    private const long RetainedMaximum = 8L * 1024 * 1024;

    [ThreadStatic] private static Scope? _current;
    [ThreadStatic] private static Dictionary<int, Stack<double[]>>? _free;
    [ThreadStatic] private static long _retained;

    /// <summary>An array of the given length with unspecified contents.</summary>
    public static double[] Rent(int length)
    {
        var scope = _current;
        if (scope is null || length < PooledMinimum) return GC.AllocateUninitializedArray<double>(length);
        double[] array;
        if (_free is not null && _free.TryGetValue(length, out var stack) && stack.Count > 0)
        {
            array = stack.Pop();
            _retained -= length;
        }
        else array = GC.AllocateUninitializedArray<double>(length);
        scope.Rented.Add(array);
        return array;
    }

    /// <summary>An array of the given length filled with zeros.</summary>
    public static double[] RentZeroed(int length)
    {
        if (_current is null || length < PooledMinimum) return new double[length];
        var array = Rent(length);
        Array.Clear(array);
        return array;
    }

    /// <summary>Records a tensor made by an op so that the current scope (if any) releases it when it ends.</summary>
    public static void Register(Tensor tensor) => _current?.Made.Add(tensor);

    /// <summary>Opens a scope on this thread (nested scopes release their own tensors only).</summary>
    public static IDisposable Open() => _current = new Scope(_current);

    private sealed class Scope(Scope? parent) : IDisposable
    {
        public readonly List<double[]> Rented = [];
        public readonly List<Tensor> Made = [];
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            if (!ReferenceEquals(_current, this))
                throw new InvalidOperationException("Autograd.StepScope: scopes must be disposed in reverse order of opening (innermost first).");
            _disposed = true;
            _current = parent;
            foreach (var t in Made) t.Release();
            _free ??= [];
            foreach (var array in Rented)
            {
                if (_retained + array.Length > RetainedMaximum) continue; // let the collector have it
                if (!_free.TryGetValue(array.Length, out var stack)) _free[array.Length] = stack = new Stack<double[]>();
                stack.Push(array);
                _retained += array.Length;
            }
        }
    }

    /// <summary>The message for reading a tensor after its scope ended.</summary>
    public static string ReleasedMessage(Tensor t, string member) =>
        Invariant($"Tensor.{member}: this {t.Op} tensor of shape {Shapes.Format(t._shape)} was made inside an Autograd.StepScope that has ended; copy what you need (ToArray, Item) before the scope ends.");
}
