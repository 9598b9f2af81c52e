using static System.FormattableString;

namespace AdvancedMl.Bayesian;

/// <summary>Input checks of the Bayesian entry points; messages read "Type.Method: parameter must …; got value."</summary>
internal static class Checks
{
    public static void FiniteVector(double[]? values, string method, string name, int? length = null)
    {
        if (values is null) throw new ArgumentNullException(name, $"{method}: {name} must not be null.");
        if (values.Length == 0) throw new ArgumentException($"{method}: {name} must have at least one entry; got an empty array.", name);
        if (length is int n && values.Length != n)
            throw new ArgumentException(Invariant($"{method}: {name} must have length {n}; got {values.Length}."), name);
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException(Invariant($"{method}: {name} must contain only finite values; got {values[i]} at index {i}."), name);
    }

    public static void Positive(double value, string method, string name)
    {
        if (!(value > 0.0) || double.IsInfinity(value))
            throw new ArgumentException(Invariant($"{method}: {name} must be a finite number greater than 0; got {value}."), name);
    }

    public static void Finite(double value, string method, string name)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException(Invariant($"{method}: {name} must be finite; got {value}."), name);
    }

    public static void OpenUnit(double value, string method, string name)
    {
        if (!(value > 0.0 && value < 1.0))
            throw new ArgumentException(Invariant($"{method}: {name} must lie strictly between 0 and 1; got {value}."), name);
    }

    /// <summary>Throws when the target's log density at the starting point is not finite (the chain could never move sensibly).</summary>
    public static void FiniteStart(double logDensity, string method)
    {
        if (!double.IsFinite(logDensity))
            throw new ArgumentException(Invariant($"{method}: the log density at initial must be finite; got {logDensity}."), "initial");
    }
}
