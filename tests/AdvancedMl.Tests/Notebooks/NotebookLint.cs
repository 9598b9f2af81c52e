using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AdvancedMl.Tests.Notebooks;

/// <summary>
/// Holds a notebook to the anatomy of CONVENTIONS.md and the metadata of common.md. Each violation names the
/// notebook and, where it applies, the cell (1-based position as an editor shows it, markdown included).
/// </summary>
public static partial class NotebookLint
{
    public const int MaxCodeCellLines = 30;

    private static readonly string[] ClosingSections = ["## Interview tips", "## Exercises", "## References"];

    /// <summary>Every violation of the notebook whose file name and JSON text are given; empty if it is clean.</summary>
    public static IReadOnlyList<string> Check(string fileName, string json)
    {
        JsonObject notebook;
        try
        {
            notebook = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException("not an object");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return [$"{fileName}: not a JSON notebook: {e.Message}"];
        }
        var violations = new List<string>();
        void Report(int? cell, string problem) => violations.Add(cell is null ? $"{fileName}: {problem}" : $"{fileName}, cell {cell}: {problem}");

        var number = FileName().Match(fileName) is { Success: true } match ? match.Groups["nn"].Value : null;
        if (number is null)
        {
            Report(null, "the file name must be NN-slug.ipynb with NN from 01 to 14 and a lower-case hyphenated slug");
        }
        if ((int?)notebook["nbformat"] != 4 || (int?)notebook["nbformat_minor"] != 5)
        {
            Report(null, $"must be nbformat 4.5; got {notebook["nbformat"]?.ToJsonString()}.{notebook["nbformat_minor"]?.ToJsonString()}");
        }
        CheckNotebookMetadata(notebook["metadata"] as JsonObject, Report);
        var cells = (notebook["cells"] as JsonArray)?.Select(c => c as JsonObject ?? []).ToArray() ?? [];
        CheckCells(cells, Report);
        CheckOpening(cells, number, Report);
        CheckClosingSections(cells, Report);
        return violations;
    }

    private static void CheckNotebookMetadata(JsonObject? metadata, Action<int?, string> report)
    {
        foreach (var (key, expected) in new[]
        {
            ("kernelspec", CanonicalCells.Kernelspec),
            ("language_info", CanonicalCells.LanguageInfo),
            ("polyglot_notebook", CanonicalCells.PolyglotNotebook),
        })
        {
            if (!JsonNode.DeepEquals(metadata?[key], expected))
            {
                report(null, $"metadata.{key} must be exactly {expected.ToJsonString()}; got {metadata?[key]?.ToJsonString() ?? "nothing"}");
            }
        }
        if (metadata?["advancedml"]?["keyResults"] is not JsonArray { Count: > 0 } keys || keys.Any(k => k?.GetValueKind() != JsonValueKind.String))
        {
            report(null, "metadata.advancedml.keyResults must list at least one variable name");
        }
    }

