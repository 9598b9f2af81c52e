using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdvancedMl.Runner;

/// <summary>The JSON settings shared by the worker job, the worker result and the report (camelCase, indented).</summary>
internal static class RunnerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Executed notebooks hold HTML: keep '<', '>' and '&' readable instead of \u003C escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Key results may legitimately be NaN or infinite; they are written as "NaN", "Infinity", "-Infinity".
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
