using static System.FormattableString;
using XPlot.Plotly;

namespace AdvancedMl.Causal;

/// <summary>Draws a <see cref="CausalGraph"/> as a plotly figure: nodes coloured by role, arrows as annotations (notebook 06, DAG figures).</summary>
public static class DagChart
{
    private const int NodeRadius = 22;

    private static readonly Dictionary<NodeRole, (string Color, string Label)> Style = new()
    {
        [NodeRole.Treatment] = ("#1f77b4", "treatment"),
        [NodeRole.Outcome] = ("#2ca02c", "outcome"),
        [NodeRole.Confounder] = ("#d62728", "confounder"),
        [NodeRole.Mediator] = ("#9467bd", "mediator"),
        [NodeRole.Collider] = ("#ff7f0e", "collider"),
        [NodeRole.TreatmentCause] = ("#17becf", "cause of treatment only"),
        [NodeRole.OutcomeCause] = ("#bcbd22", "cause of outcome only"),
        [NodeRole.TreatmentDescendant] = ("#8c564b", "post-treatment"),
        [NodeRole.Other] = ("#7f7f7f", "other"),
    };

    /// <summary>
    /// The DAG with nodes at <paramref name="positions"/> (null: <see cref="LayeredPositions"/>), coloured by
    /// <see cref="CausalGraph.Roles"/> when treatment and outcome are given; unobserved nodes are open circles and
    /// adjusted nodes squares; one legend entry per role.
    /// </summary>
    public static PlotlyChart Draw(CausalGraph graph, IReadOnlyDictionary<string, (double X, double Y)>? positions, string title,
        string? treatment = null, string? outcome = null, IEnumerable<string>? adjusted = null)
    {
        const string method = "DagChart.Draw";
        ArgumentNullException.ThrowIfNull(graph);
        if (string.IsNullOrWhiteSpace(title)) throw new ArgumentException($"{method}: title must not be empty; every figure needs a title.", nameof(title));
        if ((treatment is null) != (outcome is null))
            throw new ArgumentException($"{method}: give both treatment and outcome, or neither.", nameof(outcome));
        positions ??= LayeredPositions(graph);
        foreach (var node in graph.Nodes)
            if (!positions.TryGetValue(node, out var p))
                throw new ArgumentException(Invariant($"{method}: positions has no entry for node '{node}'."), nameof(positions));
            else if (!double.IsFinite(p.X) || !double.IsFinite(p.Y))
                throw new ArgumentException(Invariant($"{method}: position of '{node}' must be finite; got ({p.X}, {p.Y})."), nameof(positions));
        var adjustedSet = (adjusted ?? []).ToHashSet();
        foreach (var a in adjustedSet)
            if (!graph.Contains(a)) throw new ArgumentException(Invariant($"{method}: adjusted node '{a}' is not in the graph."), nameof(adjusted));
        var roles = treatment is null ? graph.Nodes.ToDictionary(n => n, _ => NodeRole.Other) : graph.Roles(treatment, outcome!);
        var traces = new List<Trace>();
        foreach (var group in graph.Nodes.GroupBy(n => (roles[n], graph.Unobserved.Contains(n), adjustedSet.Contains(n))).OrderBy(g => g.Key.Item1))
        {
            var (role, latent, isAdjusted) = group.Key;
            var (color, label) = Style[role];
            string name = label + (latent ? " (unobserved)" : "") + (isAdjusted ? ", adjusted for" : "");
            var nodes = group.ToArray();
            traces.Add(new XPlot.Plotly.Scatter
            {
                name = name,
                x = nodes.Select(n => positions[n].X).ToArray(),
                y = nodes.Select(n => positions[n].Y).ToArray(),
                text = nodes,
                mode = "markers+text",
                textposition = "middle center",
                marker = new Marker
                {
                    size = 2 * NodeRadius,
                    color = latent ? "white" : color,
                    symbol = isAdjusted ? (latent ? "square-open" : "square") : (latent ? "circle-open" : "circle"),
                    line = new Line { color = color, width = latent ? 3 : 1, dash = latent ? "dash" : "solid" },
                },
            });
        }
        var xs = graph.Nodes.Select(n => positions[n].X).ToArray();
        var ys = graph.Nodes.Select(n => positions[n].Y).ToArray();
        double[] xRange = Padded(xs), yRange = Padded(ys);
        // XPlot's Annotation has no 'standoff': pull each arrow's ends back to the marker edges in pixel space.
        double pxPerX = 660 / (xRange[1] - xRange[0]), pxPerY = 310 / (yRange[1] - yRange[0]);
        var annotations = graph.Edges.Select(e =>
        {
            var (fx, fy) = positions[e.From];
            var (tx, ty) = positions[e.To];
            double dxPx = (tx - fx) * pxPerX, dyPx = (ty - fy) * pxPerY, length = Math.Sqrt(dxPx * dxPx + dyPx * dyPx);
            double cut = length > 0 ? Math.Min(0.45, NodeRadius / length) : 0;
            return new Annotation
            {
                x = tx - cut * (tx - fx),
                y = ty - cut * (ty - fy),
                ax = fx + cut * (tx - fx),
                ay = fy + cut * (ty - fy),
                xref = "x",
                yref = "y",
                axref = "x",
                ayref = "y",
                showarrow = true,
                arrowhead = 2,
                arrowsize = 1.5,
                arrowwidth = 1.5,
                arrowcolor = "#444",
                text = "",
            };
        }).ToArray();
        var layout = new XPlot.Plotly.Layout.Layout
        {
            title = title,
            showlegend = true,
            xaxis = new Xaxis { showgrid = false, zeroline = false, showticklabels = false, range = xRange, title = "" },
            yaxis = new Yaxis { showgrid = false, zeroline = false, showticklabels = false, range = yRange, title = "" },
            annotations = annotations,
            margin = new Margin { l = 20, r = 20, t = 50, b = 20 },
        };
        var chart = XPlot.Plotly.Chart.Plot(traces, layout);
        chart.Height = 380;
        return chart;
    }

    /// <summary>Positions by topological depth (longest path from a root) left to right, nodes of one depth spread vertically in node order.</summary>
    public static IReadOnlyDictionary<string, (double X, double Y)> LayeredPositions(CausalGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var depth = new Dictionary<string, int>();
        foreach (var n in graph.TopologicalOrder())
            depth[n] = graph.Parents(n).Select(p => depth[p] + 1).DefaultIfEmpty(0).Max();
        var result = new Dictionary<string, (double, double)>();
        foreach (var layer in graph.Nodes.GroupBy(n => depth[n]))
        {
            var members = layer.ToArray();
            for (int k = 0; k < members.Length; k++) result[members[k]] = (layer.Key, (members.Length - 1) / 2.0 - k);
        }
        return result;
    }

    private static double[] Padded(double[] values)
    {
        double lo = values.Min(), hi = values.Max(), pad = Math.Max(0.5, 0.15 * (hi - lo));
        return [lo - pad, hi + pad];
    }
}
