using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using MathNet.Numerics.LinearAlgebra;
using XPlot.Plotly;

namespace AdvancedMl.Display;

/// <summary>Registers the notebook display formatters (called by every notebook's setup cell).</summary>
public static class Formatters
{
    private const string HtmlMime = "text/html";
    private const string TextMime = "text/plain";
    private static readonly object Gate = new();

    /// <summary>
    /// Registers HTML and plain-text formatters for XPlot charts, chart grids, data frames, Math.NET vectors and
    /// matrices; safe to call on every re-run of the setup cell (registers only what is not registered yet).
    /// </summary>
    public static void Register()
    {
        lock (Gate)
        {
            // Look at what the formatter actually holds rather than at a static flag, so Register works again
            // after Formatter.ResetToDefault() (the kernel and the tests can reset formatters).
            var present = Formatter.RegisteredFormatters(false).OfType<IAdvancedMlFormatter>().Select(f => (f.Type, f.MimeType)).ToHashSet();
            Add<PlotlyChart>(present, HtmlMime, PlotlyHtml.ToHtml);
            Add<PlotlyChart>(present, TextMime, PlotlyHtml.ToText);
            Add<ChartGrid>(present, HtmlMime, g => g.ToHtml());
            Add<ChartGrid>(present, TextMime, g => g.ToString());
            Add<DataFrame>(present, HtmlMime, FrameHtml.ToHtml);
            Add<DataFrame>(present, TextMime, FrameHtml.ToText);
            Add<Matrix<double>>(present, HtmlMime, LinearAlgebraHtml.ToHtml);
            Add<Matrix<double>>(present, TextMime, LinearAlgebraHtml.ToText);
            Add<Vector<double>>(present, HtmlMime, LinearAlgebraHtml.ToHtml);
            Add<Vector<double>>(present, TextMime, LinearAlgebraHtml.ToText);
        }
    }

    private static void Add<T>(HashSet<(Type, string)> present, string mimeType, Func<T, string> render) where T : class
    {
        if (present.Contains((typeof(T), mimeType))) return;
        Formatter.Register(new AdvancedMlFormatter<T>(mimeType, render));
    }

    private interface IAdvancedMlFormatter : ITypeFormatter;

    private sealed class AdvancedMlFormatter<T>(string mimeType, Func<T, string> render) : IAdvancedMlFormatter where T : class
    {
        public string MimeType { get; } = mimeType;

        public Type Type => typeof(T);

        public bool Format(object instance, FormatContext context)
        {
            if (instance is not T value) return false;
            context.Writer.Write(render(value));
            return true;
        }
    }
}
