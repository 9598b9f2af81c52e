namespace AdvancedMl.Tests.Runner;

/// <summary>Notebooks that fail inside the kernel, time out, or lack usable key results.</summary>
public sealed class FailureBatch() : RunnerBatch(
    ["failing-cell.ipynb", "compile-error.ipynb", "timeout.ipynb", "missing-key-result.ipynb", "unsupported-key-result.ipynb"],
    "--timeout", "5");

public sealed class CellFailureTests(FailureBatch batch) : IClassFixture<FailureBatch>
{
    [Fact]
    public void EveryNotebookIsReportedAndTheExitCodeIsNonZero()
    {
        Assert.True(batch.Result.ExitCode == 1, batch.Result.ToString());
        Assert.Equal(["failed", "failed", "timeout", "failed", "failed"], batch.Notebooks.Select(n => n.Status));
    }

    [Fact]
    public void FailingCellIsNamedByNumberFirstLineAndMessage()
    {
        var run = batch["failing-cell.ipynb"];

        Assert.Equal(3, run.ErrorCell);
        Assert.Equal("var ratio = answer / 2.0;", run.ErrorFirstLine);
        Assert.Equal("InvalidOperationException: fixture failure: ratio 21", run.ErrorMessage);
        Assert.Equal((1, 3), (run.CellsRun, run.CellsTotal));
        Assert.Contains("failing-cell.ipynb, cell 3 (`var ratio = answer / 2.0;`): failed: InvalidOperationException: fixture failure: ratio 21", batch.Result.Stdout);
    }

    [Fact]
    public void FailingCellGetsAnErrorOutputAndLaterCellsDoNotRun()
    {
        var cells = batch.Executed("failing-cell.ipynb")["cells"]!.AsArray();

        var error = cells[2]!["outputs"]!.AsArray().Single()!;
        Assert.Equal("error", (string?)error["output_type"]);
        Assert.Equal("InvalidOperationException", (string?)error["ename"]);
        Assert.Equal("fixture failure: ratio 21", (string?)error["evalue"]);
        Assert.StartsWith("System.InvalidOperationException: fixture failure", (string?)error["traceback"]![0]);
        Assert.Equal(2, (int?)cells[2]!["execution_count"]);
        Assert.Empty(cells[3]!["outputs"]!.AsArray());
        Assert.Null(cells[3]!["execution_count"]);
    }

    [Fact]
    public void CompilerWarningIsWrittenToStderrAsJupyterShowsIt()
    {
        var cells = batch.Executed("failing-cell.ipynb")["cells"]!.AsArray();

        var stderr = cells[1]!["outputs"]!.AsArray().Single(o => (string?)o!["name"] == "stderr")!;
        Assert.StartsWith("(1,7): warning CS8632: ", (string?)stderr["text"]);
    }

    [Fact]
    public void CompilationErrorGivesTheCompilerMessage()
    {
        var run = batch["compile-error.ipynb"];

        Assert.Equal(1, run.ErrorCell);
        Assert.Equal("// a comment, then a name that does not exist", run.ErrorFirstLine);
        Assert.Contains("error CS0103: The name 'undefinedName' does not exist", run.ErrorMessage);
    }

    [Fact]
    public void CellThatNeverYieldsIsStoppedAndTheNextNotebookRuns()
    {
        var run = batch["timeout.ipynb"];

        Assert.Equal(1, run.ErrorCell);
        Assert.Equal("var spins = 0L;", run.ErrorFirstLine);
        Assert.Equal("the cell did not finish within 5 s; the worker was stopped", run.ErrorMessage);
        Assert.Equal(0, run.CellsRun);
        Assert.Equal("key result 'absent' is not defined by the notebook", batch["missing-key-result.ipynb"].ErrorMessage);
    }

    [Fact]
    public void KeyResultOfAnUnsupportedTypeIsNamed()
    {
        var run = batch["unsupported-key-result.ipynb"];

        Assert.Null(run.ErrorCell);
        Assert.StartsWith("key result 'list' has type System.Collections.Generic.List`1[System.Int32]; allowed: double, int", run.ErrorMessage);
        Assert.Empty(run.Passes);
    }
}
