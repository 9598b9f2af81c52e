using AdvancedMl.Data;

namespace AdvancedMl.Tests.Data;

public class TableBuilderTests
{
    [Fact]
    public void Builds_typed_columns_in_order()
    {
        var frame = new TableBuilder()
            .Column("method", ["EM", "k-means"])
            .Column("seconds", [0.25, 0.125])
            .Column("iterations", [12, 7])
            .Column("converged", [true, false])
            .ToDataFrame();
        Assert.Equal(["method", "seconds", "iterations", "converged"], frame.Columns.Select(c => c.Name));
        Assert.Equal([typeof(string), typeof(double), typeof(int), typeof(bool)], frame.Columns.Select(c => c.DataType));
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal("k-means", frame["method"][1]);
        Assert.Equal(7, frame["iterations"][1]);
    }

    [Fact]
    public void Mismatched_lengths_name_both_columns()
    {
        var builder = new TableBuilder().Column("method", ["EM", "k-means"]);
        var ex = Assert.Throws<ArgumentException>(() => builder.Column("seconds", [1.0]));
        Assert.Contains("column 'seconds' has 1 values but column 'method' has 2", ex.Message);
    }

    [Fact]
    public void Duplicate_and_empty_names_are_rejected()
    {
        var builder = new TableBuilder().Column("a", [1.0]);
        Assert.Contains("already", Assert.Throws<ArgumentException>(() => builder.Column("a", [2.0])).Message);
        Assert.Contains("name must not be empty", Assert.Throws<ArgumentException>(() => builder.Column(" ", [2.0])).Message);
        Assert.Throws<InvalidOperationException>(() => new TableBuilder().ToDataFrame());
    }

    [Fact]
    public void Frames_handed_out_do_not_change_when_the_builder_grows()
    {
        var builder = new TableBuilder().Column("a", [1.0, 2.0]);
        var first = builder.ToDataFrame();
        builder.Column("b", [3, 4]);
        Assert.Single(first.Columns);
        Assert.Equal(2, builder.ToDataFrame().Columns.Count);
    }
}
