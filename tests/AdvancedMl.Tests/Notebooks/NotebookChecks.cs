using AdvancedMl.Tests.Probabilistic;

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
        ["01-expectation-maximization.ipynb"] = results =>
        {
            // EM never lowers the likelihood: every iteration of the notebook's main run is at least as good as the last.
            var history = results.Doubles("logLikelihoodHistory");
            Assert.True(history.Length >= 3, $"the EM run should take several iterations; got {history.Length} entries");
            for (int t = 1; t < history.Length; t++)
                Assert.True(history[t] >= history[t - 1] - 1e-12 * Math.Abs(history[t - 1]),
                    $"log-likelihood fell at iteration {t}: {history[t - 1]:R} -> {history[t]:R}");

            // The reference fit is the model the unit tests pin to scikit-learn's optimum (GaussianMixtureTests).
            Assert.Equal(GaussianMixtureTests.SklearnFullScore, results.Double("finalMeanLogLikelihood"), 1e-8);
            Assert.True(history[^1] <= results.Double("finalMeanLogLikelihood") + 1e-9, "the main run cannot beat the optimum");
            var weights = results.Doubles("fittedWeights");
            var means = results.Matrix("fittedMeans");
            Assert.Equal(2, weights.Length);
            for (int k = 0; k < 2; k++)
            {
                Assert.Equal(GaussianMixtureTests.SklearnFullWeights[k], weights[k], 1e-5);
                for (int j = 0; j < 2; j++) Assert.Equal(GaussianMixtureTests.SklearnFullMeans[k, j], means[k][j], 1e-4);
            }

            // Old Faithful has two kinds of eruption, and BIC says so.
            Assert.Equal(2, results.Int("bestKByBic"));
        },
        // To add checks for a notebook, add an entry such as:
        // ["01-some-topic.ipynb"] = results =>
        // {
        //     Assert.Equal(3, results.Int("components"));
        //     Assert.InRange(results.Double("finalLogLikelihood"), -1510.0, -1490.0);
        //     Assert.Equal(results.Doubles("weights").Sum(), 1.0, 1e-12);
        // },
    };
}
