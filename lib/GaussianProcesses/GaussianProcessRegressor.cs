using System.Runtime.CompilerServices;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using static System.FormattableString;

namespace AdvancedMl.GaussianProcesses;

/// <summary>Exact Gaussian-process regression y = f(x) + noise, f ~ GP(0, k), fitted by Cholesky of K(X, X) and, optionally, type-II maximum likelihood of the kernel hyperparameters (notebook 04).</summary>
/// <remarks>
/// Fit factors K + jitter·I = L Lᵀ with <see cref="BlockedCholesky"/>, solves α = K⁻¹ y, and reports
/// log p(y | X, θ) = −½ yᵀα − Σᵢ log Lᵢᵢ − (n/2) log 2π. Observation noise is part of the kernel (add a <see cref="WhiteNoise"/>).
/// Hyperparameters are optimised over log θ by quasi-Newton steps on the analytic gradient
/// ∂LML/∂log θⱼ = ½ tr((ααᵀ − K⁻¹) ∂K/∂log θⱼ); the optimiser is MathNet's box-constrained BFGS (BfgsBMinimizer) with θ ∈ [10⁻⁵, 10⁵], scikit-learn's default
/// bounds for its L-BFGS-B; start points outside are clipped into the box.
/// </remarks>
public sealed class GaussianProcessRegressor
{
    private readonly double[] _x, _y, _lower, _alpha;
    private readonly int _n, _d;
    private readonly double _yMean, _yScale;
    private readonly List<double> _history;

    private GaussianProcessRegressor(Kernel kernel, double[] x, int n, int d, double[] y, double yMean, double yScale, ExactFactor factor, List<double> history)
    {
        Kernel = kernel; _x = x; _n = n; _d = d; _y = y; _yMean = yMean; _yScale = yScale; _history = history;
        _lower = factor.Lower; _alpha = factor.Alpha;
        LogMarginalLikelihood = factor.Lml;
        Jitter = factor.Jitter;
    }

    /// <summary>The fitted kernel (hyperparameters after optimisation, or the given ones).</summary>
    public Kernel Kernel { get; }

    /// <summary>log p(y | X, θ) of the fitted kernel (of the normalised y when <see cref="GpOptions.NormalizeY"/>, as scikit-learn reports it).</summary>
    public double LogMarginalLikelihood { get; }

    /// <summary>Best LML so far after each objective evaluation that improved it, for the best optimiser start (empty without optimisation).</summary>
    public IReadOnlyList<double> OptimizationHistory => _history;

    /// <summary>Absolute jitter that was added to K's diagonal in the final factorisation.</summary>
    public double Jitter { get; }

    /// <summary>Number of training points n.</summary>
    public int TrainingSize => _n;

    /// <summary>Fits the GP to the rows of x and targets y with the given initial kernel (notebook 04, "fit = one Cholesky"; hyperparameters by maximising the LML when options say so).</summary>
    public static GaussianProcessRegressor Fit(Matrix<double> x, Vector<double> y, Kernel kernel, GpOptions options)
    {
        const string method = "GaussianProcessRegressor.Fit";
        var (xr, yv) = Validate(x, y, kernel, method);
        ArgumentNullException.ThrowIfNull(options);
        Guard.AtLeast(options.Restarts, 0, method, "options.Restarts");
        Guard.AtLeast(options.MaxIterations, 1, method, "options.MaxIterations");
        if (!(options.Jitter >= 0.0) || !double.IsFinite(options.Jitter))
            throw new ArgumentException(Invariant($"{method}: options.Jitter must be a finite number at least 0; got {options.Jitter}."), nameof(options));
        int n = x.RowCount, d = x.ColumnCount;
        double yMean = 0.0, yScale = 1.0;
        if (options.NormalizeY)
        {
            yMean = yv.Average();
            double ss = 0.0;
            foreach (double v in yv) ss += (v - yMean) * (v - yMean);
            yScale = Math.Sqrt(ss / n);
            if (yScale == 0.0) yScale = 1.0;
            for (int i = 0; i < n; i++) yv[i] = (yv[i] - yMean) / yScale;
        }

        var history = new List<double>();
        if (options.OptimizeHyperparameters && kernel.ParameterCount > 0)
        {
            double[] start = kernel.LogParameters;
            var best = Optimize(kernel, xr, n, d, yv, options.Jitter, options.MaxIterations, start, out history);
            var rng = new Random(options.Seed);
            for (int r = 0; r < options.Restarts; r++)
            {
                var point = start.Select(v => v + (6.0 * rng.NextDouble() - 3.0)).ToArray();
                var candidate = Optimize(kernel, xr, n, d, yv, options.Jitter, options.MaxIterations, point, out var candidateHistory);
                if (candidate.Lml > best.Lml) { best = candidate; history = candidateHistory; }
            }
            kernel = kernel.WithLogParameters(best.LogTheta);
        }
        var factor = ExactFactor.Compute(kernel, xr, n, d, yv, options.Jitter);
        return new GaussianProcessRegressor(kernel, xr, n, d, yv, yMean, yScale, factor, history);
    }

