using static System.FormattableString;

namespace AdvancedMl.Generative;

/// <summary>How the DDPM noise variances β_t grow with t (notebook 09, section 3).</summary>
public enum ScheduleKind
{
    /// <summary>β_t rises linearly from β_1 to β_T (Ho et al. 2020: 1e-4 to 0.02 for T = 1000, rescaled by 1000/T).</summary>
    Linear,

    /// <summary>ᾱ_t = f(t)/f(0), f(t) = cos²(π/2 · (t/T + s)/(1 + s)), s = 0.008, β_t capped at 0.999 (Nichol and Dhariwal 2021).</summary>
    Cosine,
}

/// <summary>
/// A DDPM variance schedule β_1..β_T with α_t = 1 − β_t and ᾱ_t = ∏_{s≤t} α_s (notebook 09, equations (1)–(2)).
/// Time runs t = 1..T as in the notebook; <see cref="AlphaBar"/>(0) = 1 is the clean data.
/// </summary>
public sealed class NoiseSchedule
{
    private readonly double[] _betas;      // _betas[t - 1] = β_t
    private readonly double[] _alphaBars;  // _alphaBars[t] = ᾱ_t, _alphaBars[0] = 1

    private NoiseSchedule(ScheduleKind kind, double[] betas)
    {
        Kind = kind;
        _betas = betas;
        _alphaBars = new double[betas.Length + 1];
        _alphaBars[0] = 1.0;
        for (int t = 1; t <= betas.Length; t++) _alphaBars[t] = _alphaBars[t - 1] * (1.0 - betas[t - 1]);
    }

    /// <summary>Which family the schedule comes from.</summary>
    public ScheduleKind Kind { get; }

    /// <summary>Number of diffusion steps T.</summary>
    public int Steps => _betas.Length;

    /// <summary>
    /// Linear schedule over T steps: β_t = β_start + (β_end − β_start)(t − 1)/(T − 1), with β_start, β_end defaulting to
    /// DDPM's 1e-4 and 0.02 multiplied by 1000/T (each capped at 0.999), so that fewer steps still end close to pure noise (ᾱ_T ≈ e^{−10}).
    /// </summary>
    public static NoiseSchedule Linear(int steps, double? betaStart = null, double? betaEnd = null)
    {
        Checks.AtLeast(steps, 2, "NoiseSchedule.Linear", nameof(steps));
        double start = betaStart ?? Math.Min(1e-4 * 1000.0 / steps, 0.999), end = betaEnd ?? Math.Min(0.02 * 1000.0 / steps, 0.999);
        Checks.Probability(start, "NoiseSchedule.Linear", nameof(betaStart));
        Checks.Probability(end, "NoiseSchedule.Linear", nameof(betaEnd));
        var betas = new double[steps];
        for (int t = 1; t <= steps; t++) betas[t - 1] = start + (end - start) * (t - 1) / (steps - 1);
        return new NoiseSchedule(ScheduleKind.Linear, betas);
    }

    /// <summary>
    /// Cosine schedule (Nichol and Dhariwal 2021): ᾱ_t = f(t)/f(0), f(t) = cos²(π/2 · (t/T + s)/(1 + s)),
    /// β_t = min(1 − ᾱ_t/ᾱ_{t−1}, maxBeta).
    /// </summary>
    public static NoiseSchedule Cosine(int steps, double offset = 0.008, double maxBeta = 0.999)
    {
        Checks.AtLeast(steps, 2, "NoiseSchedule.Cosine", nameof(steps));
        Checks.Positive(offset, "NoiseSchedule.Cosine", nameof(offset));
        Checks.Probability(maxBeta, "NoiseSchedule.Cosine", nameof(maxBeta));
        double G(int t) { double c = Math.Cos(0.5 * Math.PI * ((double)t / steps + offset) / (1 + offset)); return c * c; }
        var betas = new double[steps];
        for (int t = 1; t <= steps; t++) betas[t - 1] = Math.Min(1.0 - G(t) / G(t - 1), maxBeta);
        return new NoiseSchedule(ScheduleKind.Cosine, betas);
    }

    /// <summary>Builds the schedule of the given kind with its default settings.</summary>
    public static NoiseSchedule Create(ScheduleKind kind, int steps) => kind switch
    {
        ScheduleKind.Linear => Linear(steps),
        ScheduleKind.Cosine => Cosine(steps),
        _ => throw new ArgumentException(Invariant($"NoiseSchedule.Create: kind must be Linear or Cosine; got {kind}."), nameof(kind)),
    };

    /// <summary>β_t, the variance of the noise added at step t (1 ≤ t ≤ T).</summary>
    public double Beta(int t)
    {
        CheckStep(t, 1, nameof(Beta));
        return _betas[t - 1];
    }

    /// <summary>α_t = 1 − β_t (1 ≤ t ≤ T).</summary>
    public double Alpha(int t) => 1.0 - Beta(t);

    /// <summary>ᾱ_t = ∏_{s=1}^{t} α_s, the signal variance kept after t steps (0 ≤ t ≤ T; ᾱ_0 = 1).</summary>
    public double AlphaBar(int t)
    {
        CheckStep(t, 0, nameof(AlphaBar));
        return _alphaBars[t];
    }

    /// <summary>All β_1..β_T (a copy).</summary>
    public double[] Betas => (double[])_betas.Clone();

    /// <summary>ᾱ_0..ᾱ_T (a copy; T + 1 values).</summary>
    public double[] AlphaBars => (double[])_alphaBars.Clone();

    /// <summary>
    /// Variance of the true reverse step q(x_{t−1} | x_t, x_0): β̃_t = (1 − ᾱ_{t−1})/(1 − ᾱ_t) · β_t (notebook 09, equation (4)).
    /// </summary>
    public double PosteriorVariance(int t)
    {
        CheckStep(t, 1, nameof(PosteriorVariance));
        return (1.0 - _alphaBars[t - 1]) / (1.0 - _alphaBars[t]) * _betas[t - 1];
    }

    /// <summary>
    /// The closed form x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε of q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I) (notebook 09, equation (2)),
    /// for one point and its noise draw.
    /// </summary>
    public double[] Diffuse(double[] x0, int t, double[] noise)
    {
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(noise);
        if (noise.Length != x0.Length)
            throw new ArgumentException(Invariant($"NoiseSchedule.Diffuse: noise must have as many coordinates as x0 ({x0.Length}); got {noise.Length}."), nameof(noise));
        double a = Math.Sqrt(AlphaBar(t)), s = Math.Sqrt(1.0 - AlphaBar(t));
        var xt = new double[x0.Length];
        for (int j = 0; j < xt.Length; j++) xt[j] = a * x0[j] + s * noise[j];
        return xt;
    }

    private void CheckStep(int t, int lowest, string method)
    {
        if (t < lowest || t > Steps)
            throw new ArgumentException(Invariant($"NoiseSchedule.{method}: t must lie in [{lowest}, {Steps}]; got {t}."), "t");
    }
}
