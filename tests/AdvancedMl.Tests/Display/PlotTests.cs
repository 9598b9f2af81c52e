using AdvancedMl.Display;
using MathNet.Numerics.LinearAlgebra;
using Newtonsoft.Json.Linq;
using XPlot.Plotly;

namespace AdvancedMl.Tests.Display;

public class PlotTests
{
    private static readonly double[] X = [1, 2, 3];
    private static readonly double[] Y = [2, 4, 8];

    [Fact]
    public void Lines_has_title_axis_titles_legend_and_one_named_trace_per_series()
    {
        var (data, layout) = PlotlyHtml.Figure(Plot.Lines("Growth", "step", "value", ("a", X, Y), ("b", X, X)));
        Assert.Equal("Growth", (string?)layout.SelectToken("title.text"));
        Assert.Equal("step", (string?)layout.SelectToken("xaxis.title.text"));
        Assert.Equal("value", (string?)layout.SelectToken("yaxis.title.text"));
        Assert.True((bool?)layout["showlegend"]);
        Assert.Equal(["a", "b"], data.Select(t => (string?)t["name"]));
        Assert.All(data, t => Assert.Equal("lines", (string?)t["mode"]));
        Assert.Equal(Y, data[0]["y"]!.ToObject<double[]>());
    }

    [Fact]
    public void Scatter_and_Combine_mix_markers_and_lines()
    {
        var (scatter, _) = PlotlyHtml.Figure(Plot.Scatter("s", "x", "y", ("pts", X, Y)));
        Assert.Equal("markers", (string?)scatter[0]["mode"]);
        var (data, _) = PlotlyHtml.Figure(Plot.Combine("fit", "x", "y", Plot.MarkerTrace("data", X, Y), Plot.LineTrace("model", X, X)));
        Assert.Equal(["markers", "lines"], data.Select(t => (string?)t["mode"]));
    }

    [Fact]
    public void Trace_styles_reach_the_figure_and_unset_styles_stay_out()
    {
        var (data, _) = PlotlyHtml.Figure(Plot.Combine("styled", "x", "y",
            Plot.MarkerTrace("pts", X, Y, 9, Plot.Palette[1], "circle-open"),
            Plot.LineTrace("fit", X, X, Plot.Palette[2], "dash"),
            Plot.LineTrace("plain", X, Y)));
        Assert.Equal(Plot.Palette[1], (string?)data[0].SelectToken("marker.color"));
        Assert.Equal("circle-open", (string?)data[0].SelectToken("marker.symbol"));
        Assert.Equal(9.0, (double?)data[0].SelectToken("marker.size"));
        Assert.Equal(Plot.Palette[2], (string?)data[1].SelectToken("line.color"));
        Assert.Equal("dash", (string?)data[1].SelectToken("line.dash"));
        Assert.Null(data[2]["line"]);
    }

    [Fact]
    public void LineTrace_rejects_an_unknown_dash()
    {
        var e = Assert.Throws<ArgumentException>(() => Plot.LineTrace("fit", X, Y, dash: "wavy"));
        Assert.Contains("dash must be one of solid, dash, dot, dashdot; got 'wavy'", e.Message);
    }

    [Fact]
    public void Bars_are_grouped_by_category()
    {
        var (data, layout) = PlotlyHtml.Figure(Plot.Bars("Time", "method", "seconds", ["EM", "VB"], ("fit", [1.0, 2.0]), ("predict", [0.5, 0.25])));
        Assert.Equal("group", (string?)layout["barmode"]);
        Assert.Equal(["bar", "bar"], data.Select(t => (string?)t["type"]));
        Assert.Equal(["EM", "VB"], data[1]["x"]!.ToObject<string[]>()!);
    }

