using System.Numerics;

namespace AdvancedMl.Sequential;

/// <summary>
/// Transition-side tables of an N-state chain, each row zero-padded to a multiple of the SIMD width (Np) so the
/// kernels work on whole <see cref="Vector{T}"/> registers: π, A by rows, Aᵀ by rows, and their logarithms.
/// </summary>
internal sealed class ChainTables
{
    public readonly int N, Np;
    public readonly double[] Initial, Transition, TransitionT, LogInitial, LogTransition;

    public ChainTables(double[] initial, double[] transition, int n)
    {
        N = n;
        Np = Padded(n);
        Initial = new double[Np];
        LogInitial = new double[Np];
        Transition = new double[n * Np];
        TransitionT = new double[n * Np];
        LogTransition = new double[n * Np];
        for (int i = 0; i < n; i++)
        {
            Initial[i] = initial[i];
            LogInitial[i] = Math.Log(initial[i]);
            for (int j = 0; j < n; j++)
            {
                double a = transition[i * n + j];
                Transition[i * Np + j] = a;
                TransitionT[j * Np + i] = a;
                LogTransition[i * Np + j] = Math.Log(a);
            }
        }
    }

    /// <summary>n rounded up to a multiple of Vector&lt;double&gt;.Count.</summary>
    public static int Padded(int n) => (n + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;
}

/// <summary>
/// The three recursions of notebook 02 on flat arrays: scaled forward, scaled backward (with posterior and
/// expected-transition accumulation) and Viterbi. Emissions come as a table of rows of Np entries: row r(t)
/// holds bⱼ(xₜ) for the observation at time t, where r(t) = rows[t] (discrete models: the symbol, so the
/// table is Bᵀ) or r(t) = t when rows is empty (Gaussian models: one precomputed row per time step).
/// Gaussian rows are divided by exp(shiftₜ) = maxⱼ bⱼ(xₜ) so they cannot underflow; the shift only rescales
/// cₜ, and is added back to the log-likelihood. Outputs α̂, β̂ and γ are written through (strideT, strideI)
/// so the same kernel fills a time-major workspace or a column-major MathNet matrix. Nothing is allocated
/// per step: the working vectors live on the stack.
/// </summary>
internal static class HmmKernels
{
    private static readonly int W = Vector<double>.Count;

    /// <summary>
    /// Scaled forward pass: α̃ₜ = (α̂ₜ₋₁ A) ∘ bₜ, cₜ = Σⱼ α̃ₜ(j), α̂ₜ = α̃ₜ / cₜ. Returns log p(x) = Σₜ (log cₜ + shiftₜ),
    /// or −∞ with <paramref name="zeroAt"/> = the first t whose cₜ is 0 (the observations are impossible).
    /// Writes α̂ to <paramref name="alpha"/> and cₜ (shifted emissions) to <paramref name="scale"/> when they are non-empty.
    /// </summary>
    public static double Forward(ChainTables m, ReadOnlySpan<double> emission, ReadOnlySpan<int> rows, ReadOnlySpan<double> shift,
        int length, Span<double> alpha, int strideT, int strideI, Span<double> scale, out int zeroAt)
    {
        int n = m.N, np = m.Np;
        ReadOnlySpan<double> a = m.Transition;
        Span<double> prev = stackalloc double[np];
        Span<double> cur = stackalloc double[np];
        bool keepAlpha = !alpha.IsEmpty, keepScale = !scale.IsEmpty, shifted = !shift.IsEmpty;
        double logLikelihood = 0.0;
        zeroAt = -1;
        for (int t = 0; t < length; t++)
        {
            ReadOnlySpan<double> b = emission.Slice((rows.IsEmpty ? t : rows[t]) * np, np);
            var sum = Vector<double>.Zero;
            for (int k = 0; k < np; k += W)
            {
                Vector<double> acc;
                if (t == 0) acc = new Vector<double>(m.Initial.AsSpan(k));
                else
                {
                    acc = Vector<double>.Zero;
                    for (int i = 0; i < n; i++) acc += new Vector<double>(prev[i]) * new Vector<double>(a.Slice(i * np + k));
                }
                acc *= new Vector<double>(b.Slice(k));
                acc.CopyTo(cur.Slice(k));
                sum += acc;
            }
            double c = Vector.Sum(sum);
            if (!(c > 0.0)) { zeroAt = t; return double.NegativeInfinity; }
            var inv = new Vector<double>(1.0 / c);
            for (int k = 0; k < np; k += W) (new Vector<double>(cur.Slice(k)) * inv).CopyTo(cur.Slice(k));
            if (keepAlpha)
                for (int i = 0; i < n; i++) alpha[t * strideT + i * strideI] = cur[i];
            if (keepScale) scale[t] = c;
            logLikelihood += Math.Log(c);
            if (shifted) logLikelihood += shift[t];
            Span<double> swap = prev; prev = cur; cur = swap;
        }
        return logLikelihood;
    }