    /// <summary>Posterior mean K*ᵀα and variance k** − ‖L⁻¹K*‖² at the rows of xStar (latent f, or y with the white noise if includeNoise), notebook 04 predictive equations.</summary>
    public (Vector<double> Mean, Vector<double> Variance) Predict(Matrix<double> xStar, bool includeNoise = false)
    {
        var (mean, v, xs, m) = Conditional(xStar, "GaussianProcessRegressor.Predict");
        var variance = new double[m];
        for (int j = 0; j < m; j++)
        {
            double s = Kernel.Evaluate(xs.AsSpan(j * _d, _d), xs.AsSpan(j * _d, _d), includeNoise);
            for (int i = 0; i < _n; i++) s -= v[i * m + j] * v[i * m + j];
            variance[j] = Math.Max(s, 0.0) * _yScale * _yScale; // rounding can make it slightly negative
        }
        return (Vector<double>.Build.Dense(mean), Vector<double>.Build.Dense(variance));
    }

    /// <summary>Posterior mean and standard deviation of the latent f at the m row-major points xs (predictive equations of notebook 04) into mean and sd, allocating nothing: work must hold n·m doubles. The Bayesian optimiser's inner loop; no input checks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void PredictLatent(ReadOnlySpan<double> xs, int m, Span<double> mean, Span<double> sd, Span<double> work)
    {
        var v = work[..(_n * m)];
        mean = mean[..m];
        sd = sd[..m];
        Kernel.CrossCovarianceInto(_x, _n, xs, m, _d, v); // K(X, X*), row-major n × m
        mean.Clear();
        for (int i = 0; i < _n; i++) BlockedCholesky.AddScaled(v.Slice(i * m, m), _alpha[i], mean);
        BlockedCholesky.SolveLower(_lower, v, _n, m); // v = L⁻¹ K(X, X*)
        sd.Clear();
        for (int i = 0; i < _n; i++)
        {
            var row = v.Slice(i * m, m);
            for (int j = 0; j < m; j++) sd[j] += row[j] * row[j]; // ‖L⁻¹k*‖²
        }
        for (int j = 0; j < m; j++)
        {
            var xj = xs.Slice(j * _d, _d);
            sd[j] = Math.Sqrt(Math.Max(Kernel.Evaluate(xj, xj, false) - sd[j], 0.0)) * _yScale;
            mean[j] = mean[j] * _yScale + _yMean;
        }
    }

    /// <summary>count × m joint draws of the latent f at the rows of xStar from the posterior N(mean, K** − K*ᵀK⁻¹K*), reproducible from seed.</summary>
    public Matrix<double> SamplePosterior(Matrix<double> xStar, int count, int seed)
    {
        Guard.AtLeast(count, 1, "GaussianProcessRegressor.SamplePosterior", nameof(count));
        var (mean, v, xs, m) = Conditional(xStar, "GaussianProcessRegressor.SamplePosterior");
        double[] cov = Kernel.CrossCovarianceArray(xs, m, xs, m, _d);
        for (int a = 0; a < m; a++)
            for (int b = 0; b <= a; b++)
            {
                double s = cov[a * m + b];
                for (int i = 0; i < _n; i++) s -= v[i * m + a] * v[i * m + b];
                cov[a * m + b] = cov[b * m + a] = s * _yScale * _yScale;
            }
        return Gaussian.Sample(mean, cov, m, count, seed);
    }

    /// <summary>log p(y | X, θ) and its gradient ∂/∂log θⱼ = ½ tr((ααᵀ − K⁻¹) ∂K/∂log θⱼ) for the kernel's current θ (notebook 04, LML gradient); jitter 10⁻¹⁰ relative.</summary>
    public static double EvaluateLogMarginalLikelihood(Kernel kernel, Matrix<double> x, Vector<double> y, out double[] gradient)
    {
        var (xr, yv) = Validate(x, y, kernel, "GaussianProcessRegressor.EvaluateLogMarginalLikelihood");
        gradient = new double[kernel.ParameterCount];
        var factor = ExactFactor.Compute(kernel, xr, x.RowCount, x.ColumnCount, yv, new GpOptions().Jitter);
        factor.Gradient(kernel, xr, x.ColumnCount, gradient);
        return factor.Lml;
    }

    /// <summary>log p(y | X, θ) and its gradient for row-major x (n × d) and y, without input checks or copies (the Bayesian optimiser's hyperparameter search).</summary>
    internal static double EvaluateLogMarginalLikelihood(Kernel kernel, double[] x, int n, int d, double[] y, double[] gradient)
    {
        var factor = ExactFactor.Compute(kernel, x, n, d, y, new GpOptions().Jitter);
        factor.Gradient(kernel, x, d, gradient);
        return factor.Lml;
    }

