using System.Diagnostics;
using System.Text.Json;

namespace AdvancedMl.Runner;

/// <summary>
/// Runs inside a worker process: executes one notebook's code cells in a fresh kernel, pass after pass,
/// keeps the executed copy up to date after every cell, reads key results after each pass, writes the result file.
/// </summary>
internal sealed class NotebookWorker(WorkerJob job, NotebookFile source, PreparedNotebook notebook, KernelSession session, WorkerProtocol.Reporter progress)
{
    private int executionCount;

    public static async Task<int> RunAsync(string jobPath)
    {
        var job = WorkerJob.Read(jobPath);
        var source = NotebookFile.Load(job.Source);
        var notebook = PreparedNotebook.Prepare(source, job.Parameters);
        var progress = new WorkerProtocol.Reporter(new StreamWriter(Console.OpenStandardOutput()));
        Save(notebook, job.Output);
        using var session = await KernelSession.StartAsync();
        progress.Ready();
        var result = await new NotebookWorker(job, source, notebook, session, progress).RunPassesAsync();
        AtomicFile.WriteAllText(job.ResultPath, JsonSerializer.Serialize(result, RunnerJson.Options));
        return 0;
    }

    /// <summary>Run All, --repeat times in the same kernel, reading the key results after each pass; stops at the first error.</summary>
    private async Task<WorkerResult> RunPassesAsync()
    {
        var passes = new List<PassResult>();
        for (var pass = 1; pass <= job.Repeat; pass++)
        {
            progress.PassStarted(pass);
            if (await RunCellsAsync() is { } cellError)
            {
                return new WorkerResult(RunStatus.Failed, cellError, passes);
            }
            var (results, keyResultError) = KeyResultReader.Read(session, source.KeyResultNames);
            if (keyResultError is not null)
            {
                return new WorkerResult(RunStatus.Failed, new CellError(null, null, keyResultError), passes);
            }
            passes.Add(new PassResult(results));
        }
        return new WorkerResult(RunStatus.Ok, null, passes);
    }

    /// <summary>Runs every code cell in order, saving the executed copy after each; returns the first cell's error, if any.</summary>
    private async Task<CellError?> RunCellsAsync()
    {
        foreach (var cell in notebook.CodeCells)
        {
            progress.CellStarted(cell.Number);
            var clock = Stopwatch.StartNew();
            var events = await session.RunAsync(cell.Source);
            var elapsed = clock.Elapsed;
            var outcome = OutputMapper.Map(events, ++executionCount);
            progress.CellDone(cell.Number, elapsed, outcome.Error is null);
            cell.Json["outputs"] = outcome.Outputs;
            cell.Json["execution_count"] = executionCount;
            Save(notebook, job.Output);
            if (outcome.Error is not null)
            {
                return new CellError(cell.Number, cell.FirstLine, outcome.Error);
            }
        }
        return null;
    }

    private static void Save(PreparedNotebook notebook, string path) =>
        AtomicFile.WriteAllText(path, notebook.Document.ToJsonString(RunnerJson.Options) + "\n");
}
