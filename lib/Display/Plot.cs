using static System.FormattableString;
using MathNet.Numerics.LinearAlgebra;
using XPlot.Plotly;

namespace AdvancedMl.Display;

/// <summary>
/// Thin wrappers over XPlot.Plotly that give every figure a title, axis labels and a legend, and reject
/// mismatched or non-finite data with an <see cref="ArgumentException"/> before plotly.js sees it.
/// </summary>
public static class Plot
{
    /// <summary>Height in pixels of a single chart.</summary>
    public const int ChartHeight = 450;

    /// <summary>Height in pixels of one panel of a <see cref="Grid(string, int, PlotlyChart[])"/>.</summary>
    public const int PanelHeight = 330;

    /// <summary>Height in pixels of one panel of a grid built from traces, which adds a legend row under the plot.</summary>
    public const int PanelWithLegendHeight = 420;

    /// <summary>A line chart with one line per series.</summary>
    public static PlotlyChart Lines(string title, string xTitle, string yTitle, params (string Name, IEnumerable<double> X, IEnumerable<double> Y)[] series) =>
        XySeries(nameof(Lines), "lines", title, xTitle, yTitle, series);

    /// <summary>A scatter chart with one marker colour per series.</summary>
    public static PlotlyChart Scatter(string title, string xTitle, string yTitle, params (string Name, IEnumerable<double> X, IEnumerable<double> Y)[] series) =>
        XySeries(nameof(Scatter), "markers", title, xTitle, yTitle, series);

    /// <summary>A trace drawn as a line, for <see cref="Combine(string, string, string, IEnumerable{Trace})"/> and <see cref="Grid(string, int, IEnumerable{ValueTuple{string, IEnumerable{Trace}}}, string, string)"/>.</summary>
    /// <param name="name">Legend entry.</param>
    /// <param name="x">Horizontal coordinates.</param>
    /// <param name="y">Vertical coordinates, as many as <paramref name="x"/>.</param>
    /// <param name="color">Any CSS colour (for example one of <see cref="Palette"/>); null lets plotly choose.</param>
    /// <param name="dash">"solid", "dash", "dot" or "dashdot"; null means solid.</param>
    public static Trace LineTrace(string name, IEnumerable<double> x, IEnumerable<double> y, string? color = null, string? dash = null)
    {
        var (xs, ys) = CheckXy(nameof(LineTrace), name, x, y);
        if (dash is not null && !LineDashes.Contains(dash))
            throw new ArgumentException(Invariant($"Plot.LineTrace: dash must be one of {string.Join(", ", LineDashes)}; got '{dash}'."), nameof(dash));
        var trace = new XPlot.Plotly.Scatter { name = name, x = xs, y = ys, mode = "lines" };
        if (color is not null || dash is not null)
        {
            var line = new Line();
            if (color is not null) line.color = color;
            if (dash is not null) line.dash = dash;
            trace.line = line;
        }
        return trace;
    }

    /// <summary>Ten distinguishable colours (plotly's default cycle), for giving related traces the same colour.</summary>
    public static IReadOnlyList<string> Palette { get; } =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    private static readonly string[] LineDashes = ["solid", "dash", "dot", "dashdot"];

    /// <summary>A trace drawn as markers, for <see cref="Combine(string, string, string, IEnumerable{Trace})"/> and <see cref="Grid(string, int, IEnumerable{ValueTuple{string, IEnumerable{Trace}}}, string, string)"/>.</summary>
    /// <param name="name">Legend entry.</param>
    /// <param name="x">Horizontal coordinates.</param>
    /// <param name="y">Vertical coordinates, as many as <paramref name="x"/>.</param>
    /// <param name="markerSize">Marker diameter in pixels.</param>
    /// <param name="color">Any CSS colour (for example one of <see cref="Palette"/>); null lets plotly choose.</param>
    /// <param name="symbol">A plotly marker symbol such as "circle", "x" or "circle-open"; null means a filled circle.</param>
    public static Trace MarkerTrace(string name, IEnumerable<double> x, IEnumerable<double> y, double markerSize = 6, string? color = null, string? symbol = null)
    {
        var (xs, ys) = CheckXy(nameof(MarkerTrace), name, x, y);
        if (!(markerSize > 0 && double.IsFinite(markerSize)))
            throw new ArgumentException(Invariant($"Plot.MarkerTrace: markerSize must be positive and finite; got {markerSize}."), nameof(markerSize));
        var marker = new Marker { size = markerSize };
        if (color is not null) marker.color = color;
        if (symbol is not null) marker.symbol = symbol;
        return new XPlot.Plotly.Scatter { name = name, x = xs, y = ys, mode = "markers", marker = marker };
    }