    /// <summary>The three terms of the LML: data fit −½ yᵀK⁻¹y, complexity penalty −½ log|K|, constant −(n/2) log 2π (notebook 04, "Occam's razor").</summary>
    public static (double DataFit, double Complexity, double Constant) LogMarginalLikelihoodTerms(Kernel kernel, Matrix<double> x, Vector<double> y)
    {
        var (xr, yv) = Validate(x, y, kernel, "GaussianProcessRegressor.LogMarginalLikelihoodTerms");
        var f = ExactFactor.Compute(kernel, xr, x.RowCount, x.ColumnCount, yv, new GpOptions().Jitter);
        return (f.DataFit, f.Complexity, f.Constant);
    }

    private (double[] Mean, double[] V, double[] Xs, int M) Conditional(Matrix<double> xStar, string method)
    {
        Guard.FiniteMatrix(xStar, method, nameof(xStar));
        if (xStar.ColumnCount != _d)
            throw new ArgumentException(Invariant($"{method}: xStar must have {_d} columns like the training data; got {xStar.ColumnCount}."), nameof(xStar));
        int m = xStar.RowCount;
        double[] xs = xStar.ToRowMajorArray();
        double[] v = Kernel.CrossCovarianceArray(_x, _n, xs, m, _d); // K(X, X*), row-major n × m
        var mean = new double[m];
        for (int i = 0; i < _n; i++)
            for (int j = 0; j < m; j++) mean[j] += v[i * m + j] * _alpha[i];
        for (int j = 0; j < m; j++) mean[j] = mean[j] * _yScale + _yMean;
        BlockedCholesky.SolveLower(_lower, v, _n, m); // v = L⁻¹ K(X, X*)
        return (mean, v, xs, m);
    }

    private static (double[] LogTheta, double Lml) Optimize(Kernel kernel, double[] x, int n, int d, double[] y, double jitter, int maxIterations, double[] start, out List<double> history)
    {
        var trace = new List<double>();
        double bestLml = double.NegativeInfinity;
        double[] bestTheta = start;
        (double, Vector<double>) Objective(Vector<double> logTheta)
        {
            var k = kernel.WithLogParameters(logTheta.AsArray() ?? logTheta.ToArray());
            var f = ExactFactor.Compute(k, x, n, d, y, jitter);
            var g = new double[k.ParameterCount];
            f.Gradient(k, x, d, g);
            if (f.Lml > bestLml) { bestLml = f.Lml; bestTheta = logTheta.ToArray(); trace.Add(f.Lml); }
            for (int j = 0; j < g.Length; j++) g[j] = -g[j];
            return (-f.Lml, Vector<double>.Build.Dense(g));
        }
        // Box-constrained BFGS on log θ ∈ [log 10⁻⁵, log 10⁵], scikit-learn's default bounds (its L-BFGS-B optimiser).
        var minimizer = new BfgsBMinimizer(1e-6, 1e-9, 1e-10, maxIterations);
        var lowerBound = Vector<double>.Build.Dense(start.Length, LogBound.Lower);
        var upperBound = Vector<double>.Build.Dense(start.Length, LogBound.Upper);
        var clipped = Vector<double>.Build.Dense(start.Length, j => Math.Clamp(start[j], LogBound.Lower, LogBound.Upper));
        try
        {
            minimizer.FindMinimum(ObjectiveFunction.Gradient(Objective), lowerBound, upperBound, clipped);
        }
        catch (Exception e) when (e is OptimizationException or ArgumentException)
        {
            // A line search that stepped to an invalid θ (overflow, not positive definite) or stalled: keep the best point seen.
        }
        if (double.IsNegativeInfinity(bestLml))
            throw new ArgumentException(Invariant($"GaussianProcessRegressor.Fit: the log marginal likelihood could not be evaluated at the start log θ = [{string.Join(", ", start)}]."), nameof(kernel));
        history = trace;
        return (bestTheta, bestLml);
    }

    private static (double[] X, double[] Y) Validate(Matrix<double> x, Vector<double> y, Kernel kernel, string method)
    {
        Guard.FiniteMatrix(x, method, nameof(x));
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(kernel);
        if (y.Count != x.RowCount)
            throw new ArgumentException(Invariant($"{method}: y must have one value per row of x ({x.RowCount}); got {y.Count}."), nameof(y));
        double[] yv = y.ToArray();
        for (int i = 0; i < yv.Length; i++)
            if (!double.IsFinite(yv[i]))
                throw new ArgumentException(Invariant($"{method}: y must contain only finite values; got {yv[i]} at index {i}."), nameof(y));
        return (x.ToRowMajorArray(), yv);
    }
}

