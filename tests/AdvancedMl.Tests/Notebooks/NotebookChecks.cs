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
        ["02-hidden-markov-models.ipynb"] = results =>
        {
            // The forward recursion and the library's scaled forward pass equal the brute-force sum over all N^T paths.
            double brute = results.Double("bruteForceLogLikelihood");
            Assert.Equal(brute, results.Double("forwardLogLikelihood"), 1e-12);
            Assert.Equal(brute, results.Double("libraryLogLikelihood"), 1e-12);
            Assert.InRange(results.Double("gammaMaxError"), 0.0, 1e-12);   // γ (inline and library) against brute-force marginals

            // Viterbi (inline and library) finds the brute-force argmax path.
            var best = results.Ints("bruteForceBestPath");
            Assert.Equal(best, results.Ints("viterbiPath"));
            Assert.Equal(best, results.Ints("libraryViterbiPath"));

            // T = 2000: the unscaled recursion underflows to exactly 0; scaled and log-space recursions agree and are finite,
            // and far below the log of the smallest double (so no unscaled method could represent the likelihood).
            Assert.Equal(0.0, results.Double("naiveLongLikelihood"));
            double longLogLik = results.Double("longSequenceLogLikelihood");
            Assert.True(double.IsFinite(longLogLik) && longLogLik < Math.Log(double.Epsilon), $"long-sequence log-likelihood {longLogLik:R}");
            Assert.Equal(longLogLik, results.Double("logSpaceLongLogLikelihood"), 1e-9 * Math.Abs(longLogLik));

            // Baum–Welch is EM: one hand-made iteration and every iteration of the library's fit raise the likelihood.
            var oneStep = results.Doubles("oneStepLogLikelihoods");
            Assert.True(oneStep[1] > oneStep[0], $"one EM iteration should raise log p(x): {oneStep[0]:R} -> {oneStep[1]:R}");
            var history = results.Doubles("baumWelchHistory");
            Assert.True(history.Length >= 3, $"the Baum–Welch run should take several iterations; got {history.Length} entries");
            for (int t = 1; t < history.Length; t++)
                Assert.True(history[t] >= history[t - 1] - 1e-9 * Math.Abs(history[t - 1]),
                    $"log-likelihood fell at iteration {t}: {history[t - 1]:R} -> {history[t]:R}");

            // Casino: both decoders recover the die far better than always answering "fair".
            double baseline = results.Double("fairBaselineAccuracy");
            foreach (var name in new[] { "viterbiAccuracy", "posteriorAccuracy" })
                Assert.True(results.Double(name) >= Math.Max(0.75, baseline + 0.05), $"{name} = {results.Double(name):R}, baseline {baseline:R}");

            // Baum–Welch restarts: the best one is a maximum-likelihood fit, so it scores at least as well as the true parameters,
            // and after relabelling its parameters are close to the truth.
            var restarts = results.Doubles("casinoRestartLogLikelihoods");
            Assert.True(restarts.Max() >= results.Double("trueCasinoLogLikelihood"), $"best restart {restarts.Max():R} below the truth");
            var learned = results.Matrix("learnedTransition");
            var truth = results.Matrix("trueCasinoTransition");
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(1.0, learned[i].Sum(), 1e-9);
                for (int j = 0; j < 2; j++) Assert.Equal(truth[i][j], learned[i][j], 0.05);
            }
            Assert.Equal(results.Double("loadedSix"), results.Double("learnedLoadedSix"), 0.05);

            // Regime switching (Gaussian emissions, learned model): regimes recovered, volatilities within 10 % of the truth.
            Assert.True(results.Double("regimeViterbiAccuracy") > 0.9, $"regime Viterbi accuracy {results.Double("regimeViterbiAccuracy"):R}");
            Assert.True(results.Double("regimePosteriorAccuracy") > 0.9, $"regime posterior accuracy {results.Double("regimePosteriorAccuracy"):R}");
            var sds = results.Doubles("learnedRegimeSds");
            Assert.Equal(results.Double("calmVolatility"), sds[0], 0.1 * results.Double("calmVolatility"));
            Assert.Equal(results.Double("volatileVolatility"), sds[1], 0.1 * results.Double("volatileVolatility"));
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
