using System.Numerics;
using System.Runtime.InteropServices;
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

/// <summary>Reusable buffers for E- and M-steps over one data set, in a SIMD-friendly blocked layout.</summary>
/// <remarks>
/// Rows are grouped in blocks of W = <see cref="Vector{T}.Count"/> (4 doubles with AVX2). Within a block, feature j of
/// the W rows is one vector: XB[(b·d + j)·W + lane], and responsibility c likewise RB[(b·k + c)·W + lane]. The
/// kernels then run the per-point arithmetic (forward substitution, log-sum-exp, weighted sums) on W points at
/// once. The last block is padded with zero rows whose responsibilities are forced to 0, so they add nothing.
/// </remarks>
internal sealed class EmWorkspace
{
    /// <summary>Rows per chunk (a multiple of W); chunks depend on n alone and partial sums are reduced in chunk order, so results do not depend on thread scheduling.</summary>
    public const int ChunkRows = 2048;

    public static readonly int W = Vector<double>.Count;

    public readonly int N, D, K, Chunks, Blocks;
    public readonly double[] X;             // n*d row-major data (for k-means and data moments)
    public readonly double[] XB;            // blocks*d*W blocked data
    public readonly double[] RB;            // blocks*k*W blocked responsibilities
    public readonly double[] ChunkLogLikelihood; // chunks
    public readonly double[] ChunkVectors;  // chunks * VectorsPerChunk * W: per-chunk SIMD scratch and accumulators
    public readonly int VectorsPerChunk;
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
        Blocks = (n + W - 1) / W;
        XB = new double[Blocks * d * W];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) XB[((i / W) * d + j) * W + i % W] = x[i * d + j];
        RB = new double[Blocks * k * W];
        ChunkLogLikelihood = new double[Chunks];
        VectorsPerChunk = 2 * d + k + k * d + k * d * d;
        ChunkVectors = new double[Chunks * VectorsPerChunk * W];
        ChunkMass = new double[Chunks * k];
        ChunkSums = new double[Chunks * k * d];
        ChunkScatter = new double[Chunks * k * d * d];
        Mass = new double[k];
        Sums = new double[k * d];
        Scatter = new double[k * d * d];
    }

    /// <summary>Blocks [first, end) covered by a chunk.</summary>
    public (int First, int End) BlockRange(int chunk)
    {
        int first = chunk * (ChunkRows / W);
        return (first, Math.Min(Blocks, first + ChunkRows / W));
    }

    /// <summary>The chunk's SIMD scratch viewed as vectors.</summary>
    public Span<Vector<double>> Vectors(int chunk) =>
        MemoryMarshal.Cast<double, Vector<double>>(ChunkVectors.AsSpan(chunk * VectorsPerChunk * W, VectorsPerChunk * W));

    /// <summary>Responsibility of row i for component c.</summary>
    public ref double Responsibility(int i, int c) => ref RB[((i / W) * K + c) * W + i % W];

    /// <summary>Copies the responsibilities out as an n*k row-major array.</summary>
    public double[] ResponsibilitiesRowMajor()
    {
        var r = new double[N * K];
        for (int i = 0; i < N; i++)
            for (int c = 0; c < K; c++) r[i * K + c] = Responsibility(i, c);
        return r;
    }

    /// <summary>Sets the responsibilities from an n*k row-major array (padding rows stay 0).</summary>
    public void SetResponsibilities(ReadOnlySpan<double> rowMajor)
    {
        Array.Clear(RB);
        for (int i = 0; i < N; i++)
            for (int c = 0; c < K; c++) Responsibility(i, c) = rowMajor[i * K + c];
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

    /// <summary>E-step: fills the responsibilities and, when rowLogDensity is given, log p(xᵢ); returns the mean log-likelihood.</summary>
    public static double EStep(MixtureParameters p, EmWorkspace ws, double[]? rowLogDensity = null)
    {
        ws.ForEachChunk(chunk => EStepChunk(p, ws, chunk, rowLogDensity));
        double total = 0.0;
        for (int chunk = 0; chunk < ws.Chunks; chunk++) total += ws.ChunkLogLikelihood[chunk];
        return total / ws.N;
    }

    /// <summary>
    /// For W points at a time and each component: forward substitution L z = x − μ gives the squared
    /// Mahalanobis distance ‖z‖², so log wₖN(x; μₖ, Σₖ) = log wₖ − ½(d log 2π + log det Σₖ) − ½‖z‖²; then
    /// log-sum-exp over components gives log p(x) and the responsibilities exp(log wₖNₖ − log p(x)).
    /// </summary>
    private static void EStepChunk(MixtureParameters p, EmWorkspace ws, int chunk, double[]? rowLogDensity)
    {
        int d = ws.D, k = ws.K, w = EmWorkspace.W;
        Span<Vector<double>> z = ws.Vectors(chunk)[..d];
        ReadOnlySpan<double> means = p.Means, factors = p.Factors, invDiag = p.InverseFactorDiagonal, logConst = p.LogConstants;
        bool diagonal = p.Type == CovarianceType.Diagonal;
        var half = new Vector<double>(0.5);
        double sumLogLik = 0.0;
        (int first, int end) = ws.BlockRange(chunk);
        for (int b = first; b < end; b++)
        {
            ReadOnlySpan<Vector<double>> xb = MemoryMarshal.Cast<double, Vector<double>>(ws.XB.AsSpan(b * d * w, d * w));
            Span<Vector<double>> rb = MemoryMarshal.Cast<double, Vector<double>>(ws.RB.AsSpan(b * k * w, k * w));
            for (int c = 0; c < k; c++)
            {
                ReadOnlySpan<double> mu = means.Slice(c * d, d), inv = invDiag.Slice(c * d, d);
                Vector<double> maha = Vector<double>.Zero;
                if (diagonal)
                {
                    for (int j = 0; j < d; j++)
                    {
                        Vector<double> t = (xb[j] - new Vector<double>(mu[j])) * inv[j];
                        maha += t * t;
                    }
                }
                else
                {
                    ReadOnlySpan<double> factor = factors.Slice(c * d * d, d * d);
                    for (int j = 0; j < d; j++)
                    {
                        ReadOnlySpan<double> lrow = factor.Slice(j * d, j);
                        Vector<double> s = xb[j] - new Vector<double>(mu[j]);
                        for (int l = 0; l < lrow.Length; l++) s -= lrow[l] * z[l];
                        s *= inv[j];
                        z[j] = s;
                        maha += s * s;
                    }
                }
                rb[c] = new Vector<double>(logConst[c]) - half * maha;
            }
            // log-sum-exp over components, W points at once.
            Vector<double> max = rb[0];
            for (int c = 1; c < k; c++) max = Vector.Max(max, rb[c]);
            Vector<double> sum = Vector<double>.Zero;
            for (int c = 0; c < k; c++)
            {
                Vector<double> e = Vector.Exp(rb[c] - max);
                rb[c] = e;
                sum += e;
            }
            Vector<double> scale = Vector<double>.One / sum;
            for (int c = 0; c < k; c++) rb[c] *= scale;
            Vector<double> lse = max + Vector.Log(sum);
            int valid = Math.Min(w, ws.N - b * w);
            for (int lane = 0; lane < valid; lane++)
            {
                sumLogLik += lse[lane];
                if (rowLogDensity is not null) rowLogDensity[b * w + lane] = lse[lane];
            }
            if (valid < w) // padding rows own nothing
                for (int c = 0; c < k; c++)
                    for (int lane = valid; lane < w; lane++) ws.RB[(b * k + c) * w + lane] = 0.0;
        }
        ws.ChunkLogLikelihood[chunk] = sumLogLik;
    }

    /// <summary>
    /// M-step from the responsibilities: Nₖ = Σᵢ rᵢₖ, wₖ = Nₖ / n, μₖ = Σᵢ rᵢₖ xᵢ / Nₖ,
    /// Σₖ = Σᵢ rᵢₖ (xᵢ − μₖ)(xᵢ − μₖ)ᵀ / Nₖ + regularization·I (two passes, so the scatter is centred and accurate).
    /// An empty component (Nₖ &lt; <see cref="EmptyMass"/>) gets weight ∝ 10·ε (like scikit-learn's
    /// guard), and the mean and covariance (+ regularization) of the whole data set, so it stays a valid
    /// Gaussian that can pick up points again instead of producing 0/0.
    /// </summary>
    public static MixtureParameters MStep(EmWorkspace ws, CovarianceType type, double regularization)
    {
        int d = ws.D, k = ws.K;
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

    /// <summary>Per chunk: Σᵢ rᵢₖ and Σᵢ rᵢₖ xᵢ, accumulated W rows at a time and summed across lanes at the end.</summary>
    private static void MassAndSumsChunk(EmWorkspace ws, int chunk)
    {
        int d = ws.D, k = ws.K, w = EmWorkspace.W;
        Span<Vector<double>> scratch = ws.Vectors(chunk);
        Span<Vector<double>> mass = scratch.Slice(2 * d, k), sums = scratch.Slice(2 * d + k, k * d);
        mass.Clear();
        sums.Clear();
        (int first, int end) = ws.BlockRange(chunk);
        for (int b = first; b < end; b++)
        {
            ReadOnlySpan<Vector<double>> xb = MemoryMarshal.Cast<double, Vector<double>>(ws.XB.AsSpan(b * d * w, d * w));
            ReadOnlySpan<Vector<double>> rb = MemoryMarshal.Cast<double, Vector<double>>(ws.RB.AsSpan(b * k * w, k * w));
            for (int c = 0; c < k; c++)
            {
                Vector<double> r = rb[c];
                mass[c] += r;
                Span<Vector<double>> sc = sums.Slice(c * d, d);
                for (int j = 0; j < d; j++) sc[j] += r * xb[j];
            }
        }
        for (int c = 0; c < k; c++) ws.ChunkMass[chunk * k + c] = Vector.Sum(mass[c]);
        for (int j = 0; j < k * d; j++) ws.ChunkSums[chunk * k * d + j] = Vector.Sum(sums[j]);
    }

    /// <summary>Per chunk: the centred weighted scatter Σᵢ rᵢₖ (xᵢ − μₖ)(xᵢ − μₖ)ᵀ (upper triangle, or diagonal only).</summary>
    private static void ScatterChunk(EmWorkspace ws, double[] means, bool diagonal, int chunk)
    {
        int d = ws.D, k = ws.K, w = EmWorkspace.W;
        Span<Vector<double>> scratch = ws.Vectors(chunk);
        Span<Vector<double>> diff = scratch.Slice(d, d), scatter = scratch.Slice(2 * d + k + k * d, k * d * d);
        scatter.Clear();
        (int first, int end) = ws.BlockRange(chunk);
        for (int b = first; b < end; b++)
        {
            ReadOnlySpan<Vector<double>> xb = MemoryMarshal.Cast<double, Vector<double>>(ws.XB.AsSpan(b * d * w, d * w));
            ReadOnlySpan<Vector<double>> rb = MemoryMarshal.Cast<double, Vector<double>>(ws.RB.AsSpan(b * k * w, k * w));
            for (int c = 0; c < k; c++)
            {
                Vector<double> r = rb[c];
                ReadOnlySpan<double> mu = means.AsSpan(c * d, d);
                for (int j = 0; j < d; j++) diff[j] = xb[j] - new Vector<double>(mu[j]);
                Span<Vector<double>> sc = scatter.Slice(c * d * d, d * d);
                for (int a = 0; a < d; a++)
                {
                    Vector<double> ra = r * diff[a];
                    if (diagonal) { sc[a * d + a] += ra * diff[a]; continue; }
                    Span<Vector<double>> srow = sc.Slice(a * d + a, d - a);
                    ReadOnlySpan<Vector<double>> dtail = diff.Slice(a, d - a);
                    for (int t = 0; t < srow.Length; t++) srow[t] += ra * dtail[t];
                }
            }
        }
        Span<double> output = ws.ChunkScatter.AsSpan(chunk * k * d * d, k * d * d);
        for (int j = 0; j < output.Length; j++) output[j] = Vector.Sum(scatter[j]);
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
