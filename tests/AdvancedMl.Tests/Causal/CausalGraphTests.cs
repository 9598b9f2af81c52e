using AdvancedMl.Causal;

namespace AdvancedMl.Tests.Causal;

public class CausalGraphTests
{
    private static IReadOnlyList<string>? Find(string edges, params string[] unobserved) =>
        CausalGraph.Parse(edges, unobserved).FindBackdoorSet("T", "Y");

    [Fact]
    public void BackdoorFinderGivesTheTextbookAnswers()
    {
        // Confounder: adjust for Z.
        Assert.Equal(["Z"], Find("Z -> T; Z -> Y; T -> Y"));
        // Mediator only: nothing to adjust (and adjusting for M is not allowed: it is a descendant of T).
        Assert.Equal([], Find("T -> M -> Y"));
        Assert.False(CausalGraph.Parse("T -> M -> Y").IsValidBackdoorSet("T", "Y", ["M"]));
        // Collider: nothing to adjust; adjusting for the collider is invalid.
        Assert.Equal([], Find("T -> C; Y -> C; T -> Y"));
        Assert.False(CausalGraph.Parse("T -> C; Y -> C; T -> Y").IsValidBackdoorSet("T", "Y", ["C"]));
        // M-bias: the pre-treatment collider M must NOT be adjusted for alone; the empty set is valid.
        var m = CausalGraph.Parse("U1 -> T; U1 -> M; U2 -> M; U2 -> Y; T -> Y");
        Assert.Equal([], m.FindBackdoorSet("T", "Y"));
        Assert.False(m.IsValidBackdoorSet("T", "Y", ["M"]));
        Assert.True(m.IsValidBackdoorSet("T", "Y", ["M", "U1"]));
        // Butterfly (bow-tie): M is both confounder and collider; adjusting for M alone opens T<-U1->M<-U2->Y.
        var b = CausalGraph.Parse("U1 -> T; U1 -> M; U2 -> M; U2 -> Y; M -> T; M -> Y; T -> Y", "U1", "U2");
        Assert.False(b.IsValidBackdoorSet("T", "Y", ["M"]));
        Assert.Null(b.FindBackdoorSet("T", "Y")); // U1 or U2 would be needed, and both are unobserved
        var bObserved = CausalGraph.Parse("U1 -> T; U1 -> M; U2 -> M; U2 -> Y; M -> T; M -> Y; T -> Y");
        Assert.Equal([["U1", "M"], ["M", "U2"]], bObserved.MinimalBackdoorSets("T", "Y"));
        // Unobserved confounder: no valid set.
        Assert.Null(Find("U -> T; U -> Y; T -> Y", "U"));
    }

    [Fact]
    public void PearlsClassicExamplesGiveTheKnownAdjustmentSets()
    {
        // Pearl (2009), Causality, Fig. 3.4 (T = Xi, Y = Xj): {X3, X4} and {X4, X5} satisfy the backdoor criterion,
        // {X4} alone does not (X4 is a collider between X1 and X2), and X6 is a descendant of Xi.
        var g = CausalGraph.Parse("X1 -> X3; X1 -> X4; X2 -> X4; X2 -> X5; X3 -> Xi; X4 -> Xi; X4 -> Xj; X5 -> Xj; Xi -> X6 -> Xj");
        Assert.True(g.IsValidBackdoorSet("Xi", "Xj", ["X3", "X4"]));
        Assert.True(g.IsValidBackdoorSet("Xi", "Xj", ["X4", "X5"]));
        Assert.False(g.IsValidBackdoorSet("Xi", "Xj", ["X4"]));
        Assert.False(g.IsValidBackdoorSet("Xi", "Xj", ["X3", "X4", "X6"]));
        var minimal = g.MinimalBackdoorSets("Xi", "Xj").Select(s => string.Join(",", s.Order())).ToHashSet();
        Assert.Equal(new HashSet<string> { "X1,X4", "X3,X4", "X2,X4", "X4,X5" }, minimal);
        Assert.Equal(["X1", "X4"], g.FindBackdoorSet("Xi", "Xj")); // smallest; ties by node order X1, X3, X4, X2, X5
        // A second bow pattern: Z is a confounder and a collider of B and C, so Z needs a partner on the A-B or C-D side.
        var h = CausalGraph.Parse("B -> A; B -> Z; C -> Z; C -> D; A -> X; Z -> X; Z -> Y; D -> Y; X -> W -> Y");
        Assert.Equal(["B", "Z"], h.FindBackdoorSet("X", "Y"));
        Assert.Equal(4, h.MinimalBackdoorSets("X", "Y").Count);
        Assert.True(h.IsValidBackdoorSet("X", "Y", ["Z", "D"]));
        Assert.False(h.IsValidBackdoorSet("X", "Y", ["Z"]));
    }

