using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace AdvancedMl.Runner;

/// <summary>
/// Runs one notebook in a child process (this program with --worker), so a notebook that crashes its process
/// (stack overflow, Environment.Exit, FailFast) or never yields cannot take the runner or the other notebooks down.
/// </summary>
internal static class WorkerProcess
{
    private const int StderrLinesKept = 5;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static NotebookRun Run(NotebookPlan plan, RunnerOptions options)
    {
        var scratch = Directory.CreateTempSubdirectory("advancedml-runner-");
        try
        {
            var jobPath = Path.Combine(scratch.FullName, "job.json");
            var job = new WorkerJob(plan.Source, plan.Output, options.Parameters, options.Repeat, Path.Combine(scratch.FullName, "result.json"));
            job.Write(jobPath);
            return Supervise(plan.Notebook, job, Start(job, jobPath), TimeSpan.FromSeconds(options.TimeoutSeconds));
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>Starts this program again as a worker, in the notebook's folder (VS Code starts kernels there too).</summary>
    private static Process Start(WorkerJob job, string jobPath)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = Path.GetDirectoryName(job.Source)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location);
        }
        start.ArgumentList.Add("--worker");
        start.ArgumentList.Add(jobPath);
        return Process.Start(start)!;
    }

    private static NotebookRun Supervise(PreparedNotebook notebook, WorkerJob job, Process process, TimeSpan cellTimeout)
    {
        using var _ = process;
        var clock = Stopwatch.StartNew();
        var progress = new WorkerProgress(cellTimeout);
        var stderr = new Queue<string>();
        process.OutputDataReceived += (_, e) => progress.Accept(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => KeepTail(stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var timedOut = false;
        while (!process.WaitForExit(PollInterval))
        {
            if (progress.IsOverdue)
            {
                process.Kill(entireProcessTree: true);
                timedOut = true;
                break;
            }
        }
        process.WaitForExit(); // drains the output handlers
        var seconds = clock.Elapsed.TotalSeconds;

        var (status, error, passes) = timedOut
            ? (RunStatus.Timeout, TimeoutError(notebook, progress, cellTimeout), [])
            : Outcome(notebook, job, process.ExitCode, progress, stderr);
        return new NotebookRun(job.Source, job.Output, status, progress.CellsRun, notebook.CodeCells.Count, seconds, progress.Timings, error, passes);
    }

    /// <summary>Keeps the last few stderr lines that say something: stack frames and separator lines are left out.</summary>
    private static void KeepTail(Queue<string> lines, string? line)
    {
        line = line?.Trim();
        if (string.IsNullOrEmpty(line) || line.StartsWith("at ", StringComparison.Ordinal) || line.Trim('-').Length == 0)
        {
            return;
        }
        lock (lines)
        {
            lines.Enqueue(line);
            if (lines.Count > StderrLinesKept)
            {
                lines.Dequeue();
            }
        }
    }

    private static (string, CellError?, IReadOnlyList<PassResult>) Outcome(
        PreparedNotebook notebook, WorkerJob job, int exitCode, WorkerProgress progress, Queue<string> stderr)
    {
        if (exitCode == 0 && File.Exists(job.ResultPath))
        {
            var result = JsonSerializer.Deserialize<WorkerResult>(File.ReadAllText(job.ResultPath), RunnerJson.Options)!;
            return (result.Status, result.Error, result.Passes);
        }
        var tail = stderr.Count == 0 ? "no output on stderr" : "last stderr lines (stack frames left out): " + string.Join(" | ", stderr);
        var message = $"the worker process exited with code {exitCode} before finishing; {tail}";
        return (RunStatus.Crashed, ErrorAt(notebook, progress.RunningCell, message), []);
    }

    private static CellError TimeoutError(PreparedNotebook notebook, WorkerProgress progress, TimeSpan cellTimeout)
    {
        var limit = progress.RunningCell is null
            ? string.Create(CultureInfo.InvariantCulture, $"the worker did not start or finish within {WorkerProgress.HousekeepingLimit.TotalSeconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"the cell did not finish within {cellTimeout.TotalSeconds} s");
        return ErrorAt(notebook, progress.RunningCell, limit + "; the worker was stopped");
    }

    private static CellError ErrorAt(PreparedNotebook notebook, int? cell, string message) =>
        new(cell, notebook.CodeCells.FirstOrDefault(c => c.Number == cell)?.FirstLine, message);
}