    [Fact]
    public void Heatmap_keeps_row_zero_on_top_and_titles_the_colour_bar()
    {
        var m = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var (data, layout) = PlotlyHtml.Figure(Plot.Heatmap("Confusion", "predicted", "true", m, ["r0", "r1"], ["c0", "c1", "c2"], "count"));
        Assert.Equal("reversed", (string?)layout.SelectToken("yaxis.autorange"));
        Assert.Equal("count", (string?)data[0].SelectToken("colorbar.title.text"));
        Assert.Equal(new[] { 4.0, 5, 6 }, data[0]["z"]![1]!.ToObject<double[]>());
        Assert.Equal(["r0", "r1"], data[0]["y"]!.ToObject<string[]>()!);
    }

    [Fact]
    public void Validation_names_method_parameter_and_values()
    {
        string Message(Action act) => Assert.Throws<ArgumentException>(act).Message;
        Assert.Contains("Plot.Lines: series 'a' has 3 x values but 2 y values", Message(() => Plot.Lines("t", "x", "y", ("a", X, [1.0, 2.0]))));
        Assert.Contains("Plot.Scatter: series 'a' is empty", Message(() => Plot.Scatter("t", "x", "y", ("a", [], []))));
        Assert.Contains("Plot.Lines: series must hold at least one series", Message(() => Plot.Lines("t", "x", "y")));
        Assert.Contains("Plot.Lines: title must not be empty", Message(() => Plot.Lines(" ", "x", "y", ("a", X, Y))));
        Assert.Contains("Plot.Scatter: yTitle must not be empty", Message(() => Plot.Scatter("t", "x", "", ("a", X, Y))));
        Assert.Contains("non-finite y value NaN at index 1", Message(() => Plot.Lines("t", "x", "y", ("a", X, [1.0, double.NaN, 2.0]))));
        Assert.Contains("needs a name", Message(() => Plot.Lines("t", "x", "y", ("", X, Y))));
        Assert.Contains("series 'fit' has 1 values but there are 2 categories", Message(() => Plot.Bars("t", "x", "y", ["a", "b"], ("fit", [1.0]))));
        Assert.Contains("categories must be distinct", Message(() => Plot.Bars("t", "x", "y", ["a", "a"], ("fit", [1.0, 2.0]))));
        Assert.Contains("rowLabels must have one label per row (2); got 1",
            Message(() => Plot.Heatmap("t", "x", "y", new double[2, 2], ["r"], ["a", "b"])));
        Assert.Contains("Plot.Combine: traces must hold at least one trace", Message(() => Plot.Combine("t", "x", "y", Array.Empty<Trace>())));
        Assert.Contains("ChartGrid: columns must be at least 1; got 0", Message(() => Plot.Grid("t", 0, Plot.Lines("t", "x", "y", ("a", X, Y)))));
    }

    [Fact]
    public void Grid_from_traces_builds_one_titled_panel_per_entry()
    {
        var grid = Plot.Grid("EM on Old Faithful", 2,
            new[] { 0, 1, 5, 20 }.Select(i => ($"iteration {i}", (IEnumerable<Trace>)[Plot.MarkerTrace("data", X, Y)])),
            "eruption (min)", "waiting (min)");
        Assert.Equal(4, grid.Panels.Count);
        Assert.Equal(2, grid.Columns);
        var (_, layout) = PlotlyHtml.Figure(grid.Panels[3]);
        Assert.Equal("iteration 20", (string?)layout.SelectToken("title.text"));
        Assert.Equal("waiting (min)", (string?)layout.SelectToken("yaxis.title.text"));
        Assert.Equal(Plot.PanelWithLegendHeight, grid.Panels[3].Height);
        Assert.Equal("h", (string?)layout.SelectToken("legend.orientation"));   // legend in a row under the narrow plot
    }

    [Fact]
    public void Figure_reads_charts_made_with_plain_XPlot_too()
    {
        var (data, layout) = PlotlyHtml.Figure(Chart.Line(new[] { 1.0, 2, 3 }));
        Assert.Single(data);
        Assert.Equal(new JObject(), layout);
    }
}
