using AdvancedMl.Generative;

namespace AdvancedMl.Tests.Generative;

public class SampleMetricsTests
{
    [Fact]
    public void EnergyDistanceOfTwoPairsOnALineByHand()
    {
        // x = {0, 1}, y = {2, 3} in 1-D: E|X − Y| = (2 + 3 + 1 + 2)/4 = 2, E|X − X'| = E|Y − Y'| = 1 over distinct pairs.
        double[][] x = [[0.0], [1.0]], y = [[2.0], [3.0]];
        Assert.Equal(2 * 2.0 - 1 - 1, SampleMetrics.EnergyDistance(x, y), 14);
        Assert.Equal(SampleMetrics.EnergyDistance(x, y), SampleMetrics.EnergyDistance(y, x), 14);
    }

    [Fact]
    public void MmdOfTwoPairsByHand()
    {
        // k(a, b) = exp(−(a − b)²/(2h²)), h = 1: within x only the pair (0, 1) → e^{−1/2}; within y (2, 3) → e^{−1/2};
        // between: distances 2, 3, 1, 2.
        double[][] x = [[0.0], [1.0]], y = [[2.0], [3.0]];
        double k(double dist) => Math.Exp(-dist * dist / 2);
        double expected = k(1) + k(1) - 2 * (k(2) + k(3) + k(1) + k(2)) / 4;
        Assert.Equal(expected, SampleMetrics.Mmd(x, y, bandwidth: 1.0), 14);
    }

    [Fact]
    public void VectorisedPairSumsMatchThePlainDoubleLoopAndCompareMatchesBoth()
    {
        // Unequal sizes, three coordinates and lengths that are not multiples of the vector width: the span-based pass must
        // give the definitions written as plain loops over ordered pairs.
        var rng = new Random(7);
        double[][] Points(int n) => Enumerable.Range(0, n).Select(_ => new[] { 3 * rng.NextDouble(), rng.NextDouble() - 2, rng.NextDouble() }).ToArray();
        double[][] x = Points(37), y = Points(53);
        double Dist(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (u, v) => (u - v) * (u - v)).Sum());
        double Mean(double[][] a, double[][] b, bool distinct, Func<double, double> f) =>
            a.SelectMany((p, i) => b.Select((q, j) => (p, q, i, j))).Where(t => !distinct || t.i != t.j).Average(t => f(Dist(t.p, t.q)));
        double h = 0.7;
        Func<double, double> k = r => Math.Exp(-r * r / (2 * h * h)), id = r => r;
        double mmd = Mean(x, x, true, k) + Mean(y, y, true, k) - 2 * Mean(x, y, false, k);
        double energy = 2 * Mean(x, y, false, id) - Mean(x, x, true, id) - Mean(y, y, true, id);
        Assert.Equal(mmd, SampleMetrics.Mmd(x, y, h), 12);
        Assert.Equal(energy, SampleMetrics.EnergyDistance(x, y), 12);
        var both = SampleMetrics.Compare(x, y, h);
        Assert.Equal(SampleMetrics.Mmd(x, y, h), both.Mmd);
        Assert.Equal(SampleMetrics.EnergyDistance(x, y), both.Energy);
    }

    [Fact]
    public void DistancesAreNearZeroForTheSameDistributionAndLargeForAShiftedOne()
    {
        var a = Toy2D.Ring(600, new Random(1));
        var b = Toy2D.Ring(600, new Random(2));
        var shifted = Toy2D.Ring(600, new Random(3)).Select(p => new[] { p[0] + 0.5, p[1] }).ToArray();
        var oneMode = Toy2D.Ring(600, new Random(4), modes: 1).Select(p => new[] { p[0], p[1] }).ToArray();
        Assert.InRange(Math.Abs(SampleMetrics.Mmd(a, b)), 0.0, 0.005);
        Assert.InRange(Math.Abs(SampleMetrics.EnergyDistance(a, b)), 0.0, 0.01);
        Assert.True(SampleMetrics.Mmd(a, shifted) > 0.05, $"MMD to a shifted ring {SampleMetrics.Mmd(a, shifted)}");
        Assert.True(SampleMetrics.EnergyDistance(a, shifted) > 0.05, $"energy distance to a shifted ring {SampleMetrics.EnergyDistance(a, shifted)}");
        Assert.True(SampleMetrics.EnergyDistance(a, oneMode) > 10 * SampleMetrics.EnergyDistance(a, shifted) / 10, "collapse onto one mode should be far");
        Assert.True(SampleMetrics.Mmd(a, oneMode) > SampleMetrics.Mmd(a, shifted), "collapse onto one mode is worse than a half-sd shift");
    }

    [Fact]
    public void ModeCoverageCountsPointsWithinTheRadiusAndAppliesTheShareRule()
    {
        var centres = Toy2D.RingCentres(4, 1.0);   // (1,0), (0,1), (−1,0), (0,−1)
        double[][] samples =
        [
            [1.0, 0.05], [0.95, 0.0], [1.02, -0.02],   // three at mode 0
            [0.0, 1.1],                                // one at mode 1
            [0.0, 0.0], [5.0, 5.0],                    // near no mode
        ];
        var cov = SampleMetrics.ModeCoverage(samples, centres, radius: 0.15, minShare: 1.0 / 6);
        Assert.Equal(new[] { 3, 1, 0, 0 }, cov.Counts);
        Assert.Equal(2, cov.Covered);                  // one sample in six is exactly the required share
        Assert.Equal(4.0 / 6, cov.HighQualityFraction, 15);
        Assert.Equal(1, SampleMetrics.ModeCoverage(samples, centres, 0.15, minShare: 0.2).Covered);
    }

    [Fact]
    public void InvalidArgumentsNameTheParameterAndValue()
    {
        double[][] ok = [[0.0, 0.0], [1.0, 1.0]];
        var e = Assert.Throws<ArgumentException>(() => SampleMetrics.Mmd(ok, [[0.0, 0.0]]));
        Assert.Contains("SampleMetrics.Mmd: y must hold at least 2 points; got 1.", e.Message);
        e = Assert.Throws<ArgumentException>(() => SampleMetrics.EnergyDistance(ok, [[0.0, 0.0], [1.0]]));
        Assert.Contains("point 1 has 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => SampleMetrics.Mmd(ok, [[0.0, double.NaN], [1.0, 1.0]]));
        Assert.Contains("finite", e.Message);
        e = Assert.Throws<ArgumentException>(() => SampleMetrics.Compare(ok, [ok[0]]));
        Assert.Contains("SampleMetrics.Compare: y must hold at least 2 points; got 1.", e.Message);
        e = Assert.Throws<ArgumentException>(() => SampleMetrics.Mmd(ok, ok, bandwidth: 0));
        Assert.Contains("bandwidth must be a finite number above 0; got 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => SampleMetrics.ModeCoverage(ok, Toy2D.RingCentres(), 0.1, 0));
        Assert.Contains("minShare must lie in (0, 1]; got 0", e.Message);
    }
}
