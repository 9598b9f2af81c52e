using static System.FormattableString;
using System.Runtime.CompilerServices;

namespace AdvancedMl.Generative;

/// <summary>How many of a ring's modes a set of samples covers, by the rule of <see cref="SampleMetrics.ModeCoverage"/>.</summary>
/// <param name="Covered">Number of modes holding at least the required share of the samples.</param>
/// <param name="Counts">Samples within the radius of each mode (index = mode).</param>
/// <param name="HighQualityFraction">Share of all samples that lie within the radius of some mode.</param>
public sealed record ModeCoverage(int Covered, int[] Counts, double HighQualityFraction);

/// <summary>
/// Distances between a generated sample and held-out data, and the mode count of notebook 09 (section "How samples are scored").
/// All take points as rows <c>double[d]</c>; cost O(n·m·d), no allocation beyond the result.
/// </summary>
public static class SampleMetrics
{
    /// <summary>
    /// Squared maximum mean discrepancy with the Gaussian kernel k(a, b) = exp(−‖a − b‖²/(2h²)), unbiased estimate
    /// MMD² = mean_{i≠i'} k(x_i, x_i') + mean_{j≠j'} k(y_j, y_j') − 2 mean_{i,j} k(x_i, y_j) (Gretton et al. 2012, eq. (3));
    /// it can be slightly negative when the two samples come from the same distribution.
    /// </summary>
    public static double Mmd(double[][] x, double[][] y, double bandwidth = 0.5)
    {
        int d = CheckPair("SampleMetrics.Mmd", x, y, minimum: 2);
        Checks.Positive(bandwidth, "SampleMetrics.Mmd", nameof(bandwidth));
        double scale = -0.5 / (bandwidth * bandwidth);
        double kxx = SumWithin(x, d, scale, kernel: true) / ((double)x.Length * (x.Length - 1));
        double kyy = SumWithin(y, d, scale, kernel: true) / ((double)y.Length * (y.Length - 1));
        double kxy = SumBetween(x, y, d, scale, kernel: true) / ((double)x.Length * y.Length);
        return kxx + kyy - 2 * kxy;
    }

    /// <summary>
    /// Energy distance 2 E‖X − Y‖ − E‖X − X'‖ − E‖Y − Y'‖ (Székely and Rizzo 2013) with the within-sample means over distinct
    /// pairs (unbiased); zero in expectation exactly when the two distributions are equal, and free of any bandwidth.
    /// </summary>
    public static double EnergyDistance(double[][] x, double[][] y)
    {
        int d = CheckPair("SampleMetrics.EnergyDistance", x, y, minimum: 2);
        double xx = SumWithin(x, d, 0, kernel: false) / ((double)x.Length * (x.Length - 1));
        double yy = SumWithin(y, d, 0, kernel: false) / ((double)y.Length * (y.Length - 1));
        double xy = SumBetween(x, y, d, 0, kernel: false) / ((double)x.Length * y.Length);
        return 2 * xy - xx - yy;
    }

    /// <summary>
    /// Modes covered: a sample belongs to mode k when it lies within <paramref name="radius"/> of centre k (the nearest centre if
    /// several); mode k is covered when it holds at least <paramref name="minShare"/> of all samples. Also returns the per-mode
    /// counts and the share of samples near any mode. Notebook 09 counts coverage with radius 5σ and sharpness (the
    /// high-quality fraction) with radius 3σ, both with a quarter of the fair share, 1/32.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loops: full optimisation at once, not tier-0 code, in a long-lived kernel
    public static ModeCoverage ModeCoverage(double[][] samples, double[][] centres, double radius, double minShare)
    {
        if (centres is null || centres.Length == 0)
            throw new ArgumentException("SampleMetrics.ModeCoverage: centres must hold at least one centre; got none.", nameof(centres));
        int d = centres[0]?.Length ?? 0;
        Checks.Points(centres, d, "SampleMetrics.ModeCoverage", nameof(centres));
        Checks.Points(samples, d, "SampleMetrics.ModeCoverage", nameof(samples));
        Checks.Positive(radius, "SampleMetrics.ModeCoverage", nameof(radius));
        Checks.Probability(minShare, "SampleMetrics.ModeCoverage", nameof(minShare), allowOne: true);
        var counts = new int[centres.Length];
        int near = 0;
        foreach (var p in samples)
        {
            int best = -1;
            double bestDistance = radius * radius;
            for (int k = 0; k < centres.Length; k++)
            {
                double dist = SquaredDistance(p, centres[k], d);
                if (dist <= bestDistance) { bestDistance = dist; best = k; }
            }
            if (best >= 0) { counts[best]++; near++; }
        }
        int covered = counts.Count(c => c >= minShare * samples.Length);
        return new ModeCoverage(covered, counts, (double)near / samples.Length);
    }

    private static int CheckPair(string method, double[][] x, double[][] y, int minimum)
    {
        if (x is null || x.Length < minimum)
            throw new ArgumentException(Invariant($"{method}: x must hold at least {minimum} points; got {x?.Length ?? 0}."), nameof(x));
        int d = x[0]?.Length ?? 0;
        if (d < 1) throw new ArgumentException(Invariant($"{method}: points must have at least one coordinate; got {d}."), nameof(x));
        Checks.Points(x, d, method, nameof(x));
        if (y is null || y.Length < minimum)
            throw new ArgumentException(Invariant($"{method}: y must hold at least {minimum} points; got {y?.Length ?? 0}."), nameof(y));
        Checks.Points(y, d, method, nameof(y));
        return d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SquaredDistance(double[] a, double[] b, int d)
    {
        double s = 0;
        for (int j = 0; j < d; j++) { double diff = a[j] - b[j]; s += diff * diff; }
        return s;
    }

    // Σ over ordered pairs i ≠ i' of k(x_i, x_i') (kernel) or ‖x_i − x_i'‖ (distance): twice the sum over i < i'.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loops: full optimisation at once, not tier-0 code, in a long-lived kernel
    private static double SumWithin(double[][] x, int d, double scale, bool kernel)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = i + 1; j < x.Length; j++)
            {
                double s = SquaredDistance(x[i], x[j], d);
                sum += kernel ? Math.Exp(scale * s) : Math.Sqrt(s);
            }
        return 2 * sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loops: full optimisation at once, not tier-0 code, in a long-lived kernel
    private static double SumBetween(double[][] x, double[][] y, int d, double scale, bool kernel)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < y.Length; j++)
            {
                double s = SquaredDistance(x[i], y[j], d);
                sum += kernel ? Math.Exp(scale * s) : Math.Sqrt(s);
            }
        return sum;
    }
}
