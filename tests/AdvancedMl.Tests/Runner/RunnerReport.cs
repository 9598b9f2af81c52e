using System.Text.Json.Nodes;

namespace AdvancedMl.Tests.Runner;

/// <summary>One notebook's entry of the runner's --report JSON.</summary>
public sealed class NotebookReport(JsonObject json)
{
    public string Source => (string)json["source"]!;

    public string Output => (string)json["output"]!;

    public string Name => Path.GetFileName(Source);

    public string Status => (string)json["status"]!;

    public int CellsRun => (int)json["cellsRun"]!;

    public int CellsTotal => (int)json["cellsTotal"]!;

    public JsonArray Cells => json["cells"]!.AsArray();

    public int? ErrorCell => (int?)json["error"]?["cell"];

    public string? ErrorFirstLine => (string?)json["error"]?["firstLine"];

    public string? ErrorMessage => (string?)json["error"]?["message"];

    /// <summary>Each pass's key results by variable name.</summary>
    public IReadOnlyList<JsonObject> Passes => json["passes"]!.AsArray().Select(p => p!["results"]!.AsObject()).ToArray();

    /// <summary>The notebook, the cell, its first line and the message, as a failing test should name them.</summary>
    public string Describe()
    {
        var cell = ErrorCell is null ? "" : $", cell {ErrorCell} (`{ErrorFirstLine}`)";
        return $"{Name}{cell}: {Status}: {ErrorMessage} (executed copy: {Output})";
    }
}

/// <summary>Reads the runner's --report file.</summary>
internal static class RunnerReport
{
    public static IReadOnlyList<NotebookReport> Load(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!["notebooks"]!.AsArray().Select(n => new NotebookReport(n!.AsObject())).ToArray();
}
