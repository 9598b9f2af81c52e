using System.Globalization;

namespace AdvancedMl.Runner;

/// <summary>Prints the end-of-run table (notebook, cells run, seconds, status) and each failure's details.</summary>
internal static class SummaryTable
{
    public static void Print(IReadOnlyList<NotebookRun> runs, TextWriter output)
    {
        var nameWidth = Math.Max("Notebook".Length, runs.Max(r => Path.GetFileName(r.Source).Length));
        output.WriteLine();
        output.WriteLine($"{"Notebook".PadRight(nameWidth)}  {"Cells",9}  {"Seconds",8}  Status");
        foreach (var run in runs)
        {
            var cells = $"{run.CellsRun}/{run.CellsTotal}";
            var seconds = run.Seconds.ToString("0.0", CultureInfo.InvariantCulture);
            output.WriteLine($"{Path.GetFileName(run.Source).PadRight(nameWidth)}  {cells,9}  {seconds,8}  {run.Status}");
        }
        var failures = runs.Where(r => r.Error is not null).ToArray();
        if (failures.Length > 0)
        {
            output.WriteLine();
            output.WriteLine("Failures (cell = 1-based position in the executed notebook, markdown cells included):");
            foreach (var run in failures)
            {
                output.WriteLine($"  {Describe(run)}");
            }
        }
    }

    /// <summary>"name, cell N (`first line`): message" — the one line a reader needs to find the problem.</summary>
    public static string Describe(NotebookRun run)
    {
        var error = run.Error!;
        var where = error.Cell is null ? "" : $", cell {error.Cell} (`{error.FirstLine}`)";
        return $"{Path.GetFileName(run.Source)}{where}: {run.Status}: {error.Message.ReplaceLineEndings(" ")}";
    }
}
