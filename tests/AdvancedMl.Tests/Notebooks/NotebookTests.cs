using AdvancedMl.Tests.Runner;

namespace AdvancedMl.Tests.Notebooks;

/// <summary>Every notebooks/*.ipynb runs clean in a fresh kernel, passes its registered checks, and a second Run All reproduces its key results.</summary>
public sealed class NotebookTests
{
    public static TheoryData<string> Notebooks => new(NotebookExecution.Notebooks);

    [Fact]
    public void NotebooksFolderHoldsNotebooks() =>
        Assert.True(NotebookExecution.Notebooks.Count > 0, $"{TestPaths.NotebooksFolder} holds no *.ipynb notebooks, so the notebook tests below test nothing");

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void NotebookRuns(string notebook)
    {
        var run = NotebookExecution.Get(notebook);

        Assert.True(run.Status == "ok", run.Describe());
        var warnings = CompilerWarnings(run.Output);
        Assert.True(warnings.Count == 0, $"{notebook}: the compiler warns (Jupyter shows these to the reader): {string.Join(" | ", warnings)}");
        if (NotebookChecks.ByNotebook.TryGetValue(notebook, out var check))
        {
            check(new KeyResults(notebook, run.Passes[0]));
        }
    }

    /// <summary>"cell N: (line,col): warning CSxxxx: ..." for every compiler warning the runner wrote to a cell's stderr.</summary>
    private static List<string> CompilerWarnings(string executedNotebook)
    {
        var cells = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(executedNotebook))!["cells"]!.AsArray();
        return cells.Select((cell, i) => (Number: i + 1, Outputs: cell!["outputs"]?.AsArray() ?? []))
            .SelectMany(c => c.Outputs.Where(o => (string?)o!["name"] == "stderr")
                .SelectMany(o => ((string?)o!["text"] ?? "").Split('\n'))
                .Where(line => line.Contains(": warning CS", StringComparison.Ordinal))
                .Select(line => $"cell {c.Number}: {line}"))
            .ToList();
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void RerunReproduces(string notebook)
    {
        var run = NotebookExecution.Get(notebook);

        Assert.True(run.Status == "ok", $"cannot compare the re-run: {run.Describe()}");
        Assert.Equal(2, run.Passes.Count);
        var difference = KeyResults.FirstDifference(new KeyResults(notebook, run.Passes[0]), new KeyResults(notebook, run.Passes[1]));
        Assert.True(difference is null, difference);
    }
}