    /// <summary>
    /// Scaled backward pass: β̂_{T−1} = 1, wₜ₊₁ = bₜ₊₁ ∘ β̂ₜ₊₁ / cₜ₊₁, β̂ₜ = A wₜ₊₁, γₜ = α̂ₜ ∘ β̂ₜ. Optionally writes β̂ and γ
    /// (same strides as α̂) and adds Σₜ α̂ₜ(i) wₜ₊₁(j) into the N x Np array <paramref name="xiSum"/>; multiplying entry
    /// (i, j) by A_ij gives the expected transition count Σₜ ξₜ(i, j).
    /// </summary>
    public static void Backward(ChainTables m, ReadOnlySpan<double> emission, ReadOnlySpan<int> rows, int length,
        ReadOnlySpan<double> scale, ReadOnlySpan<double> alpha, int strideT, int strideI,
        Span<double> beta, Span<double> gamma, Span<double> xiSum)
    {
        int n = m.N, np = m.Np;
        ReadOnlySpan<double> at = m.TransitionT;
        Span<double> next = stackalloc double[np];
        Span<double> cur = stackalloc double[np];
        Span<double> w = stackalloc double[np];
        Span<double> alphaT = stackalloc double[np];
        bool keepBeta = !beta.IsEmpty, keepGamma = !gamma.IsEmpty, keepXi = !xiSum.IsEmpty;
        next.Clear();
        alphaT.Clear();
        for (int i = 0; i < n; i++) next[i] = 1.0;
        int last = length - 1;
        for (int i = 0; i < n; i++)
        {
            if (keepBeta) beta[last * strideT + i * strideI] = 1.0;
            if (keepGamma) gamma[last * strideT + i * strideI] = alpha[last * strideT + i * strideI];
        }
        for (int t = last - 1; t >= 0; t--)
        {
            ReadOnlySpan<double> b = emission.Slice((rows.IsEmpty ? t + 1 : rows[t + 1]) * np, np);
            var inv = new Vector<double>(1.0 / scale[t + 1]);
            for (int k = 0; k < np; k += W)
                (new Vector<double>(b.Slice(k)) * new Vector<double>(next.Slice(k)) * inv).CopyTo(w.Slice(k));
            for (int i = 0; i < n; i++) alphaT[i] = alpha[t * strideT + i * strideI];
            if (keepXi)
                for (int i = 0; i < n; i++)
                {
                    var s = new Vector<double>(alphaT[i]);
                    Span<double> row = xiSum.Slice(i * np, np);
                    for (int k = 0; k < np; k += W) (new Vector<double>(row.Slice(k)) + s * new Vector<double>(w.Slice(k))).CopyTo(row.Slice(k));
                }
            for (int k = 0; k < np; k += W)
            {
                var acc = Vector<double>.Zero;
                for (int j = 0; j < n; j++) acc += new Vector<double>(w[j]) * new Vector<double>(at.Slice(j * np + k));
                acc.CopyTo(cur.Slice(k));
            }
            for (int i = 0; i < n; i++)
            {
                if (keepBeta) beta[t * strideT + i * strideI] = cur[i];
                if (keepGamma) gamma[t * strideT + i * strideI] = alphaT[i] * cur[i];
            }
            Span<double> swap = next; next = cur; cur = swap;
        }
    }

    /// <summary>
    /// Viterbi in log space: δ₀ = log π + log b₀, δₜ(j) = maxᵢ (δₜ₋₁(i) + log A_ij) + log bₜ(j), back-pointer ψₜ(j) = the
    /// first maximising i; then backtracking from argmaxⱼ δ_{T−1}(j). Returns log p(x, z*) and fills <paramref name="path"/>.
    /// <paramref name="back"/> is a T x N time-major scratch of byte (N ≤ 256) or ushort indices.
    /// </summary>
    public static double Viterbi<TIndex>(ChainTables m, ReadOnlySpan<double> logEmission, ReadOnlySpan<int> rows, int length,
        Span<TIndex> back, Span<int> path) where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        int n = m.N, np = m.Np;
        ReadOnlySpan<double> logA = m.LogTransition;
        Span<double> prev = stackalloc double[np];
        Span<double> cur = stackalloc double[np];
        Span<double> arg = stackalloc double[np];
        ReadOnlySpan<double> b0 = logEmission.Slice((rows.IsEmpty ? 0 : rows[0]) * np, np);
        for (int j = 0; j < np; j++) prev[j] = j < n ? m.LogInitial[j] + b0[j] : double.NegativeInfinity;
        var minusInfinity = new Vector<double>(double.NegativeInfinity);
        for (int t = 1; t < length; t++)
        {
            ReadOnlySpan<double> b = logEmission.Slice((rows.IsEmpty ? t : rows[t]) * np, np);
            for (int k = 0; k < np; k += W)
            {
                Vector<double> best = minusInfinity, bestIndex = Vector<double>.Zero;
                for (int i = 0; i < n; i++)
                {
                    Vector<double> candidate = new Vector<double>(prev[i]) + new Vector<double>(logA.Slice(i * np + k));
                    Vector<long> better = Vector.GreaterThan(candidate, best);
                    best = Vector.ConditionalSelect(better, candidate, best);
                    bestIndex = Vector.ConditionalSelect(better, new Vector<double>(i), bestIndex);
                }
                (best + new Vector<double>(b.Slice(k))).CopyTo(cur.Slice(k));
                bestIndex.CopyTo(arg.Slice(k));
            }
            Span<TIndex> psi = back.Slice(t * n, n);
            for (int j = 0; j < n; j++) psi[j] = TIndex.CreateTruncating((int)arg[j]);
            Span<double> swap = prev; prev = cur; cur = swap;
        }
        int state = 0;
        for (int j = 1; j < n; j++) if (prev[j] > prev[state]) state = j;
        double logProbability = prev[state];
        path[length - 1] = state;
        for (int t = length - 1; t > 0; t--)
        {
            state = int.CreateTruncating(back[t * n + state]);
            path[t - 1] = state;
        }
        return logProbability;
    }
}
