using static System.FormattableString;
using System.Globalization;
using System.Text;
using XPlot.Plotly;

namespace AdvancedMl.Display;

/// <summary>Several charts shown side by side in a grid under one title; made by <see cref="Plot.Grid(string, int, PlotlyChart[])"/>.</summary>
public sealed class ChartGrid
{
    /// <summary>Makes a grid; the charts fill it row by row.</summary>
    public ChartGrid(string title, int columns, IEnumerable<PlotlyChart> panels)
    {
        if (string.IsNullOrWhiteSpace(title))
            throw new ArgumentException("ChartGrid: title must not be empty; every figure needs a title.", nameof(title));
        if (columns < 1)
            throw new ArgumentException(Invariant($"ChartGrid: columns must be at least 1; got {columns}."), nameof(columns));
        ArgumentNullException.ThrowIfNull(panels);
        Panels = panels.ToArray();
        if (Panels.Count == 0)
            throw new ArgumentException("ChartGrid: panels must hold at least one chart; got none.", nameof(panels));
        if (Panels.Any(p => p is null))
            throw new ArgumentException("ChartGrid: panels must not contain null.", nameof(panels));
        Title = title;
        Columns = columns;
    }

    /// <summary>The grid's overall title.</summary>
    public string Title { get; }

    /// <summary>Number of charts per row.</summary>
    public int Columns { get; }

    /// <summary>The charts, row by row.</summary>
    public IReadOnlyList<PlotlyChart> Panels { get; }

    /// <summary>HTML: the title above a CSS grid holding each chart's live plotly figure.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<div class=\"aml-grid\">");
        html.Append($"<div style=\"font-family:'Open Sans',verdana,arial,sans-serif;font-weight:600;font-size:17px;color:#444;text-align:center;margin:4px 0\">{Html.Escape(Title)}</div>");
        html.Append($"<div style=\"display:grid;grid-template-columns:repeat({Columns.ToString(CultureInfo.InvariantCulture)},minmax(0,1fr));gap:6px\">");
        foreach (var panel in Panels)
            html.Append("<div>").Append(PlotlyHtml.ToHtml(panel)).Append("</div>");
        html.Append("</div></div>");
        return html.ToString();
    }

    /// <summary>Plain-text summary: the title and each panel's title.</summary>
    public override string ToString() =>
        $"ChartGrid \"{Title}\" ({Panels.Count} panels, {Columns} per row): " +
        string.Join("; ", Panels.Select(p => PlotlyHtml.Title(p) ?? "(untitled)"));
}
