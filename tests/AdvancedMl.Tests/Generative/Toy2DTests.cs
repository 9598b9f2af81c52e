using AdvancedMl.Generative;

namespace AdvancedMl.Tests.Generative;

public class Toy2DTests
{
    [Fact]
    public void RingPointsSitAroundEqualWeightCentres()
    {
        const double sd = 0.05;
        var points = Toy2D.Ring(8000, new Random(7), sd: sd);
        var centres = Toy2D.RingCentres();
        Assert.Equal(2.0, Math.Sqrt(centres[3][0] * centres[3][0] + centres[3][1] * centres[3][1]), 14);
        Assert.Equal(Math.Cos(3 * Math.PI / 4) * 2, centres[3][0], 14);
        var coverage = SampleMetrics.ModeCoverage(points, centres, radius: 5 * sd, minShare: 0.1);
        Assert.Equal(1.0, coverage.HighQualityFraction);       // every point within 5 sd of a centre
        Assert.Equal(8, coverage.Covered);
        foreach (int count in coverage.Counts) Assert.InRange(count, 1000 - 120, 1000 + 120);   // binomial sd ≈ 30
        // Within one mode the offsets have the stated standard deviation.
        var offsets = points.Select(p => centres.Select(c => (p[0] - c[0], p[1] - c[1])).MinBy(o => o.Item1 * o.Item1 + o.Item2 * o.Item2)).ToArray();
        double sdX = Math.Sqrt(offsets.Average(o => o.Item1 * o.Item1));
        Assert.InRange(sdX, 0.95 * sd, 1.05 * sd);
    }

    [Fact]
    public void GeneratorsAreReproducibleFromTheSeed()
    {
        Assert.Equal(Toy2D.Ring(50, new Random(3)), Toy2D.Ring(50, new Random(3)));
        Assert.Equal(Toy2D.TwoMoons(50, new Random(3)), Toy2D.TwoMoons(50, new Random(3)));
        Assert.Equal(Toy2D.SwissRoll(50, new Random(3)), Toy2D.SwissRoll(50, new Random(3)));
        Assert.NotEqual(Toy2D.Ring(50, new Random(3)), Toy2D.Ring(50, new Random(4)));
    }

    [Fact]
    public void MoonsAndRollHaveTheirShapes()
    {
        // Noise-free moons: upper arc (x, y) = 1.5(cos a − ½, sin a − ¼) lies on a circle of radius 1.5 around (−0.75, −0.375);
        // lower arc 1.5(½ − cos a, ¼ − sin a) on one around (0.75, 0.375).
        foreach (var p in Toy2D.TwoMoons(500, new Random(1), noise: 0))
        {
            double r1 = Math.Sqrt(Math.Pow(p[0] + 0.75, 2) + Math.Pow(p[1] + 0.375, 2));
            double r2 = Math.Sqrt(Math.Pow(p[0] - 0.75, 2) + Math.Pow(p[1] - 0.375, 2));
            Assert.True(Math.Abs(r1 - 1.5) < 1e-12 || Math.Abs(r2 - 1.5) < 1e-12, $"({p[0]}, {p[1]}) is on neither moon");
        }
        // Noise-free roll: the radius equals the angle/5, with angles in [1.5π, 4.5π].
        foreach (var p in Toy2D.SwissRoll(500, new Random(1), noise: 0))
            Assert.InRange(Math.Sqrt(p[0] * p[0] + p[1] * p[1]) * 5, 1.5 * Math.PI - 1e-9, 4.5 * Math.PI + 1e-9);
    }

    [Fact]
    public void InvalidArgumentsNameTheParameterAndValue()
    {
        var e = Assert.Throws<ArgumentException>(() => Toy2D.Ring(0, new Random(1)));
        Assert.Contains("Toy2D.Ring: n must be at least 1; got 0.", e.Message);
        e = Assert.Throws<ArgumentException>(() => Toy2D.Ring(5, new Random(1), sd: -1));
        Assert.Contains("Toy2D.Ring: sd must be a finite number above 0; got -1.", e.Message);
        e = Assert.Throws<ArgumentException>(() => Toy2D.TwoMoons(5, new Random(1), noise: double.NaN));
        Assert.Contains("noise", e.Message);
    }
}