    /// <summary>One chart from any traces (for example markers for data and lines for a fit), with title, axis labels and legend.</summary>
    public static PlotlyChart Combine(string title, string xTitle, string yTitle, IEnumerable<Trace> traces)
    {
        CheckTitles(nameof(Combine), title, xTitle, yTitle);
        ArgumentNullException.ThrowIfNull(traces);
        var list = traces.ToList();
        if (list.Count == 0)
            throw new ArgumentException("Plot.Combine: traces must hold at least one trace; got none.", nameof(traces));
        if (list.Any(t => t is null))
            throw new ArgumentException("Plot.Combine: traces must not contain null.", nameof(traces));
        return Make(list, Layout(title, xTitle, yTitle), ChartHeight);
    }

    /// <summary>One chart from any traces (params form of <see cref="Combine(string, string, string, IEnumerable{Trace})"/>).</summary>
    public static PlotlyChart Combine(string title, string xTitle, string yTitle, params Trace[] traces) =>
        Combine(title, xTitle, yTitle, (IEnumerable<Trace>)traces);

    /// <summary>Grouped bar chart: one bar per category and series.</summary>
    public static PlotlyChart Bars(string title, string xTitle, string yTitle, IEnumerable<string> categories, params (string Name, IEnumerable<double> Values)[] series)
    {
        CheckTitles(nameof(Bars), title, xTitle, yTitle);
        ArgumentNullException.ThrowIfNull(categories);
        var cats = categories.ToArray();
        if (cats.Length == 0)
            throw new ArgumentException("Plot.Bars: categories must hold at least one category; got none.", nameof(categories));
        CheckDistinct(nameof(Bars), nameof(categories), cats);
        if (series is null || series.Length == 0)
            throw new ArgumentException("Plot.Bars: series must hold at least one series; got none.", nameof(series));
        var traces = new List<Trace>();
        foreach (var (name, values) in series)
        {
            CheckName(nameof(Bars), name);
            var ys = Finite(nameof(Bars), name, "values", values);
            if (ys.Length != cats.Length)
                throw new ArgumentException(Invariant($"Plot.Bars: series '{name}' has {ys.Length} values but there are {cats.Length} categories."), nameof(series));
            traces.Add(new Bar { name = name, x = cats, y = ys });
        }
        var layout = Layout(title, xTitle, yTitle);
        layout.barmode = "group";
        return Make(traces, layout, ChartHeight);
    }

