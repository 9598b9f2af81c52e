using static System.FormattableString;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Bayesian;

/// <summary>Small normalised test targets for the samplers and VI, chosen to show their failure modes (notebook 03: correlation for mean-field VI and random-walk Metropolis, multimodality for every local method).</summary>
public static class Targets
{
    /// <summary>N(mean, covariance): log p(θ) = −½(θ − m)ᵀΛ(θ − m) − ½ log det(2πΣ) and ∇log p(θ) = −Λ(θ − m) with Λ = Σ⁻¹ (notebook 03, the correlated Gaussian).</summary>
    /// <remarks>The covariance must be symmetric positive definite (it is factored by Cholesky without jitter). The delegates allocate nothing and are safe to call concurrently.</remarks>
    public static (LogDensity Density, LogDensityGradient Gradient) CorrelatedGaussian(double[] mean, Matrix<double> covariance)
    {
        const string method = "Targets.CorrelatedGaussian";
        Checks.FiniteVector(mean, method, nameof(mean));
        Guard.FiniteMatrix(covariance, method, nameof(covariance));
        int d = mean.Length;
        if (covariance.RowCount != d || covariance.ColumnCount != d)
            throw new ArgumentException(Invariant($"{method}: covariance must be {d} x {d} to match mean; got {covariance.RowCount} x {covariance.ColumnCount}."), nameof(covariance));
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++)
                if (Math.Abs(covariance[i, j] - covariance[j, i]) > 1e-12 * (Math.Abs(covariance[i, j]) + Math.Abs(covariance[j, i]) + 1e-300))
                    throw new ArgumentException(Invariant($"{method}: covariance must be symmetric; entries ({i}, {j}) = {covariance[i, j]} and ({j}, {i}) = {covariance[j, i]} differ."), nameof(covariance));
        double[] lower = covariance.ToRowMajorArray();
        if (!Cholesky.TryFactor(lower, lower, d))
            throw new ArgumentException($"{method}: covariance must be positive definite; its Cholesky factorisation failed.", nameof(covariance));
        double logNormaliser = -0.5 * (d * Math.Log(2.0 * Math.PI) + Cholesky.LogDeterminant(lower, d));
        var inverse = covariance.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(d));
        var precision = new double[d * d]; // Λ = Σ⁻¹, symmetrised
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) precision[i * d + j] = 0.5 * (inverse[i, j] + inverse[j, i]);
        double[] m = (double[])mean.Clone();

        double Density(ReadOnlySpan<double> theta)
        {
            CheckLength(theta.Length, d, method);
            double quadratic = 0.0;
            for (int i = 0; i < d; i++)
            {
                double row = 0.0;
                for (int j = 0; j < d; j++) row += precision[i * d + j] * (theta[j] - m[j]);
                quadratic += (theta[i] - m[i]) * row;
            }
            return logNormaliser - 0.5 * quadratic;
        }

        double Gradient(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            CheckLength(theta.Length, d, method);
            CheckLength(gradient.Length, d, method);
            double quadratic = 0.0;
            for (int i = 0; i < d; i++)
            {
                double row = 0.0;
                for (int j = 0; j < d; j++) row += precision[i * d + j] * (theta[j] - m[j]);
                gradient[i] = -row;
                quadratic += (theta[i] - m[i]) * row;
            }
            return logNormaliser - 0.5 * quadratic;
        }

        return (Density, Gradient);
    }

    /// <summary>One-dimensional mixture p(θ) = Σₖ wₖ N(θ; mₖ, sₖ²), with log p by log-sum-exp and ∇log p = Σₖ rₖ(θ)(mₖ − θ)/sₖ², rₖ the component responsibilities (notebook 03, the bimodal target).</summary>
    /// <remarks>Weights must be positive; they are normalised to sum to 1. The delegates allocate nothing.</remarks>
    public static (LogDensity Density, LogDensityGradient Gradient) GaussianMixture1D(double[] weights, double[] means, double[] sds)
    {
        const string method = "Targets.GaussianMixture1D";
        Checks.FiniteVector(weights, method, nameof(weights));
        Checks.FiniteVector(means, method, nameof(means), weights.Length);
        Checks.FiniteVector(sds, method, nameof(sds), weights.Length);
        int k = weights.Length;
        double total = 0.0;
        for (int c = 0; c < k; c++)
        {
            Checks.Positive(weights[c], method, Invariant($"weights[{c}]"));
            Checks.Positive(sds[c], method, Invariant($"sds[{c}]"));
            total += weights[c];
        }
        var logWeight = new double[k]; // log wₖ − log sₖ − ½ log 2π
        for (int c = 0; c < k; c++) logWeight[c] = Math.Log(weights[c] / total) - Math.Log(sds[c]) - 0.5 * Math.Log(2.0 * Math.PI);
        double[] mu = (double[])means.Clone(), sd = (double[])sds.Clone();

        double Component(int c, double x)
        {
            double z = (x - mu[c]) / sd[c];
            return logWeight[c] - 0.5 * z * z;
        }

        double Density(ReadOnlySpan<double> theta)
        {
            CheckLength(theta.Length, 1, method);
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++) max = Math.Max(max, Component(c, theta[0]));
            double sum = 0.0;
            for (int c = 0; c < k; c++) sum += Math.Exp(Component(c, theta[0]) - max);
            return max + Math.Log(sum);
        }

        double Gradient(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            CheckLength(theta.Length, 1, method);
            CheckLength(gradient.Length, 1, method);
            double x = theta[0], max = double.NegativeInfinity;
            for (int c = 0; c < k; c++) max = Math.Max(max, Component(c, x));
            double sum = 0.0, weighted = 0.0;
            for (int c = 0; c < k; c++)
            {
                double r = Math.Exp(Component(c, x) - max);
                sum += r;
                weighted += r * (mu[c] - x) / (sd[c] * sd[c]);
            }
            gradient[0] = weighted / sum;
            return max + Math.Log(sum);
        }

        return (Density, Gradient);
    }

    private static void CheckLength(int length, int expected, string method)
    {
        if (length != expected)
            throw new ArgumentException(Invariant($"{method}: theta and gradient must have length {expected}; got {length}."), "theta");
    }
}
