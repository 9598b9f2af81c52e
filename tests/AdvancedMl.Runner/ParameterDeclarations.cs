using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;

namespace AdvancedMl.Runner;

/// <summary>The C# types a parameter can have.</summary>
internal enum ParameterType
{
    Int,
    Long,
    Double,
    Bool,
    String,
}

/// <summary>A declaration in the parameters cell; <see cref="Type"/> is null when <c>var</c> hides a non-literal.</summary>
internal sealed record ParameterDeclaration(string Name, ParameterType? Type, string Line)
{
    /// <summary>Converts an override to a C# literal of this parameter's type (invariant culture), or explains why not.</summary>
    public string ToLiteral(string value)
    {
        var literal = Type switch
        {
            ParameterType.Int => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i.ToString(CultureInfo.InvariantCulture) : null,
            ParameterType.Long => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l.ToString(CultureInfo.InvariantCulture) + "L" : null,
            ParameterType.Double => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : null,
            ParameterType.Bool => bool.TryParse(value, out var b) ? (b ? "true" : "false") : null,
            ParameterType.String => SymbolDisplay.FormatLiteral(value, quote: true),
            _ => throw new InputException($"-p {Name}: the parameter is declared as `{Line.Trim()}`, not a simple literal, so it cannot be overridden"),
        };
        return literal ?? throw new InputException($"-p {Name}={value}: '{value}' is not a valid {Describe(Type!.Value)} (declared as `{Line.Trim()}`)");
    }

    private static string Describe(ParameterType type) => type switch
    {
        ParameterType.Int => "int (a whole number)",
        ParameterType.Long => "long (a whole number)",
        ParameterType.Double => "double (a finite number such as 0.5 or 1e-3)",
        ParameterType.Bool => "bool (true or false)",
        _ => type.ToString(),
    };
}

/// <summary>Reads the declarations of a parameters cell: <c>var x = 3;</c>, <c>double y = 1e-3; // comment</c>, ...</summary>
internal static partial class ParameterDeclarations
{
    /// <summary>The declarations by name; lines that are not simple declarations are ignored.</summary>
    public static IReadOnlyDictionary<string, ParameterDeclaration> Parse(string source)
    {
        var declarations = new Dictionary<string, ParameterDeclaration>();
        foreach (var line in source.Split('\n'))
        {
            var match = Declaration().Match(line.TrimEnd('\r'));
            if (match.Success)
            {
                var name = match.Groups["name"].Value;
                declarations[name] = new ParameterDeclaration(name, TypeOf(match.Groups["type"].Value, match.Groups["value"].Value), line);
            }
        }
        return declarations;
    }

    private static ParameterType? TypeOf(string keyword, string value) => keyword switch
    {
        "int" => ParameterType.Int,
        "long" => ParameterType.Long,
        "double" => ParameterType.Double,
        "bool" => ParameterType.Bool,
        "string" => ParameterType.String,
        _ => InferFromLiteral(value),
    };

    /// <summary>What <c>var</c> infers from a literal: integer → int (long if it does not fit), decimal or exponent → double.</summary>
    private static ParameterType? InferFromLiteral(string literal)
    {
        if (literal is "true" or "false")
        {
            return ParameterType.Bool;
        }
        if (literal.StartsWith('"'))
        {
            return ParameterType.String;
        }
        if (IntegerLiteral().IsMatch(literal))
        {
            var isLong = literal.EndsWith('L') || literal.EndsWith('l')
                || !int.TryParse(literal.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
            return isLong ? ParameterType.Long : ParameterType.Int;
        }
        return RealLiteral().IsMatch(literal) ? ParameterType.Double : null;
    }

    [GeneratedRegex("""^\s*(?<type>var|int|long|double|bool|string)\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?<value>"(?:[^"\\]|\\.)*"|[^;"]+?)\s*;\s*(?://.*)?$""")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^[+-]?\d[\d_]*[lL]?$")]
    private static partial Regex IntegerLiteral();

    [GeneratedRegex(@"^[+-]?(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?[dD]?$")]
    private static partial Regex RealLiteral();
}
