using System.Text.Json.Nodes;

namespace AdvancedMl.Tests.Runner;

/// <summary>Runs the good fixture once with every kind of -p override, --repeat 2 and --report; the tests share the run.</summary>
public sealed class GoodRunFixture : IDisposable
{
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("advancedml-runner-good-");

    public GoodRunFixture()
    {
        SourceBytesBefore = File.ReadAllBytes(Source);
        var report = Path.Combine(scratch.FullName, "report.json");
        Result = RunnerProcess.Run(
            [Source, "-o", Path.Combine(scratch.FullName, "out"), "--repeat", "2", "--report", report,
             "-p", "count=4", "-p", "scale=0.5", "-p", "label=say \"hi\"", "-p", "shout=true"],
            scratch.FullName);
        Report = File.Exists(report) ? RunnerReport.Load(report).Single() : null;
        Executed = Report is null ? null : JsonNode.Parse(File.ReadAllText(Report.Output))!.AsObject();
    }

    public static string Source => TestPaths.Fixture("Runner/good.ipynb");

    public byte[] SourceBytesBefore { get; }

    public RunnerResult Result { get; }

    public NotebookReport? Report { get; }

    public JsonObject? Executed { get; }

    public void Dispose() => scratch.Delete(recursive: true);
}

public sealed class GoodRunTests(GoodRunFixture run) : IClassFixture<GoodRunFixture>
{
    private NotebookReport Report => run.Report ?? throw new InvalidOperationException($"no report: {run.Result}");

    private JsonArray Cells => run.Executed!["cells"]!.AsArray();

    private JsonObject Cell(string id) => Cells.Single(c => (string?)c!["id"] == id)!.AsObject();

    private static JsonArray Outputs(JsonObject cell) => cell["outputs"]!.AsArray();

    [Fact]
    public void RunsCleanAndPrintsTheSummary()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        Assert.Matches(@"good\.ipynb\s+5/5\s+\d+\.\d\s+ok", run.Result.Stdout);
        Assert.Equal("ok", Report.Status);
        Assert.Equal((5, 5), (Report.CellsRun, Report.CellsTotal));
        Assert.Null(Report.ErrorMessage);
    }

    [Fact]
    public void SourceNotebookIsByteIdenticalAfterTheRun()
    {
        Assert.Equal(run.SourceBytesBefore, File.ReadAllBytes(GoodRunFixture.Source));
        Assert.NotEqual(Path.GetFullPath(GoodRunFixture.Source), Path.GetFullPath(Report.Output));
    }

    [Fact]
    public void InjectedParametersCellFollowsTheParametersCell()
    {
        var ids = Cells.Select(c => (string?)c!["id"]).ToList();
        Assert.Equal(ids.IndexOf("parameters") + 1, ids.IndexOf("injected-parameters"));
        var injected = Cell("injected-parameters");
        Assert.Equal(["injected-parameters"], injected["metadata"]!["tags"]!.AsArray().Select(t => (string?)t));
        var source = string.Concat(injected["source"]!.AsArray().Select(l => (string?)l));
        Assert.Equal(
            "// Parameters injected by the runner (-p); they override the cell above.\ncount = 4;\nscale = 0.5;\nlabel = \"say \\\"hi\\\"\";\nshout = true;",
            source);
    }

    [Fact]
    public void OverridesTakeEffect()
    {
        var stdout = Outputs(Cell("streams")).Single(o => (string?)o!["name"] == "stdout")!;
        Assert.Equal("SAY \"HI\"\n", (string?)stdout["text"]);
        var results = Report.Passes[0];
        Assert.Equal(4, (int)results["count"]!);
        Assert.Equal(5.0, (double)results["total"]!);
        Assert.Equal("say \"hi\"", (string?)results["label"]);
        Assert.True((bool)results["shout"]!);
    }

    [Fact]
    public void ExecutedCopyHoldsEveryKindOfOutput()
    {
        var streams = Outputs(Cell("streams"));
        Assert.Equal(["stdout", "stderr"], streams.Select(o => (string?)o!["name"]));
        Assert.All(streams, o => Assert.Equal("stream", (string?)o!["output_type"]));
        Assert.Equal("a line on stderr\n", (string?)streams[1]!["text"]);

        var display = Outputs(Cell("display")).Single()!;
        Assert.Equal("display_data", (string?)display["output_type"]);
        Assert.Contains("[ 0.5, 1, 1.5, 2 ]", (string?)display["data"]!["text/html"]);
        Assert.Equal("[ 0.5, 1, 1.5, 2 ]", (string?)display["data"]!["text/plain"]);

        var result = Cell("result");
        var value = Outputs(result).Single()!;
        Assert.Equal("execute_result", (string?)value["output_type"]);
        Assert.Equal("5", (string?)value["data"]!["text/plain"]);
        Assert.Equal((int)result["execution_count"]!, (int)value["execution_count"]!);
    }

    [Fact]
    public void ExecutionCountsFollowTheCellsThroughBothPasses()
    {
        var counts = Cells.Where(c => (string?)c!["cell_type"] == "code").Select(c => (int?)c!["execution_count"]).ToArray();
        Assert.Equal([6, 7, 8, 9, 10], counts);
        Assert.All(Cells.Where(c => (string?)c!["cell_type"] == "markdown"), c => Assert.Null(c!["outputs"]));
    }

    [Fact]
    public void MetadataRoundTrips()
    {
        var source = JsonNode.Parse(File.ReadAllText(GoodRunFixture.Source))!.AsObject();
        Assert.True(JsonNode.DeepEquals(source["metadata"], run.Executed!["metadata"]));
        var sourceCells = source["cells"]!.AsArray();
        var executedCells = Cells.Where(c => (string?)c!["id"] != "injected-parameters").ToArray();
        Assert.Equal(sourceCells.Count, executedCells.Length);
        foreach (var (before, after) in sourceCells.Zip(executedCells))
        {
            Assert.True(JsonNode.DeepEquals(before!["metadata"], after!["metadata"]), $"cell {before!["id"]}");
            Assert.True(JsonNode.DeepEquals(before["source"], after["source"]), $"cell {before["id"]}");
        }
    }

    [Fact]
    public void ReportHoldsTimingsAndTwoIdenticalPassesOfKeyResults()
    {
        Assert.Equal(2, Report.Passes.Count);
        Assert.True(JsonNode.DeepEquals(Report.Passes[0], Report.Passes[1]));
        var results = Report.Passes[0];
        Assert.Equal(["count", "total", "values", "label", "shout", "matrix"], results.Select(r => r.Key));
        Assert.Equal([0.5, 1, 1.5, 2], results["values"]!.AsArray().Select(v => (double)v!));
        Assert.Equal([-0.5, -1, -1.5, -2], results["matrix"]![1]!.AsArray().Select(v => (double)v!));
        Assert.Equal([2, 3, 4, 5, 7], Report.Cells.Select(c => (int)c!["cell"]!));
        Assert.All(Report.Cells, c => Assert.Equal(2, c!["seconds"]!.AsArray().Count));
    }
}
