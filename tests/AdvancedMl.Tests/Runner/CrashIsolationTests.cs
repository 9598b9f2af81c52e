namespace AdvancedMl.Tests.Runner;

/// <summary>Notebooks that kill their process, each followed by a good one.</summary>
public sealed class CrashBatch() : RunnerBatch(["crash-stack-overflow.ipynb", "crash-exit.ipynb", "crash-failfast.ipynb", "good.ipynb"]);

public sealed class CrashIsolationTests(CrashBatch batch) : IClassFixture<CrashBatch>
{
    [Fact]
    public void GoodNotebookStillRunsAndTheExitCodeIsNonZero()
    {
        Assert.True(batch.Result.ExitCode == 1, batch.Result.ToString());
        Assert.Equal(["crash-stack-overflow.ipynb", "crash-exit.ipynb", "crash-failfast.ipynb", "good.ipynb"], batch.Notebooks.Select(n => n.Name));
        Assert.Equal("ok", batch["good.ipynb"].Status);
        Assert.Matches(@"good\.ipynb\s+4/4\s+\d+\.\d\s+ok", batch.Result.Stdout);
    }

    [Theory]
    [InlineData("crash-stack-overflow.ipynb", 2, "Depth(0)", "Stack overflow.")]
    [InlineData("crash-exit.ipynb", 2, "Environment.Exit(3);", "exited with code 3 ")]
    [InlineData("crash-failfast.ipynb", 1, "Environment.FailFast(\"fixture fail-fast\");", "fixture fail-fast")]
    public void CrashIsReportedWithTheCellAndTheExitCode(string notebook, int cell, string firstLine, string detail)
    {
        var run = batch[notebook];

        Assert.Equal("crashed", run.Status);
        Assert.Equal(cell, run.ErrorCell);
        Assert.Equal(firstLine, run.ErrorFirstLine);
        Assert.Contains("the worker process exited with code", run.ErrorMessage);
        Assert.Contains(detail, run.ErrorMessage);
        Assert.Equal(cell - 1, run.CellsRun);
        Assert.Matches($@"{notebook.Replace(".", @"\.")}\s+{cell - 1}/{cell}\s+\d+\.\d\s+crashed", batch.Result.Stdout);
        Assert.Contains($"{notebook}, cell {cell} (`{firstLine}`): crashed:", batch.Result.Stdout);
    }

    [Fact]
    public void ExecutedCopyKeepsTheOutputsBeforeTheCrash()
    {
        var cells = batch.Executed("crash-exit.ipynb")["cells"]!.AsArray();

        Assert.Equal("before exit\n", (string?)cells[0]!["outputs"]![0]!["text"]);
        Assert.Null(cells[1]!["execution_count"]);
    }
}