    [Fact]
    public void DSeparationAgreesWithBruteForcePathEnumerationOnRandomSmallGraphs()
    {
        var rng = new Random(7);
        int checkedTriples = 0;
        for (int graph = 0; graph < 60; graph++)
        {
            int n = 4 + rng.Next(4);
            var names = Enumerable.Range(0, n).Select(i => $"V{i}").ToArray();
            var edges = new List<(string, string)>();
            for (int a = 0; a < n; a++)
                for (int c = a + 1; c < n; c++)
                    if (rng.NextDouble() < 0.4) edges.Add((names[a], names[c])); // forward edges only: acyclic
            var g = CausalGraph.FromEdges(edges, isolatedNodes: names);
            for (int x = 0; x < n; x++)
                for (int y = x + 1; y < n; y++)
                {
                    var others = names.Where((_, i) => i != x && i != y).ToArray();
                    for (int mask = 0; mask < 1 << others.Length; mask++)
                    {
                        var z = others.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
                        bool expected = !BruteForceConnected(edges, names[x], names[y], z);
                        Assert.Equal(expected, g.IsDSeparated(names[x], names[y], z));
                        checkedTriples++;
                    }
                }
        }
        Assert.True(checkedTriples > 3000);
    }

    /// <summary>Independent d-connection check: enumerate every simple path of the skeleton and apply the collider rule.</summary>
    private static bool BruteForceConnected(List<(string From, string To)> edges, string x, string y, string[] z)
    {
        bool Edge(string a, string b) => edges.Contains((a, b));
        var nodes = edges.SelectMany(e => new[] { e.From, e.To }).Append(x).Append(y).Distinct().ToArray();
        HashSet<string> Descendants(string v)
        {
            var seen = new HashSet<string>();
            var stack = new Stack<string>();
            stack.Push(v);
            while (stack.Count > 0)
            {
                string u = stack.Pop();
                foreach (var e in edges)
                    if (e.From == u && seen.Add(e.To)) stack.Push(e.To);
            }
            return seen;
        }
        bool Open(List<string> path)
        {
            for (int k = 1; k + 1 < path.Count; k++)
            {
                bool collider = Edge(path[k - 1], path[k]) && Edge(path[k + 1], path[k]);
                if (collider ? !(z.Contains(path[k]) || Descendants(path[k]).Overlaps(z)) : z.Contains(path[k])) return false;
            }
            return true;
        }
        bool Search(List<string> path)
        {
            string last = path[^1];
            if (last == y) return Open(path);
            foreach (var next in nodes.Where(v => !path.Contains(v) && (Edge(last, v) || Edge(v, last))))
            {
                path.Add(next);
                if (Search(path)) return true;
                path.RemoveAt(path.Count - 1);
            }
            return false;
        }
        return Search([x]);
    }

    [Fact]
    public void PathsAndBackdoorPathsAreListedWithArrows()
    {
        var g = CausalGraph.Parse("Z -> T; Z -> Y; T -> M -> Y; T -> C; Y -> C");
        var paths = g.Paths("T", "Y").Select(g.DescribePath).ToArray();
        Assert.Equal(["T <- Z -> Y", "T -> M -> Y", "T -> C <- Y"], paths);
        Assert.Equal(["T <- Z -> Y"], g.BackdoorPaths("T", "Y").Select(g.DescribePath));
        Assert.True(g.IsPathOpen(["T", "Z", "Y"], []));
        Assert.False(g.IsPathOpen(["T", "Z", "Y"], ["Z"]));
        Assert.False(g.IsPathOpen(["T", "C", "Y"], []));
        Assert.True(g.IsPathOpen(["T", "C", "Y"], ["C"]));
    }

