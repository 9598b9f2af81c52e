using AdvancedMl.GaussianProcesses;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace AdvancedMl.Optimization;

/// <summary>
/// The optimiser's surrogate: a <see cref="GaussianProcessRegressor"/> (notebook 04) with a Matérn-5/2 kernel — plus a
/// <see cref="WhiteNoise"/> term when the objective is noisy — on inputs scaled to the unit cube and standardised outputs.
/// </summary>
/// <remarks>
/// Hyperparameters maximise the regressor's log marginal likelihood (with its analytic gradient) inside a box, by
/// L-BFGS-B warm-started from the previous step's kernel. The box matters: with a few dozen noiseless points the
/// unbounded likelihood can drift towards huge length scales and variances (slowly, for hundreds of iterations),
/// a fit that would also stall the search.
/// </remarks>
internal sealed class SurrogateGp
{
    public const double MinLengthScale = 0.01, MaxLengthScale = 10.0, MinVariance = 0.01, MaxVariance = 100.0, MinNoise = 1e-6, MaxNoise = 1.0;
    private const int MaxLikelihoodEvaluations = 60;
    private static readonly GpOptions Keep = new() { OptimizeHyperparameters = false, Jitter = 1e-8 };

    private readonly double[] _x; // n × d, row-major, unit cube
    private readonly double[] _y; // standardised outputs
    private double[] _work = []; // K(X, X*) of the batched predictions

    private SurrogateGp(GaussianProcessRegressor gp, double[] x, double[] y, int d)
    {
        Regressor = gp; _x = x; _y = y; Dimension = d;
    }

    public GaussianProcessRegressor Regressor { get; }
    public Kernel Kernel => Regressor.Kernel;
    public int Count => _y.Length;
    public int Dimension { get; }
    public ReadOnlySpan<double> Inputs => _x;
    public ReadOnlySpan<double> Outputs => _y;

    /// <summary>Fitted white-noise variance (standardised units); 0 for the noiseless kernel.</summary>
    public double Noise => Kernel is SumKernel { Right: WhiteNoise w } ? w.Variance : 0.0;

    /// <summary>Matérn-5/2 with ℓ = 0.3 of the box and unit variance, plus white noise 0.01 when noisy.</summary>
    public static Kernel DefaultKernel(bool noisy) => noisy ? new Matern52(0.3, 1.0) + new WhiteNoise(1e-2) : new Matern52(0.3, 1.0);

    /// <summary>Fits the GP to n points x (row-major, unit cube) with standardised y, re-fitting the kernel's hyperparameters when optimize is set.</summary>
    public static SurrogateGp Fit(double[] x, double[] y, int n, int d, Kernel kernel, bool optimize)
    {
        x = x[..(n * d)];
        y = y[..n];
        var xm = Matrix<double>.Build.DenseOfRowMajor(n, d, x);
        var yv = Vector<double>.Build.Dense(y);
        if (optimize) kernel = MaximizeLikelihood(kernel, x, n, d, y);
        return new SurrogateGp(GaussianProcessRegressor.Fit(xm, yv, kernel, Keep), x, y, d);
    }

    /// <summary>Same hyperparameters, one more point (used by the kriging believer with y = the posterior mean).</summary>
    public SurrogateGp WithPoint(ReadOnlySpan<double> u, double y)
    {
        int n = Count + 1, d = Dimension;
        var x = new double[n * d];
        _x.CopyTo(x, 0);
        u.CopyTo(x.AsSpan(Count * d));
        var ys = new double[n];
        _y.CopyTo(ys, 0);
        ys[Count] = y;
        return Fit(x, ys, n, d, Kernel, optimize: false);
    }

    /// <summary>Posterior mean and standard deviation of the latent f at u (standardised units).</summary>
    public (double Mean, double Sd) Predict(ReadOnlySpan<double> u)
    {
        Span<double> mean = stackalloc double[1], sd = stackalloc double[1];
        Predict(u, 1, mean, sd);
        return (mean[0], sd[0]);
    }

    /// <summary>Posterior means and standard deviations at the m rows of points (row-major m × d), in one batched call.</summary>
    public (double[] Mean, double[] Sd) Predict(ReadOnlySpan<double> points, int m)
    {
        var mean = new double[m];
        var sd = new double[m];
        Predict(points, m, mean, sd);
        return (mean, sd);
    }

    /// <summary>Posterior means and standard deviations at the m rows of points into mean and sd, reusing this surrogate's scratch (one thread per surrogate).</summary>
    public void Predict(ReadOnlySpan<double> points, int m, Span<double> mean, Span<double> sd)
    {
        int size = Count * m;
        if (_work.Length < size) _work = new double[Math.Max(size, 2 * _work.Length)];
        Regressor.PredictLatent(points, m, mean, sd, _work);
    }

    /// <summary>Type-II maximum likelihood inside the box: L-BFGS-B (MathNet) on −log p(y | X, θ) over log θ with the regressor's analytic gradient, from the previous θ clipped into the box.</summary>
    private static Kernel MaximizeLikelihood(Kernel kernel, double[] x, int n, int d, double[] y)
    {
        var (lower, upper) = LogBounds(kernel.ParameterCount);
        var start = kernel.LogParameters;
        for (int j = 0; j < start.Length; j++) start[j] = Math.Clamp(start[j], lower[j], upper[j]);
        double bestValue = double.PositiveInfinity;
        double[] best = start;
        int evaluations = 0;
        var gradient = new double[kernel.ParameterCount];
        (double, Vector<double>) Objective(Vector<double> logTheta)
        {
            double lml = GaussianProcessRegressor.EvaluateLogMarginalLikelihood(kernel.WithLogParameters(logTheta.ToArray()), x, n, d, y, gradient);
            if (++evaluations > MaxLikelihoodEvaluations) throw new BudgetExhausted();
            if (-lml < bestValue) { bestValue = -lml; best = logTheta.ToArray(); }
            return (-lml, -Vector<double>.Build.Dense(gradient));
        }
        try
        {
            new BfgsBMinimizer(1e-5, 1e-6, 1e-7, 100).FindMinimum(ObjectiveFunction.Gradient(Objective),
                Vector<double>.Build.Dense(lower), Vector<double>.Build.Dense(upper), Vector<double>.Build.Dense(start));
        }
        catch (Exception e) when (e is OptimizationException or ArgumentException or BudgetExhausted)
        {
            // A failed line search, or a nearly singular K whose jittered LML makes the line search crawl: keep the best θ so far.
        }
        return kernel.WithLogParameters(best);
    }

    /// <summary>Box of log θ: ℓ ∈ [0.01, 10] (unit cube), σ² ∈ [0.01, 100] (standardised y), white-noise σ²ₙ ∈ [10⁻⁶, 1].</summary>
    private static (double[] Lower, double[] Upper) LogBounds(int count)
    {
        double[] lower = [Math.Log(MinLengthScale), Math.Log(MinVariance), Math.Log(MinNoise)];
        double[] upper = [Math.Log(MaxLengthScale), Math.Log(MaxVariance), Math.Log(MaxNoise)];
        return (lower[..count], upper[..count]);
    }

    private sealed class BudgetExhausted : Exception;
}
