using System.Text.Json.Nodes;
using AdvancedMl.Tests.Runner;

namespace AdvancedMl.Tests.Notebooks;

/// <summary>The lint accepts a notebook that follows the anatomy and catches each single violation of it.</summary>
public sealed class LintFixtureTests
{
    private const string SampleName = "03-lint-sample.ipynb";

    // Cells of the sample: 1 title, 2 setup, 3 parameters, 4 markdown, 5 code, 6 interview tips, 7 exercises, 8 references.
    private static readonly Dictionary<string, (Action<JsonObject> Break, string Expected)> Violations = new()
    {
        ["wrong nbformat_minor"] = (n => n["nbformat_minor"] = 4, $"{SampleName}: must be nbformat 4.5; got 4.4"),
        ["missing cell id"] = (n => Cell(n, 5).Remove("id"), $"{SampleName}, cell 5: has no cell id"),
        ["repeated cell id"] = (n => Cell(n, 5)["id"] = "setup", $"{SampleName}, cell 5: repeats the cell id 'setup'"),
        ["kernelspec differs"] = (n => n["metadata"]!["kernelspec"]!["display_name"] = "C#", $"{SampleName}: metadata.kernelspec must be exactly"),
        ["language_info differs"] = (n => n["metadata"]!["language_info"]!["version"] = "12.0", $"{SampleName}: metadata.language_info must be exactly"),
        ["polyglot_notebook differs"] = (n => n["metadata"]!.AsObject().Remove("polyglot_notebook"), $"{SampleName}: metadata.polyglot_notebook must be exactly"),
        ["code cell without polyglot metadata"] = (n => Cell(n, 5)["metadata"]!.AsObject().Remove("polyglot_notebook"), $"{SampleName}, cell 5: code cell metadata must hold"),
        ["code cell with another language"] = (n => Cell(n, 5)["metadata"]!["dotnet_interactive"]!["language"] = "fsharp", $"{SampleName}, cell 5: code cell metadata must hold"),
        ["title of another notebook"] = (n => Cell(n, 1)["source"] = "# 04 · Another question", $"{SampleName}, cell 1: the first cell must be markdown starting with '# 03 · '"),
        ["title without the middle dot"] = (n => Cell(n, 1)["source"] = "# 03 - The question", $"{SampleName}, cell 1: the first cell must be markdown"),
        ["setup cell edited"] = (n => Cell(n, 2)["source"] = CanonicalCells.Setup.Replace("Register();", "Register(); "), $"{SampleName}, cell 2: the second cell must be the canonical setup cell"),
        ["parameters cell untagged"] = (n => Cell(n, 3)["metadata"]!.AsObject().Remove("tags"), $"{SampleName}, cell 3: the third cell must be a code cell tagged 'parameters'"),
        ["closing sections out of order"] = (n => (Cell(n, 7)["source"], Cell(n, 8)["source"]) = ("## References\n\n- X, 2020.", "## Exercises\n\n1. Do it."), $"{SampleName}: the last sections must be ## Interview tips, ## Exercises, ## References, in that order"),
        ["closing section missing"] = (n => Cell(n, 7)["source"] = "Some exercises.", $"{SampleName}: the last sections must be"),
        ["section after the references"] = (n => n["cells"]!.AsArray().Add(new JsonObject { ["cell_type"] = "markdown", ["id"] = "late", ["metadata"] = new JsonObject(), ["source"] = "## Appendix" }), $"{SampleName}: the last sections must be"),
        ["interview tips without folded answers"] = (n => Cell(n, 6)["source"] = "## Interview tips\n\n- Say it crisply.", $"{SampleName}, cell 6: the Interview tips section needs at least one answer folded in <details>"),
        ["outputs committed"] = (n => Cell(n, 5)["outputs"]!.AsArray().Add(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "1" }), $"{SampleName}, cell 5: has outputs"),
        ["execution count committed"] = (n => Cell(n, 3)["execution_count"] = 1, $"{SampleName}, cell 3: has execution_count 1"),
        ["key results empty"] = (n => n["metadata"]!["advancedml"]!["keyResults"] = new JsonArray(), $"{SampleName}: metadata.advancedml.keyResults must list at least one variable name"),
        ["key results missing"] = (n => n["metadata"]!.AsObject().Remove("advancedml"), $"{SampleName}: metadata.advancedml.keyResults must list"),
        ["nuget reference"] = (n => Cell(n, 5)["source"] = "#r \"nuget: MathNet.Numerics, 5.0.0\"\nvar doubled = seed * 2;", $"{SampleName}, cell 5: uses #r \"nuget:"),
        ["bare less-than in markdown"] = (n => Cell(n, 4)["source"] = "It improves when $\\varepsilon<z$.", $"{SampleName}, cell 4: has a bare '<' before 'z'"),
        ["code cell too long"] = (n => Cell(n, 5)["source"] = string.Join("\n", Enumerable.Range(1, 31).Select(i => $"var x{i} = {i};")), $"{SampleName}, cell 5: has 31 lines; keep code cells to 30 at most"),
    };

    public static TheoryData<string> ViolationNames => new(Violations.Keys);

    [Fact]
    public void SampleFollowsTheAnatomy()
    {
        Assert.Empty(NotebookLint.Check(SampleName, SampleJson()));
    }

    [Fact]
    public void CodeCellOfExactlyTheLimitIsAccepted()
    {
        var notebook = Sample();
        Cell(notebook, 5)["source"] = string.Join("\n", Enumerable.Range(1, NotebookLint.MaxCodeCellLines).Select(i => $"var x{i} = {i};")) + "\n";

        Assert.Empty(NotebookLint.Check(SampleName, notebook.ToJsonString()));
    }

    [Theory]
    [InlineData("3-lint-sample.ipynb")]
    [InlineData("15-lint-sample.ipynb")]
    [InlineData("03_lint_sample.ipynb")]
    [InlineData("03-Lint-Sample.ipynb")]
    public void BadFileNameIsCaught(string fileName)
    {
        var violations = NotebookLint.Check(fileName, SampleJson());

        Assert.Contains(violations, v => v.StartsWith($"{fileName}: the file name must be NN-slug.ipynb", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ViolationNames))]
    public void SingleViolationIsCaughtAndNamed(string violation)
    {
        var (breakIt, expected) = Violations[violation];
        var notebook = Sample();
        breakIt(notebook);

        var violations = NotebookLint.Check(SampleName, notebook.ToJsonString());

        var found = Assert.Single(violations);
        Assert.StartsWith(expected, found, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedJsonIsOneViolation()
    {
        var violation = Assert.Single(NotebookLint.Check(SampleName, "{ \"cells\": ["));

        Assert.StartsWith($"{SampleName}: not a JSON notebook", violation, StringComparison.Ordinal);
    }

    private static string SampleJson() => Sample().ToJsonString();

    // The fixture holds a placeholder in cell 2; the canonical setup cell lives only in CanonicalCells.
    private static JsonObject Sample()
    {
        var notebook = JsonNode.Parse(File.ReadAllText(TestPaths.Fixture($"Lint/{SampleName}")))!.AsObject();
        Cell(notebook, 2)["source"] = CanonicalCells.Setup;
        return notebook;
    }

    private static JsonObject Cell(JsonObject notebook, int number) => notebook["cells"]![number - 1]!.AsObject();
}