    /// <summary>Heatmap of a matrix with row 0 at the top, labelled rows and columns, and a colour bar.</summary>
    public static PlotlyChart Heatmap(string title, string xTitle, string yTitle, Matrix<double> values, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, string? colorbarTitle = null)
    {
        CheckTitles(nameof(Heatmap), title, xTitle, yTitle);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(rowLabels);
        ArgumentNullException.ThrowIfNull(columnLabels);
        if (rowLabels.Count != values.RowCount)
            throw new ArgumentException(Invariant($"Plot.Heatmap: rowLabels must have one label per row ({values.RowCount}); got {rowLabels.Count}."), nameof(rowLabels));
        if (columnLabels.Count != values.ColumnCount)
            throw new ArgumentException(Invariant($"Plot.Heatmap: columnLabels must have one label per column ({values.ColumnCount}); got {columnLabels.Count}."), nameof(columnLabels));
        CheckDistinct(nameof(Heatmap), nameof(rowLabels), rowLabels);
        CheckDistinct(nameof(Heatmap), nameof(columnLabels), columnLabels);
        var z = new double[values.RowCount][];
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = values.Row(i).ToArray();
            if (z[i].Any(v => !double.IsFinite(v)))
                throw new ArgumentException(Invariant($"Plot.Heatmap: values must be finite; row {i} holds {z[i].First(v => !double.IsFinite(v))}."), nameof(values));
        }
        var trace = new XPlot.Plotly.Heatmap
        {
            name = colorbarTitle ?? title,
            z = z,
            x = columnLabels.ToArray(),
            y = rowLabels.ToArray(),
            colorscale = "Viridis",
            colorbar = new Colorbar { title = colorbarTitle ?? "" },
        };
        var layout = Layout(title, xTitle, yTitle);
        layout.yaxis.autorange = "reversed";
        layout.showlegend = false; // the colour bar is the legend of a heatmap
        return Make([trace], layout, ChartHeight);
    }

    /// <summary>Heatmap of a rectangular array (see <see cref="Heatmap(string, string, string, Matrix{double}, IReadOnlyList{string}, IReadOnlyList{string}, string?)"/>).</summary>
    public static PlotlyChart Heatmap(string title, string xTitle, string yTitle, double[,] values, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, string? colorbarTitle = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
            throw new ArgumentException("Plot.Heatmap: values must not be empty.", nameof(values));
        return Heatmap(title, xTitle, yTitle, Matrix<double>.Build.DenseOfArray(values), rowLabels, columnLabels, colorbarTitle);
    }

    /// <summary>Charts side by side in a grid with a common title, for example EM after 0, 1, 5 and 20 iterations.</summary>
    public static ChartGrid Grid(string title, int columns, params PlotlyChart[] panels) => new(title, columns, panels);

    /// <summary>A grid of panels that share axis titles, each panel built from its own traces with its own subtitle.</summary>
    public static ChartGrid Grid(string title, int columns, IEnumerable<(string SubTitle, IEnumerable<Trace> Traces)> panels, string xTitle, string yTitle)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var charts = panels.Select(p =>
        {
            var chart = Combine(p.SubTitle, xTitle, yTitle, p.Traces);
            // A panel is narrow: put its legend in a row underneath so the plot keeps the width.
            var layout = Layout(p.SubTitle, xTitle, yTitle);
            layout.legend = new Legend { orientation = "h", x = 0, y = -0.25 };
            layout.margin = new Margin { l = 60, r = 20, t = 50, b = 50 };
            chart.WithLayout(layout);
            chart.Height = PanelWithLegendHeight;
            return chart;
        }).ToArray();
        return new ChartGrid(title, columns, charts);
    }

    private static PlotlyChart XySeries(string method, string mode, string title, string xTitle, string yTitle, (string Name, IEnumerable<double> X, IEnumerable<double> Y)[] series)
    {
        CheckTitles(method, title, xTitle, yTitle);
        if (series is null || series.Length == 0)
            throw new ArgumentException(Invariant($"Plot.{method}: series must hold at least one series; got none."), nameof(series));
        var traces = series.Select(s =>
        {
            var (xs, ys) = CheckXy(method, s.Name, s.X, s.Y);
            return (Trace)new XPlot.Plotly.Scatter { name = s.Name, x = xs, y = ys, mode = mode };
        }).ToList();
        return Make(traces, Layout(title, xTitle, yTitle), ChartHeight);
    }

    private static PlotlyChart Make(IEnumerable<Trace> traces, Layout.Layout layout, int height)
    {
        var chart = Chart.Plot(traces, layout);
        chart.Height = height;
        return chart;
    }

    private static Layout.Layout Layout(string title, string xTitle, string yTitle) => new()
    {
        title = title,
        xaxis = new Xaxis { title = xTitle },
        yaxis = new Yaxis { title = yTitle },
        showlegend = true,
        margin = new Margin { l = 60, r = 20, t = 50, b = 50 },
    };

    private static void CheckTitles(string method, string title, string xTitle, string yTitle)
    {
        if (string.IsNullOrWhiteSpace(title))
            throw new ArgumentException(Invariant($"Plot.{method}: title must not be empty; every figure needs a title."), nameof(title));
        if (string.IsNullOrWhiteSpace(xTitle))
            throw new ArgumentException(Invariant($"Plot.{method}: xTitle must not be empty; every figure needs axis labels."), nameof(xTitle));
        if (string.IsNullOrWhiteSpace(yTitle))
            throw new ArgumentException(Invariant($"Plot.{method}: yTitle must not be empty; every figure needs axis labels."), nameof(yTitle));
    }

    private static void CheckName(string method, string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException(Invariant($"Plot.{method}: every series needs a name for the legend; got an empty one."), nameof(name));
    }

    private static void CheckDistinct(string method, string parameter, IEnumerable<string> labels)
    {
        var duplicate = labels.GroupBy(l => l).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException(Invariant($"Plot.{method}: {parameter} must be distinct (plotly merges equal labels); '{duplicate.Key}' appears {duplicate.Count()} times."), parameter);
    }

    private static (double[] X, double[] Y) CheckXy(string method, string name, IEnumerable<double> x, IEnumerable<double> y)
    {
        CheckName(method, name);
        var xs = Finite(method, name, "x", x);
        var ys = Finite(method, name, "y", y);
        if (xs.Length != ys.Length)
            throw new ArgumentException(Invariant($"Plot.{method}: series '{name}' has {xs.Length} x values but {ys.Length} y values; they must match."), nameof(y));
        if (xs.Length == 0)
            throw new ArgumentException(Invariant($"Plot.{method}: series '{name}' is empty; it needs at least one point."), nameof(x));
        return (xs, ys);
    }

    private static double[] Finite(string method, string name, string what, IEnumerable<double> values)
    {
        if (values is null)
            throw new ArgumentException(Invariant($"Plot.{method}: series '{name}' has no {what} values (null)."), what);
        var array = values.ToArray();
        int bad = Array.FindIndex(array, v => !double.IsFinite(v));
        if (bad >= 0)
            throw new ArgumentException(Invariant($"Plot.{method}: series '{name}' has a non-finite {what} value {array[bad]} at index {bad}."), what);
        return array;
    }
}
