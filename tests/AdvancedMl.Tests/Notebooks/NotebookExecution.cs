using System.Collections.Concurrent;
using AdvancedMl.Tests.Runner;
using Xunit.Sdk;

namespace AdvancedMl.Tests.Notebooks;

/// <summary>
/// Runs each repository notebook once through the runner (--repeat 2, --report) into a temporary folder and
/// caches the report entry, so the run test and the re-run test share one execution.
/// </summary>
internal static class NotebookExecution
{
    private static readonly ConcurrentDictionary<string, Lazy<NotebookReport>> Runs = new();

    /// <summary>The file names of every notebooks/*.ipynb, sorted; empty if the folder is missing.</summary>
    public static IReadOnlyList<string> Notebooks =>
        Directory.Exists(TestPaths.NotebooksFolder)
            ? Directory.GetFiles(TestPaths.NotebooksFolder, "*.ipynb").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal).ToArray()
            : [];

    public static NotebookReport Get(string notebook) =>
        Runs.GetOrAdd(notebook, name => new Lazy<NotebookReport>(() => Execute(name))).Value;

    private static NotebookReport Execute(string notebook)
    {
        var scratch = Directory.CreateTempSubdirectory("advancedml-notebook-");
        var report = Path.Combine(scratch.FullName, "report.json");
        var result = RunnerProcess.Run(
            [Path.Combine(TestPaths.NotebooksFolder, notebook), "--repeat", "2", "--report", report, "-o", Path.Combine(scratch.FullName, "executed")],
            TestPaths.RepositoryRoot);
        return File.Exists(report)
            ? RunnerReport.Load(report).Single()
            : throw new XunitException($"{notebook}: the runner wrote no report; {result}");
    }
}
