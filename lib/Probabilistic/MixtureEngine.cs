using AdvancedMl.Numerics;

namespace AdvancedMl.Probabilistic;

/// <summary>Fitted mixture parameters in flat row-major arrays, with each component's Cholesky factor precomputed.</summary>
internal sealed class MixtureParameters
{
    public readonly int K;
    public readonly int D;
    public readonly CovarianceType Type;
    public readonly double[] Weights;        // k
    public readonly double[] Means;          // k*d, row c = mean of component c
    public readonly double[] Covariances;    // k*d*d, row-major blocks (any jitter the factorisation needed is included)
    public readonly double[] Factors;        // k*d*d, lower Cholesky factors
    public readonly double[] InverseFactorDiagonal; // k*d, 1 / L_jj
    public readonly double[] LogConstants;   // k, log w_c − ½ (d log 2π + log det Σ_c)

    /// <summary>Takes ownership of the arrays; factors each covariance (adding jitter to it when needed).</summary>
    public MixtureParameters(int k, int d, CovarianceType type, double[] weights, double[] means, double[] covariances)
    {
        K = k; D = d; Type = type;
        Weights = weights; Means = means; Covariances = covariances;
        Factors = new double[k * d * d];
        InverseFactorDiagonal = new double[k * d];
        LogConstants = new double[k];
        double log2Pi = Math.Log(2.0 * Math.PI);
        for (int c = 0; c < k; c++)
        {
            Span<double> cov = covariances.AsSpan(c * d * d, d * d);
            Span<double> factor = Factors.AsSpan(c * d * d, d * d);
            double jitter = Cholesky.FactorWithJitter(cov, factor, d);
            if (jitter > 0.0)
                for (int j = 0; j < d; j++) cov[j * d + j] += jitter;
            for (int j = 0; j < d; j++) InverseFactorDiagonal[c * d + j] = 1.0 / factor[j * d + j];
            LogConstants[c] = Math.Log(weights[c]) - 0.5 * (d * log2Pi + Cholesky.LogDeterminant(factor, d));
        }
    }

    /// <summary>Returns a copy with the means replaced (covariances and weights kept).</summary>
    public MixtureParameters WithMeans(double[] means) =>
        new(K, D, Type, (double[])Weights.Clone(), means, (double[])Covariances.Clone());
}

/// <summary>Reusable buffers for E- and M-steps over one data set: responsibilities and per-chunk accumulators.</summary>
internal sealed class EmWorkspace
{
    /// <summary>Rows per chunk; chunks are fixed by n alone, and partial sums are reduced in chunk order, so results do not depend on thread scheduling.</summary>
    public const int ChunkRows = 2048;

    public readonly int N, D, K, Chunks;
    public readonly double[] X;             // n*d row-major data
    public readonly double[] Responsibilities; // n*k
    public readonly double[] ChunkLogLikelihood; // chunks
    public readonly double[] ChunkScratch;  // chunks*d
    public readonly double[] ChunkMass;     // chunks*k
    public readonly double[] ChunkSums;     // chunks*k*d
    public readonly double[] ChunkScatter;  // chunks*k*d*d (upper triangle used)
    public readonly double[] Mass;          // k
    public readonly double[] Sums;          // k*d
    public readonly double[] Scatter;       // k*d*d

    public EmWorkspace(double[] x, int n, int d, int k)
    {
        X = x; N = n; D = d; K = k;
        Chunks = (n + ChunkRows - 1) / ChunkRows;
        Responsibilities = new double[n * k];
        ChunkLogLikelihood = new double[Chunks];
        ChunkScratch = new double[Chunks * d];
        ChunkMass = new double[Chunks * k];
        ChunkSums = new double[Chunks * k * d];
        ChunkScatter = new double[Chunks * k * d * d];
        Mass = new double[k];
        Sums = new double[k * d];
        Scatter = new double[k * d * d];
    }

    /// <summary>Runs body over every chunk, in parallel when there is more than one.</summary>
    public void ForEachChunk(Action<int> body)
    {
        if (Chunks == 1) body(0);
        else Parallel.For(0, Chunks, body);
    }
}

/// <summary>The EM kernels of notebook 01: E-step (responsibilities by Bayes' rule in log space) and M-step (weighted MLE).</summary>
internal static class MixtureEm
{
    /// <summary>A component whose total responsibility is below this is treated as empty (see <see cref="MStep"/>).</summary>
    public const double EmptyMass = 1e-200;

    /// <summary>Floor on a component's mass before the weights are normalised: 10 × machine epsilon, scikit-learn's guard.</summary>
    public const double MinimumWeightMass = 10.0 * 2.220446049250313e-16;

