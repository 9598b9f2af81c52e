using System.Text.RegularExpressions;
using System.Xml.Linq;
using AdvancedMl.Display;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using XPlot.Plotly;

namespace AdvancedMl.Tests.Display;

/// <summary>The formatter registry is process-wide, so these tests do not run in parallel with each other.</summary>
[CollectionDefinition(nameof(FormatterCollection), DisableParallelization = true)]
public class FormatterCollection;

[Collection(nameof(FormatterCollection))]
public class FormatterTests
{
    public FormatterTests() => Formatters.Register();

    private static string Html(object value) => Formatter.ToDisplayString(value, "text/html");

    /// <summary>Parses the HTML with its scripts removed as XML, which fails on any unbalanced or unescaped markup.</summary>
    private static XElement ParseWellFormed(string html)
    {
        string withoutScripts = Regex.Replace(html, "<script>.*?</script>", "", RegexOptions.Singleline);
        return XElement.Parse("<root>" + withoutScripts.Replace("&#8249;", "‹").Replace("&#8250;", "›") + "</root>");
    }

    [Fact]
    public void Chart_becomes_a_div_and_a_script_that_loads_pinned_plotly_once_and_draws_the_traces()
    {
        var chart = Chart.Plot(new Scatter { x = new[] { 1.0, 2.0 }, y = new[] { 3.5, 4.25 }, name = "fit" });
        chart.WithTitle("Title");
        string html = Html(chart);
        string id = Regex.Match(html, "<div id=\"(aml-plot-[0-9a-f]{32})\"").Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.Contains("Plotly.newPlot(", html);
        Assert.Contains($"getElementById('{id}')", html);
        Assert.Contains("\"x\":[1.0,2.0]", html);
        Assert.Contains("\"y\":[3.5,4.25]", html);
        Assert.Contains("\"name\":\"fit\"", html);
        Assert.Contains("\"title\":{\"text\":\"Title\"}", html);
        Assert.Contains("https://cdn.plot.ly/plotly-2.35.2.min.js", html);
        Assert.Contains("require.config", html);              // classic Jupyter path
        Assert.Contains("window.__advancedMlPlotlyLoading", html); // load-once guard
        Assert.DoesNotContain("plotly-latest", html);
        Assert.NotEqual(id, Regex.Match(Html(chart), "<div id=\"(aml-plot-[0-9a-f]{32})\"").Groups[1].Value);
    }

    [Fact]
    public void Chart_text_cannot_break_out_of_the_script()
    {
        var chart = Plot.Lines("</script><b>x</b>", "x", "y", ("a'b\"c", new[] { 1.0 }, new[] { 2.0 }));
        string html = Html(chart);
        Assert.Single(Regex.Matches(html, "</script>"));
        Assert.DoesNotContain("<b>x</b>", html);
        Assert.Contains("\\u003c/script\\u003e", html);
    }

    [Fact]
    public void Chart_plain_text_names_title_and_traces()
    {
        var chart = Plot.Lines("Loss", "step", "loss", ("train", new[] { 1.0, 2 }, new[] { 3.0, 4 }), ("test", new[] { 1.0, 2 }, new[] { 3.5, 4 }));
        Assert.Equal("PlotlyChart \"Loss\": 2 trace(s): train, test", Formatter.ToDisplayString(chart, "text/plain"));
    }

