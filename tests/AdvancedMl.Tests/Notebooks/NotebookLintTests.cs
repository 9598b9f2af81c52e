using AdvancedMl.Tests.Runner;

namespace AdvancedMl.Tests.Notebooks;

/// <summary>Every notebooks/*.ipynb follows the anatomy (see <see cref="NotebookLint"/>).</summary>
public sealed class NotebookLintTests
{
    public static TheoryData<string> Notebooks => new(NotebookExecution.Notebooks);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void NotebookFollowsTheAnatomy(string notebook)
    {
        var violations = NotebookLint.Check(notebook, File.ReadAllText(Path.Combine(TestPaths.NotebooksFolder, notebook)));

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
