using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using static System.FormattableString;

namespace AdvancedMl.GaussianProcesses;

/// <summary>Sparse variational GP regression with m inducing points Z (VFE, Titsias 2009): O(n m²) instead of O(n³) (notebook 04, "scaling GPs").</summary>
/// <remarks>
/// With Q = K_nm K_mm⁻¹ K_mn (the Nyström approximation through Z), the fit maximises the collapsed variational bound
/// F = log N(y | 0, Q + σ²I) − tr(K_nn − Q)/(2σ²) ≤ log p(y). Predictions are those of DTC/SoR:
/// mean = K_*m Σ K_mn y/σ², var = k_** − K_*m K_mm⁻¹ K_m* + K_*m Σ K_m*, Σ = (K_mm + K_mn K_nm/σ²)⁻¹,
/// computed stably as in GPflow's SGPR via L_m = chol(K_mm), A = L_m⁻¹K_mn/σ, B = I + AAᵀ = L_B L_Bᵀ.
/// The kernel should be noise-free: the noise variance σ² is a separate argument (a <see cref="WhiteNoise"/> inside the
/// kernel would only add to K_mm's and K_nn's diagonals). With Z = X, Q = K, the trace term vanishes and the fit is the
/// exact GP with kernel + WhiteNoise(σ²): same mean, same variance of f, bound = exact log marginal likelihood.
/// </remarks>
public sealed class SparseGaussianProcess
{
    private readonly double[] _z, _lm, _lb, _c;
    private readonly int _m, _d;

    private SparseGaussianProcess(Kernel kernel, double noise, double[] z, int m, int d, State s)
    {
        Kernel = kernel; NoiseVariance = noise; _z = z; _m = m; _d = d;
        _lm = s.Lm; _lb = s.Lb; _c = s.C;
        LogMarginalLikelihood = s.Bound;
    }

    /// <summary>The (fitted) kernel.</summary>
    public Kernel Kernel { get; }

    /// <summary>The (fitted) noise variance σ².</summary>
    public double NoiseVariance { get; }

    /// <summary>Number of inducing points m.</summary>
    public int InducingCount => _m;

    /// <summary>The collapsed variational lower bound F ≤ log p(y) (Titsias 2009, eq. 9), not the exact log marginal likelihood.</summary>
    public double LogMarginalLikelihood { get; }

    /// <summary>Fits the VFE approximation with fixed inducing points; if optimize, maximises the bound over the kernel's log θ and log σ² (each in [log 10⁻⁵, log 10⁵]) by box-constrained BFGS with central-difference gradients; Z stays fixed.</summary>
    public static SparseGaussianProcess Fit(Matrix<double> x, Vector<double> y, Kernel kernel, Matrix<double> inducingPoints, double noiseVariance, bool optimize = false)
    {
        const string method = "SparseGaussianProcess.Fit";
        Guard.FiniteMatrix(x, method, nameof(x));
        Guard.FiniteMatrix(inducingPoints, method, nameof(inducingPoints));
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(kernel);
        if (y.Count != x.RowCount)
            throw new ArgumentException(Invariant($"{method}: y must have one value per row of x ({x.RowCount}); got {y.Count}."), nameof(y));
        if (inducingPoints.ColumnCount != x.ColumnCount)
            throw new ArgumentException(Invariant($"{method}: inducingPoints must have {x.ColumnCount} columns like x; got {inducingPoints.ColumnCount}."), nameof(inducingPoints));
        if (!(noiseVariance > 0.0) || double.IsInfinity(noiseVariance))
            throw new ArgumentException(Invariant($"{method}: noiseVariance must be a finite number greater than 0; got {noiseVariance}."), nameof(noiseVariance));
        double[] yv = y.ToArray();
        for (int i = 0; i < yv.Length; i++)
            if (!double.IsFinite(yv[i]))
                throw new ArgumentException(Invariant($"{method}: y must contain only finite values; got {yv[i]} at index {i}."), nameof(y));

        int n = x.RowCount, d = x.ColumnCount, m = inducingPoints.RowCount;
        double[] xr = x.ToRowMajorArray(), z = inducingPoints.ToRowMajorArray();
        if (optimize)
        {
            int p = kernel.ParameterCount;
            double[] start = [.. kernel.LogParameters, Math.Log(noiseVariance)];
            double Bound(double[] t) => Compute(kernel.WithLogParameters(t.AsSpan(0, p)), Math.Exp(t[p]), xr, n, d, yv, z, m).Bound;
            double bestBound = double.NegativeInfinity;
            double[] best = start;
            (double, Vector<double>) Objective(Vector<double> v)
            {
                double[] t = v.ToArray();
                double f = Bound(t);
                if (f > bestBound) { bestBound = f; best = t; }
                var g = new double[t.Length];
                const double h = 1e-6;
                for (int j = 0; j < t.Length; j++)
                {
                    double[] up = (double[])t.Clone(), down = (double[])t.Clone();
                    up[j] += h; down[j] -= h;
                    g[j] = -(Bound(up) - Bound(down)) / (2 * h);
                }
                return (-f, Vector<double>.Build.Dense(g));
            }
            try
            {
                var lower = Vector<double>.Build.Dense(start.Length, LogBound.Lower);
                var upper = Vector<double>.Build.Dense(start.Length, LogBound.Upper);
                var clipped = Vector<double>.Build.Dense(start.Length, j => Math.Clamp(start[j], LogBound.Lower, LogBound.Upper));
                new BfgsBMinimizer(1e-6, 1e-9, 1e-10, 500).FindMinimum(ObjectiveFunction.Gradient(Objective), lower, upper, clipped);
            }
            catch (Exception e) when (e is OptimizationException or ArgumentException)
            {
                // Keep the best point evaluated (a line search stepped to an invalid θ or stalled).
            }
            kernel = kernel.WithLogParameters(best.AsSpan(0, p));
            noiseVariance = Math.Exp(best[p]);
        }
        var state = Compute(kernel, noiseVariance, xr, n, d, yv, z, m);
        return new SparseGaussianProcess(kernel, noiseVariance, z, m, d, state);
    }

