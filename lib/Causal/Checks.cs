using static System.FormattableString;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Causal;

/// <summary>Input checks shared by the causal entry points; messages read "Type.Method: parameter must …; got value."</summary>
internal static class Checks
{
    /// <summary>Throws unless the array is non-null, non-empty, finite and (when given) of the expected length.</summary>
    public static double[] Finite(double[]? values, string method, string name, int expectedLength = -1)
    {
        if (values is null) throw new ArgumentNullException(name, $"{method}: {name} must not be null.");
        if (values.Length == 0) throw new ArgumentException($"{method}: {name} must not be empty.", name);
        if (expectedLength >= 0 && values.Length != expectedLength)
            throw new ArgumentException(Invariant($"{method}: {name} must have {expectedLength} values (one per row); got {values.Length}."), name);
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException(Invariant($"{method}: {name} must contain only finite values; got {values[i]} at index {i}."), name);
        return values;
    }

    /// <summary>Throws unless every value is exactly 0 or 1.</summary>
    public static void Binary(double[] values, string method, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (values[i] != 0.0 && values[i] != 1.0)
                throw new ArgumentException(Invariant($"{method}: {name} must be binary (0 or 1); got {values[i]} at index {i}."), name);
    }

    /// <summary>Throws unless the matrix is non-null, finite and has the expected number of rows.</summary>
    public static Matrix<double> Matrix(Matrix<double>? matrix, string method, string name, int expectedRows = -1)
    {
        Numerics.Guard.FiniteMatrix(matrix, method, name);
        if (expectedRows >= 0 && matrix!.RowCount != expectedRows)
            throw new ArgumentException(Invariant($"{method}: {name} must have {expectedRows} rows (one per observation); got {matrix.RowCount}."), name);
        return matrix!;
    }

    /// <summary>Throws unless every propensity is finite and strictly between 0 and 1, one per row.</summary>
    public static double[] Propensity(double[]? propensity, int n, string method)
    {
        Finite(propensity, method, "propensity", n);
        for (int i = 0; i < n; i++)
            if (!(propensity![i] > 0.0 && propensity[i] < 1.0))
                throw new ArgumentException(Invariant($"{method}: propensity must lie strictly between 0 and 1; got {propensity[i]} at index {i}."), nameof(propensity));
        return propensity!;
    }

    /// <summary>Throws unless the names are non-empty and distinct and there is one per column.</summary>
    public static string[] Names(IReadOnlyList<string>? names, int count, string method, string parameter, Func<int, string> fallback)
    {
        if (names is null) return Enumerable.Range(0, count).Select(fallback).ToArray();
        if (names.Count != count)
            throw new ArgumentException(Invariant($"{method}: {parameter} must have one name per column ({count}); got {names.Count}."), parameter);
        if (names.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException($"{method}: {parameter} must not contain empty names.", parameter);
        var dup = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new ArgumentException(Invariant($"{method}: {parameter} must be distinct; '{dup.Key}' appears {dup.Count()} times."), parameter);
        return names.ToArray();
    }

    /// <summary>Mean of the values at the given indices.</summary>
    public static double Mean(double[] values, IReadOnlyList<int> indices)
    {
        double s = 0;
        foreach (int i in indices) s += values[i];
        return s / indices.Count;
    }

    /// <summary>Sample variance (divide by m − 1) of the values at the given indices.</summary>
    public static double Variance(double[] values, IReadOnlyList<int> indices)
    {
        double m = Mean(values, indices), s = 0;
        foreach (int i in indices) s += (values[i] - m) * (values[i] - m);
        return s / (indices.Count - 1);
    }
}
