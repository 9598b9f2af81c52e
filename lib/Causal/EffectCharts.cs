using static System.FormattableString;
using AdvancedMl.Display;
using XPlot.Plotly;

namespace AdvancedMl.Causal;

/// <summary>Charts of causal estimates: love plot, forest plot of estimates with intervals, event-study plot (notebook 06).</summary>
public static class EffectCharts
{
    /// <summary>Love plot: |SMD| of each covariate for each table (for example before and after matching), with the 0.1 threshold dashed.</summary>
    public static PlotlyChart LovePlot(string title, params (string Label, BalanceTable Table)[] tables)
    {
        const string method = "EffectCharts.LovePlot";
        if (tables is null || tables.Length == 0) throw new ArgumentException($"{method}: tables must hold at least one balance table.", nameof(tables));
        var names = tables[0].Table.Rows.Select(r => r.Name).ToArray();
        foreach (var (label, table) in tables)
        {
            ArgumentNullException.ThrowIfNull(table);
            if (!table.Rows.Select(r => r.Name).SequenceEqual(names))
                throw new ArgumentException(Invariant($"{method}: table '{label}' must list the same covariates in the same order as '{tables[0].Label}'."), nameof(tables));
        }
        var y = Enumerable.Range(0, names.Length).Select(k => (double)(names.Length - 1 - k)).ToArray();
        string[] symbols = ["circle", "diamond", "square", "x", "triangle-up"];
        var traces = new List<Trace>();
        for (int s = 0; s < tables.Length; s++)
        {
            var smd = tables[s].Table.Rows.Select(r => Math.Abs(r.Smd)).ToArray();
            if (smd.Any(v => !double.IsFinite(v)))
                throw new ArgumentException(Invariant($"{method}: table '{tables[s].Label}' has a non-finite SMD (a constant covariate?)."), nameof(tables));
            traces.Add(Plot.MarkerTrace(tables[s].Label, smd, y, 10, Plot.Palette[s % Plot.Palette.Count], symbols[s % symbols.Length]));
        }
        traces.Add(Plot.LineTrace("|SMD| = 0.1", [0.1, 0.1], [-0.5, names.Length - 0.5], "#7f7f7f", "dash"));
        var chart = Plot.Combine(title, "absolute standardised mean difference", "covariate", traces);
        var layout = new XPlot.Plotly.Layout.Layout
        {
            title = title,
            showlegend = true,
            xaxis = new Xaxis { title = "absolute standardised mean difference", rangemode = "tozero" },
            yaxis = new Yaxis { title = "covariate", tickvals = y, ticktext = names, range = new[] { -0.5, names.Length - 0.5 } },
            margin = new Margin { l = 110, r = 20, t = 50, b = 50 },
        };
        chart.WithLayout(layout);
        chart.Height = Math.Max(300, 60 + 32 * names.Length);
        return chart;
    }

    /// <summary>Forest plot: each estimate with its interval on one row, and an optional vertical benchmark line (for example the experimental ATT).</summary>
    public static PlotlyChart Estimates(string title, IEnumerable<EffectEstimate> estimates, double? benchmark = null, string benchmarkLabel = "benchmark")
    {
        const string method = "EffectCharts.Estimates";
        ArgumentNullException.ThrowIfNull(estimates);
        var list = estimates.ToArray();
        if (list.Length == 0) throw new ArgumentException($"{method}: estimates must hold at least one estimate.", nameof(estimates));
        if (list.Any(e => e is null)) throw new ArgumentException($"{method}: estimates must not contain null.", nameof(estimates));
        var labels = list.Select(e => Invariant($"{e.Method} ({e.Estimand.ToString().ToUpperInvariant()})")).ToArray();
        var y = Enumerable.Range(0, list.Length).Select(k => (double)(list.Length - 1 - k)).ToArray();
        var points = new XPlot.Plotly.Scatter
        {
            name = "estimate with 95% CI",
            x = list.Select(e => e.Estimate).ToArray(),
            y = y,
            mode = "markers",
            marker = new Marker { size = 10, color = Plot.Palette[0] },
            error_x = new Error_x
            {
                type = "data",
                symmetric = false,
                array = list.Select(e => e.CiHigh - e.Estimate).ToArray(),
                arrayminus = list.Select(e => e.Estimate - e.CiLow).ToArray(),
                visible = true,
            },
        };
        var traces = new List<Trace> { points };
        if (benchmark is double b)
        {
            if (!double.IsFinite(b)) throw new ArgumentException(Invariant($"{method}: benchmark must be finite; got {b}."), nameof(benchmark));
            traces.Add(Plot.LineTrace(benchmarkLabel, [b, b], [-0.5, list.Length - 0.5], Plot.Palette[3], "dash"));
        }
        var layout = new XPlot.Plotly.Layout.Layout
        {
            title = title,
            showlegend = true,
            xaxis = new Xaxis { title = "estimated effect", zeroline = true },
            yaxis = new Yaxis { title = "estimator", tickvals = y, ticktext = labels, range = new[] { -0.5, list.Length - 0.5 } },
            margin = new Margin { l = 260, r = 20, t = 50, b = 50 },
        };
        var chart = XPlot.Plotly.Chart.Plot(traces, layout);
        chart.Height = Math.Max(300, 80 + 40 * list.Length);
        return chart;
    }

    /// <summary>Event-study plot: estimates and 95 % intervals by period relative to adoption, one series per result.</summary>
    public static PlotlyChart EventStudy(string title, params (string Label, EventStudyResult Result)[] results) => EventStudy(title, null, results);

    /// <summary>Event-study plot with the true effects (from a simulation) drawn as a dashed line.</summary>
    public static PlotlyChart EventStudy(string title, IReadOnlyDictionary<int, double>? truth, params (string Label, EventStudyResult Result)[] results)
    {
        const string method = "EffectCharts.EventStudy";
        if (results is null || results.Length == 0) throw new ArgumentException($"{method}: results must hold at least one event study.", nameof(results));
        var traces = new List<Trace>();
        double offset = results.Length > 1 ? 0.12 : 0.0;
        for (int s = 0; s < results.Length; s++)
        {
            var (label, r) = results[s];
            ArgumentNullException.ThrowIfNull(r);
            double shift = (s - (results.Length - 1) / 2.0) * offset;
            traces.Add(new XPlot.Plotly.Scatter
            {
                name = label,
                x = r.RelativeTimes.Select(k => k + shift).ToArray(),
                y = r.Estimates,
                mode = "markers+lines",
                marker = new Marker { size = 8, color = Plot.Palette[s % Plot.Palette.Count] },
                line = new Line { color = Plot.Palette[s % Plot.Palette.Count], width = 1 },
                error_y = new Error_y
                {
                    type = "data",
                    symmetric = false,
                    array = r.CiHigh.Select((h, k) => h - r.Estimates[k]).ToArray(),
                    arrayminus = r.CiLow.Select((l, k) => r.Estimates[k] - l).ToArray(),
                    visible = true,
                },
            });
        }
        if (truth is not null)
        {
            var ks = results.SelectMany(r => r.Result.RelativeTimes).Distinct().Order().Where(truth.ContainsKey).ToArray();
            if (ks.Length > 0) traces.Add(Plot.LineTrace("true effect", ks.Select(k => (double)k), ks.Select(k => truth[k]), "#000000", "dash"));
        }
        var chart = Plot.Combine(title, "periods relative to adoption (reference −1)", "effect on outcome", traces);
        return chart;
    }
}
