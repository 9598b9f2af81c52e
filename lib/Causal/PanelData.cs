using static System.FormattableString;
using AdvancedMl.Data;
using Microsoft.Data.Analysis;

namespace AdvancedMl.Causal;

/// <summary>
/// A validated long panel for difference-in-differences (notebook 06): one row per (unit, time) with an outcome and
/// a 0/1 indicator D_it that the policy is in force. Adoption must be absorbing (once on, it stays on).
/// </summary>
public sealed class PanelData
{
    private PanelData(int[] unit, int[] time, double[] outcome, double[] treated, IReadOnlyList<string>? unitNames)
    {
        Unit = unit;
        Time = time;
        Outcome = outcome;
        Treated = treated;
        Units = unit.Distinct().Order().ToArray();
        Times = time.Distinct().Order().ToArray();
        var adoption = new Dictionary<int, int?>();
        foreach (int u in Units) adoption[u] = null;
        for (int i = 0; i < unit.Length; i++)
            if (treated[i] == 1.0 && (adoption[unit[i]] is null || time[i] < adoption[unit[i]])) adoption[unit[i]] = time[i];
        AdoptionTime = adoption;
        UnitNames = unitNames;
    }

    /// <summary>Unit label per row.</summary>
    public int[] Unit { get; }

    /// <summary>Time label per row (for example the year).</summary>
    public int[] Time { get; }

    /// <summary>Outcome per row.</summary>
    public double[] Outcome { get; }

    /// <summary>1 when the policy is in force for this unit at this time, else 0.</summary>
    public double[] Treated { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Outcome.Length;

    /// <summary>Distinct unit labels, ascending.</summary>
    public int[] Units { get; }

    /// <summary>Distinct time labels, ascending.</summary>
    public int[] Times { get; }

    /// <summary>First time each unit is treated; null for never-treated units.</summary>
    public IReadOnlyDictionary<int, int?> AdoptionTime { get; }

    /// <summary>Unit names when the panel came from a text column (index = unit label), else null.</summary>
    public IReadOnlyList<string>? UnitNames { get; }

    /// <summary>Validates and copies the four columns.</summary>
    public static PanelData Create(int[] unit, int[] time, double[] outcome, double[] treated) => Create(unit, time, outcome, treated, null, "PanelData.Create");

    private static PanelData Create(int[] unit, int[] time, double[] outcome, double[] treated, IReadOnlyList<string>? names, string method)
    {
        Checks.Finite(outcome, method, nameof(outcome));
        int n = outcome.Length;
        Checks.Finite(treated, method, nameof(treated), n);
        Checks.Binary(treated, method, nameof(treated));
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(time);
        if (unit.Length != n) throw new ArgumentException(Invariant($"{method}: unit must have {n} labels (one per row); got {unit.Length}."), nameof(unit));
        if (time.Length != n) throw new ArgumentException(Invariant($"{method}: time must have {n} labels (one per row); got {time.Length}."), nameof(time));
        var seen = new HashSet<(int, int)>();
        for (int i = 0; i < n; i++)
            if (!seen.Add((unit[i], time[i])))
                throw new ArgumentException(Invariant($"{method}: (unit, time) = ({unit[i]}, {time[i]}) appears more than once (row {i})."), nameof(unit));
        foreach (var g in Enumerable.Range(0, n).GroupBy(i => unit[i]))
        {
            bool on = false;
            foreach (int i in g.OrderBy(i => time[i]))
            {
                if (on && treated[i] == 0.0)
                    throw new ArgumentException(Invariant($"{method}: unit {g.Key} is treated and then untreated again at time {time[i]}; only absorbing adoption is supported."), nameof(treated));
                on |= treated[i] == 1.0;
            }
        }
        return new PanelData((int[])unit.Clone(), (int[])time.Clone(), (double[])outcome.Clone(), (double[])treated.Clone(), names);
    }

    /// <summary>Reads a panel from a data frame; a text unit column is mapped to labels 0, 1, … in order of first appearance (<see cref="UnitNames"/>).</summary>
    public static PanelData FromFrame(DataFrame frame, string unit, string time, string outcome, string treated)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var unitColumn = frame.Columns[unit];
        int[] units;
        List<string>? names = null;
        if (unitColumn is StringDataFrameColumn || unitColumn.DataType == typeof(string))
        {
            names = new List<string>();
            var map = new Dictionary<string, int>();
            units = new int[frame.Rows.Count];
            for (int i = 0; i < units.Length; i++)
            {
                string key = unitColumn[i]?.ToString() ?? throw new ArgumentException(Invariant($"PanelData.FromFrame: column '{unit}' has a missing value at row {i}."), nameof(unit));
                if (!map.TryGetValue(key, out int id))
                {
                    id = names.Count;
                    map[key] = id;
                    names.Add(key);
                }
                units[i] = id;
            }
        }
        else units = Integers(frame, unit);
        return Create(units, Integers(frame, time), Frames.Column(frame, outcome), Frames.Column(frame, treated), names, "PanelData.FromFrame");
    }

    private static int[] Integers(DataFrame frame, string column) => Frames.Column(frame, column).Select((v, i) =>
        v == Math.Round(v) && Math.Abs(v) < int.MaxValue ? (int)v
            : throw new ArgumentException(Invariant($"PanelData.FromFrame: column '{column}' must hold integers; got {v} at row {i}."), nameof(column))).ToArray();

    /// <summary>The rows of the units for which <paramref name="keepUnit"/> is true.</summary>
    public PanelData Subset(Func<int, bool> keepUnit)
    {
        ArgumentNullException.ThrowIfNull(keepUnit);
        var rows = Enumerable.Range(0, Count).Where(i => keepUnit(Unit[i])).ToArray();
        if (rows.Length == 0) throw new ArgumentException("PanelData.Subset: keepUnit must keep at least one unit; it kept none.", nameof(keepUnit));
        return new PanelData(rows.Select(i => Unit[i]).ToArray(), rows.Select(i => Time[i]).ToArray(), rows.Select(i => Outcome[i]).ToArray(), rows.Select(i => Treated[i]).ToArray(), UnitNames);
    }
}
