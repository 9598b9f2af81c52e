using System.Diagnostics;

namespace AdvancedMl.Runner;

/// <summary>
/// The runner's view of a worker, fed by its progress lines: which cell runs, until when it may run,
/// how many cells of the current pass completed, and each cell's seconds per pass. Thread-safe.
/// </summary>
internal sealed class WorkerProgress(TimeSpan cellTimeout)
{
    /// <summary>How long a worker may take outside cells: starting the kernel, saving, reading key results.</summary>
    public static readonly TimeSpan HousekeepingLimit = TimeSpan.FromSeconds(60);

    private readonly Lock gate = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly SortedDictionary<int, List<double>> seconds = [];
    private TimeSpan deadline = HousekeepingLimit;
    private int? runningCell;
    private int cellsRun;

    /// <summary>The cell running now, or null between cells.</summary>
    public int? RunningCell
    {
        get { lock (gate) { return runningCell; } }
    }

    /// <summary>Code cells of the current pass that completed without error.</summary>
    public int CellsRun
    {
        get { lock (gate) { return cellsRun; } }
    }

    public bool IsOverdue
    {
        get { lock (gate) { return clock.Elapsed > deadline; } }
    }

    public IReadOnlyList<CellTiming> Timings
    {
        get { lock (gate) { return seconds.Select(s => new CellTiming(s.Key, s.Value.ToArray())).ToArray(); } }
    }

    /// <summary>Takes one line of the worker's standard output; lines that are not progress are ignored.</summary>
    public void Accept(string line)
    {
        if (WorkerProtocol.Parse(line) is not { } message)
        {
            return;
        }
        lock (gate)
        {
            switch (message.Kind)
            {
                case "pass":
                    cellsRun = 0;
                    break;
                case "start":
                    runningCell = message.Number;
                    deadline = clock.Elapsed + cellTimeout;
                    return;
                case "done":
                    runningCell = null;
                    cellsRun += message.Ok ? 1 : 0;
                    if (!seconds.TryGetValue(message.Number, out var list))
                    {
                        seconds[message.Number] = list = [];
                    }
                    list.Add(message.Seconds);
                    break;
            }
            deadline = clock.Elapsed + HousekeepingLimit;
        }
    }
}