    /// <summary>Predictive mean and variance of the latent f at the rows of xStar (add <see cref="NoiseVariance"/> for y).</summary>
    public (Vector<double> Mean, Vector<double> Variance) Predict(Matrix<double> xStar)
    {
        const string method = "SparseGaussianProcess.Predict";
        Guard.FiniteMatrix(xStar, method, nameof(xStar));
        if (xStar.ColumnCount != _d)
            throw new ArgumentException(Invariant($"{method}: xStar must have {_d} columns like the training data; got {xStar.ColumnCount}."), nameof(xStar));
        int s = xStar.RowCount;
        double[] xs = xStar.ToRowMajorArray();
        double[] t1 = Kernel.CrossCovarianceArray(_z, _m, xs, s, _d); // K_m*, m × s
        BlockedCholesky.SolveLower(_lm, t1, _m, s);                  // tmp1 = L_m⁻¹ K_m*
        var t2 = (double[])t1.Clone();
        BlockedCholesky.SolveLower(_lb, t2, _m, s);                  // tmp2 = L_B⁻¹ tmp1
        var mean = new double[s];
        var variance = new double[s];
        for (int j = 0; j < s; j++)
        {
            double mu = 0.0, v = Kernel.Evaluate(xs.AsSpan(j * _d, _d), xs.AsSpan(j * _d, _d), false);
            for (int i = 0; i < _m; i++)
            {
                mu += t2[i * s + j] * _c[i];
                v += t2[i * s + j] * t2[i * s + j] - t1[i * s + j] * t1[i * s + j];
            }
            mean[j] = mu;
            variance[j] = Math.Max(v, 0.0);
        }
        return (Vector<double>.Build.Dense(mean), Vector<double>.Build.Dense(variance));
    }

    private sealed record State(double[] Lm, double[] Lb, double[] C, double Bound);

    private static State Compute(Kernel kernel, double noise, double[] x, int n, int d, double[] y, double[] z, int m)
    {
        double sigma = Math.Sqrt(noise);
        var lm = new double[m * m];
        BlockedCholesky.FactorWithJitter(kernel.CovarianceArray(z, m, d), lm, m, 1e-10);
        double[] a = kernel.CrossCovarianceArray(z, m, x, n, d); // K_mn, m × n
        BlockedCholesky.SolveLower(lm, a, m, n);
        for (int i = 0; i < a.Length; i++) a[i] /= sigma;        // A = L_m⁻¹ K_mn / σ
        var b = new double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = System.Numerics.Tensors.TensorPrimitives.Dot(a.AsSpan(i * n, n), a.AsSpan(j * n, n));
                b[i * m + j] = b[j * m + i] = s + (i == j ? 1.0 : 0.0);
            }
        double traceAat = 0.0;
        for (int i = 0; i < m; i++) traceAat += b[i * m + i] - 1.0;
        var lb = new double[m * m];
        BlockedCholesky.FactorWithJitter(b, lb, m);
        var c = new double[m];
        for (int i = 0; i < m; i++) c[i] = System.Numerics.Tensors.TensorPrimitives.Dot(a.AsSpan(i * n, n), y) / sigma;
        BlockedCholesky.SolveLower(lb, c, m);                     // c = L_B⁻¹ A y / σ
        double logDetB = 0.0, yy = 0.0, cc = 0.0, traceK = 0.0;
        for (int i = 0; i < m; i++) { logDetB += Math.Log(lb[i * m + i]); cc += c[i] * c[i]; }
        for (int i = 0; i < n; i++) { yy += y[i] * y[i]; traceK += kernel.Evaluate(x.AsSpan(i * d, d), x.AsSpan(i * d, d), true); }
        double bound = -0.5 * n * Math.Log(2.0 * Math.PI * noise) - logDetB - 0.5 * yy / noise + 0.5 * cc
                       - 0.5 * traceK / noise + 0.5 * traceAat;
        return new State(lm, lb, c, bound);
    }
}
