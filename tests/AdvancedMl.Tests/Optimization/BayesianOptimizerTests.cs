using AdvancedMl.Optimization;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Optimization;

public class BayesianOptimizerTests
{
    private static readonly TestFunction Branin = TestFunctions.Branin;

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }

    [Fact]
    public void ExpectedImprovementSolvesBraninWithinFiftyEvaluationsAndBeatsRandomSearch()
    {
        var seeds = Enumerable.Range(0, 10).ToArray();
        var bo = seeds.AsParallel().AsOrdered()
            .Select(s => BayesianOptimizer.Minimize(Branin.Evaluate, Branin.Lower, Branin.Upper, new BayesianOptimizationOptions { Evaluations = 50, Seed = s }))
            .Select(r => r.BestY - Branin.Minimum).ToArray();
        var random = seeds.Select(s => RandomSearch.Minimize(Branin.Evaluate, Branin.Lower, Branin.Upper, 50, s).BestY - Branin.Minimum).ToArray();
        Assert.True(Median(bo) < 0.01, $"median BO-EI regret {Median(bo)}");
        Assert.True(Median(random) > 0.01, $"median random regret {Median(random)}");
        Assert.True(Median(bo) < Median(random) / 10);
    }

    [Theory]
    [InlineData(AcquisitionKind.ProbabilityOfImprovement)]
    [InlineData(AcquisitionKind.UpperConfidenceBound)]
    public void OtherAcquisitionsAlsoBeatRandomSearchOnBranin(AcquisitionKind kind)
    {
        var seeds = Enumerable.Range(0, 6).ToArray();
        var bo = seeds.AsParallel().AsOrdered()
            .Select(s => BayesianOptimizer.Minimize(Branin.Evaluate, Branin.Lower, Branin.Upper, new BayesianOptimizationOptions { Acquisition = kind, Evaluations = 40, Seed = s }))
            .Select(r => r.BestY - Branin.Minimum).ToArray();
        var random = seeds.Select(s => RandomSearch.Minimize(Branin.Evaluate, Branin.Lower, Branin.Upper, 40, s).BestY - Branin.Minimum).ToArray();
        Assert.True(Median(bo) < Median(random), $"{kind}: BO {Median(bo)} vs random {Median(random)}");
    }

    [Fact]
    public void SameSeedGivesTheSameRunAndAnotherSeedADifferentOne()
    {
        var options = new BayesianOptimizationOptions { Evaluations = 15, Seed = 4 };
        var a = BayesianOptimizer.Minimize(Branin.Evaluate, Branin.Lower, Branin.Upper, options);
        var b = BayesianOptimizer.Minimize(Branin.Evaluate, Branin.Lower, Branin.Upper, options);
        var c = BayesianOptimizer.Minimize(Branin.Evaluate, Branin.Lower, Branin.Upper, options with { Seed = 5 });
        Assert.Equal(a.Y, b.Y);
        Assert.Equal(a.X, b.X);
        Assert.NotEqual(a.Y, c.Y);
        Assert.Equal(15, a.Count);
    }

    [Fact]
    public void BestSoFarIsTheRunningMinimum()
    {
        var r = BayesianOptimizer.Minimize(TestFunctions.Forrester.Evaluate, [0.0], [1.0], new BayesianOptimizationOptions { Evaluations = 12, Seed = 1 });
        for (int i = 0; i < r.Count; i++) Assert.Equal(r.Y.Take(i + 1).Min(), r.BestSoFar[i]);
        Assert.Equal(r.Y.Min(), r.BestY);
        Assert.Equal(r.BestY, TestFunctions.Forrester.Evaluate(r.BestX));
        Assert.All(r.X, x => Assert.InRange(x[0], 0.0, 1.0));
        Assert.True(r.BestY - TestFunctions.Forrester.Minimum < 1e-2, $"Forrester regret {r.BestY - TestFunctions.Forrester.Minimum}");
    }

    [Fact]
    public void BatchProposalsAreDistinctAndInsideTheBox()
    {
        var rng = new Random(2);
        var x = Matrix<double>.Build.Dense(8, 2, (_, j) => Branin.Lower[j] + rng.NextDouble() * (Branin.Upper[j] - Branin.Lower[j]));
        var y = Vector<double>.Build.Dense(8, i => Branin.Evaluate(x.Row(i).ToArray()));
        var batch = BayesianOptimizer.Suggest(x, y, Branin.Lower, Branin.Upper, new BayesianOptimizationOptions { BatchSize = 4 });
        Assert.Equal(4, batch.Length);
        for (int i = 0; i < batch.Length; i++)
        {
            for (int j = 0; j < 2; j++) Assert.InRange(batch[i][j], Branin.Lower[j], Branin.Upper[j]);
            for (int k = 0; k < i; k++) Assert.True(Math.Abs(batch[i][0] - batch[k][0]) + Math.Abs(batch[i][1] - batch[k][1]) > 1e-3);
            for (int k = 0; k < 8; k++) Assert.True(Math.Abs(batch[i][0] - x[k, 0]) + Math.Abs(batch[i][1] - x[k, 1]) > 1e-6);
        }
        var batched = BayesianOptimizer.Minimize(Branin.Evaluate, Branin.Lower, Branin.Upper, new BayesianOptimizationOptions { Evaluations = 21, BatchSize = 4 });
        Assert.Equal(21, batched.Count);
    }

    [Fact]
    public void ConstantLiarSharesTheFirstPointWithTheKrigingBelieverThenLiesDifferently()
    {
        var rng = new Random(4);
        var x = Matrix<double>.Build.Dense(8, 2, (_, j) => Branin.Lower[j] + rng.NextDouble() * (Branin.Upper[j] - Branin.Lower[j]));
        var y = Vector<double>.Build.Dense(8, i => Branin.Evaluate(x.Row(i).ToArray()));
        var believer = BayesianOptimizer.Suggest(x, y, Branin.Lower, Branin.Upper, new BayesianOptimizationOptions { BatchSize = 3, Seed = 1 });
        var liar = BayesianOptimizer.Suggest(x, y, Branin.Lower, Branin.Upper, new BayesianOptimizationOptions { BatchSize = 3, Seed = 1, Batch = BatchStrategy.ConstantLiar });
        Assert.Equal(believer[0], liar[0]);   // the first point of a batch involves no fantasy
        Assert.True(Math.Abs(believer[1][0] - liar[1][0]) + Math.Abs(believer[1][1] - liar[1][1]) > 1e-6, "the lie (lowest y) differs from the believed mean, so the second point moves");
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < i; k++) Assert.True(Math.Abs(liar[i][0] - liar[k][0]) + Math.Abs(liar[i][1] - liar[k][1]) > 1e-3);
        Assert.Throws<ArgumentException>(() => BayesianOptimizer.Suggest(x, y, Branin.Lower, Branin.Upper, new BayesianOptimizationOptions { Batch = (BatchStrategy)7 }));
    }

    [Fact]
    public void NoisyModeRunsOnANoisyObjectiveAndStaysFinite()
    {
        var noise = new Random(9);
        double Noisy(double[] x) => Branin.Evaluate(x) + 2.0 * MathNet.Numerics.Distributions.Normal.Sample(noise, 0, 1);
        var r = BayesianOptimizer.Minimize(Noisy, Branin.Lower, Branin.Upper, new BayesianOptimizationOptions { Evaluations = 30, Noisy = true, Seed = 3 });
        Assert.Equal(30, r.Count);
        Assert.All(r.Y, y => Assert.True(double.IsFinite(y)));
        Assert.True(Branin.Evaluate(r.BestX) < 10.0); // far below the box's mean value of about 54
    }

    [Fact]
    public void PosteriorInterpolatesTheObservationsWithoutNoise()
    {
        var x = Matrix<double>.Build.DenseOfColumnArrays([0.1, 0.4, 0.6, 0.9]);
        var y = Vector<double>.Build.Dense(4, i => TestFunctions.Forrester.Evaluate([x[i, 0]]));
        var (mean, sd, acquisition) = BayesianOptimizer.Posterior(x, y, [0.0], [1.0], new BayesianOptimizationOptions(), x);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(y[i], mean[i], 1e-3 * (1 + Math.Abs(y[i])));
            Assert.True(sd[i] < 1e-2);
            Assert.True(acquisition[i] < 1e-3);
        }
    }

    [Fact]
    public void GridSearchVisitsEveryCellCentreOnce()
    {
        var r = GridSearch.Minimize(x => x[0] + 10 * x[1], [0.0, 0.0], [1.0, 2.0], 4);
        Assert.Equal(16, r.Count);
        Assert.Equal([0.125, 0.25], r.X[0]);
        Assert.Equal([0.125, 0.75], r.X[1]);
        Assert.Equal(16, r.X.Select(x => (x[0], x[1])).Distinct().Count());
        Assert.Equal(0.125 + 2.5, r.BestY, 1e-12);
    }

    [Fact]
    public void SecondsCoverEveryEvaluationAndNothingBeforeTheCall()
    {
        double Slow(double[] x) { Thread.Sleep(4); return x.Sum(); }   // at least 4 ms per evaluation
        double[] lower = [0.0, 0.0], upper = [1.0, 1.0];
        var outer = System.Diagnostics.Stopwatch.StartNew();
        var runs = new[]
        {
            RandomSearch.Minimize(Slow, lower, upper, 8, 1),
            GridSearch.Minimize(Slow, lower, upper, 3),
            BayesianOptimizer.Minimize(Slow, lower, upper, new BayesianOptimizationOptions { Evaluations = 8, AcquisitionCandidates = 50, Seed = 1 }),
        };
        double total = outer.Elapsed.TotalSeconds;
        foreach (var r in runs) Assert.InRange(r.Seconds, 0.004 * r.Count, total);
        Assert.InRange(runs.Sum(r => r.Seconds), 0.004 * 25, total);
    }
}
