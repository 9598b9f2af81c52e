using AdvancedMl.Numerics;

namespace AdvancedMl.Optimization;

/// <summary>
/// The optimiser's surrogate: a zero-mean GP with a Matérn-5/2 ARD kernel plus white noise on inputs scaled to the unit
/// cube and standardised outputs, hyperparameters by maximum marginal likelihood inside a box (Nelder–Mead, warm-started).
/// </summary>
/// <remarks>Parameters θ = (log ℓ₁ … log ℓ_d, log s², log σₙ²); without noise σₙ² is fixed at <see cref="NoiselessNoise"/>.</remarks>
internal sealed class SurrogateGp
{
    public const double NoiselessNoise = 1e-6;
    private static readonly double Sqrt5 = Math.Sqrt(5.0);

    private readonly double[] _x;   // n × d, row-major, unit cube
    private readonly double[] _y;   // standardised outputs
    private readonly double[] _lower; // n × n Cholesky factor of K + σₙ² I
    private readonly double[] _alpha; // (K + σₙ² I)⁻¹ y
    private readonly double[] _inverseLength;
    private readonly double _signal;

    private SurrogateGp(double[] x, double[] y, int n, int d, double[] theta, double[] lower, double[] alpha)
    {
        _x = x; _y = y; Count = n; Dimension = d; Theta = theta; _lower = lower; _alpha = alpha;
        _inverseLength = new double[d];
        for (int j = 0; j < d; j++) _inverseLength[j] = Math.Exp(-theta[j]);
        _signal = Math.Exp(theta[d]);
    }

    public int Count { get; }
    public int Dimension { get; }
    public double[] Theta { get; }
    public double Noise => Math.Exp(Theta[Dimension + 1]);
    public ReadOnlySpan<double> Inputs => _x;
    public ReadOnlySpan<double> Outputs => _y;

    public static double[] DefaultTheta(int d, bool noisy)
    {
        var theta = new double[d + 2];
        for (int j = 0; j < d; j++) theta[j] = Math.Log(0.3);
        theta[d] = 0.0;
        theta[d + 1] = Math.Log(noisy ? 1e-2 : NoiselessNoise);
        return theta;
    }

    /// <summary>Fits the GP to n points x (row-major, unit cube) with standardised y; optimise re-fits θ starting at theta.</summary>
    public static SurrogateGp Fit(double[] x, double[] y, int n, int d, double[] theta, bool optimize, bool noisy)
    {
        theta = (double[])theta.Clone();
        if (optimize)
        {
            var (lower, upper) = ThetaBounds(d, noisy);
            var k = new double[n * n];
            int p = noisy ? d + 2 : d + 1;
            var free = theta[..p];
            var full = (double[])theta.Clone();
            double Objective(double[] t)
            {
                Array.Copy(t, full, p);
                return -LogMarginalLikelihood(x, y, n, d, full, k);
            }
            NelderMead.Minimize(Objective, free, lower[..p], upper[..p], 0.1, 40 * p + 40);
            Array.Copy(free, theta, p);
        }
        var factor = new double[n * n];
        BuildCovariance(x, n, d, theta, factor);
        Cholesky.FactorWithJitter(factor, factor, n);
        var alpha = y[..n];
        Cholesky.SolveLower(factor, alpha, n);
        Cholesky.SolveLowerTranspose(factor, alpha, n);
        return new SurrogateGp(x[..(n * d)], y[..n], n, d, theta, factor, alpha);
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
        return Fit(x, ys, n, d, Theta, optimize: false, noisy: false);
    }

    /// <summary>Posterior mean and standard deviation of the latent f at u (standardised units); work needs Count entries.</summary>
    public (double Mean, double Sd) Predict(ReadOnlySpan<double> u, Span<double> work)
    {
        int n = Count, d = Dimension;
        double mean = 0.0;
        for (int i = 0; i < n; i++)
        {
            double k = Kernel(_x.AsSpan(i * d, d), u, _inverseLength, _signal);
            work[i] = k;
            mean += k * _alpha[i];
        }
        Cholesky.SolveLower(_lower, work[..n], n);
        double variance = _signal;
        for (int i = 0; i < n; i++) variance -= work[i] * work[i];
        return (mean, Math.Sqrt(Math.Max(variance, 0.0)));
    }

    /// <summary>log p(y | X, θ) = −½ yᵀ(K + σₙ²I)⁻¹y − ½ log det(K + σₙ²I) − (n/2) log 2π; −∞ if K is not positive definite.</summary>
    public static double LogMarginalLikelihood(double[] x, double[] y, int n, int d, double[] theta, double[] k)
    {
        BuildCovariance(x, n, d, theta, k);
        if (!Cholesky.TryFactor(k, k, n, 1e-10)) return double.NegativeInfinity;
        Span<double> v = n <= 256 ? stackalloc double[n] : new double[n];
        y.AsSpan(0, n).CopyTo(v);
        Cholesky.SolveLower(k, v, n);
        double quad = 0.0;
        for (int i = 0; i < n; i++) quad += v[i] * v[i];
        return -0.5 * quad - 0.5 * Cholesky.LogDeterminant(k, n) - 0.5 * n * Math.Log(2.0 * Math.PI);
    }

    private static (double[] Lower, double[] Upper) ThetaBounds(int d, bool noisy)
    {
        var lower = new double[d + 2];
        var upper = new double[d + 2];
        for (int j = 0; j < d; j++) { lower[j] = Math.Log(0.02); upper[j] = Math.Log(5.0); }
        lower[d] = Math.Log(0.05); upper[d] = Math.Log(20.0);
        lower[d + 1] = Math.Log(noisy ? 1e-6 : NoiselessNoise); upper[d + 1] = Math.Log(noisy ? 1.0 : NoiselessNoise);
        return (lower, upper);
    }

    private static void BuildCovariance(double[] x, int n, int d, double[] theta, double[] k)
    {
        Span<double> inverseLength = stackalloc double[d];
        for (int j = 0; j < d; j++) inverseLength[j] = Math.Exp(-theta[j]);
        double signal = Math.Exp(theta[d]), noise = Math.Exp(theta[d + 1]);
        for (int i = 0; i < n; i++)
        {
            var xi = x.AsSpan(i * d, d);
            for (int j = 0; j < i; j++) k[i * n + j] = k[j * n + i] = Kernel(xi, x.AsSpan(j * d, d), inverseLength, signal);
            k[i * n + i] = signal + noise;
        }
    }

    /// <summary>Matérn-5/2: s² (1 + √5 r + 5r²/3) exp(−√5 r), r² = Σⱼ ((aⱼ − bⱼ)/ℓⱼ)².</summary>
    private static double Kernel(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> inverseLength, double signal)
    {
        double r2 = 0.0;
        for (int j = 0; j < a.Length; j++)
        {
            double t = (a[j] - b[j]) * inverseLength[j];
            r2 += t * t;
        }
        double r = Math.Sqrt(r2);
        return signal * (1.0 + Sqrt5 * r + 5.0 / 3.0 * r2) * Math.Exp(-Sqrt5 * r);
    }
}
