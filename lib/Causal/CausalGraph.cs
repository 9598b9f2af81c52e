using static System.FormattableString;

namespace AdvancedMl.Causal;

/// <summary>The part a variable plays relative to a (treatment, outcome) pair in a causal DAG (notebook 06, DAG section).</summary>
public enum NodeRole
{
    /// <summary>The treatment T.</summary>
    Treatment,

    /// <summary>The outcome Y.</summary>
    Outcome,

    /// <summary>A common cause of T and Y (ancestor of T, and of Y by a path avoiding T): adjust for it.</summary>
    Confounder,

    /// <summary>On a causal path T → … → Y (descendant of T, ancestor of Y): adjusting removes part of the effect.</summary>
    Mediator,

    /// <summary>A collider on some T–Y path or a common effect of T and Y: adjusting opens a biasing path.</summary>
    Collider,

    /// <summary>Causes T but not Y except through T (instrument-like): adjusting only costs precision.</summary>
    TreatmentCause,

    /// <summary>Causes Y but not T (a precision variable): adjusting is harmless and usually helps.</summary>
    OutcomeCause,

    /// <summary>Caused by T but neither a mediator nor a collider: a post-treatment variable.</summary>
    TreatmentDescendant,

    /// <summary>None of the above.</summary>
    Other,
}

/// <summary>
/// An immutable causal DAG with d-separation (moralised ancestral graph), path enumeration, Pearl's backdoor
/// criterion and adjustment-set search (notebook 06, DAG section). Node order is the order of first appearance,
/// which fixes every tie-break.
/// </summary>
public sealed class CausalGraph
{
    private readonly string[] nodes;
    private readonly Dictionary<string, int> index;
    private readonly int[][] parents;
    private readonly int[][] children;
    private readonly HashSet<string> unobserved;

    private CausalGraph(string[] nodes, List<(int From, int To)> edges, HashSet<string> unobserved)
    {
        this.nodes = nodes;
        index = nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        parents = Enumerable.Range(0, nodes.Length).Select(v => edges.Where(e => e.To == v).Select(e => e.From).OrderBy(i => i).ToArray()).ToArray();
        children = Enumerable.Range(0, nodes.Length).Select(v => edges.Where(e => e.From == v).Select(e => e.To).OrderBy(i => i).ToArray()).ToArray();
        Edges = edges.Select(e => (nodes[e.From], nodes[e.To])).ToArray();
        this.unobserved = unobserved;
    }

    /// <summary>Node names in order of first appearance.</summary>
    public IReadOnlyList<string> Nodes => nodes;

    /// <summary>Directed edges (From → To) in the order given.</summary>
    public IReadOnlyList<(string From, string To)> Edges { get; }

    /// <summary>Latent nodes: part of the graph but never used in an adjustment set.</summary>
    public IReadOnlySet<string> Unobserved => unobserved;

