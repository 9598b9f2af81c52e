using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace AdvancedMl.Runner;

/// <summary>A cell's nbformat outputs and, if it failed, the one-line-ish message the summary shows.</summary>
internal sealed record CellOutcome(JsonArray Outputs, string? Error);

/// <summary>Turns kernel events into nbformat 4 outputs: stream, display_data, execute_result and error.</summary>
internal static class OutputMapper
{
    public static CellOutcome Map(IEnumerable<KernelEvent> events, int executionCount)
    {
        var outputs = new JsonArray();
        string? error = null;
        foreach (var e in events)
        {
            switch (e)
            {
                case StandardOutputValueProduced stdout:
                    AppendStream(outputs, "stdout", stdout);
                    break;
                case StandardErrorValueProduced stderr:
                    AppendStream(outputs, "stderr", stderr);
                    break;
                case ReturnValueProduced value:
                    outputs.Add(new JsonObject
                    {
                        ["output_type"] = "execute_result",
                        ["execution_count"] = executionCount,
                        ["data"] = MimeBundle(value),
                        ["metadata"] = new JsonObject(),
                    });
                    break;
                case DisplayEvent display:
                    outputs.Add(new JsonObject
                    {
                        ["output_type"] = "display_data",
                        ["data"] = MimeBundle(display),
                        ["metadata"] = new JsonObject(),
                    });
                    break;
                case DiagnosticsProduced diagnostics:
                    // Compiler warnings reach the reader as stderr, as the Jupyter kernel shows them; errors arrive
                    // with CommandFailed below.
                    foreach (var warning in diagnostics.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Warning))
                    {
                        var at = warning.LinePositionSpan.Start;
                        AppendStream(outputs, "stderr", $"({at.Line + 1},{at.Character + 1}): warning {warning.Code}: {warning.Message}\n");
                    }
                    break;
                case CommandFailed failed:
                    outputs.Add(ErrorOutput(failed));
                    error = Describe(failed);
                    break;
            }
        }
        return new CellOutcome(outputs, error);
    }

    /// <summary>Consecutive writes to the same stream become one output, as Jupyter shows them.</summary>
    private static void AppendStream(JsonArray outputs, string name, DisplayEvent e) =>
        AppendStream(outputs, name, string.Concat(e.FormattedValues.Select(v => v.Value)));

    private static void AppendStream(JsonArray outputs, string name, string text)
    {
        if (outputs.Count > 0 && outputs[^1] is JsonObject last && (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
        {
            last["text"] = (string?)last["text"] + text;
            return;
        }
        outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
    }

    /// <summary>Data by MIME type; nbformat wants JSON MIME types as JSON, everything else as text.</summary>
    private static JsonObject MimeBundle(DisplayEvent e)
    {
        var data = new JsonObject();
        foreach (var value in e.FormattedValues)
        {
            data[value.MimeType] = IsJsonMimeType(value.MimeType) ? ParseOrText(value.Value) : value.Value;
        }
        return data;
    }

    private static bool IsJsonMimeType(string mimeType) => mimeType == "application/json" || mimeType.EndsWith("+json", StringComparison.Ordinal);

    private static JsonNode? ParseOrText(string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return value;
        }
    }

    private static JsonObject ErrorOutput(CommandFailed failed)
    {
        var exception = RuntimeException(failed);
        var traceback = (exception?.ToString() ?? failed.Message).Split('\n').Select(line => (JsonNode?)line.TrimEnd('\r'));
        return new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = exception?.GetType().Name ?? "CompilationError",
            ["evalue"] = exception?.Message ?? failed.Message,
            ["traceback"] = new JsonArray(traceback.ToArray()),
        };
    }

    /// <summary>"ExceptionType: message" for a runtime failure; the compiler's diagnostics for a compilation failure.</summary>
    private static string Describe(CommandFailed failed) =>
        RuntimeException(failed) is { } exception ? $"{exception.GetType().Name}: {exception.Message}" : failed.Message;

    private static Exception? RuntimeException(CommandFailed failed) =>
        failed.Exception is null or CodeSubmissionCompilationErrorException ? null : failed.Exception;
}
