using System.Text.Json.Nodes;
using AdvancedMl.Tests.Runner;

namespace AdvancedMl.Tests.Notebooks;

/// <summary>
/// The canonical setup cell, run where the library has not been built, fails with the one sentence that names the
/// build command, not with a compiler error about a missing metadata file.
/// </summary>
public sealed class SetupCellTests : IDisposable
{
    // A notebooks/ folder with no ../artifacts/lib/ next to it, outside any repository (so the runner's own
    // library check does not step in first).
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("advancedml-setup-cell-");

    [Fact]
    public void UnbuiltLibraryGivesTheBuildCommand()
    {
        var notebooks = Directory.CreateDirectory(Path.Combine(scratch.FullName, "notebooks"));
        var output = Path.Combine(scratch.FullName, "executed");
        File.WriteAllText(Path.Combine(notebooks.FullName, "setup-only.ipynb"), SetupOnlyNotebook().ToJsonString());

        var result = RunnerProcess.Run([Path.Combine(notebooks.FullName, "setup-only.ipynb"), "-o", output], scratch.FullName);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("cell 1", result.Stdout);
        Assert.Contains(
            "The AdvancedMl helper library is not built: run `dotnet build AdvancedMl.Lib.csproj -c Release` in the repository root, then run this cell again.",
            result.Stdout);
        Assert.DoesNotContain("CS0006", result.Stdout);   // the #r part never reached the compiler
    }

    private static JsonObject SetupOnlyNotebook() => new()
    {
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
        ["metadata"] = new JsonObject { ["kernelspec"] = CanonicalCells.Kernelspec, ["language_info"] = CanonicalCells.LanguageInfo },
        ["cells"] = new JsonArray
        {
            new JsonObject
            {
                ["cell_type"] = "code",
                ["id"] = "setup",
                ["metadata"] = new JsonObject(),
                ["execution_count"] = null,
                ["outputs"] = new JsonArray(),
                ["source"] = CanonicalCells.Setup,
            },
        },
    };

    public void Dispose() => scratch.Delete(recursive: true);
}
