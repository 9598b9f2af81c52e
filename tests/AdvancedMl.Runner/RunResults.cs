using System.Text.Json.Nodes;

namespace AdvancedMl.Runner;

/// <summary>How a notebook run ended.</summary>
internal static class RunStatus
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string Timeout = "timeout";
    public const string Crashed = "crashed";
}

/// <summary>Why a run failed: the cell (1-based position in the executed copy; null outside cells), its first line, the message.</summary>
internal sealed record CellError(int? Cell, string? FirstLine, string Message);

/// <summary>A code cell's run time in seconds, one entry per pass that completed it.</summary>
internal sealed record CellTiming(int Cell, IReadOnlyList<double> Seconds);

/// <summary>The key results read back from the kernel after one pass (Run All), by variable name.</summary>
internal sealed record PassResult(JsonObject Results);

/// <summary>What the worker writes to its result file when it finishes (a crashed worker writes nothing).</summary>
internal sealed record WorkerResult(string Status, CellError? Error, IReadOnlyList<PassResult> Passes);

/// <summary>One notebook's entry in the summary and the report.</summary>
internal sealed record NotebookRun(
    string Source,
    string Output,
    string Status,
    int CellsRun,
    int CellsTotal,
    double Seconds,
    IReadOnlyList<CellTiming> Cells,
    CellError? Error,
    IReadOnlyList<PassResult> Passes);
