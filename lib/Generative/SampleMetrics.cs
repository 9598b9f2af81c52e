using static System.FormattableString;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AdvancedMl.Generative;

/// <summary>How many of a ring's modes a set of samples covers, by the rule of <see cref="SampleMetrics.ModeCoverage"/>.</summary>
/// <param name="Covered">Number of modes holding at least the required share of the samples.</param>
/// <param name="Counts">Samples within the radius of each mode (index = mode).</param>
/// <param name="HighQualityFraction">Share of all samples that lie within the radius of some mode.</param>
public sealed record ModeCoverage(int Covered, int[] Counts, double HighQualityFraction);

/// <summary>Both two-sample distances of notebook 09 between a generated sample and held-out data (<see cref="SampleMetrics.Compare"/>).</summary>
/// <param name="Mmd">Unbiased squared maximum mean discrepancy with a Gaussian kernel.</param>
/// <param name="Energy">Energy distance.</param>
public sealed record TwoSampleDistances(double Mmd, double Energy);

/// <summary>
/// Distances between a generated sample and held-out data, and the mode count of notebook 09 (section "How samples are scored").
/// All take points as rows <c>double[d]</c>; the distances cost O(n·m·d) and run one row of pairs at a time, four pairs per
/// vector instruction, with O(n + m) scratch memory.
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
        return Distances(x, y, d, bandwidth, kernel: true, distance: false).Mmd;
    }

    /// <summary>
    /// Energy distance 2 E‖X − Y‖ − E‖X − X'‖ − E‖Y − Y'‖ (Székely and Rizzo 2013) with the within-sample means over distinct
    /// pairs (unbiased); zero in expectation exactly when the two distributions are equal, and free of any bandwidth.
    /// </summary>
    public static double EnergyDistance(double[][] x, double[][] y)
    {
        int d = CheckPair("SampleMetrics.EnergyDistance", x, y, minimum: 2);
        return Distances(x, y, d, 1.0, kernel: false, distance: true).Energy;
    }

    /// <summary>
    /// <see cref="Mmd"/> (bandwidth h) and <see cref="EnergyDistance"/> of the same two samples in one pass over the pairs: both
    /// are functions of the same pairwise distances, so the pass computes each ‖a − b‖² once.
    /// </summary>
    public static TwoSampleDistances Compare(double[][] x, double[][] y, double bandwidth = 0.5)
    {
        int d = CheckPair("SampleMetrics.Compare", x, y, minimum: 2);
        Checks.Positive(bandwidth, "SampleMetrics.Compare", nameof(bandwidth));
        return Distances(x, y, d, bandwidth, kernel: true, distance: true);
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

    // The three pair means of both statistics; a statistic not asked for is left at 0.
    private static TwoSampleDistances Distances(double[][] x, double[][] y, int d, double bandwidth, bool kernel, bool distance)
    {
        double scale = -0.5 / (bandwidth * bandwidth);
        double[] xc = Columns(x, d), yc = Columns(y, d);
        int n = x.Length, m = y.Length;
        var scratch = new double[2 * Math.Max(n, m)];
        var xx = PairSums(xc, n, xc, n, d, within: true, scale, kernel, distance, scratch);
        var yy = PairSums(yc, m, yc, m, d, within: true, scale, kernel, distance, scratch);
        var xy = PairSums(xc, n, yc, m, d, within: false, scale, kernel, distance, scratch);
        double withinX = n * (n - 1.0), withinY = m * (m - 1.0), between = (double)n * m;
        double mmd = kernel ? 2 * xx.Kernel / withinX + 2 * yy.Kernel / withinY - 2 * xy.Kernel / between : 0.0;   // within sums run over i < i': twice that over i ≠ i'
        double energy = distance ? 2 * xy.Distance / between - 2 * xx.Distance / withinX - 2 * yy.Distance / withinY : 0.0;
        return new TwoSampleDistances(mmd, energy);
    }

    // Coordinate c of point i at [c·n + i]: one coordinate of all points is one contiguous span.
    private static double[] Columns(double[][] points, int d)
    {
        int n = points.Length;
        var columns = new double[d * n];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < d; c++) columns[c * n + i] = points[i][c];
        return columns;
    }

    // Σ k(a_i, b_j) and Σ ‖a_i − b_j‖ over pairs (i, j), j > i when within (a and b are the same sample), else all j; one
    // row i at a time: the squared distances to every b_j, four at a time, then their square roots (energy) and
    // exp(scale·s) (kernel, with the engine's vectorised exponential), each summed in a fixed order, so the result is
    // reproducible bit for bit. Plain Vector256 code in methods compiled fully optimised at once: a fresh notebook kernel
    // pays no tier-0 warm-up for it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Kernel, double Distance) PairSums(double[] a, int n, double[] b, int m, int d, bool within, double scale,
        bool kernel, bool distance, double[] scratch)
    {
        double kernelSum = 0, distanceSum = 0;
        for (int i = 0; i < n; i++)
        {
            int start = within ? i + 1 : 0, length = m - start;
            if (length == 0) continue;
            var squared = scratch.AsSpan(0, length);
            var work = scratch.AsSpan(m, length);
            squared.Clear();
            for (int c = 0; c < d; c++) AddSquaredDifferences(b.AsSpan(c * m + start, length), a[c * n + i], squared);
            if (distance)
            {
                for (int j = 0; j < length; j++) work[j] = Math.Sqrt(squared[j]);
                distanceSum += Sum(work);
            }
            if (kernel)
            {
                for (int j = 0; j < length; j++) work[j] = scale * squared[j];
                AdvancedMl.Autodiff.Kernels.Exponential.Exp(work, work);
                kernelSum += Sum(work);
            }
        }
        return (kernelSum, distanceSum);
    }

    // squared[j] += (column[j] − value)².
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddSquaredDifferences(ReadOnlySpan<double> column, double value, Span<double> squared)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var v = Vector256.Create(value);
            for (; j <= column.Length - 4; j += 4)
            {
                var diff = Vector256.Create(column.Slice(j, 4)) - v;
                (Vector256.Create((ReadOnlySpan<double>)squared.Slice(j, 4)) + diff * diff).CopyTo(squared.Slice(j, 4));
            }
        }
        for (; j < column.Length; j++) { double diff = column[j] - value; squared[j] += diff * diff; }
    }

    // Σ values with four running partial sums (lanes) added at the end, then the tail: a fixed order for a given length.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Sum(ReadOnlySpan<double> values)
    {
        int j = 0;
        double total = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var lanes = Vector256<double>.Zero;
            for (; j <= values.Length - 4; j += 4) lanes += Vector256.Create(values.Slice(j, 4));
            total = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
        }
        for (; j < values.Length; j++) total += values[j];
        return total;
    }
}
