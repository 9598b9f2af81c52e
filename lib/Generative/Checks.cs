using static System.FormattableString;

namespace AdvancedMl.Generative;

/// <summary>Input checks of the Generative namespace; messages read "Type.Method: parameter must …; got value."</summary>
internal static class Checks
{
    public static void AtLeast(int value, int minimum, string method, string name) =>
        Numerics.Guard.AtLeast(value, minimum, method, name);

    public static void NonNegative(double value, string method, string name) =>
        Numerics.Guard.NonNegative(value, method, name);

    public static void Positive(double value, string method, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentException(Invariant($"{method}: {name} must be a finite number above 0; got {value}."), name);
    }

    public static void Probability(double value, string method, string name, bool allowOne = false)
    {
        if (!(value > 0) || value > 1 || (!allowOne && value == 1))
            throw new ArgumentException(Invariant($"{method}: {name} must lie in (0, {(allowOne ? "1]" : "1)")}; got {value}."), name);
    }

    /// <summary>Throws unless points is a non-empty array of finite rows, all of length <paramref name="dimension"/>.</summary>
    public static void Points(double[][] points, int dimension, string method, string name)
    {
        if (points is null) throw new ArgumentNullException(name, $"{method}: {name} must not be null.");
        if (points.Length == 0) throw new ArgumentException(Invariant($"{method}: {name} must hold at least one point; got none."), name);
        for (int i = 0; i < points.Length; i++)
        {
            var p = points[i];
            if (p is null || p.Length != dimension)
                throw new ArgumentException(Invariant($"{method}: every point of {name} must have {dimension} coordinates; point {i} has {(p is null ? "none (null)" : p.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}."), name);
            for (int j = 0; j < dimension; j++)
                if (!double.IsFinite(p[j]))
                    throw new ArgumentException(Invariant($"{method}: {name} must contain only finite values; got {p[j]} at point {i}, coordinate {j}."), name);
        }
    }
}
