using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using XPlot.Plotly;

namespace AdvancedMl.Display;

/// <summary>
/// Renders an XPlot <see cref="PlotlyChart"/> as a live plotly.js figure. It replaces XPlot.Plotly.Interactive:
/// the figure's JSON comes from XPlot's own serialiser, and a loader script fetches one pinned plotly.js per page.
/// </summary>
public static class PlotlyHtml
{
    /// <summary>The pinned plotly.js version the charts load.</summary>
    public const string PlotlyVersion = "2.35.2";

    /// <summary>The CDN address the charts load plotly.js from.</summary>
    public const string PlotlyUrl = "https://cdn.plot.ly/plotly-" + PlotlyVersion + ".min.js";

    /// <summary>The figure's data (array of traces) and layout as JSON objects, with string titles turned into {text: ...} objects.</summary>
    public static (JArray Data, JObject Layout) Figure(PlotlyChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        // GetPlottingJS is XPlot's only public view of the traces and layout: one line "var data = [...];"
        // and one line "var layout = {...};" (or "" when there is no layout). JSON strings escape newlines,
        // so each value sits on its own line.
        string? dataJson = null, layoutJson = null;
        foreach (string raw in chart.GetPlottingJS().Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("var data = ", StringComparison.Ordinal)) dataJson = line["var data = ".Length..].TrimEnd(';');
            else if (line.StartsWith("var layout = ", StringComparison.Ordinal)) layoutJson = line["var layout = ".Length..].TrimEnd(';');
        }
        if (dataJson is null)
            throw new InvalidOperationException("PlotlyHtml.Figure: XPlot's GetPlottingJS output has no 'var data = ...' line; the XPlot.Plotly version is not the one this formatter was written for.");
        var data = JArray.Parse(dataJson);
        var layout = layoutJson is null || layoutJson == "\"\"" ? new JObject() : JObject.Parse(layoutJson);
        NormaliseTitles(data);
        NormaliseTitles(layout);
        return (data, layout);
    }

    /// <summary>The chart's title (layout.title.text), or null when it has none.</summary>
    public static string? Title(PlotlyChart chart) => (string?)Figure(chart).Layout.SelectToken("title.text");

    /// <summary>HTML for the chart: a full-width div and a script that loads plotly.js once and draws the figure.</summary>
    public static string ToHtml(PlotlyChart chart)
    {
        var (data, layout) = Figure(chart);
        double height = layout.Value<double?>("height") ?? chart.Height;
        return ToHtml(data, layout, height);
    }

    /// <summary>Plain-text summary of a chart: its title and its traces.</summary>
    public static string ToText(PlotlyChart chart)
    {
        var (data, layout) = Figure(chart);
        var names = data.Select((t, i) => (string?)t["name"] ?? (string?)t["type"] ?? $"trace {i}");
        return $"PlotlyChart \"{(string?)layout.SelectToken("title.text") ?? "(untitled)"}\": {data.Count} trace(s): {string.Join(", ", names)}";
    }

    internal static string ToHtml(JArray data, JObject layout, double height)
    {
        string id = Html.NewId("aml-plot");
        var settings = new JsonSerializerSettings
        {
            // Escape <, >, &, ' and " so no string can close the script element.
            StringEscapeHandling = StringEscapeHandling.EscapeHtml,
            FloatFormatHandling = FloatFormatHandling.Symbol,
            Formatting = Formatting.None,
        };
        string dataJs = JsonConvert.SerializeObject(data, settings);
        string layoutJs = JsonConvert.SerializeObject(layout, settings);
        string heightCss = Math.Max(120, height).ToString("0", CultureInfo.InvariantCulture);
        string contextName = "advancedml-plotly-" + PlotlyVersion;
        string requirePath = PlotlyUrl[..^".js".Length];
        var html = new StringBuilder();
        html.Append($"<div id=\"{id}\" style=\"width:100%;height:{heightCss}px\"></div>\n");
        html.Append("<script>\n(function () {\n");
        html.Append($"  var el = {Html.FindElementJs(id)};\n");
        html.Append($"  var data = {dataJs};\n");
        html.Append($"  var layout = {layoutJs};\n");
        html.Append("  var config = {responsive: true, displaylogo: false};\n");
        html.Append($"  function draw(Plotly) {{ Plotly.newPlot(el || document.getElementById('{id}'), data, layout, config); }}\n");
        html.Append("  if (window.Plotly && window.Plotly.newPlot) { draw(window.Plotly); return; }\n");
        html.Append("  if (typeof require === 'function' && typeof require.config === 'function') {\n");
        html.Append("    // Classic Jupyter: plotly.js is an AMD module there, so load it through RequireJS in a private context.\n");
        html.Append($"    require.config({{context: '{contextName}', paths: {{plotly: '{requirePath}'}}}})(['plotly'], draw);\n");
        html.Append("    return;\n  }\n");
        html.Append("  // VS Code, JupyterLab: inject one script tag per page and queue the figures until it has loaded.\n");
        html.Append("  var queue = window.__advancedMlPlotlyQueue = window.__advancedMlPlotlyQueue || [];\n");
        html.Append("  queue.push(draw);\n");
        html.Append("  if (window.__advancedMlPlotlyLoading) return;\n");
        html.Append("  window.__advancedMlPlotlyLoading = true;\n");
        html.Append("  var script = document.createElement('script');\n");
        html.Append($"  script.src = '{PlotlyUrl}';\n");
        html.Append("  script.onload = function () { var f; while ((f = queue.shift())) f(window.Plotly); };\n");
        html.Append("  script.onerror = function () {\n");
        html.Append("    window.__advancedMlPlotlyLoading = false;\n");
        html.Append("    if (el) el.textContent = 'Could not load plotly.js from ' + script.src + ' (offline?). Re-run the cell when the network is back.';\n");
        html.Append("  };\n");
        html.Append("  document.head.appendChild(script);\n");
        html.Append("})();\n</script>");
        return html.ToString();
    }

    /// <summary>
    /// XPlot writes titles as plain strings ("title": "x"), which plotly.js 3 no longer accepts; rewrite every
    /// string title as {"text": ...} and fold a sibling "titlefont" into it, which plotly.js 2 and 3 both read.
    /// </summary>
    private static void NormaliseTitles(JToken token)
    {
        if (token is JObject obj)
        {
            if (obj["title"] is JValue { Type: JTokenType.String } title)
            {
                var replacement = new JObject { ["text"] = title.Value<string>() };
                if (obj["titlefont"] is JObject font)
                {
                    replacement["font"] = font;
                    obj.Remove("titlefont");
                }
                obj["title"] = replacement;
            }
            foreach (var property in obj.Properties().ToList()) NormaliseTitles(property.Value);
        }
        else if (token is JArray array)
        {
            foreach (var item in array) NormaliseTitles(item);
        }
    }
}
