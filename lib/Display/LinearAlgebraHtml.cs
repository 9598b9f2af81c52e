using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Display;

/// <summary>Renders Math.NET vectors and matrices as compact HTML or text tables, truncated beyond 20 rows or columns.</summary>
public static class LinearAlgebraHtml
{
    /// <summary>The most rows or columns shown; larger dimensions show their first and last 10 around an ellipsis.</summary>
    public const int MaxShown = 20;

    /// <summary>HTML table for a matrix with a caption such as "Matrix 3×3".</summary>
    public static string ToHtml(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var rows = Visible(matrix.RowCount);
        var cols = Visible(matrix.ColumnCount);
        var html = new StringBuilder();
        html.Append(Html.TableOpen);
        html.Append($"<caption style=\"caption-side:top;text-align:left;font-size:11px;opacity:0.8\">{Html.Escape(Caption(matrix))}</caption>");
        html.Append($"<thead><tr><th style=\"{Html.HeaderStyle}\"></th>");
        foreach (int j in cols)
            html.Append($"<th style=\"{Html.HeaderStyle};opacity:0.6;font-weight:400\">{(j < 0 ? "…" : j.ToString())}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (int i in rows)
        {
            html.Append($"<tr><th style=\"{Html.CellStyle};opacity:0.6;font-weight:400\">{(i < 0 ? "⋮" : i.ToString())}</th>");
            foreach (int j in cols)
                html.Append($"<td style=\"{Html.CellStyle}\">{Html.Escape(CellText(matrix, i, j))}</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        return html.ToString();
    }

    /// <summary>HTML table for a vector laid out as one row, with a caption such as "Vector 5".</summary>
    public static string ToHtml(Vector<double> vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var cols = Visible(vector.Count);
        var html = new StringBuilder();
        html.Append(Html.TableOpen);
        html.Append($"<caption style=\"caption-side:top;text-align:left;font-size:11px;opacity:0.8\">{Html.Escape(Caption(vector))}</caption>");
        html.Append("<thead><tr>");
        foreach (int j in cols)
            html.Append($"<th style=\"{Html.HeaderStyle};opacity:0.6;font-weight:400\">{(j < 0 ? "…" : j.ToString())}</th>");
        html.Append("</tr></thead><tbody><tr>");
        foreach (int j in cols)
            html.Append($"<td style=\"{Html.CellStyle}\">{(j < 0 ? "…" : Html.Escape(Numbers.Format(vector[j])))}</td>");
        html.Append("</tr></tbody></table>");
        return html.ToString();
    }

    /// <summary>Aligned plain-text rendering of a matrix, truncated like the HTML one.</summary>
    public static string ToText(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var cols = Visible(matrix.ColumnCount);
        var header = new List<string> { "" };
        header.AddRange(cols.Select(j => j < 0 ? "…" : j.ToString()));
        var rows = Visible(matrix.RowCount).Select(i =>
        {
            var cells = new List<string> { i < 0 ? "⋮" : i.ToString() };
            cells.AddRange(cols.Select(j => CellText(matrix, i, j)));
            return (IReadOnlyList<string>)cells;
        });
        return Caption(matrix) + "\n" + Html.TextGrid(header, rows);
    }

    /// <summary>Plain-text rendering of a vector on one line.</summary>
    public static string ToText(Vector<double> vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        return Caption(vector) + ": [" + string.Join(", ", Visible(vector.Count).Select(j => j < 0 ? "…" : Numbers.Format(vector[j]))) + "]";
    }

    private static string Caption(Matrix<double> matrix)
    {
        string kind = matrix is MathNet.Numerics.LinearAlgebra.Double.DiagonalMatrix ? " (diagonal)" : matrix.Storage.IsDense ? "" : " (sparse)";
        string truncated = matrix.RowCount > MaxShown || matrix.ColumnCount > MaxShown
            ? $", showing {Math.Min(matrix.RowCount, MaxShown)}×{Math.Min(matrix.ColumnCount, MaxShown)}"
            : "";
        return $"Matrix {matrix.RowCount}×{matrix.ColumnCount}{kind}{truncated}";
    }

    private static string Caption(Vector<double> vector) =>
        $"Vector {vector.Count}{(vector.Count > MaxShown ? $", showing {MaxShown}" : "")}";

    private static string CellText(Matrix<double> matrix, int i, int j) =>
        i < 0 && j < 0 ? "⋱" : i < 0 ? "⋮" : j < 0 ? "…" : Numbers.Format(matrix[i, j]);

    /// <summary>Indices to show: all when at most 20, otherwise the first 10, -1 for the ellipsis, and the last 10.</summary>
    private static IReadOnlyList<int> Visible(int count)
    {
        if (count <= MaxShown) return Enumerable.Range(0, count).ToArray();
        int half = MaxShown / 2;
        return Enumerable.Range(0, half).Append(-1).Concat(Enumerable.Range(count - half, half)).ToArray();
    }
}
