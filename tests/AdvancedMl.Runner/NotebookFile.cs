using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace AdvancedMl.Runner;

/// <summary>A cell of a notebook; <see cref="Number"/> is its 1-based position as an editor shows it (markdown counts).</summary>
internal sealed record NotebookCell(int Number, string CellType, string Source, JsonObject Json)
{
    public bool IsCode => CellType == "code";

    /// <summary>The first line that is neither blank nor a <c>#!kernel</c> directive: how a reader recognises the cell.</summary>
    public string FirstLine =>
        Source.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0 && !line.StartsWith("#!")) ?? "";

    public bool HasTag(string tag) =>
        Json["metadata"]?["tags"] is JsonArray tags && tags.Any(t => t is JsonValue v && v.TryGetValue<string>(out var s) && s == tag);

    /// <summary>The text of a cell's <c>source</c>, which nbformat stores as a string or as a list of lines.</summary>
    public static string SourceOf(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(line => line!.GetValue<string>())),
        JsonNode text => text.GetValue<string>(),
        null => "",
    };

    /// <summary>Text as nbformat's list of lines, each but the last ending in a newline.</summary>
    public static JsonArray SourceLines(string text)
    {
        var lines = text.Split('\n');
        return new JsonArray(lines.Select((line, i) => (JsonNode?)(i < lines.Length - 1 ? line + "\n" : line)).ToArray());
    }
}

/// <summary>A source notebook, loaded and validated: nbformat 4, C# kernel, well-formed cells. Never written back.</summary>
internal sealed class NotebookFile
{
    private static readonly string[] CSharpNames = ["csharp", "c#"];

    private NotebookFile(string path, JsonObject root, IReadOnlyList<NotebookCell> cells, IReadOnlyList<string> keyResultNames)
    {
        Path = path;
        Root = root;
        Cells = cells;
        KeyResultNames = keyResultNames;
    }

    public string Path { get; }

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>The parsed JSON document; executed copies are built from a clone, so all metadata round-trips.</summary>
    public JsonObject Root { get; }

    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The variables listed in <c>metadata.advancedml.keyResults</c>, read back after each pass.</summary>
    public IReadOnlyList<string> KeyResultNames { get; }

    /// <summary>Reads and validates a notebook; any problem is an <see cref="InputException"/> naming the file.</summary>
    public static NotebookFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the file: {e.Message}");
        }
        var root = ParseJson(path, text);
        RequireNbformat4(path, root);
        var cells = ReadCells(path, root);
        RequireCSharp(path, root, text, cells);
        return new NotebookFile(path, root, cells, ReadKeyResultNames(path, root));
    }

    private static JsonObject ParseJson(string path, string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new InputException($"{path} is not a notebook: its JSON is not an object");
        }
        catch (JsonException e)
        {
            throw new InputException($"{path} is not valid JSON: {e.Message}");
        }
    }

    private static void RequireNbformat4(string path, JsonObject root)
    {
        if (root["nbformat"] is not JsonValue version || !version.TryGetValue<int>(out var major) || major != 4)
        {
            throw new InputException($"{path} is not an nbformat 4 notebook (nbformat: {root["nbformat"]?.ToJsonString() ?? "missing"})");
        }
    }

    private static List<NotebookCell> ReadCells(string path, JsonObject root)
    {
        if (root["cells"] is not JsonArray cells)
        {
            throw new InputException($"{path} is not an nbformat 4 notebook: it has no 'cells' list");
        }
        var result = new List<NotebookCell>();
        foreach (var (node, index) in cells.Select((node, index) => (node, index)))
        {
            var number = index + 1;
            if (node is not JsonObject cell
                || cell["cell_type"] is not JsonValue type
                || !type.TryGetValue<string>(out var cellType)
                || cellType is not ("code" or "markdown" or "raw")
                || !HasValidSource(cell))
            {
                throw new InputException($"{path}, cell {number}: not an nbformat cell (needs cell_type code, markdown or raw, and a text source)");
            }
            result.Add(new NotebookCell(number, cellType, NotebookCell.SourceOf(cell), cell));
        }
        return result;
    }

    private static bool HasValidSource(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => lines.All(line => line?.GetValueKind() == JsonValueKind.String),
        JsonNode text => text.GetValueKind() == JsonValueKind.String,
        null => false,
    };

    private static void RequireCSharp(string path, JsonObject root, string text, List<NotebookCell> cells)
    {
        var kernelspec = root["metadata"]?["kernelspec"];
        var name = StringOf(kernelspec?["name"]);
        var language = StringOf(kernelspec?["language"]);
        if (name != ".net-csharp" || !IsCSharp(language))
        {
            throw new InputException($"{path}: the kernel is '{name ?? "none"}' (language '{language ?? "none"}'), not C#; the runner runs .net-csharp notebooks only");
        }
        var elements = ParseDocument(path, text).Elements;
        if (elements.Count != cells.Count)
        {
            throw new InputException($"{path} is not a valid notebook: .NET Interactive reads {elements.Count} cells, the JSON holds {cells.Count}");
        }
        foreach (var cell in cells.Where(c => c.IsCode))
        {
            var kernel = elements[cell.Number - 1].KernelName;
            if (!IsCSharp(kernel))
            {
                throw new InputException($"{path}, cell {cell.Number}: the cell's kernel is '{kernel}', not C#");
            }
        }
    }

    /// <summary>Reads the notebook as .NET Interactive does, to learn each cell's kernel the way VS Code assigns it.</summary>
    private static InteractiveDocument ParseDocument(string path, string text)
    {
        var kernels = new KernelInfoCollection { new KernelInfo("csharp", "C#", ["c#"]) };
        kernels.DefaultKernelName = "csharp";
        try
        {
            return Notebook.Parse(text, kernels);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InputException($"{path} is not a valid notebook: {e.Message}");
        }
    }

    private static string? StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool IsCSharp(string? name) => CSharpNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static List<string> ReadKeyResultNames(string path, JsonObject root)
    {
        var node = root["metadata"]?["advancedml"]?["keyResults"];
        if (node is null)
        {
            return [];
        }
        if (node is not JsonArray names || names.Any(n => n?.GetValueKind() != JsonValueKind.String))
        {
            throw new InputException($"{path}: metadata.advancedml.keyResults must be a list of variable names");
        }
        return names.Select(n => n!.GetValue<string>()).ToList();
    }
}
