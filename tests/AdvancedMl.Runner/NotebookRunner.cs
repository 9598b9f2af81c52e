using System.Globalization;

namespace AdvancedMl.Runner;

/// <summary>A validated notebook, where its executed copy goes, and the copy as it will run.</summary>
internal sealed record NotebookPlan(string Source, string Output, PreparedNotebook Notebook);

/// <summary>The runner's main flow: validate everything first, then run each notebook in its own worker and summarise.</summary>
internal static class NotebookRunner
{
    /// <summary>Runs the notebooks; 0 if every one ran clean, 1 otherwise. Bad input throws before anything runs.</summary>
    public static int Run(RunnerOptions options)
    {
        var root = RepositoryRoot.Find(Directory.GetCurrentDirectory());
        if (root is not null)
        {
            RepositoryRoot.RequireLibraryBuilt(root);
        }
        var sources = NotebookSelection.Resolve(options.Paths, root);
        var outputFolder = OutputFolder.Prepare(options.Output ?? DefaultOutputFolder(root), "output");
        var report = options.Report is null ? null : ReportPath(options.Report);
        var plans = Plan(sources, outputFolder, options.Parameters);

        var runs = new List<NotebookRun>();
        foreach (var plan in plans)
        {
            Console.Write($"[{runs.Count + 1}/{plans.Count}] {Path.GetFileName(plan.Source)} ... ");
            var run = WorkerProcess.Run(plan, options);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.Status} ({run.Seconds:0.0} s)"));
            runs.Add(run);
        }
        SummaryTable.Print(runs, Console.Out);
        if (report is not null)
        {
            ReportWriter.Write(report, runs);
        }
        return runs.All(r => r.Status == RunStatus.Ok) ? 0 : 1;
    }

    private static string DefaultOutputFolder(string? root) => root is null
        ? throw new InputException("no output folder: pass -o <folder> (the default, artifacts/executed/, needs the repository)")
        : Path.Combine(root, "artifacts", "executed");

    private static string ReportPath(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new InputException($"--report {path}: is a folder; give a file name such as report.json");
        }
        OutputFolder.Prepare(Path.GetDirectoryName(fullPath)!, "report");
        return fullPath;
    }

    /// <summary>Loads and validates every notebook and override, and picks each executed copy's path.</summary>
    private static List<NotebookPlan> Plan(IReadOnlyList<string> sources, string outputFolder, IReadOnlyList<ParameterOverride> parameters)
    {
        var plans = new List<NotebookPlan>();
        var outputs = new HashSet<string>(PathComparer);
        foreach (var source in sources)
        {
            var notebook = NotebookFile.Load(source);
            var prepared = PreparedNotebook.Prepare(notebook, parameters);
            var output = Path.Combine(outputFolder, notebook.Name);
            if (PathComparer.Equals(output, source))
            {
                throw new InputException($"{source}: the executed copy would overwrite the source notebook; choose another output folder (-o)");
            }
            if (!outputs.Add(output))
            {
                throw new InputException($"two notebooks would be written to {output}; run them separately or with different -o folders");
            }
            plans.Add(new NotebookPlan(source, output, prepared));
        }
        return plans;
    }

    private static StringComparer PathComparer => OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
