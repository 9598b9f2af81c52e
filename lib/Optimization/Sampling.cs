namespace AdvancedMl.Optimization;

/// <summary>Seeded designs on the unit cube and the map to the search box.</summary>
internal static class Sampling
{
    /// <summary>n points of a Latin hypercube in [0, 1]^d: each axis cut into n equal strata, one point per stratum, strata paired at random.</summary>
    public static double[][] LatinHypercube(int n, int d, Random rng)
    {
        var points = new double[n][];
        for (int i = 0; i < n; i++) points[i] = new double[d];
        var permutation = new int[n];
        for (int j = 0; j < d; j++)
        {
            for (int i = 0; i < n; i++) permutation[i] = i;
            rng.Shuffle(permutation);
            for (int i = 0; i < n; i++) points[i][j] = (permutation[i] + rng.NextDouble()) / n;
        }
        return points;
    }

    /// <summary>x = lower + u (upper − lower), the point of the box at unit-cube coordinates u.</summary>
    public static double[] FromUnit(ReadOnlySpan<double> u, double[] lower, double[] upper)
    {
        var x = new double[u.Length];
        for (int j = 0; j < u.Length; j++) x[j] = lower[j] + u[j] * (upper[j] - lower[j]);
        return x;
    }

    /// <summary>A standard normal draw by the Box–Muller transform.</summary>
    public static double StandardNormal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