    /// <summary>E-step: fills ws.Responsibilities and, when rowLogDensity is given, log p(xᵢ); returns the mean log-likelihood.</summary>
    public static double EStep(MixtureParameters p, EmWorkspace ws, double[]? rowLogDensity = null)
    {
        ws.ForEachChunk(chunk => EStepChunk(p, ws, chunk, rowLogDensity));
        double total = 0.0;
        for (int chunk = 0; chunk < ws.Chunks; chunk++) total += ws.ChunkLogLikelihood[chunk];
        return total / ws.N;
    }

    private static void EStepChunk(MixtureParameters p, EmWorkspace ws, int chunk, double[]? rowLogDensity)
    {
        int d = ws.D, k = ws.K;
        int start = chunk * EmWorkspace.ChunkRows, end = Math.Min(ws.N, start + EmWorkspace.ChunkRows);
        Span<double> z = ws.ChunkScratch.AsSpan(chunk * d, d);
        ReadOnlySpan<double> means = p.Means, factors = p.Factors, invDiag = p.InverseFactorDiagonal, logConst = p.LogConstants;
        bool diagonal = p.Type == CovarianceType.Diagonal;
        double sumLogLik = 0.0;
        for (int i = start; i < end; i++)
        {
            ReadOnlySpan<double> xi = ws.X.AsSpan(i * d, d);
            Span<double> row = ws.Responsibilities.AsSpan(i * k, k);
            for (int c = 0; c < k; c++)
            {
                ReadOnlySpan<double> mu = means.Slice(c * d, d);
                ReadOnlySpan<double> inv = invDiag.Slice(c * d, d);
                double maha = 0.0;
                if (diagonal)
                {
                    for (int j = 0; j < d; j++)
                    {
                        double t = (xi[j] - mu[j]) * inv[j];
                        maha += t * t;
                    }
                }
                else
                {
                    // Forward substitution L z = x − μ; the squared Mahalanobis distance is ‖z‖².
                    ReadOnlySpan<double> factor = factors.Slice(c * d * d, d * d);
                    for (int j = 0; j < d; j++)
                    {
                        ReadOnlySpan<double> lrow = factor.Slice(j * d, j);
                        double s = xi[j] - mu[j];
                        for (int l = 0; l < lrow.Length; l++) s -= lrow[l] * z[l];
                        s *= inv[j];
                        z[j] = s;
                        maha += s * s;
                    }
                }
                row[c] = logConst[c] - 0.5 * maha;
            }
            double lse = LogSpace.LogSumExp(row);
            for (int c = 0; c < k; c++) row[c] = Math.Exp(row[c] - lse);
            sumLogLik += lse;
            if (rowLogDensity is not null) rowLogDensity[i] = lse;
        }
        ws.ChunkLogLikelihood[chunk] = sumLogLik;
    }

    /// <summary>
    /// M-step from ws.Responsibilities: Nₖ = Σᵢ rᵢₖ, wₖ = Nₖ / n, μₖ = Σᵢ rᵢₖ xᵢ / Nₖ,
    /// Σₖ = Σᵢ rᵢₖ (xᵢ − μₖ)(xᵢ − μₖ)ᵀ / Nₖ + regularization·I (two passes, so the scatter is centred and accurate).
    /// An empty component (Nₖ &lt; <see cref="EmptyMass"/>) gets weight ∝ 10·ε (like scikit-learn's
    /// guard), and the mean and covariance (+ regularization) of the whole data set, so it stays a valid
    /// Gaussian that can pick up points again instead of producing 0/0.
    /// </summary>
    public static MixtureParameters MStep(EmWorkspace ws, CovarianceType type, double regularization)
    {
        int n = ws.N, d = ws.D, k = ws.K;
        ws.ForEachChunk(chunk => MassAndSumsChunk(ws, chunk));
        Array.Clear(ws.Mass);
        Array.Clear(ws.Sums);
        for (int chunk = 0; chunk < ws.Chunks; chunk++)
        {
            for (int c = 0; c < k; c++) ws.Mass[c] += ws.ChunkMass[chunk * k + c];
            for (int j = 0; j < k * d; j++) ws.Sums[j] += ws.ChunkSums[chunk * k * d + j];
        }

        var means = new double[k * d];
        for (int c = 0; c < k; c++)
        {
            if (ws.Mass[c] < EmptyMass) continue;
            for (int j = 0; j < d; j++) means[c * d + j] = ws.Sums[c * d + j] / ws.Mass[c];
        }

        bool diagonal = type == CovarianceType.Diagonal;
        ws.ForEachChunk(chunk => ScatterChunk(ws, means, diagonal, chunk));
        Array.Clear(ws.Scatter);
        int block = k * d * d;
        for (int chunk = 0; chunk < ws.Chunks; chunk++)
        {
            ReadOnlySpan<double> part = ws.ChunkScatter.AsSpan(chunk * block, block);
            for (int j = 0; j < block; j++) ws.Scatter[j] += part[j];
        }

        var covariances = new double[k * d * d];
        var weights = new double[k];
        double weightSum = 0.0;
        double[]? dataMean = null, dataCovariance = null;
        for (int c = 0; c < k; c++)
        {
            Span<double> cov = covariances.AsSpan(c * d * d, d * d);
            double mass = ws.Mass[c];
            if (mass < EmptyMass)
            {
                if (dataMean is null) DataMoments(ws, diagonal, out dataMean, out dataCovariance);
                dataMean.CopyTo(means.AsSpan(c * d, d));
                dataCovariance!.CopyTo(cov);
            }
            else
            {
                ReadOnlySpan<double> s = ws.Scatter.AsSpan(c * d * d, d * d);
                for (int a = 0; a < d; a++)
                {
                    cov[a * d + a] = s[a * d + a] / mass;
                    if (diagonal) continue;
                    for (int b = a + 1; b < d; b++) cov[a * d + b] = cov[b * d + a] = s[a * d + b] / mass;
                }
            }
            for (int a = 0; a < d; a++) cov[a * d + a] += regularization;
            weights[c] = Math.Max(mass, MinimumWeightMass);
            weightSum += weights[c];
        }
        for (int c = 0; c < k; c++) weights[c] /= weightSum;
        return new MixtureParameters(k, d, type, weights, means, covariances);
    }