    private static void CheckCells(JsonObject[] cells, Action<int?, string> report)
    {
        var ids = new HashSet<string>();
        foreach (var (cell, number) in cells.Select((cell, i) => (cell, i + 1)))
        {
            var id = cell["id"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            if (string.IsNullOrEmpty(id))
            {
                report(number, "has no cell id (nbformat 4.5)");
            }
            else if (!ids.Add(id))
            {
                report(number, $"repeats the cell id '{id}'");
            }
            var source = Source(cell);
            if (NugetReference().IsMatch(source))
            {
                report(number, "uses #r \"nuget:...\"; notebooks need no network: reference the built library only");
            }
            if (IsCode(cell))
            {
                CheckCodeCell(cell, number, source, report);
            }
            else if (BareLessThan().Match(source) is { Success: true } bare)
            {
                report(number, $"has a bare '<' before '{source[bare.Index + 1]}' (\"{source.Substring(bare.Index, Math.Min(12, source.Length - bare.Index))}\"): HTML parsers read it as a tag that swallows text up to the next '>'; write \\lt in math, or '< ' with a space");
            }
        }
    }

    private static void CheckCodeCell(JsonObject cell, int number, string source, Action<int?, string> report)
    {
        if (!JsonNode.DeepEquals(cell["metadata"]?["polyglot_notebook"], CanonicalCells.CodeCellPolyglot)
            || !JsonNode.DeepEquals(cell["metadata"]?["dotnet_interactive"], CanonicalCells.CodeCellDotnetInteractive))
        {
            report(number, "code cell metadata must hold polyglot_notebook {\"kernelName\":\"csharp\"} and dotnet_interactive {\"language\":\"csharp\"}");
        }
        if (cell["outputs"] is not JsonArray { Count: 0 })
        {
            report(number, "has outputs; commit notebooks without outputs");
        }
        if (cell["execution_count"] is not null)
        {
            report(number, $"has execution_count {cell["execution_count"]!.ToJsonString()}; it must be null");
        }
        var lines = source.TrimEnd('\n').Split('\n').Length;
        if (lines > MaxCodeCellLines)
        {
            report(number, $"has {lines} lines; keep code cells to {MaxCodeCellLines} at most (split it)");
        }
    }

    private static void CheckOpening(JsonObject[] cells, string? number, Action<int?, string> report)
    {
        var title = $"# {number ?? "NN"} · ";
        if (cells.Length < 1 || !IsMarkdown(cells[0]) || !Source(cells[0]).StartsWith(title, StringComparison.Ordinal))
        {
            report(1, $"the first cell must be markdown starting with '{title}' and the question");
        }
        if (cells.Length < 2 || !IsCode(cells[1]) || Source(cells[1]) != CanonicalCells.Setup)
        {
            report(2, "the second cell must be the canonical setup cell (CanonicalCells.Setup), verbatim");
        }
        if (cells.Length < 3 || !IsCode(cells[2]) || !HasTag(cells[2], "parameters"))
        {
            report(3, "the third cell must be a code cell tagged 'parameters'");
        }
    }

    /// <summary>The notebook ends with ## Interview tips (with folded answers), ## Exercises and ## References, in that order.</summary>
    private static void CheckClosingSections(JsonObject[] cells, Action<int?, string> report)
    {
        var headings = cells
            .Select((cell, i) => (cell, number: i + 1))
            .Where(c => IsMarkdown(c.cell))
            .SelectMany(c => Source(c.cell).Split('\n').Where(l => l.StartsWith("## ")).Select(l => (heading: l.TrimEnd(), c.number)))
            .ToArray();
        var last = headings.TakeLast(ClosingSections.Length).ToArray();
        if (!last.Select(h => h.heading).SequenceEqual(ClosingSections))
        {
            report(null, $"the last sections must be {string.Join(", ", ClosingSections)}, in that order; the last level-2 headings are {string.Join(", ", last.Select(h => $"'{h.heading}' (cell {h.number})"))}");
            return;
        }
        var tips = cells[(last[0].number - 1)..Math.Max(last[1].number - 1, last[0].number)].Where(IsMarkdown).Select(Source);
        if (!tips.Any(text => text.Contains("<details") && text.Contains("<summary")))
        {
            report(last[0].number, "the Interview tips section needs at least one answer folded in <details><summary>…</summary>…</details>");
        }
    }

    private static bool IsCode(JsonObject cell) => (string?)cell["cell_type"] == "code";

    private static bool IsMarkdown(JsonObject cell) => (string?)cell["cell_type"] == "markdown";

    private static bool HasTag(JsonObject cell, string tag) =>
        cell["metadata"]?["tags"] is JsonArray tags && tags.Any(t => t is JsonValue v && v.TryGetValue<string>(out var s) && s == tag);

    private static string Source(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l is JsonValue v && v.TryGetValue<string>(out var s) ? s : "")),
        JsonValue text when text.TryGetValue<string>(out var s) => s,
        _ => "",
    };

    [GeneratedRegex(@"^(?<nn>0[1-9]|1[0-4])-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"#r\s+""nuget:", RegexOptions.IgnoreCase)]
    private static partial Regex NugetReference();

    // A '<' directly followed by something other than a space, '=' or the tags the notebooks use (details, summary, br, sub, sup).
    [GeneratedRegex(@"<(?!/?(?:details|summary|br|sub|sup)\b)(?=[^\s=])")]
    private static partial Regex BareLessThan();
}
