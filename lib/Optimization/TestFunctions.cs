using static System.FormattableString;

namespace AdvancedMl.Optimization;

/// <summary>A benchmark objective with its search box and its known global minimum (notebook 05, the benchmarks).</summary>
public sealed class TestFunction
{
    private readonly Func<double[], double> _f;

    internal TestFunction(string name, Func<double[], double> f, double[] lower, double[] upper, double minimum, double[][] minimizers)
    {
        Name = name; _f = f; Lower = lower; Upper = upper; Minimum = minimum; Minimizers = minimizers;
    }

    /// <summary>Name of the function, e.g. "Branin".</summary>
    public string Name { get; }

    /// <summary>Lower corner of the standard search box.</summary>
    public double[] Lower { get; }

    /// <summary>Upper corner of the standard search box.</summary>
    public double[] Upper { get; }

    /// <summary>Number of inputs d.</summary>
    public int Dimension => Lower.Length;

    /// <summary>Known global minimum value over the box.</summary>
    public double Minimum { get; }

    /// <summary>Known global minimisers (to the published precision).</summary>
    public double[][] Minimizers { get; }

    /// <summary>The function's value at x (length <see cref="Dimension"/>).</summary>
    public double Evaluate(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length != Dimension)
            throw new ArgumentException(Invariant($"TestFunction.Evaluate: x must have length {Dimension} for {Name}; got {x.Length}."), nameof(x));
        return _f(x);
    }
}

/// <summary>Standard global-optimisation benchmarks (Surjanovic &amp; Bingham's Virtual Library of Simulation Experiments).</summary>
public static class TestFunctions
{
    /// <summary>Forrester et al. (2008): f(x) = (6x − 2)² sin(12x − 4) on [0, 1], minimum ≈ −6.020740 at x ≈ 0.757249.</summary>
    public static TestFunction Forrester { get; } = new("Forrester",
        x => (6 * x[0] - 2) * (6 * x[0] - 2) * Math.Sin(12 * x[0] - 4), [0.0], [1.0], -6.020740055767083, [[0.7572487144081974]]);

    /// <summary>Branin–Hoo: a(x₂ − b x₁² + c x₁ − r)² + s(1 − t) cos x₁ + s on [−5, 10] × [0, 15], minimum 0.397887 at three points.</summary>
    public static TestFunction Branin { get; } = new("Branin", BraninValue, [-5.0, 0.0], [10.0, 15.0], 0.39788735772973816,
        [[-Math.PI, 12.275], [Math.PI, 2.275], [3 * Math.PI, 2.475]]);

    /// <summary>Hartmann-6: −Σᵢ αᵢ exp(−Σⱼ Aᵢⱼ (xⱼ − Pᵢⱼ)²) on [0, 1]⁶, minimum −3.32237 at the published minimiser.</summary>
    public static TestFunction Hartmann6 { get; } = new("Hartmann6", Hartmann6Value, new double[6], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], -3.32237,
        [[0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]]);

    private static double BraninValue(double[] x)
    {
        const double a = 1.0, r = 6.0, s = 10.0;
        double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
        double inner = x[1] - b * x[0] * x[0] + c * x[0] - r;
        return a * inner * inner + s * (1 - t) * Math.Cos(x[0]) + s;
    }

    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];
    private static readonly double[,] A = { { 10, 3, 17, 3.5, 1.7, 8 }, { 0.05, 10, 17, 0.1, 8, 14 }, { 3, 3.5, 1.7, 10, 17, 8 }, { 17, 8, 0.05, 10, 0.1, 14 } };
    private static readonly double[,] P =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 }, { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 }, { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    private static double Hartmann6Value(double[] x)
    {
        double sum = 0.0;
        for (int i = 0; i < 4; i++)
        {
            double inner = 0.0;
            for (int j = 0; j < 6; j++) inner += A[i, j] * (x[j] - P[i, j]) * (x[j] - P[i, j]);
            sum += Alpha[i] * Math.Exp(-inner);
        }
        return -sum;
    }
}
