using System.Text.Json.Nodes;

namespace AdvancedMl.Tests.Notebooks;

/// <summary>The parts every notebook shares verbatim (README.md, "Writing a notebook"); the lint compares against these.</summary>
public static class CanonicalCells
{
    /// <summary>
    /// The setup cell. The first `#!csharp` part throws a one-sentence error naming the build command when the library is
    /// missing; only then is the second part compiled. Each assembly whose types a notebook names needs its own `#r`
    /// (a reference to AdvancedMl.Lib.dll does not expose its dependencies to the compiler).
    /// </summary>
    public static string Setup { get; } = """
        #!csharp
        if (!System.IO.File.Exists("../artifacts/lib/AdvancedMl.Lib.dll")) throw new System.IO.FileNotFoundException("The AdvancedMl helper library is not built: run `dotnet build AdvancedMl.Lib.csproj -c Release` in the repository root, then run this cell again.");
        #!csharp
        #r "../artifacts/lib/AdvancedMl.Lib.dll"
        #r "../artifacts/lib/MathNet.Numerics.dll"
        #r "../artifacts/lib/Microsoft.Data.Analysis.dll"
        #r "../artifacts/lib/XPlot.Plotly.dll"
        using MathNet.Numerics.LinearAlgebra;
        using Microsoft.Data.Analysis;
        using XPlot.Plotly;
        AdvancedMl.Display.Formatters.Register();
        """.ReplaceLineEndings("\n");

    public static JsonObject Kernelspec => new() { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" };

    public static JsonObject LanguageInfo => new()
    {
        ["name"] = "csharp",
        ["file_extension"] = ".cs",
        ["mimetype"] = "text/x-csharp",
        ["pygments_lexer"] = "csharp",
        ["version"] = "13.0",
    };

    public static JsonObject PolyglotNotebook => new()
    {
        ["kernelInfo"] = new JsonObject
        {
            ["defaultKernelName"] = "csharp",
            ["items"] = new JsonArray(new JsonObject { ["name"] = "csharp", ["languageName"] = "csharp", ["aliases"] = new JsonArray() }),
        },
    };

    public static JsonObject CodeCellPolyglot => new() { ["kernelName"] = "csharp" };

    public static JsonObject CodeCellDotnetInteractive => new() { ["language"] = "csharp" };
}
