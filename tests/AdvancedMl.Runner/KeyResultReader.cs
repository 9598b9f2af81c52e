using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdvancedMl.Runner;

/// <summary>Reads the notebook's key results (metadata.advancedml.keyResults) from the kernel as JSON.</summary>
internal static class KeyResultReader
{
    private static readonly Type[] Allowed =
        [typeof(double), typeof(int), typeof(long), typeof(bool), typeof(string), typeof(double[]), typeof(int[]), typeof(double[][])];

    /// <summary>The values by name, or an error naming the first variable that is missing or of an unsupported type.</summary>
    public static (JsonObject Results, string? Error) Read(KernelSession session, IEnumerable<string> names)
    {
        var results = new JsonObject();
        foreach (var name in names)
        {
            if (!session.TryGetVariable(name, out var value))
            {
                return (results, $"key result '{name}' is not defined by the notebook");
            }
            if (value is null || !Allowed.Contains(value.GetType()))
            {
                var allowed = string.Join(", ", Allowed.Select(CSharpName));
                return (results, $"key result '{name}' has type {(value is null ? "null" : CSharpName(value.GetType()))}; allowed: {allowed}");
            }
            results[name] = JsonSerializer.SerializeToNode(value, value.GetType(), RunnerJson.Options);
        }
        return (results, null);
    }

    private static string CSharpName(Type type) => type.IsArray ? CSharpName(type.GetElementType()!) + "[]" : type switch
    {
        _ when type == typeof(double) => "double",
        _ when type == typeof(int) => "int",
        _ when type == typeof(long) => "long",
        _ when type == typeof(bool) => "bool",
        _ when type == typeof(string) => "string",
        _ => type.ToString(),
    };
}