    [Fact]
    public void RolesNameConfoundersMediatorsAndColliders()
    {
        var g = CausalGraph.Parse("Z -> T; Z -> Y; T -> M -> Y; T -> C; Y -> C; I -> T; P -> Y; U1 -> T; U1 -> B; U2 -> B; U2 -> Y; T -> D");
        var roles = g.Roles("T", "Y");
        Assert.Equal(NodeRole.Treatment, roles["T"]);
        Assert.Equal(NodeRole.Outcome, roles["Y"]);
        Assert.Equal(NodeRole.Confounder, roles["Z"]);
        Assert.Equal(NodeRole.Mediator, roles["M"]);
        Assert.Equal(NodeRole.Collider, roles["C"]);
        Assert.Equal(NodeRole.Collider, roles["B"]); // M-bias collider
        Assert.Equal(NodeRole.TreatmentCause, roles["I"]);
        Assert.Equal(NodeRole.OutcomeCause, roles["P"]);
        Assert.Equal(NodeRole.TreatmentDescendant, roles["D"]);
        Assert.Equal(NodeRole.TreatmentCause, roles["U1"]);
    }

    [Fact]
    public void GraphQueriesFollowTheEdges()
    {
        var g = CausalGraph.Parse("A -> B -> C; A -> C; D");
        Assert.Equal(["A", "B", "C", "D"], g.Nodes);
        Assert.Equal(["A", "B"], g.Parents("C"));
        Assert.Equal(["B", "C"], g.Children("A"));
        Assert.Equal(["A", "B"], g.Ancestors("C"));
        Assert.Equal(["B", "C"], g.Descendants("A"));
        Assert.Empty(g.Descendants("D"));
        var order = g.TopologicalOrder().ToList();
        foreach (var (from, to) in g.Edges) Assert.True(order.IndexOf(from) < order.IndexOf(to));
    }

    [Fact]
    public void InvalidGraphsAndQueriesAreRejected()
    {
        var cycle = Assert.Throws<ArgumentException>(() => CausalGraph.Parse("A -> B -> C -> A"));
        Assert.Contains("cycle A -> B -> C -> A", cycle.Message);
        Assert.Contains("self-loop", Assert.Throws<ArgumentException>(() => CausalGraph.Parse("A -> A")).Message);
        Assert.Throws<ArgumentException>(() => CausalGraph.Parse("A -> "));
        Assert.Throws<ArgumentException>(() => CausalGraph.Parse("A => B"));
        Assert.Throws<ArgumentException>(() => CausalGraph.Parse("A -> B", "U"));
        var g = CausalGraph.Parse("Z -> T -> Y; Z -> Y");
        Assert.Contains("unknown node 'Q'", Assert.Throws<ArgumentException>(() => g.Parents("Q")).Message);
        Assert.Throws<ArgumentException>(() => g.FindBackdoorSet("T", "T"));
        Assert.Throws<ArgumentException>(() => g.IsDSeparated("T", "Y", ["T"]));
        Assert.Throws<ArgumentException>(() => g.IsValidBackdoorSet("T", "Y", ["Y"]));
        Assert.Throws<ArgumentException>(() => g.IsPathOpen(["Z", "Y", "T", "Z"], []));
    }

    [Fact]
    public void DagChartDrawsEveryNodeAndEdge()
    {
        var g = CausalGraph.Parse("Z -> T; Z -> Y; T -> M -> Y; U -> T; U -> Y", "U");
        var chart = DagChart.Draw(g, null, "Confounded effect", "T", "Y", ["Z"]);
        string html = chart.GetInlineHtml();
        Assert.Contains("Confounded effect", html);
        Assert.Contains("confounder (unobserved)", html);
        Assert.Contains("confounder, adjusted for", html);
        Assert.Contains("mediator", html);
        Assert.Equal(g.Edges.Count, html.Split("\"showarrow\":true").Length - 1);
        Assert.Throws<ArgumentException>(() => DagChart.Draw(g, new Dictionary<string, (double, double)> { ["Z"] = (0, 0) }, "t"));
        Assert.Throws<ArgumentException>(() => DagChart.Draw(g, null, "t", "T", null));
    }
}
