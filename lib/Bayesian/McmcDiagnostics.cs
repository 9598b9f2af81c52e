using System.Numerics;
using static System.FormattableString;
using MathNet.Numerics.IntegralTransforms;
using AdvancedMl.Numerics;

namespace AdvancedMl.Bayesian;

/// <summary>Convergence and efficiency diagnostics for MCMC output: autocorrelation, effective sample size, split-R̂ and Monte Carlo standard error (notebook 03, "how do you know the chain worked?").</summary>
/// <remarks>
/// The multi-chain formulas follow Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021) and Stan without rank
/// normalisation: with M chains of N draws, W = mean within-chain variance, B/N = variance of the chain means,
/// var⁺ = (N − 1)/N · W + B/N, ρ̂ₜ = 1 − (W − mean autocovariance at lag t)/var⁺, and τ = −1 + 2 Σ Pₖ summed over
/// Geyer's initial positive, monotone sequence of pair sums Pₖ = ρ̂₂ₖ + ρ̂₂ₖ₊₁. ESS = M·N/τ.
/// </remarks>
public static class McmcDiagnostics
{
    /// <summary>Sample autocorrelation ρ̂ₖ = γ̂ₖ/γ̂₀ for k = 0 … maxLag (biased autocovariance, divisor n; computed by FFT) (notebook 03, autocorrelation plot).</summary>
    public static double[] Autocorrelation(double[] draws, int maxLag)
    {
        const string method = "McmcDiagnostics.Autocorrelation";
        Checks.FiniteVector(draws, method, nameof(draws));
        Guard.AtLeast(draws.Length, 2, method, "draws.Length");
        if (maxLag < 0 || maxLag >= draws.Length)
            throw new ArgumentException(Invariant($"{method}: maxLag must be in [0, {draws.Length - 1}] (below the number of draws); got {maxLag}."), nameof(maxLag));
        double[] gamma = Autocovariance(draws);
        if (!(gamma[0] > 0.0))
            throw new ArgumentException($"{method}: draws must not all be equal (zero variance makes the autocorrelation undefined).", nameof(draws));
        var rho = new double[maxLag + 1];
        for (int k = 0; k <= maxLag; k++) rho[k] = gamma[k] / gamma[0];
        return rho;
    }

    /// <summary>Effective sample size of one chain, n/τ with τ from Geyer's initial positive monotone sequence (notebook 03, ESS).</summary>
    public static double EffectiveSampleSize(double[] draws)
    {
        ArgumentNullException.ThrowIfNull(draws);
        return EffectiveSampleSize(new[] { draws });
    }

    /// <summary>Effective sample size of several chains of equal length, M·N/τ with the Stan / Vehtari et al. (2021) multi-chain autocorrelation (notebook 03, ESS).</summary>
    /// <remarks>Chains are used as given (not split). τ is floored at 1/log₁₀(M·N) as in Stan, so ESS ≤ M·N·log₁₀(M·N).</remarks>
    public static double EffectiveSampleSize(IReadOnlyList<double[]> chains)
    {
        const string method = "McmcDiagnostics.EffectiveSampleSize";
        CheckChains(chains, method, minimumLength: 4);
        int m = chains.Count, n = chains[0].Length;
        var autocovariances = new double[m][];
        var means = new double[m];
        for (int c = 0; c < m; c++)
        {
            autocovariances[c] = Autocovariance(chains[c]);
            means[c] = Mean(chains[c]);
        }
        double within = 0.0;
        for (int c = 0; c < m; c++) within += autocovariances[c][0] * n / (n - 1.0); // unbiased within-chain variance
        within /= m;
        double between = m > 1 ? n * Variance(means) : 0.0;
        double varPlus = (n - 1.0) / n * within + between / n;
        if (!(varPlus > 0.0))
            throw new ArgumentException($"{method}: chains must not all be constant (zero variance makes the ESS undefined).", nameof(chains));

        double Rho(int lag)
        {
            double mean = 0.0;
            for (int c = 0; c < m; c++) mean += autocovariances[c][lag];
            return 1.0 - (within - mean / m) / varPlus;
        }

        // Geyer (1992): sum pair sums while positive, forcing them to be non-increasing.
        double tau = -1.0, previous = double.PositiveInfinity;
        for (int k = 0; 2 * k + 1 < n; k++)
        {
            double pair = Rho(2 * k) + Rho(2 * k + 1);
            if (!(pair > 0.0)) break;
            pair = Math.Min(pair, previous);
            tau += 2.0 * pair;
            previous = pair;
        }
        double total = (double)m * n;
        tau = Math.Max(tau, 1.0 / Math.Log10(total));
        return total / tau;
    }

