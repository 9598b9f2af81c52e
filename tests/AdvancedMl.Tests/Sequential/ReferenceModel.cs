using AdvancedMl.Sequential;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Sequential;

/// <summary>
/// The N = 8, M = 16 model and sampled sequence of tests/reference/hmm_numpy.py, reproduced bit for bit with the same
/// splitmix64 generator, so the C# results can be compared with numpy's printed values. Also compiled into the
/// benchmark project (linked from its csproj) so the benchmark times the sequence numpy was timed on.
/// </summary>
internal static class ReferenceModel
{
    public const int States = 8, Symbols = 16, Seed = 2024;

    /// <summary>The sticky random model (self-transition boost 4) and a length-T sequence sampled from it.</summary>
    public static DiscreteHmm Create(int length, out int[] observations)
    {
        var g = new SplitMix64(Seed);
        double[] pi = StochasticRow(g, States, -1, 0.0);
        var a = new double[States][];
        for (int i = 0; i < States; i++) a[i] = StochasticRow(g, States, i, 4.0);
        var b = new double[States][];
        for (int i = 0; i < States; i++) b[i] = StochasticRow(g, Symbols, -1, 0.0);
        observations = new int[length];
        int z = Draw(g, pi);
        for (int t = 0; t < length; t++)
        {
            if (t > 0) z = Draw(g, a[z]);
            observations[t] = Draw(g, b[z]);
        }
        return DiscreteHmm.Create(Vector<double>.Build.Dense(pi), Matrix<double>.Build.DenseOfRowArrays(a), Matrix<double>.Build.DenseOfRowArrays(b));
    }

    private static double[] StochasticRow(SplitMix64 g, int n, int boostIndex, double boost)
    {
        var row = new double[n];
        for (int j = 0; j < n; j++) row[j] = 0.05 + g.Uniform();
        if (boostIndex >= 0) row[boostIndex] += boost;
        double total = 0.0;
        foreach (double v in row) total += v;
        for (int j = 0; j < n; j++) row[j] /= total;
        return row;
    }

    private static int Draw(SplitMix64 g, double[] p)
    {
        double u = g.Uniform(), c = 0.0;
        for (int i = 0; i < p.Length; i++)
        {
            c += p[i];
            if (u < c) return i;
        }
        return p.Length - 1;
    }

    /// <summary>splitmix64 (Steele, Lea and Flood 2014); Uniform() = top 53 bits / 2^53, as in the Python script.</summary>
    private sealed class SplitMix64(ulong state)
    {
        public ulong Next()
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public double Uniform() => (Next() >> 11) * (1.0 / 9007199254740992.0);
    }
}
