using System.Runtime.CompilerServices;
using AdvancedMl.Autodiff.Kernels;

namespace AdvancedMl.Contrastive;

/// <summary>
/// A small limited-memory BFGS minimiser (Nocedal and Wright, Algorithms 7.4 and 7.5) with a backtracking Armijo line search,
/// for the smooth convex objectives of notebook 13's linear probes. It allocates its buffers once per call (a general-purpose
/// minimiser allocates vectors on every iteration, which dominated the time of the probes' small problems).
/// </summary>
internal static class Lbfgs
{
    /// <summary>Writes the gradient at x into gradient and returns the objective's value there.</summary>
    public delegate double Objective(double[] x, double[] gradient);

    /// <summary>
    /// Minimises f from x (overwritten with the minimiser) until the gradient's largest entry is at most tolerance or after
    /// maxIterations iterations; returns the iterations used and the final value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (int Iterations, double Value) Minimize(Objective f, double[] x, double tolerance, int maxIterations, int memory = 10)
    {
        int n = x.Length;
        var g = new double[n];
        var direction = new double[n];
        var trial = new double[n];
        var trialGradient = new double[n];
        var s = new double[memory][];
        var y = new double[memory][];
        for (int i = 0; i < memory; i++) { s[i] = new double[n]; y[i] = new double[n]; }
        var rho = new double[memory];
        var alpha = new double[memory];
        var point = x;
        double value = f(point, g);
        int stored = 0, newest = -1, iterations = 0;
        while (iterations < maxIterations && MaxAbs(g) > tolerance)
        {
            // Two-loop recursion: direction = −H·g, H the inverse-Hessian estimate from the last `stored` (s, y) pairs.
            Array.Copy(g, direction, n);
            for (int m = 0; m < stored; m++)
            {
                int i = (newest - m + memory) % memory;
                alpha[i] = rho[i] * Elementwise.Dot(s[i], direction);
                Elementwise.Axpy(-alpha[i], y[i], direction);
            }
            double gamma = stored > 0 ? Elementwise.Dot(s[newest], y[newest]) / Elementwise.Dot(y[newest], y[newest])
                                      : 1 / Math.Sqrt(Elementwise.Dot(g, g));
            for (int j = 0; j < n; j++) direction[j] *= -gamma;
            for (int m = stored - 1; m >= 0; m--)
            {
                int i = (newest - m + memory) % memory;
                double beta = rho[i] * Elementwise.Dot(y[i], direction);
                Elementwise.Axpy(-alpha[i] - beta, s[i], direction);   // direction is −q here, so the update flips sign
            }
            double slope = Elementwise.Dot(g, direction);
            if (!(slope < 0))   // not a descent direction (rounding): restart from steepest descent
            {
                stored = 0;
                for (int j = 0; j < n; j++) direction[j] = -g[j];
                slope = -Elementwise.Dot(g, g);
            }

            // Backtracking line search on the Armijo condition f(x + t·d) ≤ f(x) + 10⁻⁴·t·gᵀd, t = 1, ½, ¼, …
            double step = 1, trialValue = double.NaN;
            for (int halvings = 0; halvings < 60; halvings++, step *= 0.5)
            {
                for (int j = 0; j < n; j++) trial[j] = point[j] + step * direction[j];
                trialValue = f(trial, trialGradient);
                if (trialValue <= value + 1e-4 * step * slope) break;
            }
            if (!(trialValue < value)) break;   // no decrease possible at this precision: we are at the minimum

            int next = (newest + 1) % memory;
            for (int j = 0; j < n; j++) { s[next][j] = trial[j] - point[j]; y[next][j] = trialGradient[j] - g[j]; }
            double sy = Elementwise.Dot(s[next], y[next]);
            if (sy > 1e-12 * Elementwise.Dot(y[next], y[next]))   // keep only pairs with positive curvature
            {
                rho[next] = 1 / sy;
                newest = next;
                stored = Math.Min(stored + 1, memory);
            }
            (point, trial) = (trial, point);
            (g, trialGradient) = (trialGradient, g);
            value = trialValue;
            iterations++;
        }
        if (!ReferenceEquals(point, x)) Array.Copy(point, x, n);
        return (iterations, value);
    }

    private static double MaxAbs(double[] v)
    {
        double max = 0;
        foreach (var e in v) max = Math.Max(max, Math.Abs(e));
        return max;
    }
}