    /// <summary>Split-R̂ (Gelman et al., BDA3 section 11.4): each chain is halved, then R̂ = √(var⁺/W) over the 2M halves; near 1 when the chains agree, ≫ 1 when they sample different regions (notebook 03, convergence check).</summary>
    /// <remarks>Odd-length chains drop their middle draw. Returns +∞ when every half is constant but the halves differ.</remarks>
    public static double SplitRHat(IReadOnlyList<double[]> chains)
    {
        const string method = "McmcDiagnostics.SplitRHat";
        CheckChains(chains, method, minimumLength: 4);
        int half = chains[0].Length / 2, m = 2 * chains.Count;
        var means = new double[m];
        double within = 0.0;
        for (int c = 0; c < chains.Count; c++)
        {
            var chain = chains[c];
            for (int s = 0; s < 2; s++)
            {
                var part = chain.AsSpan(s == 0 ? 0 : chain.Length - half, half);
                double mean = 0.0;
                foreach (double x in part) mean += x;
                mean /= half;
                double ss = 0.0;
                foreach (double x in part) ss += (x - mean) * (x - mean);
                means[2 * c + s] = mean;
                within += ss / (half - 1);
            }
        }
        within /= m;
        double between = half * Variance(means);
        if (within == 0.0)
        {
            if (between == 0.0)
                throw new ArgumentException($"{method}: chains must not all be the same constant (zero variance makes R-hat undefined).", nameof(chains));
            return double.PositiveInfinity;
        }
        double varPlus = (half - 1.0) / half * within + between / half;
        return Math.Sqrt(varPlus / within);
    }

    /// <summary>Monte Carlo standard error of the posterior-mean estimate: sd of all draws / √ESS (notebook 03, how many digits of a posterior mean to trust).</summary>
    public static double MonteCarloStandardError(IReadOnlyList<double[]> chains)
    {
        const string method = "McmcDiagnostics.MonteCarloStandardError";
        CheckChains(chains, method, minimumLength: 4);
        double ess = EffectiveSampleSize(chains);
        double mean = 0.0;
        long count = 0;
        foreach (var chain in chains)
            foreach (double x in chain) { mean += x; count++; }
        mean /= count;
        double ss = 0.0;
        foreach (var chain in chains)
            foreach (double x in chain) ss += (x - mean) * (x - mean);
        return Math.Sqrt(ss / (count - 1) / ess);
    }

    /// <summary>Monte Carlo standard error of one chain's mean (see the multi-chain overload).</summary>
    public static double MonteCarloStandardError(double[] draws)
    {
        ArgumentNullException.ThrowIfNull(draws);
        return MonteCarloStandardError(new[] { draws });
    }

    /// <summary>Biased autocovariance γ̂ₖ = (1/n) Σₜ (xₜ − x̄)(xₜ₊ₖ − x̄) for k = 0 … n − 1, via zero-padded FFT (Wiener–Khinchin).</summary>
    private static double[] Autocovariance(double[] x)
    {
        int n = x.Length;
        int size = 1;
        while (size < 2 * n) size <<= 1;
        double mean = Mean(x);
        var buffer = new Complex[size];
        for (int t = 0; t < n; t++) buffer[t] = new Complex(x[t] - mean, 0.0);
        Fourier.Forward(buffer, FourierOptions.NoScaling);
        for (int i = 0; i < size; i++)
        {
            double power = buffer[i].Real * buffer[i].Real + buffer[i].Imaginary * buffer[i].Imaginary;
            buffer[i] = new Complex(power, 0.0);
        }
        Fourier.Inverse(buffer, FourierOptions.NoScaling);
        var gamma = new double[n];
        for (int k = 0; k < n; k++) gamma[k] = buffer[k].Real / ((double)size * n);
        return gamma;
    }

    private static double Mean(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        foreach (double v in x) sum += v;
        return sum / x.Length;
    }

    /// <summary>Unbiased sample variance (divisor n − 1).</summary>
    private static double Variance(double[] x)
    {
        double mean = Mean(x), ss = 0.0;
        foreach (double v in x) ss += (v - mean) * (v - mean);
        return ss / (x.Length - 1);
    }

    private static void CheckChains(IReadOnlyList<double[]>? chains, string method, int minimumLength)
    {
        if (chains is null) throw new ArgumentNullException(nameof(chains), $"{method}: chains must not be null.");
        if (chains.Count == 0) throw new ArgumentException($"{method}: chains must contain at least one chain; got none.", nameof(chains));
        int n = chains[0]?.Length ?? 0;
        for (int c = 0; c < chains.Count; c++)
        {
            var chain = chains[c] ?? throw new ArgumentNullException(nameof(chains), Invariant($"{method}: chains[{c}] must not be null."));
            if (chain.Length != n)
                throw new ArgumentException(Invariant($"{method}: chains must all have the same length; chains[0] has {n} draws but chains[{c}] has {chain.Length}."), nameof(chains));
            for (int t = 0; t < chain.Length; t++)
                if (!double.IsFinite(chain[t]))
                    throw new ArgumentException(Invariant($"{method}: chains must contain only finite values; got {chain[t]} in chains[{c}] at index {t}."), nameof(chains));
        }
        if (n < minimumLength)
            throw new ArgumentException(Invariant($"{method}: each chain must have at least {minimumLength} draws; got {n}."), nameof(chains));
    }
}
