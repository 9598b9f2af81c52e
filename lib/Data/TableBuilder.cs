using static System.FormattableString;
using Microsoft.Data.Analysis;

namespace AdvancedMl.Data;

/// <summary>
/// Builds a result table column by column, e.g.
/// <c>new TableBuilder().Column("method", names).Column("seconds", secs).ToDataFrame()</c>;
/// every column must have the same length and a distinct name.
/// </summary>
public sealed class TableBuilder
{
    private readonly List<DataFrameColumn> _columns = [];

    /// <summary>Adds a text column.</summary>
    public TableBuilder Column(string name, IEnumerable<string> values) =>
        Add(name, values, v => new StringDataFrameColumn(name, v));

    /// <summary>Adds a floating-point column.</summary>
    public TableBuilder Column(string name, IEnumerable<double> values) =>
        Add(name, values, v => new DoubleDataFrameColumn(name, v));

    /// <summary>Adds an integer column.</summary>
    public TableBuilder Column(string name, IEnumerable<int> values) =>
        Add(name, values, v => new Int32DataFrameColumn(name, v));

    /// <summary>Adds a 64-bit integer column.</summary>
    public TableBuilder Column(string name, IEnumerable<long> values) =>
        Add(name, values, v => new Int64DataFrameColumn(name, v));

    /// <summary>Adds a yes/no column.</summary>
    public TableBuilder Column(string name, IEnumerable<bool> values) =>
        Add(name, values, v => new BooleanDataFrameColumn(name, v));

    /// <summary>The table as a data frame, columns in the order they were added.</summary>
    public DataFrame ToDataFrame()
    {
        if (_columns.Count == 0)
            throw new InvalidOperationException("TableBuilder.ToDataFrame: add at least one column first.");
        // Fresh copies, so the builder can keep growing without changing frames already handed out.
        return new DataFrame(_columns.Select(c => c.Clone()));
    }

    private TableBuilder Add<T>(string name, IEnumerable<T> values, Func<T[], DataFrameColumn> make)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("TableBuilder.Column: name must not be empty.", nameof(name));
        if (_columns.Any(c => c.Name == name))
            throw new ArgumentException(Invariant($"TableBuilder.Column: a column named '{name}' is already in the table."), nameof(name));
        if (values is null)
            throw new ArgumentException(Invariant($"TableBuilder.Column: values of column '{name}' must not be null."), nameof(values));
        var array = values.ToArray();
        if (_columns.Count > 0 && array.Length != _columns[0].Length)
            throw new ArgumentException(Invariant($"TableBuilder.Column: column '{name}' has {array.Length} values but column '{_columns[0].Name}' has {_columns[0].Length}; all columns must have the same length."), nameof(values));
        _columns.Add(make(array));
        return this;
    }
}
