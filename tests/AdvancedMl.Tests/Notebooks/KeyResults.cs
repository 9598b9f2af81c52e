using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Xunit.Sdk;

namespace AdvancedMl.Tests.Notebooks;

/// <summary>Typed access to the key results the runner read back from a notebook's kernel after one pass.</summary>
public sealed class KeyResults(string notebook, JsonObject values)
{
    private static readonly JsonSerializerOptions Options = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public string Notebook => notebook;

    public IEnumerable<string> Names => Values.Select(v => v.Key);

    private JsonObject Values { get; } = values;

    public double Double(string name) => Get<double>(name);

    public int Int(string name) => Get<int>(name);

    public long Long(string name) => Get<long>(name);

    public bool Bool(string name) => Get<bool>(name);

    public string String(string name) => Get<string>(name);

    public double[] Doubles(string name) => Get<double[]>(name);

    public int[] Ints(string name) => Get<int[]>(name);

    public double[][] Matrix(string name) => Get<double[][]>(name);

    /// <summary>Null if both passes hold the same names with exactly the same values, else a message naming the first difference.</summary>
    public static string? FirstDifference(KeyResults first, KeyResults second)
    {
        foreach (var (name, value) in first.Values)
        {
            var other = second.Values[name];
            if (!JsonNode.DeepEquals(value, other))
            {
                return $"{first.Notebook}: key result '{name}' differs on the re-run: {value?.ToJsonString()} then {other?.ToJsonString() ?? "missing"}";
            }
        }
        var extra = second.Names.Except(first.Names).FirstOrDefault();
        return extra is null ? null : $"{first.Notebook}: key result '{extra}' appears only on the re-run";
    }

    private T Get<T>(string name)
    {
        var node = Values[name]
            ?? throw new XunitException($"{notebook}: no key result '{name}'; list it in the notebook metadata advancedml.keyResults");
        try
        {
            return node.Deserialize<T>(Options)!;
        }
        catch (JsonException e)
        {
            throw new XunitException($"{notebook}: key result '{name}' = {node.ToJsonString()} is not a {typeof(T).Name}: {e.Message}");
        }
    }
}
