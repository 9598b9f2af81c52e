using System.Diagnostics;
using System.Text.Json;

namespace AdvancedMl.Runner;

/// <summary>
/// Runs inside a worker process: executes one notebook's code cells in a fresh kernel, pass after pass,
/// keeps the executed copy up to date after every cell, reads key results after each pass, writes the result file.
/// </summary>
internal static class NotebookWorker
{
    public static async Task<int> RunAsync(string jobPath)
    {
        var job = WorkerJob.Read(jobPath);
        var source = NotebookFile.Load(job.Source);
        var notebook = PreparedNotebook.Prepare(source, job.Parameters);
        var progress = new WorkerProtocol.Reporter(new StreamWriter(Console.OpenStandardOutput()));
        Save(notebook, job.Output);
        using var session = await KernelSession.StartAsync();
        progress.Ready();
        var passes = new List<PassResult>();
        var executionCount = 0;
        CellError? error = null;
        for (var pass = 1; pass <= job.Repeat && error is null; pass++)
        {
            progress.PassStarted(pass);
            foreach (var cell in notebook.CodeCells)
            {
                progress.CellStarted(cell.Number);
                var clock = Stopwatch.StartNew();
                var events = await session.RunAsync(cell.Source);
                var outcome = OutputMapper.Map(events, ++executionCount);
                progress.CellDone(cell.Number, clock.Elapsed, outcome.Error is null);
                cell.Json["outputs"] = outcome.Outputs;
                cell.Json["execution_count"] = executionCount;
                Save(notebook, job.Output);
                if (outcome.Error is not null)
                {
                    error = new CellError(cell.Number, cell.FirstLine, outcome.Error);
                    break;
                }
            }
            if (error is null)
            {
                var (results, keyResultError) = KeyResultReader.Read(session, source.KeyResultNames);
                passes.Add(new PassResult(results));
                error = keyResultError is null ? null : new CellError(null, null, keyResultError);
            }
        }
        var result = new WorkerResult(error is null ? RunStatus.Ok : RunStatus.Failed, error, passes);
        AtomicFile.WriteAllText(job.ResultPath, JsonSerializer.Serialize(result, RunnerJson.Options));
        return 0;
    }

    private static void Save(PreparedNotebook notebook, string path) =>
        AtomicFile.WriteAllText(path, notebook.Document.ToJsonString(RunnerJson.Options) + "\n");
}