    private static void MassAndSumsChunk(EmWorkspace ws, int chunk)
    {
        int d = ws.D, k = ws.K;
        int start = chunk * EmWorkspace.ChunkRows, end = Math.Min(ws.N, start + EmWorkspace.ChunkRows);
        Span<double> mass = ws.ChunkMass.AsSpan(chunk * k, k);
        Span<double> sums = ws.ChunkSums.AsSpan(chunk * k * d, k * d);
        mass.Clear();
        sums.Clear();
        for (int i = start; i < end; i++)
        {
            ReadOnlySpan<double> xi = ws.X.AsSpan(i * d, d);
            ReadOnlySpan<double> r = ws.Responsibilities.AsSpan(i * k, k);
            for (int c = 0; c < k; c++)
            {
                double w = r[c];
                if (w == 0.0) continue;
                mass[c] += w;
                Span<double> sc = sums.Slice(c * d, d);
                for (int j = 0; j < d; j++) sc[j] += w * xi[j];
            }
        }
    }

    private static void ScatterChunk(EmWorkspace ws, double[] means, bool diagonal, int chunk)
    {
        int d = ws.D, k = ws.K;
        int start = chunk * EmWorkspace.ChunkRows, end = Math.Min(ws.N, start + EmWorkspace.ChunkRows);
        Span<double> scatter = ws.ChunkScatter.AsSpan(chunk * k * d * d, k * d * d);
        Span<double> diff = ws.ChunkScratch.AsSpan(chunk * d, d);
        scatter.Clear();
        for (int i = start; i < end; i++)
        {
            ReadOnlySpan<double> xi = ws.X.AsSpan(i * d, d);
            ReadOnlySpan<double> r = ws.Responsibilities.AsSpan(i * k, k);
            for (int c = 0; c < k; c++)
            {
                double w = r[c];
                if (w == 0.0) continue;
                ReadOnlySpan<double> mu = means.AsSpan(c * d, d);
                for (int j = 0; j < d; j++) diff[j] = xi[j] - mu[j];
                Span<double> sc = scatter.Slice(c * d * d, d * d);
                for (int a = 0; a < d; a++)
                {
                    double wa = w * diff[a];
                    if (diagonal) { sc[a * d + a] += wa * diff[a]; continue; }
                    Span<double> srow = sc.Slice(a * d + a, d - a);
                    ReadOnlySpan<double> dtail = diff.Slice(a, d - a);
                    for (int b = 0; b < srow.Length; b++) srow[b] += wa * dtail[b];
                }
            }
        }
    }

    /// <summary>Mean and (biased) covariance of all rows, diagonal-only when asked; used to re-seat an empty component.</summary>
    private static void DataMoments(EmWorkspace ws, bool diagonal, out double[] mean, out double[] covariance)
    {
        int n = ws.N, d = ws.D;
        mean = new double[d];
        covariance = new double[d * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) mean[j] += ws.X[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++)
            {
                double da = ws.X[i * d + a] - mean[a];
                for (int b = diagonal ? a : 0; b < (diagonal ? a + 1 : d); b++)
                    covariance[a * d + b] += da * (ws.X[i * d + b] - mean[b]) / n;
            }
    }
}
