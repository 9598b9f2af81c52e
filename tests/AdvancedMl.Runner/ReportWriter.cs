using System.Text.Json;

namespace AdvancedMl.Runner;

/// <summary>Writes the machine-readable report (--report): one entry per notebook, see --help for the fields.</summary>
internal static class ReportWriter
{
    private sealed record Report(IReadOnlyList<NotebookRun> Notebooks);

    public static void Write(string path, IReadOnlyList<NotebookRun> runs) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new Report(runs), RunnerJson.Options) + "\n");
}
