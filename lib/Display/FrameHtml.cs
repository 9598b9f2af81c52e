using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace AdvancedMl.Display;

/// <summary>Renders a Microsoft.Data.Analysis <see cref="DataFrame"/> as a paged HTML table or an aligned text table.</summary>
public static class FrameHtml
{
    /// <summary>Rows per page of the HTML table.</summary>
    public const int PageSize = 25;

    /// <summary>The most rows the HTML table carries; the caption counts the rest.</summary>
    public const int MaxRows = 1000;

    /// <summary>HTML table: header with column names and types, a row index, rounded numbers, pages of 25 rows with Prev/Next buttons.</summary>
    public static string ToHtml(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        long total = frame.Rows.Count;
        int shown = (int)Math.Min(total, MaxRows);
        int pages = Math.Max(1, (shown + PageSize - 1) / PageSize);
        var columns = frame.Columns.ToList();
        string id = Html.NewId("aml-frame");

        var html = new StringBuilder();
        html.Append($"<div id=\"{id}\" class=\"aml-frame\">");
        html.Append(Html.TableOpen);
        html.Append($"<thead><tr><th style=\"{Html.HeaderStyle}\"></th>");
        foreach (var column in columns)
            html.Append($"<th style=\"{Html.HeaderStyle}\">{Html.Escape(column.Name)}<br/><span style=\"font-weight:400;font-size:10px;opacity:0.7\">{Html.Escape(Numbers.TypeName(column.DataType))}</span></th>");
        html.Append("</tr></thead>");
        for (int page = 0; page < pages; page++)
        {
            html.Append(page == 0 ? $"<tbody data-page=\"{page}\">" : $"<tbody data-page=\"{page}\" style=\"display:none\">");
            for (int row = page * PageSize; row < Math.Min(shown, (page + 1) * PageSize); row++)
            {
                html.Append($"<tr><th style=\"{Html.CellStyle};font-weight:400;opacity:0.6\">{row}</th>");
                foreach (var column in columns)
                    html.Append($"<td style=\"{Html.CellStyle}\">{Html.Escape(Cell(column[row]))}</td>");
                html.Append("</tr>");
            }
            html.Append("</tbody>");
        }
        html.Append("</table>");

        string columnCount = $"{columns.Count} column{(columns.Count == 1 ? "" : "s")}";
        html.Append("<div style=\"font-size:11px;opacity:0.8;margin-top:2px\">");
        if (pages > 1)
            html.Append("<button type=\"button\" data-step=\"-1\" style=\"display:none;font-size:11px\">&#8249; Prev</button> ");
        html.Append($"<span class=\"aml-status\">{PageText(0, shown, total)}</span> · {columnCount}");
        if (pages > 1)
            html.Append(" <button type=\"button\" data-step=\"1\" style=\"display:none;font-size:11px\">Next &#8250;</button>");
        if (total > shown)
            html.Append($"<br/>{(total - shown).ToString(CultureInfo.InvariantCulture)} more rows not shown (the display stops at {MaxRows} rows).");
        html.Append("</div></div>");

        if (pages > 1)
        {
            // Without scripts (an untrusted notebook) the first page and the caption still show.
            html.Append("<script>\n(function () {\n");
            html.Append($"  var root = {Html.FindElementJs(id)};\n");
            html.Append("  if (!root) return;\n");
            html.Append($"  var pages = root.querySelectorAll('tbody[data-page]'), shown = {shown}, total = {total}, size = {PageSize}, current = 0;\n");
            html.Append("  var status = root.querySelector('.aml-status'), buttons = root.querySelectorAll('button[data-step]');\n");
            html.Append("  function show(p) {\n");
            html.Append("    current = Math.max(0, Math.min(pages.length - 1, p));\n");
            html.Append("    for (var i = 0; i < pages.length; i++) pages[i].style.display = i === current ? '' : 'none';\n");
            html.Append("    status.textContent = 'rows ' + (current * size + 1) + '\\u2013' + Math.min(shown, (current + 1) * size) + ' of ' + total;\n");
            html.Append("    buttons[0].disabled = current === 0; buttons[1].disabled = current === pages.length - 1;\n");
            html.Append("  }\n");
            html.Append("  for (var i = 0; i < buttons.length; i++) {\n");
            html.Append("    buttons[i].style.display = '';\n");
            html.Append("    buttons[i].addEventListener('click', function (e) { show(current + Number(e.currentTarget.getAttribute('data-step'))); });\n");
            html.Append("  }\n");
            html.Append("  show(0);\n");
            html.Append("})();\n</script>");
        }
        return html.ToString();
    }

    /// <summary>Plain-text table of the first 25 rows with the row and column counts.</summary>
    public static string ToText(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var columns = frame.Columns.ToList();
        int shown = (int)Math.Min(frame.Rows.Count, PageSize);
        var header = new List<string> { "" };
        header.AddRange(columns.Select(c => c.Name));
        var rows = Enumerable.Range(0, shown).Select(r =>
        {
            var cells = new List<string> { r.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(columns.Select(c => Cell(c[r])));
            return (IReadOnlyList<string>)cells;
        });
        string more = frame.Rows.Count > shown ? $"... {frame.Rows.Count - shown} more rows\n" : "";
        return $"DataFrame: {frame.Rows.Count} rows × {columns.Count} columns\n{Html.TextGrid(header, rows)}{more}";
    }

    private static string PageText(int page, int shown, long total) =>
        shown == 0 ? "0 rows" : $"rows {page * PageSize + 1}–{Math.Min(shown, (page + 1) * PageSize)} of {total}";

    private static string Cell(object? value) => Numbers.FormatObject(value);
}
