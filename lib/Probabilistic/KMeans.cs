using static System.FormattableString;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Probabilistic;

/// <summary>K-means by Lloyd's algorithm with k-means++ seeding: the hard-assignment limit of EM that notebook 01 contrasts with the Gaussian mixture, and its initialiser.</summary>
/// <remarks>
/// Each iteration moves every centre to the mean of its points, then reassigns every point to its nearest
/// centre; neither step can increase the inertia Σᵢ ‖xᵢ − c(xᵢ)‖², so <see cref="InertiaHistory"/> never
/// increases. A cluster left empty is re-seated on the point farthest from its current centre (distinct
/// points for several empty clusters), which also cannot increase the inertia. Iteration stops when no label
/// changes or after maxIterations.
/// </remarks>
public sealed class KMeans
{
    private readonly double[] _centers; // k*d row-major
    private readonly int[] _labels;
    private readonly double[] _history;

    private KMeans(double[] centers, int k, int d, int[] labels, double[] history, int iterations, bool converged)
    {
        _centers = centers; Clusters = k; Dimension = d; _labels = labels; _history = history;
        Iterations = iterations; Converged = converged;
    }

    /// <summary>Number of clusters k.</summary>
    public int Clusters { get; }

    /// <summary>Number of features d.</summary>
    public int Dimension { get; }

    /// <summary>The k x d cluster centres (a copy).</summary>
    public Matrix<double> Centers => Matrix<double>.Build.DenseOfRowMajor(Clusters, Dimension, _centers);

    /// <summary>Cluster index of every training row (a copy).</summary>
    public int[] Labels => (int[])_labels.Clone();

    /// <summary>Final inertia Σᵢ ‖xᵢ − c(xᵢ)‖² (sum of squared distances to the assigned centre), the k-means objective of notebook 01.</summary>
    public double Inertia => _history[^1];

    /// <summary>Inertia after each assignment step: [0] with the k-means++ centres, [t] after the t-th centre update (best restart).</summary>
    public IReadOnlyList<double> InertiaHistory => _history;

    /// <summary>Number of centre updates performed (best restart).</summary>
    public int Iterations { get; }

    /// <summary>True when the last update changed no label (a fixed point of Lloyd's algorithm).</summary>
    public bool Converged { get; }

    /// <summary>Fits k-means (rows of data = samples), keeping the restart with the lowest inertia; restarts are seeded deterministically from seed.</summary>
    public static KMeans Fit(Matrix<double> data, int clusters, int seed, int maxIterations = 100, int restarts = 1)
    {
        const string method = "KMeans.Fit";
        Guard.FiniteMatrix(data, method, nameof(data));
        Guard.AtLeast(clusters, 1, method, nameof(clusters));
        if (clusters > data.RowCount)
            throw new ArgumentException(Invariant($"{method}: clusters must be at most the number of rows ({data.RowCount}); got {clusters}."), nameof(clusters));
        Guard.AtLeast(maxIterations, 0, method, nameof(maxIterations));
        Guard.AtLeast(restarts, 1, method, nameof(restarts));
        return FitFlat(data.ToRowMajorArray(), data.RowCount, data.ColumnCount, clusters, seed, maxIterations, restarts);
    }

    /// <summary>Nearest-centre index of every row of x.</summary>
    public int[] Predict(Matrix<double> x)
    {
        const string method = "KMeans.Predict";
        Guard.FiniteMatrix(x, method, nameof(x));
        if (x.ColumnCount != Dimension)
            throw new ArgumentException(Invariant($"{method}: x must have {Dimension} columns; got {x.ColumnCount}."), nameof(x));
        var labels = new int[x.RowCount];
        var distances = new double[x.RowCount];
        Assign(x.ToRowMajorArray(), x.RowCount, Dimension, _centers, Clusters, labels, distances);
        return labels;
    }

    /// <summary>k-means++ seeding (Arthur and Vassilvitskii, 2007): the first centre uniformly, each next one with probability ∝ squared distance to the nearest centre chosen so far.</summary>
    public static Matrix<double> PlusPlusInit(Matrix<double> data, int clusters, Random rng)
    {
        const string method = "KMeans.PlusPlusInit";
        Guard.FiniteMatrix(data, method, nameof(data));
        ArgumentNullException.ThrowIfNull(rng);
        Guard.AtLeast(clusters, 1, method, nameof(clusters));
        if (clusters > data.RowCount)
            throw new ArgumentException(Invariant($"{method}: clusters must be at most the number of rows ({data.RowCount}); got {clusters}."), nameof(clusters));
        double[] centers = PlusPlusFlat(data.ToRowMajorArray(), data.RowCount, data.ColumnCount, clusters, rng);
        return Matrix<double>.Build.DenseOfRowMajor(clusters, data.ColumnCount, centers);
    }