/// <summary>Bounds of log θ during optimisation: θ ∈ [10⁻⁵, 10⁵] as scikit-learn's default hyperparameter bounds.</summary>
internal static class LogBound
{
    public static readonly double Lower = Math.Log(1e-5), Upper = Math.Log(1e5);
}

/// <summary>Cholesky factor, α = K⁻¹y and LML terms of K(X, X) + jitter for one kernel.</summary>
internal sealed class ExactFactor
{
    public required double[] Lower { get; init; }
    public required double[] Alpha { get; init; }
    public required double Jitter { get; init; }
    public required double DataFit { get; init; }
    public required double Complexity { get; init; }
    public required double Constant { get; init; }
    public required int N { get; init; }
    public double Lml => DataFit + Complexity + Constant;

    /// <summary>K = k(X, X), K + jitter·mean(diag K)·I = L Lᵀ (jitter grown ×10 on failure), α = L⁻ᵀL⁻¹y.</summary>
    public static ExactFactor Compute(Kernel kernel, double[] x, int n, int d, double[] y, double relativeJitter)
    {
        // Factor K in place; on failure rebuild K (cheaper than keeping a 2nd n × n copy) and retry with 10× the jitter.
        double[] lower = kernel.CovarianceArray(x, n, d);
        double scale = 0.0;
        for (int i = 0; i < n; i++) scale += lower[i * n + i];
        scale = scale > 0.0 ? scale / n : 1.0;
        double jitter = relativeJitter * scale;
        for (int attempt = 0; !BlockedCholesky.TryFactor(lower, n, jitter); attempt++)
        {
            if (attempt == Cholesky.DefaultJitterAttempts)
                throw new ArgumentException(Invariant(
                    $"GaussianProcessRegressor: K(X, X) is not positive definite even with jitter {jitter:G3} (relative {jitter / scale:G3}); add a WhiteNoise kernel or remove duplicate points."), nameof(kernel));
            jitter = jitter > 0.0 ? 10.0 * jitter : 1e-10 * scale;
            lower = kernel.CovarianceArray(x, n, d);
        }
        var alpha = (double[])y.Clone();
        BlockedCholesky.SolveLower(lower, alpha, n);
        double dataFit = 0.0;
        for (int i = 0; i < n; i++) dataFit -= 0.5 * alpha[i] * alpha[i]; // −½ ‖L⁻¹y‖² = −½ yᵀK⁻¹y
        BlockedCholesky.SolveLowerTranspose(lower, alpha, n);
        double logDet = 0.0;
        for (int i = 0; i < n; i++) logDet += Math.Log(lower[i * n + i]);
        return new ExactFactor
        {
            Lower = lower, Alpha = alpha, Jitter = jitter, N = n,
            DataFit = dataFit, Complexity = -logDet, Constant = -0.5 * n * Math.Log(2.0 * Math.PI),
        };
    }

    /// <summary>row[j] = Σ_{k ≤ i} (αᵢαₖ − K⁻¹ᵢₖ) ∂Kᵢₖ/∂log θⱼ, the diagonal term halved; g is scratch of length p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GradientRow(Kernel kernel, double[] x, int d, double[] inverse, int i, Span<double> row, double[] g)
    {
        int n = N, p = g.Length;
        var alpha = Alpha;
        for (int k = 0; k <= i; k++)
        {
            double w = (alpha[i] * alpha[k] - inverse[i * n + k]) * (i == k ? 0.5 : 1.0);
            kernel.Gradient(x.AsSpan(i * d, d), x.AsSpan(k * d, d), i == k, g);
            for (int j = 0; j < p; j++) row[j] += w * g[j];
        }
    }

    /// <summary>gradient[j] = ½ Σᵢₖ (αᵢαₖ − K⁻¹ᵢₖ) ∂Kₖᵢ/∂log θⱼ, the pairs visited once each (off-diagonal pairs twice-weighted).</summary>
    public void Gradient(Kernel kernel, double[] x, int d, double[] gradient)
    {
        int n = N, p = kernel.ParameterCount;
        double[] inverse = BlockedCholesky.InverseFromFactor(Lower, n);
        // Rows in parallel into per-row partial sums, then summed in row order: the same result on any schedule.
        var partial = new double[n * p];
        if ((long)n * n / 2 * p < Kernel.ParallelEvaluations)
        {
            var g = new double[p];
            for (int i = 0; i < n; i++) GradientRow(kernel, x, d, inverse, i, partial.AsSpan(i * p, p), g);
        }
        else
        {
            Parallel.For(0, n, () => new double[p], (i, _, g) =>
            {
                GradientRow(kernel, x, d, inverse, i, partial.AsSpan(i * p, p), g);
                return g;
            }, _ => { });
        }
        Array.Clear(gradient);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) gradient[j] += partial[i * p + j];
    }
}
