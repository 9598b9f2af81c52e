using static System.FormattableString;
using System.Globalization;
using AdvancedMl.Display;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.Data.Analysis;

namespace AdvancedMl.Data;

/// <summary>Moves data between Microsoft.Data.Analysis data frames (what notebooks load and show) and Math.NET matrices (what algorithms take).</summary>
public static class Frames
{
    /// <summary>
    /// The named numeric columns as a matrix with one row per sample (all columns when none are named). Any numeric
    /// column type works; float values are widened through their shortest decimal form (3.6f becomes 3.6).
    /// </summary>
    public static Matrix<double> ToMatrix(DataFrame frame, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(columns);
        var names = columns.Length == 0 ? frame.Columns.Select(c => c.Name).ToArray() : columns;
        if (names.Length == 0)
            throw new ArgumentException("Frames.ToMatrix: frame has no columns.", nameof(frame));
        if (frame.Rows.Count == 0)
            throw new ArgumentException("Frames.ToMatrix: frame has no rows; a matrix needs at least one sample.", nameof(frame));
        var data = names.Select(n => Values(nameof(ToMatrix), frame, n)).ToArray();
        return Matrix<double>.Build.Dense((int)frame.Rows.Count, data.Length, (i, j) => data[j][i]);
    }

    /// <summary>One numeric column as a double array (nulls rejected; float values widened through their shortest decimal form).</summary>
    public static double[] Column(DataFrame frame, string column)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Values(nameof(Column), frame, column);
    }

    /// <summary>
    /// Standardises each column to mean 0 and unit variance, z = (x - mean) / scale, with the population standard
    /// deviation (divide by n, as scikit-learn's StandardScaler) as scale, or 1 for a constant column.
    /// </summary>
    public static Standardized Standardize(Matrix<double> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.RowCount, d = data.ColumnCount;
        for (int j = 0; j < d; j++)
            for (int i = 0; i < n; i++)
                if (!double.IsFinite(data[i, j]))
                    throw new ArgumentException(Invariant($"Frames.Standardize: data must be finite; entry ({i}, {j}) is {data[i, j]}."), nameof(data));
        var mean = data.ColumnSums() / n;
        var scale = Vector<double>.Build.Dense(d, j =>
        {
            double sum = 0;
            for (int i = 0; i < n; i++) { double r = data[i, j] - mean[j]; sum += r * r; }
            double sd = Math.Sqrt(sum / n);
            return sd > 0 ? sd : 1.0;
        });
        return new Standardized(Standardized.Apply(data, mean, scale), mean, scale);
    }

    private static double[] Values(string method, DataFrame frame, string name)
    {
        if (name is null)
            throw new ArgumentException(Invariant($"Frames.{method}: column names must not be null."), nameof(name));
        int index = frame.Columns.IndexOf(name);
        if (index < 0)
            throw new ArgumentException(Invariant($"Frames.{method}: no column named '{name}'; the frame has: {string.Join(", ", frame.Columns.Select(c => $"'{c.Name}'"))}."), nameof(name));
        var column = frame.Columns[index];
        if (!Numbers.IsNumericType(column.DataType))
            throw new ArgumentException(Invariant($"Frames.{method}: column '{name}' holds {Numbers.TypeName(column.DataType)} values; only numeric columns (double, float, int, long, ...) convert to numbers."), nameof(name));
        if (column.NullCount > 0)
        {
            long first = 0;
            while (column[first] is not null) first++;
            throw new ArgumentException(Invariant($"Frames.{method}: column '{name}' has {column.NullCount} missing value(s), the first in row {first}; drop or fill them first (DataFrame.DropNulls or column.FillNulls)."), nameof(name));
        }
        var values = new double[column.Length];
        switch (column)
        {
            case PrimitiveDataFrameColumn<double> doubles:
                for (int i = 0; i < values.Length; i++) values[i] = doubles[i]!.Value;
                break;
            case PrimitiveDataFrameColumn<float> singles:
                for (int i = 0; i < values.Length; i++) values[i] = Numbers.Widen(singles[i]!.Value);
                break;
            default:
                for (int i = 0; i < values.Length; i++) values[i] = Convert.ToDouble(column[i], CultureInfo.InvariantCulture);
                break;
        }
        return values;
    }
}

/// <summary>A standardised matrix with the per-column mean and scale that produced it (from <see cref="Frames.Standardize"/>).</summary>
/// <param name="Z">The standardised data, z = (x - Mean) / Scale column by column.</param>
/// <param name="Mean">Column means of the original data.</param>
/// <param name="Scale">Column population standard deviations, 1 where a column is constant.</param>
public sealed record Standardized(Matrix<double> Z, Vector<double> Mean, Vector<double> Scale)
{
    /// <summary>Applies the same centring and scaling to new data with the same columns (for example a test set).</summary>
    public Matrix<double> Transform(Matrix<double> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != Mean.Count)
            throw new ArgumentException(Invariant($"Standardized.Transform: data must have {Mean.Count} columns; got {data.ColumnCount}."), nameof(data));
        return Apply(data, Mean, Scale);
    }

    internal static Matrix<double> Apply(Matrix<double> data, Vector<double> mean, Vector<double> scale) =>
        Matrix<double>.Build.Dense(data.RowCount, data.ColumnCount, (i, j) => (data[i, j] - mean[j]) / scale[j]);
}
