namespace AdvancedMl.Tests.Notebooks;

/// <summary>
/// Per-notebook assertions on key results (first pass), applied by <see cref="NotebookTests.NotebookRuns"/> after a clean run.
/// A notebook without an entry is only required to run clean and reproduce its key results on a re-run.
/// </summary>
public static class NotebookChecks
{
    /// <summary>Notebook file name → assertions. The names must be listed in the notebook's metadata advancedml.keyResults.</summary>
    public static readonly IReadOnlyDictionary<string, Action<KeyResults>> ByNotebook = new Dictionary<string, Action<KeyResults>>
    {
        // To add checks for a notebook, add an entry such as:
        // ["01-some-topic.ipynb"] = results =>
        // {
        //     Assert.Equal(3, results.Int("components"));
        //     Assert.InRange(results.Double("finalLogLikelihood"), -1510.0, -1490.0);
        //     Assert.Equal(results.Doubles("weights").Sum(), 1.0, 1e-12);
        // },
    };
}
