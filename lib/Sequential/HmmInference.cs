using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Sequential;

/// <summary>The public inference results built from <see cref="HmmKernels"/>, shared by both emission models.</summary>
internal static class HmmInference
{
    /// <summary>Forward then backward pass straight into the column-major storage of the T x N result matrices.</summary>
    public static HmmPosterior Posterior(ChainTables chain, double[] emission, int[]? rows, double[]? shift, int length, string method)
    {
        int n = chain.N;
        var alpha = GC.AllocateUninitializedArray<double>(length * n);
        var beta = GC.AllocateUninitializedArray<double>(length * n);
        var gamma = GC.AllocateUninitializedArray<double>(length * n);
        var scale = new double[length];
        double logLikelihood = HmmKernels.Forward(chain, emission, rows, shift, length, alpha, 1, length, scale, out int zeroAt);
        if (zeroAt >= 0) throw HmmChecks.Impossible(method, "observations", zeroAt);
        HmmKernels.Backward(chain, emission, rows, length, scale, alpha, 1, length, beta, gamma, default);
        if (shift is not null)
            for (int t = 0; t < length; t++) scale[t] *= Math.Exp(shift[t]);
        var build = Matrix<double>.Build;
        return new HmmPosterior(build.Dense(length, n, gamma), build.Dense(length, n, alpha), build.Dense(length, n, beta), scale, logLikelihood);
    }

    /// <summary>Viterbi with byte back-pointers for up to 256 states and ushort beyond.</summary>
    public static HmmPath Path(ChainTables chain, double[] logEmission, int[]? rows, int length, string method)
    {
        var path = new int[length];
        double logProbability = chain.N <= 256
            ? HmmKernels.Viterbi(chain, logEmission, rows, length, GC.AllocateUninitializedArray<byte>(length * chain.N), path)
            : HmmKernels.Viterbi(chain, logEmission, rows, length, GC.AllocateUninitializedArray<ushort>(length * chain.N), path);
        if (double.IsNegativeInfinity(logProbability))
            throw new ArgumentException($"{method}: observations have probability zero under the model; no path exists.", "observations");
        return new HmmPath(path, logProbability);
    }

    /// <summary>
    /// ξₜ(i, j) = p(zₜ = i, zₜ₊₁ = j | x) = α̂ₜ(i) A_ij bⱼ(xₜ₊₁) β̂ₜ₊₁(j) / cₜ₊₁ (notebook 02, the E-step's pair posterior),
    /// computed as the unnormalised product divided by its total so any common factor of b cancels.
    /// </summary>
    public static Matrix<double> Xi(ChainTables chain, HmmPosterior posterior, ReadOnlySpan<double> nextEmission, int t)
    {
        int n = chain.N;
        var xi = new double[n * n];
        double total = 0.0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double v = posterior.ScaledAlpha[t, i] * chain.Transition[i * chain.Np + j] * nextEmission[j] * posterior.ScaledBeta[t + 1, j];
                xi[j * n + i] = v;
                total += v;
            }
        for (int k = 0; k < xi.Length; k++) xi[k] /= total;
        return Matrix<double>.Build.Dense(n, n, xi);
    }

    /// <summary>Row-major n x cols array → MathNet matrix.</summary>
    public static Matrix<double> FromRowMajor(double[] a, int rows, int cols) => Matrix<double>.Build.DenseOfRowMajor(rows, cols, a);

    /// <summary>Draws an index from a probability row by inverse CDF with one uniform.</summary>
    public static int Draw(Random rng, ReadOnlySpan<double> p)
    {
        double u = rng.NextDouble(), c = 0.0;
        for (int i = 0; i < p.Length; i++)
        {
            c += p[i];
            if (u < c) return i;
        }
        return p.Length - 1;
    }
}
