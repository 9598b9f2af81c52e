using System.Net;
using System.Text;

namespace AdvancedMl.Display;

/// <summary>Small helpers shared by the HTML formatters.</summary>
internal static class Html
{
    /// <summary>Escapes text for an HTML element body or a double-quoted attribute.</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A fresh element id that is a valid CSS identifier (starts with a letter).</summary>
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Cell style shared by tables: compact, right-aligned tabular digits, theme-neutral borders.</summary>
    public const string CellStyle = "padding:2px 8px;text-align:right;font-variant-numeric:tabular-nums;border-bottom:1px solid rgba(128,128,128,0.25)";

    /// <summary>Header cell style shared by tables.</summary>
    public const string HeaderStyle = "padding:2px 8px;text-align:right;font-weight:600;border-bottom:1px solid rgba(128,128,128,0.6)";

    /// <summary>Opening tag of a compact table.</summary>
    public const string TableOpen = "<table style=\"border-collapse:collapse;font-size:12px;font-family:inherit;margin:0\">";

    /// <summary>
    /// JavaScript expression that finds the element with the given id from a script placed right after it:
    /// by id if the output is already in the document, else through the script's own parent (JupyterLab
    /// may run output scripts before attaching them).
    /// </summary>
    public static string FindElementJs(string id) =>
        $"(document.getElementById('{id}') || (document.currentScript && document.currentScript.parentNode && document.currentScript.parentNode.querySelector('[id=\"{id}\"]')))";

    /// <summary>Renders a plain-text grid with right-aligned columns.</summary>
    public static string TextGrid(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = new int[header.Count];
        foreach (var row in all)
            for (int j = 0; j < widths.Length && j < row.Count; j++)
                widths[j] = Math.Max(widths[j], row[j].Length);
        var text = new StringBuilder();
        foreach (var row in all)
        {
            for (int j = 0; j < widths.Length; j++)
            {
                if (j > 0) text.Append("  ");
                text.Append((j < row.Count ? row[j] : "").PadLeft(widths[j]));
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