    internal static KMeans FitFlat(double[] x, int n, int d, int k, int seed, int maxIterations, int restarts)
    {
        var master = new Random(seed);
        KMeans? best = null;
        for (int r = 0; r < restarts; r++)
        {
            var run = Lloyd(x, n, d, k, new Random(master.Next()), maxIterations);
            if (best is null || run.Inertia < best.Inertia) best = run;
        }
        return best!;
    }

    internal static double[] PlusPlusFlat(double[] x, int n, int d, int k, Random rng)
    {
        var centers = new double[k * d];
        var nearest = new double[n];
        int first = rng.Next(n);
        Array.Copy(x, first * d, centers, 0, d);
        for (int i = 0; i < n; i++) nearest[i] = SquaredDistance(x.AsSpan(i * d, d), centers.AsSpan(0, d));
        for (int c = 1; c < k; c++)
        {
            double total = 0.0;
            for (int i = 0; i < n; i++) total += nearest[i];
            int pick;
            if (total > 0.0)
            {
                double u = rng.NextDouble() * total, acc = 0.0;
                pick = n - 1;
                for (int i = 0; i < n; i++)
                {
                    acc += nearest[i];
                    if (acc > u) { pick = i; break; }
                }
                while (nearest[pick] == 0.0) pick--; // guard against rounding landing on a zero-weight row
            }
            else
            {
                pick = rng.Next(n); // every row coincides with a centre already: any choice is as good
            }
            Array.Copy(x, pick * d, centers, c * d, d);
            ReadOnlySpan<double> center = centers.AsSpan(c * d, d);
            for (int i = 0; i < n; i++)
                nearest[i] = Math.Min(nearest[i], SquaredDistance(x.AsSpan(i * d, d), center));
        }
        return centers;
    }

    private static KMeans Lloyd(double[] x, int n, int d, int k, Random rng, int maxIterations)
    {
        double[] centers = PlusPlusFlat(x, n, d, k, rng);
        var labels = new int[n];
        var distances = new double[n];
        var counts = new int[k];
        var history = new List<double> { Assign(x, n, d, centers, k, labels, distances) };
        int iterations = 0;
        bool converged = false;
        var previous = new int[n];
        while (iterations < maxIterations)
        {
            UpdateCenters(x, n, d, centers, k, labels, distances, counts);
            Array.Copy(labels, previous, n);
            history.Add(Assign(x, n, d, centers, k, labels, distances));
            iterations++;
            if (labels.AsSpan().SequenceEqual(previous)) { converged = true; break; }
        }
        return new KMeans(centers, k, d, labels, history.ToArray(), iterations, converged);
    }

    private static void UpdateCenters(double[] x, int n, int d, double[] centers, int k, int[] labels, double[] distances, int[] counts)
    {
        Array.Clear(counts);
        var sums = new double[k * d];
        for (int i = 0; i < n; i++)
        {
            int c = labels[i];
            counts[c]++;
            for (int j = 0; j < d; j++) sums[c * d + j] += x[i * d + j];
        }
        for (int c = 0; c < k; c++)
        {
            if (counts[c] > 0)
            {
                for (int j = 0; j < d; j++) centers[c * d + j] = sums[c * d + j] / counts[c];
                continue;
            }
            // Empty cluster: re-seat it on the point farthest from its assigned centre, then mark that
            // point as taken so a second empty cluster picks a different one.
            int far = 0;
            for (int i = 1; i < n; i++) if (distances[i] > distances[far]) far = i;
            Array.Copy(x, far * d, centers, c * d, d);
            distances[far] = -1.0;
        }
    }

    /// <summary>Assigns each row to its nearest centre (lowest index on ties); returns the inertia.</summary>
    private static double Assign(double[] x, int n, int d, double[] centers, int k, int[] labels, double[] distances)
    {
        double inertia = 0.0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> xi = x.AsSpan(i * d, d);
            int best = 0;
            double bestDistance = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                double dist = SquaredDistance(xi, centers.AsSpan(c * d, d));
                if (dist < bestDistance) { bestDistance = dist; best = c; }
            }
            labels[i] = best;
            distances[i] = bestDistance;
            inertia += bestDistance;
        }
        return inertia;
    }

    private static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0.0;
        for (int j = 0; j < a.Length; j++)
        {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }
}