    /// <summary>
    /// Parses edges such as "Z -> X; Z -> Y; X -> M -> Y" (chains allowed; ',', ';' or new lines separate; a lone
    /// name adds an isolated node). <paramref name="unobserved"/> names latent nodes.
    /// </summary>
    public static CausalGraph Parse(string edges, params string[] unobserved)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var list = new List<(string, string)>();
        var isolated = new List<string>();
        foreach (var raw in edges.Split([';', ',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var names = raw.Split("->", StringSplitOptions.TrimEntries);
            if (names.Any(n => n.Length == 0 || n.Contains('<') || n.Contains('>') || n.Any(char.IsWhiteSpace)))
                throw new ArgumentException(Invariant($"CausalGraph.Parse: cannot read '{raw}'; write edges as 'A -> B' or chains 'A -> B -> C' with names without spaces."), nameof(edges));
            if (names.Length == 1) isolated.Add(names[0]);
            for (int k = 0; k + 1 < names.Length; k++) list.Add((names[k], names[k + 1]));
        }
        if (list.Count == 0 && isolated.Count == 0)
            throw new ArgumentException("CausalGraph.Parse: edges must describe at least one node; got an empty string.", nameof(edges));
        return Build(list, unobserved, isolated, "CausalGraph.Parse");
    }

    /// <summary>Builds a graph from directed edges, optional latent nodes and optional isolated nodes.</summary>
    public static CausalGraph FromEdges(IEnumerable<(string From, string To)> edges, IEnumerable<string>? unobserved = null, IEnumerable<string>? isolatedNodes = null)
    {
        ArgumentNullException.ThrowIfNull(edges);
        return Build(edges.ToList(), unobserved ?? [], isolatedNodes ?? [], "CausalGraph.FromEdges");
    }

    private static CausalGraph Build(List<(string From, string To)> edges, IEnumerable<string> unobserved, IEnumerable<string> isolated, string method)
    {
        var order = new List<string>();
        var seen = new HashSet<string>();
        void Add(string name)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"{method}: node names must not be empty.", nameof(edges));
            if (seen.Add(name)) order.Add(name);
        }
        foreach (var (from, to) in edges)
        {
            Add(from);
            Add(to);
            if (from == to) throw new ArgumentException(Invariant($"{method}: self-loop on '{from}'; a DAG has no edge from a node to itself."), nameof(edges));
        }
        foreach (var name in isolated) Add(name);
        var latent = new HashSet<string>(unobserved);
        foreach (var u in latent)
            if (!seen.Contains(u)) throw new ArgumentException(Invariant($"{method}: unobserved node '{u}' does not appear in the graph."), nameof(unobserved));
        var idx = order.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        var pairs = new List<(int, int)>();
        var distinct = new HashSet<(int, int)>();
        foreach (var (from, to) in edges)
            if (distinct.Add((idx[from], idx[to]))) pairs.Add((idx[from], idx[to]));
        var graph = new CausalGraph(order.ToArray(), pairs, latent);
        var cycle = graph.FindCycle();
        if (cycle is not null)
            throw new ArgumentException(Invariant($"{method}: the graph has a cycle {string.Join(" -> ", cycle)}; a causal DAG must be acyclic."), nameof(edges));
        return graph;
    }

    /// <summary>True when the graph has a node called <paramref name="node"/>.</summary>
    public bool Contains(string node) => node is not null && index.ContainsKey(node);

    /// <summary>Direct causes of <paramref name="node"/>, in node order.</summary>
    public IReadOnlyList<string> Parents(string node) => Names(parents[Id(node, nameof(Parents))]);

    /// <summary>Direct effects of <paramref name="node"/>, in node order.</summary>
    public IReadOnlyList<string> Children(string node) => Names(children[Id(node, nameof(Children))]);

    /// <summary>All nodes with a directed path into <paramref name="node"/> (excluding itself), in node order.</summary>
    public IReadOnlyList<string> Ancestors(string node) => Names(Reach(Id(node, nameof(Ancestors)), parents, includeSelf: false));

    /// <summary>All nodes reachable from <paramref name="node"/> by a directed path (excluding itself), in node order.</summary>
    public IReadOnlyList<string> Descendants(string node) => Names(Reach(Id(node, nameof(Descendants)), children, includeSelf: false));

    /// <summary>A topological order (Kahn's algorithm, ties by node order): every edge points forward.</summary>
    public IReadOnlyList<string> TopologicalOrder()
    {
        var indegree = parents.Select(p => p.Length).ToArray();
        var ready = new SortedSet<int>(Enumerable.Range(0, nodes.Length).Where(v => indegree[v] == 0));
        var result = new List<string>();
        while (ready.Count > 0)
        {
            int v = ready.Min;
            ready.Remove(v);
            result.Add(nodes[v]);
            foreach (int c in children[v])
                if (--indegree[c] == 0) ready.Add(c);
        }
        return result;
    }

    /// <summary>d-separation x ⫫ y | given (see the set overload).</summary>
    public bool IsDSeparated(string x, string y, IEnumerable<string> given) => IsDSeparated([x], [y], given);

    /// <summary>
    /// d-separation X ⫫ Y | Z by the moralised ancestral graph (Lauritzen): keep X ∪ Y ∪ Z and their ancestors, marry
    /// co-parents, drop directions, delete Z; X and Y are d-separated iff no undirected path joins them.
    /// </summary>
    public bool IsDSeparated(IEnumerable<string> xs, IEnumerable<string> ys, IEnumerable<string> given)
    {
        const string method = "CausalGraph.IsDSeparated";
        var x = Ids(xs, method, nameof(xs));
        var y = Ids(ys, method, nameof(ys));
        var z = Ids(given, method, nameof(given));
        if (x.Count == 0 || y.Count == 0) throw new ArgumentException($"{method}: xs and ys must each name at least one node.", x.Count == 0 ? nameof(xs) : nameof(ys));
        if (x.Overlaps(y) || x.Overlaps(z) || y.Overlaps(z))
            throw new ArgumentException($"{method}: xs, ys and given must be disjoint.", nameof(given));
        return DSeparated(x, y, z);
    }

    private bool DSeparated(HashSet<int> x, HashSet<int> y, HashSet<int> z)
    {
        var keep = new bool[nodes.Length];
        foreach (int v in x.Concat(y).Concat(z))
            foreach (int a in Reach(v, parents, includeSelf: true)) keep[a] = true;
        var adjacency = Enumerable.Range(0, nodes.Length).Select(_ => new HashSet<int>()).ToArray();
        for (int v = 0; v < nodes.Length; v++)
        {
            if (!keep[v]) continue;
            var ps = parents[v];
            foreach (int p in ps)
            {
                adjacency[v].Add(p);
                adjacency[p].Add(v);
            }
            for (int a = 0; a < ps.Length; a++)
                for (int b = a + 1; b < ps.Length; b++)
                {
                    adjacency[ps[a]].Add(ps[b]);
                    adjacency[ps[b]].Add(ps[a]);
                }
        }
        var visited = new bool[nodes.Length];
        var stack = new Stack<int>(x);
        foreach (int v in x) visited[v] = true;
        while (stack.Count > 0)
        {
            int v = stack.Pop();
            if (y.Contains(v)) return false;
            foreach (int w in adjacency[v])
                if (!visited[w] && !z.Contains(w))
                {
                    visited[w] = true;
                    stack.Push(w);
                }
        }
        return true;
    }

    /// <summary>All simple paths between x and y in the skeleton (edge directions ignored), shortest first then node order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Paths(string x, string y)
    {
        int a = Id(x, nameof(Paths)), b = Id(y, nameof(Paths));
        if (a == b) throw new ArgumentException(Invariant($"CausalGraph.Paths: x and y must differ; got '{x}' twice."), nameof(y));
        return PathIds(a, b).Select(p => (IReadOnlyList<string>)Names(p)).ToList();
    }

    private List<int[]> PathIds(int a, int b)
    {
        var neighbours = Enumerable.Range(0, nodes.Length).Select(v => parents[v].Concat(children[v]).Distinct().OrderBy(i => i).ToArray()).ToArray();
        var result = new List<int[]>();
        var path = new List<int> { a };
        var onPath = new bool[nodes.Length];
        onPath[a] = true;
        void Walk(int v)
        {
            if (v == b)
            {
                result.Add(path.ToArray());
                return;
            }
            foreach (int w in neighbours[v])
            {
                if (onPath[w]) continue;
                if (result.Count > 100_000)
                    throw new InvalidOperationException("CausalGraph.Paths: more than 100000 paths; path enumeration is meant for small teaching graphs.");
                onPath[w] = true;
                path.Add(w);
                Walk(w);
                path.RemoveAt(path.Count - 1);
                onPath[w] = false;
            }
        }
        Walk(a);
        return result.OrderBy(p => p.Length).ThenBy(p => string.Join(",", p.Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))), StringComparer.Ordinal).ToList();
    }

    /// <summary>The paths from <paramref name="treatment"/> to <paramref name="outcome"/> whose first edge points into the treatment.</summary>
    public IReadOnlyList<IReadOnlyList<string>> BackdoorPaths(string treatment, string outcome)
    {
        int t = Id(treatment, nameof(BackdoorPaths));
        return Paths(treatment, outcome).Where(p => parents[t].Contains(index[p[1]])).ToList();
    }

    /// <summary>
    /// Whether one path is open (d-connecting) given a conditioning set: every non-collider on it is outside the set
    /// and every collider (→ v ←) is in the set or has a descendant in it.
    /// </summary>
    public bool IsPathOpen(IReadOnlyList<string> path, IEnumerable<string> given)
    {
        const string method = "CausalGraph.IsPathOpen";
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count < 2) throw new ArgumentException(Invariant($"{method}: path must have at least 2 nodes; got {path.Count}."), nameof(path));
        var ids = path.Select(n => Id(n, "IsPathOpen")).ToArray();
        if (ids.Distinct().Count() != ids.Length) throw new ArgumentException($"{method}: path must not repeat a node.", nameof(path));
        for (int k = 0; k + 1 < ids.Length; k++)
            if (!parents[ids[k]].Contains(ids[k + 1]) && !children[ids[k]].Contains(ids[k + 1]))
                throw new ArgumentException(Invariant($"{method}: '{path[k]}' and '{path[k + 1]}' are not adjacent, so this is not a path."), nameof(path));
        var z = Ids(given, method, nameof(given));
        return PathOpen(ids, z);
    }

    private bool PathOpen(int[] ids, HashSet<int> z)
    {
        for (int k = 1; k + 1 < ids.Length; k++)
        {
            int v = ids[k];
            bool collider = parents[v].Contains(ids[k - 1]) && parents[v].Contains(ids[k + 1]);
            if (collider)
            {
                if (!z.Contains(v) && !Reach(v, children, includeSelf: false).Any(z.Contains)) return false;
            }
            else if (z.Contains(v)) return false;
        }
        return true;
    }

    /// <summary>Writes a path with its arrows, e.g. "T &lt;- Z -> Y".</summary>
    public string DescribePath(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var sb = new System.Text.StringBuilder(path.Count > 0 ? path[0] : "");
        for (int k = 0; k + 1 < path.Count; k++)
        {
            int a = Id(path[k], nameof(DescribePath)), b = Id(path[k + 1], nameof(DescribePath));
            string arrow = children[a].Contains(b) ? " -> " : parents[a].Contains(b) ? " <- "
                : throw new ArgumentException(Invariant($"CausalGraph.DescribePath: '{path[k]}' and '{path[k + 1]}' are not adjacent."), nameof(path));
            sb.Append(arrow).Append(path[k + 1]);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Pearl's backdoor criterion: no node of the set is a descendant of the treatment, and the set blocks every path
    /// that starts with an arrow into the treatment — checked as T ⫫ Y | set once T's outgoing edges are removed.
    /// </summary>
    public bool IsValidBackdoorSet(string treatment, string outcome, IEnumerable<string> set)
    {
        const string method = "CausalGraph.IsValidBackdoorSet";
        var (t, o) = Pair(treatment, outcome, method);
        var z = Ids(set, method, nameof(set));
        if (z.Contains(t) || z.Contains(o))
            throw new ArgumentException($"{method}: set must not contain the treatment or the outcome.", nameof(set));
        return Backdoor(t, o, z, Reach(t, children, includeSelf: false).ToHashSet());
    }

    private bool Backdoor(int t, int o, HashSet<int> z, HashSet<int> descendantsOfT)
    {
        if (z.Overlaps(descendantsOfT)) return false;
        return WithoutOutgoing(t).DSeparated([t], [o], z);
    }

    private CausalGraph WithoutOutgoing(int t)
    {
        var edges = new List<(int, int)>();
        for (int v = 0; v < nodes.Length; v++)
            foreach (int c in children[v])
                if (v != t) edges.Add((v, c));
        return new CausalGraph(nodes, edges, unobserved);
    }

    /// <summary>
    /// A smallest valid backdoor set of observed nodes (ties: first in node order), [] if no adjustment is needed, or
    /// null if every valid set needs an unobserved node. Exhaustive up to 20 candidates; above that a greedy minimal set.
    /// </summary>
    public IReadOnlyList<string>? FindBackdoorSet(string treatment, string outcome)
    {
        var (t, o) = Pair(treatment, outcome, "CausalGraph.FindBackdoorSet");
        var desc = Reach(t, children, includeSelf: false).ToHashSet();
        var candidates = Candidates(t, o, desc);
        var cut = WithoutOutgoing(t);
        bool Valid(IEnumerable<int> s) => cut.DSeparated([t], [o], s.ToHashSet());
        if (candidates.Length <= 20)
        {
            for (int size = 0; size <= candidates.Length; size++)
                foreach (var combo in Combinations(candidates.Length, size))
                {
                    var set = combo.Select(i => candidates[i]).ToArray();
                    if (Valid(set)) return Names(set);
                }
            return null;
        }
        var anc = Reach(t, parents, true).Concat(Reach(o, parents, true)).ToHashSet();
        var current = candidates.Where(anc.Contains).ToList();
        if (!Valid(current)) return null;
        for (int k = current.Count - 1; k >= 0; k--)
        {
            var without = current.Where((_, i) => i != k).ToList();
            if (Valid(without)) current = without;
        }
        return Names(current);
    }

    /// <summary>Every valid backdoor set of observed nodes with no valid proper subset, by size then node order (at most 16 candidates).</summary>
    public IReadOnlyList<IReadOnlyList<string>> MinimalBackdoorSets(string treatment, string outcome)
    {
        var (t, o) = Pair(treatment, outcome, "CausalGraph.MinimalBackdoorSets");
        var desc = Reach(t, children, includeSelf: false).ToHashSet();
        var candidates = Candidates(t, o, desc);
        if (candidates.Length > 16)
            throw new ArgumentException(Invariant($"CausalGraph.MinimalBackdoorSets: at most 16 candidate nodes are enumerated; this graph has {candidates.Length}. Use FindBackdoorSet."), nameof(treatment));
        var cut = WithoutOutgoing(t);
        var minimal = new List<int>();
        var result = new List<IReadOnlyList<string>>();
        for (int size = 0; size <= candidates.Length; size++)
            foreach (var combo in Combinations(candidates.Length, size))
            {
                int mask = combo.Aggregate(0, (m, i) => m | (1 << i));
                if (minimal.Any(s => (s & mask) == s)) continue;
                var set = combo.Select(i => candidates[i]).ToArray();
                if (cut.DSeparated([t], [o], set.ToHashSet()))
                {
                    minimal.Add(mask);
                    result.Add(Names(set));
                }
            }
        return result;
    }

    /// <summary>Classifies every node relative to (treatment, outcome); see <see cref="NodeRole"/> for the rules and their precedence.</summary>
    public IReadOnlyDictionary<string, NodeRole> Roles(string treatment, string outcome)
    {
        var (t, o) = Pair(treatment, outcome, "CausalGraph.Roles");
        var descT = Reach(t, children, false).ToHashSet();
        var descO = Reach(o, children, false).ToHashSet();
        var ancT = Reach(t, parents, false).ToHashSet();
        var ancO = Reach(o, parents, false).ToHashSet();
        var ancOAvoidingT = WithoutNode(t).Reach(o, WithoutNode(t).parents, false).ToHashSet();
        var colliders = new HashSet<int>();
        foreach (var p in PathIds(t, o))
            for (int k = 1; k + 1 < p.Length; k++)
                if (parents[p[k]].Contains(p[k - 1]) && parents[p[k]].Contains(p[k + 1])) colliders.Add(p[k]);
        var roles = new Dictionary<string, NodeRole>();
        for (int v = 0; v < nodes.Length; v++)
        {
            NodeRole role =
                v == t ? NodeRole.Treatment :
                v == o ? NodeRole.Outcome :
                descT.Contains(v) && ancO.Contains(v) ? NodeRole.Mediator :
                ancT.Contains(v) && ancOAvoidingT.Contains(v) ? NodeRole.Confounder :
                colliders.Contains(v) || (descT.Contains(v) && descO.Contains(v)) ? NodeRole.Collider :
                ancT.Contains(v) ? NodeRole.TreatmentCause :
                ancO.Contains(v) ? NodeRole.OutcomeCause :
                descT.Contains(v) ? NodeRole.TreatmentDescendant :
                NodeRole.Other;
            roles[nodes[v]] = role;
        }
        return roles;
    }

    /// <summary>The same node list with every edge touching node v removed (keeps indices aligned).</summary>
    private CausalGraph WithoutNode(int v)
    {
        var edges = new List<(int, int)>();
        for (int a = 0; a < nodes.Length; a++)
            foreach (int c in children[a])
                if (a != v && c != v) edges.Add((a, c));
        return new CausalGraph(nodes, edges, unobserved);
    }

    private int[] Candidates(int t, int o, HashSet<int> descendantsOfT) =>
        Enumerable.Range(0, nodes.Length).Where(v => v != t && v != o && !descendantsOfT.Contains(v) && !unobserved.Contains(nodes[v])).ToArray();

    /// <summary>All size-k subsets of 0..n−1 in lexicographic order.</summary>
    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        var c = Enumerable.Range(0, k).ToArray();
        if (k > n) yield break;
        while (true)
        {
            yield return (int[])c.Clone();
            int i = k - 1;
            while (i >= 0 && c[i] == n - k + i) i--;
            if (i < 0) yield break;
            c[i]++;
            for (int j = i + 1; j < k; j++) c[j] = c[j - 1] + 1;
        }
    }

    private List<int> Reach(int start, int[][] next, bool includeSelf)
    {
        var seen = new bool[nodes.Length];
        var stack = new Stack<int>();
        stack.Push(start);
        seen[start] = true;
        while (stack.Count > 0)
            foreach (int w in next[stack.Pop()])
                if (!seen[w])
                {
                    seen[w] = true;
                    stack.Push(w);
                }
        if (!includeSelf) seen[start] = false;
        return Enumerable.Range(0, nodes.Length).Where(v => seen[v]).ToList();
    }

    private List<string>? FindCycle()
    {
        var state = new int[nodes.Length]; // 0 new, 1 on stack, 2 done
        var stack = new List<int>();
        List<string>? found = null;
        bool Visit(int v)
        {
            state[v] = 1;
            stack.Add(v);
            foreach (int c in children[v])
            {
                if (state[c] == 1)
                {
                    found = stack.Skip(stack.IndexOf(c)).Append(c).Select(i => nodes[i]).ToList();
                    return true;
                }
                if (state[c] == 0 && Visit(c)) return true;
            }
            stack.RemoveAt(stack.Count - 1);
            state[v] = 2;
            return false;
        }
        for (int v = 0; v < nodes.Length; v++)
            if (state[v] == 0 && Visit(v)) return found;
        return null;
    }

    private (int T, int O) Pair(string treatment, string outcome, string method)
    {
        int t = Id(treatment, method), o = Id(outcome, method);
        if (t == o) throw new ArgumentException(Invariant($"{method}: treatment and outcome must differ; got '{treatment}' for both."), nameof(outcome));
        return (t, o);
    }

    private int Id(string node, string method)
    {
        if (node is null || !index.TryGetValue(node, out int v))
            throw new ArgumentException(Invariant($"CausalGraph.{method.Replace("CausalGraph.", "")}: unknown node '{node}'; the graph has {string.Join(", ", nodes)}."), nameof(node));
        return v;
    }

    private HashSet<int> Ids(IEnumerable<string> names, string method, string parameter)
    {
        if (names is null) throw new ArgumentNullException(parameter, $"{method}: {parameter} must not be null (pass [] for the empty set).");
        return names.Select(n => Id(n, method)).ToHashSet();
    }

    private List<string> Names(IEnumerable<int> ids) => ids.Select(i => nodes[i]).ToList();
}
