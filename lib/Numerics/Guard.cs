using static System.FormattableString;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Numerics;

/// <summary>Input checks shared by the library's public entry points; messages read "Type.Method: parameter must …; got value."</summary>
internal static class Guard
{
    /// <summary>Throws unless the matrix is non-null, has at least one row and column, and every entry is finite.</summary>
    public static void FiniteMatrix(Matrix<double>? matrix, string method, string name)
    {
        if (matrix is null) throw new ArgumentNullException(name, $"{method}: {name} must not be null.");
        if (matrix.RowCount == 0 || matrix.ColumnCount == 0)
            throw new ArgumentException(Invariant($"{method}: {name} must have at least one row and one column; got {matrix.RowCount} x {matrix.ColumnCount}."), name);
        for (int j = 0; j < matrix.ColumnCount; j++)
            for (int i = 0; i < matrix.RowCount; i++)
            {
                double v = matrix[i, j];
                if (!double.IsFinite(v))
                    throw new ArgumentException(Invariant($"{method}: {name} must contain only finite values; got {v} at row {i}, column {j}."), name);
            }
    }

    /// <summary>Throws unless value ≥ minimum.</summary>
    public static void AtLeast(int value, int minimum, string method, string name)
    {
        if (value < minimum) throw new ArgumentException(Invariant($"{method}: {name} must be at least {minimum}; got {value}."), name);
    }

    /// <summary>Throws unless value is finite and ≥ 0.</summary>
    public static void NonNegative(double value, string method, string name)
    {
        if (!(value >= 0.0) || double.IsInfinity(value))
            throw new ArgumentException(Invariant($"{method}: {name} must be a finite number at least 0; got {value}."), name);
    }
}
