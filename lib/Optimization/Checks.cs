using AdvancedMl.Numerics;
using static System.FormattableString;

namespace AdvancedMl.Optimization;

/// <summary>Input checks of the optimisation entry points; messages read "Type.Method: parameter must …; got value."</summary>
internal static class Checks
{
    public static void Bounds(double[]? lower, double[]? upper, string method)
    {
        if (lower is null) throw new ArgumentNullException(nameof(lower), $"{method}: lower must not be null.");
        if (upper is null) throw new ArgumentNullException(nameof(upper), $"{method}: upper must not be null.");
        if (lower.Length == 0) throw new ArgumentException($"{method}: lower must have at least one entry; got an empty array.", nameof(lower));
        if (upper.Length != lower.Length)
            throw new ArgumentException(Invariant($"{method}: upper must have the length of lower ({lower.Length}); got {upper.Length}."), nameof(upper));
        for (int j = 0; j < lower.Length; j++)
        {
            if (!double.IsFinite(lower[j]) || !double.IsFinite(upper[j]) || !(upper[j] > lower[j]))
                throw new ArgumentException(Invariant($"{method}: bounds must be finite with lower < upper; got lower[{j}] = {lower[j]}, upper[{j}] = {upper[j]}."), nameof(upper));
        }
    }

    public static void Options(BayesianOptimizationOptions? options, string method)
    {
        if (options is null) throw new ArgumentNullException(nameof(options), $"{method}: options must not be null.");
        Guard.AtLeast(options.InitialPoints, 1, method, "initialPoints");
        Guard.AtLeast(options.Evaluations, 1, method, "evaluations");
        Guard.AtLeast(options.AcquisitionCandidates, 1, method, "acquisitionCandidates");
        Guard.AtLeast(options.AcquisitionRestarts, 0, method, "acquisitionRestarts");
        Guard.AtLeast(options.RefitEvery, 1, method, "refitEvery");
        Guard.AtLeast(options.BatchSize, 1, method, "batchSize");
        if (!(options.Xi >= 0.0) || double.IsInfinity(options.Xi))
            throw new ArgumentException(Invariant($"{method}: xi must be a finite number at least 0; got {options.Xi}."), "xi");
        if (!(options.Beta > 0.0) || double.IsInfinity(options.Beta))
            throw new ArgumentException(Invariant($"{method}: beta must be a finite number greater than 0; got {options.Beta}."), "beta");
        if (!Enum.IsDefined(options.Acquisition))
            throw new ArgumentException($"{method}: acquisition must be a defined AcquisitionKind; got {options.Acquisition}.", "acquisition");
        if (!Enum.IsDefined(options.Batch))
            throw new ArgumentException($"{method}: batch must be a defined BatchStrategy; got {options.Batch}.", "batch");
    }

    /// <summary>Evaluates the objective and throws if it returns NaN or ±∞ (nothing downstream could use it).</summary>
    public static double Evaluate(Func<double[], double> objective, double[] x, string method)
    {
        double y = objective(x);
        if (!double.IsFinite(y))
            throw new ArgumentException(Invariant($"{method}: objective must return finite values; got {y} at x = [{string.Join(", ", x)}]."), nameof(objective));
        return y;
    }
}
