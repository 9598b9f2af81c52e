namespace AdvancedMl.Tests.Sequential;

/// <summary>Exact answers by enumerating all N^T state paths of a tiny model: joint p(x, z) = π(z₀) b(z₀, 0) Πₜ A(zₜ₋₁, zₜ) b(zₜ, t).</summary>
internal sealed class BruteForce
{
    public double Likelihood;                 // Σ_z p(x, z)
    public double[,] Marginals = null!;       // p(zₜ = i | x)
    public double[,,] PairMarginals = null!;  // p(zₜ = i, zₜ₊₁ = j | x)
    public int[] BestPath = null!;            // argmax_z p(x, z), first in lexicographic order on ties
    public double BestJoint;                  // max_z p(x, z)

    /// <summary>Enumerates every path; emission(i, t) is bᵢ(xₜ) (a probability or a density).</summary>
    public static BruteForce Enumerate(double[] pi, double[,] a, Func<int, int, double> emission, int length)
    {
        int n = pi.Length;
        var r = new BruteForce { Marginals = new double[length, n], PairMarginals = new double[Math.Max(length - 1, 0), n, n], BestJoint = -1 };
        var z = new int[length];
        long paths = (long)Math.Pow(n, length);
        for (long code = 0; code < paths; code++)
        {
            long c = code;
            for (int t = length - 1; t >= 0; t--) { z[t] = (int)(c % n); c /= n; }
            double p = pi[z[0]] * emission(z[0], 0);
            for (int t = 1; t < length; t++) p *= a[z[t - 1], z[t]] * emission(z[t], t);
            r.Likelihood += p;
            for (int t = 0; t < length; t++) r.Marginals[t, z[t]] += p;
            for (int t = 0; t + 1 < length; t++) r.PairMarginals[t, z[t], z[t + 1]] += p;
            if (p > r.BestJoint) { r.BestJoint = p; r.BestPath = (int[])z.Clone(); }
        }
        for (int t = 0; t < length; t++)
            for (int i = 0; i < n; i++)
            {
                r.Marginals[t, i] /= r.Likelihood;
                if (t + 1 < length)
                    for (int j = 0; j < n; j++) r.PairMarginals[t, i, j] /= r.Likelihood;
            }
        return r;
    }
}
