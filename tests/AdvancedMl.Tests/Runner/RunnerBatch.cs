using System.Text.Json.Nodes;

namespace AdvancedMl.Tests.Runner;

/// <summary>One runner invocation over several fixture notebooks (one worker each), shared by a test class.</summary>
public abstract class RunnerBatch : IDisposable
{
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("advancedml-runner-batch-");

    protected RunnerBatch(string[] fixtures, params string[] options)
    {
        var report = Path.Combine(scratch.FullName, "report.json");
        var args = fixtures.Select(f => TestPaths.Fixture($"Runner/{f}"))
            .Concat(["-o", Path.Combine(scratch.FullName, "out"), "--report", report])
            .Concat(options);
        Result = RunnerProcess.Run(args, scratch.FullName);
        Notebooks = File.Exists(report) ? RunnerReport.Load(report) : [];
    }

    public RunnerResult Result { get; }

    public IReadOnlyList<NotebookReport> Notebooks { get; }

    /// <summary>The report entry of a fixture notebook, by file name.</summary>
    public NotebookReport this[string name] =>
        Notebooks.SingleOrDefault(n => n.Name == name) ?? throw new InvalidOperationException($"{name} is not in the report: {Result}");

    /// <summary>The executed copy of a fixture notebook.</summary>
    public JsonObject Executed(string name) => JsonNode.Parse(File.ReadAllText(this[name].Output))!.AsObject();

    public void Dispose()
    {
        scratch.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }
}
