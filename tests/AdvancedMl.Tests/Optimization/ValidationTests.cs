using AdvancedMl.Optimization;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Optimization;

public class ValidationTests
{
    private static double Sphere(double[] x) => x.Sum(v => v * v);

    private static void Throws(Action action, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(action);
        foreach (string fragment in fragments) Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void OptimizersRejectBadBoundsOptionsAndObjectives()
    {
        var ok = new BayesianOptimizationOptions { Evaluations = 3 };
        Throws(() => BayesianOptimizer.Minimize(Sphere, [0.0], [0.0], ok), "BayesianOptimizer.Minimize", "lower < upper", "lower[0] = 0");
        Throws(() => BayesianOptimizer.Minimize(Sphere, [0.0, 0.0], [1.0], ok), "upper must have the length of lower (2); got 1");
        Throws(() => BayesianOptimizer.Minimize(Sphere, [], [], ok), "lower must have at least one entry");
        Throws(() => BayesianOptimizer.Minimize(Sphere, [double.NaN], [1.0], ok), "finite");
        Throws(() => BayesianOptimizer.Minimize(Sphere, [0.0], [1.0], ok with { Evaluations = 0 }), "evaluations must be at least 1; got 0");
        Throws(() => BayesianOptimizer.Minimize(Sphere, [0.0], [1.0], ok with { InitialPoints = 0 }), "initialPoints must be at least 1");
        Throws(() => BayesianOptimizer.Minimize(Sphere, [0.0], [1.0], ok with { BatchSize = 0 }), "batchSize must be at least 1");
        Throws(() => BayesianOptimizer.Minimize(Sphere, [0.0], [1.0], ok with { RefitEvery = 0 }), "refitEvery");
        Throws(() => BayesianOptimizer.Minimize(Sphere, [0.0], [1.0], ok with { AcquisitionCandidates = 0 }), "acquisitionCandidates");
        Throws(() => BayesianOptimizer.Minimize(Sphere, [0.0], [1.0], ok with { Xi = -0.1 }), "xi must be a finite number at least 0; got -0.1");
        Throws(() => BayesianOptimizer.Minimize(Sphere, [0.0], [1.0], ok with { Beta = 0 }), "beta must be a finite number greater than 0; got 0");
        Throws(() => BayesianOptimizer.Minimize(Sphere, [0.0], [1.0], ok with { Acquisition = (AcquisitionKind)7 }), "acquisition must be a defined AcquisitionKind");
        Throws(() => BayesianOptimizer.Minimize(_ => double.NaN, [0.0], [1.0], ok), "objective must return finite values; got NaN");
        Throws(() => RandomSearch.Minimize(Sphere, [0.0], [1.0], 0, 1), "RandomSearch.Minimize", "evaluations must be at least 1; got 0");
        Throws(() => GridSearch.Minimize(Sphere, [0.0], [1.0], 0), "GridSearch.Minimize", "pointsPerDimension must be at least 1; got 0");
        Throws(() => GridSearch.Minimize(Sphere, new double[6], Enumerable.Repeat(1.0, 6).ToArray(), 11), "at most 1000000");
        Assert.Throws<ArgumentNullException>(() => BayesianOptimizer.Minimize(Sphere, [0.0], [1.0], null!));
    }

    [Fact]
    public void SuggestRejectsInconsistentObservations()
    {
        var x = Matrix<double>.Build.Dense(3, 1, (i, _) => 0.2 * (i + 1));
        var y = Vector<double>.Build.Dense([1.0, 2.0, 3.0]);
        var options = new BayesianOptimizationOptions();
        Throws(() => BayesianOptimizer.Suggest(x, Vector<double>.Build.Dense(2), [0.0], [1.0], options), "BayesianOptimizer.Suggest", "yObserved must have one entry per row of xObserved (3); got 2");
        Throws(() => BayesianOptimizer.Suggest(x, y, [0.0, 0.0], [1.0, 1.0], options), "xObserved must have at least one row and 2 columns; got 3 x 1");
        Throws(() => BayesianOptimizer.Suggest(x, y, [0.5], [1.0], options), "xObserved must lie inside the bounds; got 0.2 at row 0");
        Throws(() => BayesianOptimizer.Suggest(x, Vector<double>.Build.Dense([1.0, double.PositiveInfinity, 0]), [0.0], [1.0], options), "yObserved must contain only finite values");
        Throws(() => BayesianOptimizer.Posterior(x, y, [0.0], [1.0], options, Matrix<double>.Build.Dense(2, 2)), "BayesianOptimizer.Posterior", "xQuery must have 1 columns; got 2");
    }
}
