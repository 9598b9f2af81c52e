namespace AdvancedMl.Bayesian;

/// <summary>Standard normal draws from a seeded <see cref="Random"/> by the Box–Muller transform (both values used); allocation-free and deterministic.</summary>
internal sealed class GaussianSource
{
    private readonly Random _random;
    private double _spare;
    private bool _hasSpare;

    public GaussianSource(Random random) => _random = random;

    public GaussianSource(int seed) : this(new Random(seed)) { }

    /// <summary>The underlying uniform generator (for accept/reject coin flips).</summary>
    public Random Uniform => _random;

    /// <summary>One N(0, 1) draw.</summary>
    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u1 = 1.0 - _random.NextDouble(); // in (0, 1], so the log is finite
        double u2 = _random.NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spare = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Fills destination with independent N(0, 1) draws.</summary>
    public void Fill(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = Next();
    }

    /// <summary>log U for U ~ Uniform(0, 1] (the Metropolis acceptance test compares it with the log ratio).</summary>
    public double LogUniform() => Math.Log(1.0 - _random.NextDouble());
}
