using AdvancedMl.Data;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.Data.Analysis;

namespace AdvancedMl.Tests.Data;

public class FramesTests
{
    private static DataFrame Small() => new(
        new DoubleDataFrameColumn("a", [1.5, -2.0, 3.25]),
        new SingleDataFrameColumn("b", [3.6f, 0.1f, 2.2f]),
        new Int32DataFrameColumn("c", [7, 8, 9]),
        new StringDataFrameColumn("name", ["x", "y", "z"]));

    [Fact]
    public void ToMatrix_takes_the_named_columns_in_order_with_rows_as_samples()
    {
        var m = Frames.ToMatrix(Small(), "c", "a");
        Assert.Equal(3, m.RowCount);
        Assert.Equal(2, m.ColumnCount);
        Assert.Equal(new[] { 7.0, 1.5 }, m.Row(0).ToArray());
        Assert.Equal(new[] { 9.0, 3.25 }, m.Row(2).ToArray());
    }

    [Fact]
    public void Float_columns_widen_to_the_decimal_value_not_the_binary_neighbour()
    {
        var b = Frames.Column(Small(), "b");
        Assert.Equal(new[] { 3.6, 0.1, 2.2 }, b);
        Assert.NotEqual((double)3.6f, b[0]); // the naive cast would give 3.5999999046325684
    }

    [Fact]
    public void ToMatrix_without_names_takes_every_column_and_rejects_the_text_one()
    {
        var ex = Assert.Throws<ArgumentException>(() => Frames.ToMatrix(Small()));
        Assert.Contains("'name' holds string values", ex.Message);
        var numeric = Small();
        numeric.Columns.Remove("name");
        Assert.Equal(3, Frames.ToMatrix(numeric).ColumnCount);
    }

    [Fact]
    public void Unknown_column_lists_the_available_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => Frames.ToMatrix(Small(), "a", "waiting"));
        Assert.Contains("Frames.ToMatrix: no column named 'waiting'", ex.Message);
        Assert.Contains("'a', 'b', 'c', 'name'", ex.Message);
    }

    [Fact]
    public void Nulls_are_reported_with_their_count_and_first_row()
    {
        var frame = new DataFrame(new DoubleDataFrameColumn("v", new double?[] { 1, null, 3, null }));
        var ex = Assert.Throws<ArgumentException>(() => Frames.Column(frame, "v"));
        Assert.Contains("column 'v' has 2 missing value(s), the first in row 1", ex.Message);
    }

    [Fact]
    public void Empty_frame_is_rejected()
    {
        var frame = new DataFrame(new DoubleDataFrameColumn("v", Array.Empty<double>()));
        var ex = Assert.Throws<ArgumentException>(() => Frames.ToMatrix(frame, "v"));
        Assert.Contains("no rows", ex.Message);
    }

    [Fact]
    public void Old_Faithful_loads_and_converts_to_a_272_by_2_matrix()
    {
        var frame = DataFrame.LoadCsv(RepositoryFiles.DataFile("old-faithful.csv"));
        // What LoadCsv infers without dataTypes: single-precision columns.
        Assert.Equal(typeof(float), frame.Columns["eruptions"].DataType);
        Assert.Equal(typeof(float), frame.Columns["waiting"].DataType);
        var x = Frames.ToMatrix(frame, "eruptions", "waiting");
        Assert.Equal(272, x.RowCount);
        // First row of the file is "3.6,79"; compare with the text parsed as double.
        var firstLine = File.ReadLines(RepositoryFiles.DataFile("old-faithful.csv")).Skip(1).First().Split(',');
        Assert.Equal(double.Parse(firstLine[0], System.Globalization.CultureInfo.InvariantCulture), x[0, 0]);
        Assert.Equal(double.Parse(firstLine[1], System.Globalization.CultureInfo.InvariantCulture), x[0, 1]);
        // Same matrix when the notebook asks LoadCsv for doubles explicitly.
        var typed = DataFrame.LoadCsv(RepositoryFiles.DataFile("old-faithful.csv"), dataTypes: [typeof(double), typeof(double)]);
        Assert.Equal(typeof(double), typed.Columns["eruptions"].DataType);
        Assert.Equal(x, Frames.ToMatrix(typed, "eruptions", "waiting"));
    }

    [Fact]
    public void Standardize_gives_zero_mean_unit_population_variance_and_keeps_constant_columns_finite()
    {
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 10, 5 }, { 2, 20, 5 }, { 3, 60, 5 } });
        var (z, mean, scale) = Frames.Standardize(x);
        Assert.Equal(new[] { 2.0, 30.0, 5.0 }, mean.ToArray());
        Assert.Equal(Math.Sqrt(2.0 / 3.0), scale[0], 12);
        Assert.Equal(1.0, scale[2]); // constant column: scale 1 (as sklearn), z = 0
        for (int j = 0; j < 3; j++)
        {
            var col = z.Column(j);
            Assert.Equal(0.0, col.Average(), 12);
            Assert.Equal(j == 2 ? 0.0 : 1.0, col.Select(v => v * v).Average(), 12);
        }
        var refit = Frames.Standardize(x);
        Assert.Equal(z, refit.Transform(x));
    }

    [Fact]
    public void Standardize_rejects_non_finite_entries()
    {
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, double.NaN } });
        var ex = Assert.Throws<ArgumentException>(() => Frames.Standardize(x));
        Assert.Contains("entry (0, 1) is NaN", ex.Message);
    }
}
