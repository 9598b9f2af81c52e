using static System.FormattableString;
using AdvancedMl.Bayesian;

namespace AdvancedMl.Generative;

/// <summary>
/// The three 2-D data sets of notebook 09 (section 1): a ring of Gaussians, two moons and a Swiss roll.
/// Points are rows <c>double[2]</c>; every generator draws from the <see cref="Random"/> it is given, so a seed fixes the set.
/// </summary>
public static class Toy2D
{
    /// <summary>
    /// n points from an equal-weight mixture of <paramref name="modes"/> isotropic Gaussians with standard deviation
    /// <paramref name="sd"/>, centred on a circle of radius <paramref name="radius"/> (centre k at angle 2πk/modes).
    /// </summary>
    public static double[][] Ring(int n, Random rng, int modes = 8, double radius = 2.0, double sd = 0.05)
    {
        Check(nameof(Ring), n, rng);
        Checks.AtLeast(modes, 1, "Toy2D.Ring", nameof(modes));
        Checks.Positive(radius, "Toy2D.Ring", nameof(radius));
        Checks.Positive(sd, "Toy2D.Ring", nameof(sd));
        var centres = RingCentres(modes, radius);
        var gauss = new GaussianSource(rng);
        var points = new double[n][];
        for (int i = 0; i < n; i++)
        {
            var c = centres[rng.Next(modes)];
            points[i] = [c[0] + sd * gauss.Next(), c[1] + sd * gauss.Next()];
        }
        return points;
    }

    /// <summary>The <paramref name="modes"/> centres of <see cref="Ring"/>: (r cos 2πk/m, r sin 2πk/m), k = 0..m−1.</summary>
    public static double[][] RingCentres(int modes = 8, double radius = 2.0)
    {
        Checks.AtLeast(modes, 1, "Toy2D.RingCentres", nameof(modes));
        Checks.Positive(radius, "Toy2D.RingCentres", nameof(radius));
        return Enumerable.Range(0, modes)
            .Select(k => new[] { radius * Math.Cos(2 * Math.PI * k / modes), radius * Math.Sin(2 * Math.PI * k / modes) })
            .ToArray();
    }

    /// <summary>
    /// n points on scikit-learn's two interleaving half circles (make_moons), each moon chosen with probability ½, plus
    /// N(0, noise²) jitter per coordinate, then centred and scaled by 1.5 so the cloud spans about [−3, 3] like the ring.
    /// </summary>
    public static double[][] TwoMoons(int n, Random rng, double noise = 0.05)
    {
        Check(nameof(TwoMoons), n, rng);
        Checks.NonNegative(noise, "Toy2D.TwoMoons", nameof(noise));
        var gauss = new GaussianSource(rng);
        var points = new double[n][];
        for (int i = 0; i < n; i++)
        {
            double angle = Math.PI * rng.NextDouble();
            double x, y;
            if (rng.Next(2) == 0) { x = Math.Cos(angle); y = Math.Sin(angle); }
            else { x = 1 - Math.Cos(angle); y = 0.5 - Math.Sin(angle); }
            // make_moons spans x ∈ [−1, 2], y ∈ [−0.5, 1]: centre at (0.5, 0.25)
            points[i] = [1.5 * (x - 0.5 + noise * gauss.Next()), 1.5 * (y - 0.25 + noise * gauss.Next())];
        }
        return points;
    }

    /// <summary>
    /// n points on the 2-D Swiss roll of scikit-learn's make_swiss_roll (angle θ = 1.5π(1 + 2u), u ~ U(0, 1), point θ(cos θ, sin θ)),
    /// plus N(0, noise²) jitter per coordinate, divided by 5 so the roll spans about [−3, 3].
    /// </summary>
    public static double[][] SwissRoll(int n, Random rng, double noise = 0.25)
    {
        Check(nameof(SwissRoll), n, rng);
        Checks.NonNegative(noise, "Toy2D.SwissRoll", nameof(noise));
        var gauss = new GaussianSource(rng);
        var points = new double[n][];
        for (int i = 0; i < n; i++)
        {
            double theta = 1.5 * Math.PI * (1 + 2 * rng.NextDouble());
            points[i] = [(theta * Math.Cos(theta) + noise * gauss.Next()) / 5, (theta * Math.Sin(theta) + noise * gauss.Next()) / 5];
        }
        return points;
    }

    private static void Check(string method, int n, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (n < 1) throw new ArgumentException(Invariant($"Toy2D.{method}: n must be at least 1; got {n}."), nameof(n));
    }
}