    [Fact]
    public void Small_frame_is_one_table_with_typed_headers_index_and_rounded_numbers()
    {
        var frame = new DataFrame(
            new DoubleDataFrameColumn("x", new double?[] { Math.PI, 12345.678, null }),
            new Int32DataFrameColumn("n", [1, 22, 333]),
            new StringDataFrameColumn("s", ["a", "b&c", "d"]));
        string html = Html(frame);
        var root = ParseWellFormed(html);
        var headers = root.Descendants("thead").Single().Descendants("th").ToList();
        Assert.Equal(4, headers.Count); // index + 3 columns
        Assert.Equal("xdouble", headers[1].Value);
        Assert.Equal("nint", headers[2].Value);
        var rows = root.Descendants("tbody").Single().Elements("tr").ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["0", "3.142", "1", "a"], rows[0].Elements().Select(e => e.Value));
        Assert.Equal(["1", "12346", "22", "b&c"], rows[1].Elements().Select(e => e.Value));
        Assert.Equal("null", rows[2].Elements().ElementAt(1).Value);
        Assert.Contains("rows 1–3 of 3", html);
        Assert.DoesNotContain("<script>", html); // nothing to page
    }

    [Fact]
    public void Thirty_row_frame_shows_the_first_25_rows_and_pages_to_the_rest()
    {
        var frame = new DataFrame(new Int32DataFrameColumn("i", Enumerable.Range(100, 30)));
        string html = Html(frame);
        Assert.Contains("rows 1–25 of 30", html);
        Assert.Contains("Prev", html);
        Assert.Contains("Next", html);
        Assert.Contains("addEventListener('click'", html);
        var bodies = ParseWellFormed(html).Descendants("tbody").ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Null(bodies[0].Attribute("style"));
        Assert.Equal("display:none", bodies[1].Attribute("style")?.Value);
        Assert.Equal(25, bodies[0].Elements("tr").Count());
        Assert.Equal(5, bodies[1].Elements("tr").Count());
        Assert.Equal("129", bodies[1].Elements("tr").Last().Elements("td").Single().Value);
    }

    [Fact]
    public void Frame_beyond_the_cap_says_how_many_rows_are_not_shown()
    {
        var frame = new DataFrame(new Int32DataFrameColumn("i", Enumerable.Range(0, 1234)));
        string html = Html(frame);
        var root = ParseWellFormed(html);
        Assert.Equal(1000, root.Descendants("tbody").Sum(b => b.Elements("tr").Count()));
        Assert.Contains("rows 1–25 of 1234", html);
        Assert.Contains("234 more rows not shown", html);
    }

    [Fact]
    public void Column_names_are_html_escaped()
    {
        var frame = new DataFrame(new DoubleDataFrameColumn("<b>", [1.0]));
        string html = Html(frame);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;b&gt;", html);
        Assert.Equal("<b>double", ParseWellFormed(html).Descendants("thead").Single().Descendants("th").ElementAt(1).Value);
    }

    [Fact]
    public void Frame_plain_text_is_an_aligned_table()
    {
        var frame = new DataFrame(new DoubleDataFrameColumn("x", [0.5, 10.25]));
        Assert.Equal("DataFrame: 2 rows × 1 columns\n       x\n0    0.5\n1  10.25\n", Formatter.ToDisplayString(frame, "text/plain"));
    }

    [Fact]
    public void Dense_matrix_is_a_captioned_table_with_rounded_values()
    {
        var m = Matrix<double>.Build.DenseOfArray(new double[,] { { 1.0 / 3, 2 }, { -1234.5678, 1e-7 } });
        string html = Html(m);
        var root = ParseWellFormed(html);
        Assert.Equal("Matrix 2×2", root.Descendants("caption").Single().Value);
        var rows = root.Descendants("tbody").Single().Elements("tr").ToList();
        Assert.Equal(["0", "0.3333", "2"], rows[0].Elements().Select(e => e.Value));
        Assert.Equal(["1", "-1235", "1e-07"], rows[1].Elements().Select(e => e.Value));
    }

    [Fact]
    public void Diagonal_matrix_and_vector_use_the_same_formatters()
    {
        var d = Matrix<double>.Build.DiagonalOfDiagonalArray([1.5, 2.5, 3.5]);
        var root = ParseWellFormed(Html(d));
        Assert.Equal("Matrix 3×3 (diagonal)", root.Descendants("caption").Single().Value);
        Assert.Equal(["2", "0", "0", "3.5"], root.Descendants("tbody").Single().Elements("tr").Last().Elements().Select(e => e.Value));

        var v = Vector<double>.Build.Dense([1, 2.5, 1e9]);
        var vroot = ParseWellFormed(Html(v));
        Assert.Equal("Vector 3", vroot.Descendants("caption").Single().Value);
        Assert.Equal(["1", "2.5", "1e+09"], vroot.Descendants("td").Select(e => e.Value));
        Assert.Equal("Vector 3: [1, 2.5, 1e+09]", Formatter.ToDisplayString(v, "text/plain"));
    }

    [Fact]
    public void Large_matrix_is_truncated_to_20_by_20_around_ellipses()
    {
        var m = Matrix<double>.Build.Dense(50, 50, (i, j) => 100 * i + j);
        var root = ParseWellFormed(Html(m));
        Assert.Equal("Matrix 50×50, showing 20×20", root.Descendants("caption").Single().Value);
        var rows = root.Descendants("tbody").Single().Elements("tr").ToList();
        Assert.Equal(21, rows.Count); // 10 + ellipsis + 10
        Assert.All(rows, r => Assert.Equal(22, r.Elements().Count())); // index + 10 + ellipsis + 10
        Assert.Equal("⋮", rows[10].Elements().First().Value);
        Assert.Equal("⋱", rows[10].Elements().ElementAt(11).Value);
        Assert.Equal("4949", rows[20].Elements().Last().Value);
        Assert.Equal("49", rows[20].Elements().First().Value);
    }

    [Fact]
    public void Grid_renders_every_panel_under_one_title()
    {
        var a = Plot.Lines("iteration 0", "x", "y", ("a", new[] { 1.0 }, new[] { 1.0 }));
        var b = Plot.Lines("iteration 5", "x", "y", ("a", new[] { 1.0 }, new[] { 2.0 }));
        string html = Html(Plot.Grid("EM", 2, a, b));
        Assert.Equal(2, Regex.Matches(html, "Plotly.newPlot\\(").Count);
        Assert.Contains("grid-template-columns:repeat(2,", html);
        Assert.Contains(">EM</div>", html);
    }

    [Fact]
    public void Register_is_idempotent_and_survives_a_reset()
    {
        int Count() => Formatter.RegisteredFormatters(false).Count(f => f.GetType().FullName!.StartsWith("AdvancedMl.", StringComparison.Ordinal));
        Formatters.Register();
        int once = Count();
        Assert.Equal(10, once);
        Formatters.Register();
        Formatters.Register();
        Assert.Equal(once, Count());
        Formatter.ResetToDefault();
        Assert.Equal(0, Count());
        Formatters.Register();
        Assert.Equal(once, Count());
        Assert.StartsWith("<div id=\"aml-plot-", Html(Plot.Lines("t", "x", "y", ("a", new[] { 1.0 }, new[] { 1.0 }))));
    }
}
