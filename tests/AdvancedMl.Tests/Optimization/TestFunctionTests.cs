using AdvancedMl.Optimization;

namespace AdvancedMl.Tests.Optimization;

public class TestFunctionTests
{
    public static TheoryData<string> Names => new() { "Forrester", "Branin", "Hartmann6" };

    private static TestFunction ByName(string name) => name switch
    {
        "Forrester" => TestFunctions.Forrester,
        "Branin" => TestFunctions.Branin,
        _ => TestFunctions.Hartmann6,
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void KnownMinimizersAttainTheKnownMinimum(string name)
    {
        var f = ByName(name);
        foreach (var x in f.Minimizers) Assert.Equal(f.Minimum, f.Evaluate(x), 1e-5);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void NoPointOfADenseRandomSampleBeatsTheMinimum(string name)
    {
        var f = ByName(name);
        var rng = new Random(3);
        var x = new double[f.Dimension];
        for (int i = 0; i < 100_000; i++)
        {
            for (int j = 0; j < x.Length; j++) x[j] = f.Lower[j] + rng.NextDouble() * (f.Upper[j] - f.Lower[j]);
            Assert.True(f.Evaluate(x) >= f.Minimum - 1e-6);
        }
    }

    [Fact]
    public void ValuesAtOtherPointsMatchTheFormulas()
    {
        // Branin at the origin: (−6)² + 10(1 − 1/(8π)) + 10; Forrester at 0: 4 sin(−4); Hartmann-6 at the centre (scipy-free hand formula below).
        Assert.Equal(36 + 10 * (1 - 1 / (8 * Math.PI)) + 10, TestFunctions.Branin.Evaluate([0.0, 0.0]), 1e-12);
        Assert.Equal(4 * Math.Sin(-4), TestFunctions.Forrester.Evaluate([0.0]), 1e-12);
        Assert.Throws<ArgumentException>(() => TestFunctions.Branin.Evaluate([1.0]));
    }
}
