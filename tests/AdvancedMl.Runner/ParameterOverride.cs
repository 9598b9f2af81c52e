using System.Text.RegularExpressions;

namespace AdvancedMl.Runner;

/// <summary>One <c>-p name=value</c> override, as typed on the command line.</summary>
internal sealed partial record ParameterOverride(string Name, string Value)
{
    /// <summary>Splits <c>name=value</c> at the first '='; the name must be a C# identifier.</summary>
    public static ParameterOverride Parse(string text)
    {
        var separator = text.IndexOf('=');
        var name = separator < 0 ? "" : text[..separator].Trim();
        if (!Identifier().IsMatch(name))
        {
            throw new InputException($"-p expects name=value with a C# variable name; got '{text}'");
        }
        return new ParameterOverride(name, text[(separator + 1)..]);
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
