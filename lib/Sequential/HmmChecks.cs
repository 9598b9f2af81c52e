using static System.FormattableString;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Sequential;

/// <summary>Input checks of the hidden Markov models; messages read "Type.Method: parameter must …; got value."</summary>
internal static class HmmChecks
{
    /// <summary>Largest |row sum − 1| accepted for a probability vector or stochastic row.</summary>
    public const double SumTolerance = 1e-9;

    /// <summary>Copies a probability vector after checking it is non-empty (or of the given length), finite, ≥ 0 and sums to 1.</summary>
    public static double[] ProbabilityVector(Vector<double>? v, int length, string method, string name)
    {
        if (v is null) throw new ArgumentNullException(name, $"{method}: {name} must not be null.");
        if (v.Count == 0) throw new ArgumentException(Invariant($"{method}: {name} must have at least one entry; got 0."), name);
        if (length > 0 && v.Count != length)
            throw new ArgumentException(Invariant($"{method}: {name} must have length {length}; got {v.Count}."), name);
        var p = v.ToArray();
        Row(p, 0, p.Length, method, name, "");
        return p;
    }

    /// <summary>Copies a rows x cols row-stochastic matrix to a row-major array after checking shape, finiteness, signs and row sums.</summary>
    public static double[] StochasticMatrix(Matrix<double>? m, int rows, int cols, string method, string name, string shape)
    {
        if (m is null) throw new ArgumentNullException(name, $"{method}: {name} must not be null.");
        if (m.RowCount != rows || (cols > 0 && m.ColumnCount != cols) || m.ColumnCount == 0)
            throw new ArgumentException(Invariant($"{method}: {name} must be {shape}; got {m.RowCount} x {m.ColumnCount}."), name);
        var a = m.ToRowMajorArray();
        int c = m.ColumnCount;
        for (int i = 0; i < rows; i++) Row(a, i * c, c, method, name, Invariant($" row {i}"));
        return a;
    }

    private static void Row(double[] a, int start, int count, string method, string name, string where)
    {
        double sum = 0.0;
        for (int j = 0; j < count; j++)
        {
            double v = a[start + j];
            if (!double.IsFinite(v) || v < 0.0)
                throw new ArgumentException(Invariant($"{method}: {name}{where} must hold finite non-negative probabilities; got {v} at index {j}."), name);
            sum += v;
        }
        if (Math.Abs(sum - 1.0) > SumTolerance)
            throw new ArgumentException(Invariant($"{method}: {name}{where} must sum to 1 (within 1e-9); got sum {sum:R}."), name);
    }

    /// <summary>Copies a real vector after checking it is non-null, of the given length, and finite (and positive when asked).</summary>
    public static double[] RealVector(Vector<double>? v, int length, bool positive, string method, string name)
    {
        if (v is null) throw new ArgumentNullException(name, $"{method}: {name} must not be null.");
        if (v.Count != length) throw new ArgumentException(Invariant($"{method}: {name} must have length {length} (one per state); got {v.Count}."), name);
        var a = v.ToArray();
        for (int i = 0; i < a.Length; i++)
        {
            if (!double.IsFinite(a[i])) throw new ArgumentException(Invariant($"{method}: {name} must be finite; got {a[i]} at index {i}."), name);
            if (positive && !(a[i] > 0.0)) throw new ArgumentException(Invariant($"{method}: {name} must be positive; got {a[i]} at index {i}."), name);
        }
        return a;
    }

    /// <summary>Copies a symbol sequence after checking it is non-empty and every symbol lies in [0, symbols).</summary>
    public static int[] Symbols(IReadOnlyList<int>? observations, int symbols, string method, string name, string? parameter = null)
    {
        parameter ??= name;
        if (observations is null) throw new ArgumentNullException(parameter, $"{method}: {name} must not be null.");
        if (observations.Count == 0) throw new ArgumentException($"{method}: {name} must contain at least one observation; got an empty sequence.", parameter);
        var x = observations is int[] array ? (int[])array.Clone() : observations.ToArray();
        for (int t = 0; t < x.Length; t++)
            if ((uint)x[t] >= (uint)symbols)
                throw new ArgumentException(Invariant($"{method}: {name}[{t}] must be a symbol in [0, {symbols}); got {x[t]}."), parameter);
        return x;
    }

    /// <summary>Copies a real sequence after checking it is non-empty and finite.</summary>
    public static double[] Reals(IReadOnlyList<double>? observations, string method, string name, string? parameter = null)
    {
        parameter ??= name;
        if (observations is null) throw new ArgumentNullException(parameter, $"{method}: {name} must not be null.");
        if (observations.Count == 0) throw new ArgumentException($"{method}: {name} must contain at least one observation; got an empty sequence.", parameter);
        var x = observations is double[] array ? (double[])array.Clone() : observations.ToArray();
        for (int t = 0; t < x.Length; t++)
            if (!double.IsFinite(x[t])) throw new ArgumentException(Invariant($"{method}: {name}[{t}] must be finite; got {x[t]}."), parameter);
        return x;
    }

    /// <summary>Throws the error for an observation sequence that has probability zero under the model.</summary>
    public static ArgumentException Impossible(string method, string name, int t, string? parameter = null) =>
        new(Invariant($"{method}: {name} has probability zero under the model (first impossible observation at index {t})."), parameter ?? name);

    /// <summary>Checks Fit's shared options and returns nothing; throws naming the option.</summary>
    public static void Options(BaumWelchOptions? options, string method)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxIterations < 0) throw new ArgumentException(Invariant($"{method}: maxIterations must be at least 0; got {options.MaxIterations}."), "options");
        if (options.Restarts < 1) throw new ArgumentException(Invariant($"{method}: restarts must be at least 1; got {options.Restarts}."), "options");
        if (!(options.Tolerance >= 0.0) || double.IsInfinity(options.Tolerance))
            throw new ArgumentException(Invariant($"{method}: tolerance must be a finite number at least 0; got {options.Tolerance}."), "options");
        if (!(options.Smoothing >= 0.0) || double.IsInfinity(options.Smoothing))
            throw new ArgumentException(Invariant($"{method}: smoothing must be a finite number at least 0; got {options.Smoothing}."), "options");
        if (!(options.VarianceFloor > 0.0) || double.IsInfinity(options.VarianceFloor))
            throw new ArgumentException(Invariant($"{method}: varianceFloor must be a finite number greater than 0; got {options.VarianceFloor}."), "options");
    }

    /// <summary>Checks the list of training sequences is non-null and non-empty.</summary>
    public static void Sequences<T>(IReadOnlyList<T[]>? sequences, string method)
    {
        if (sequences is null) throw new ArgumentNullException(nameof(sequences), $"{method}: sequences must not be null.");
        if (sequences.Count == 0) throw new ArgumentException($"{method}: sequences must contain at least one sequence; got 0.", nameof(sequences));
    }
}
