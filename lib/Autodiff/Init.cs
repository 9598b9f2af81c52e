using static System.FormattableString;

namespace AdvancedMl.Autodiff;

/// <summary>How a Linear layer draws its initial weights.</summary>
public enum WeightInit
{
    /// <summary>PyTorch's nn.Linear default: W and b ~ U(±1/√fanIn).</summary>
    Default,
    /// <summary>Glorot: U(±√(6/(fanIn + fanOut))), bias 0.</summary>
    XavierUniform,
    /// <summary>Glorot: N(0, 2/(fanIn + fanOut)), bias 0.</summary>
    XavierNormal,
    /// <summary>He (ReLU gain √2): U(±√(6/fanIn)), bias 0.</summary>
    KaimingUniform,
    /// <summary>He (ReLU gain √2): N(0, 2/fanIn), bias 0.</summary>
    KaimingNormal,
}

/// <summary>Weight initialisers (Glorot &amp; Bengio 2010; He et al. 2015), each returning a trainable [fanIn×fanOut] tensor drawn from rng.</summary>
public static class Init
{
    /// <summary>Xavier/Glorot uniform: U(−a, a) with a = √(6/(fanIn + fanOut)), keeping activation variance constant across layers.</summary>
    public static Tensor XavierUniform(int fanIn, int fanOut, Random rng) => Uniform(fanIn, fanOut, Math.Sqrt(6.0 / (fanIn + fanOut)), rng, "Init.XavierUniform");

    /// <summary>Xavier/Glorot normal: N(0, 2/(fanIn + fanOut)).</summary>
    public static Tensor XavierNormal(int fanIn, int fanOut, Random rng) => Normal(fanIn, fanOut, Math.Sqrt(2.0 / (fanIn + fanOut)), rng, "Init.XavierNormal");

    /// <summary>Kaiming/He uniform for ReLU: U(−a, a) with a = √(6/fanIn).</summary>
    public static Tensor KaimingUniform(int fanIn, int fanOut, Random rng) => Uniform(fanIn, fanOut, Math.Sqrt(6.0 / fanIn), rng, "Init.KaimingUniform");

    /// <summary>Kaiming/He normal for ReLU: N(0, 2/fanIn).</summary>
    public static Tensor KaimingNormal(int fanIn, int fanOut, Random rng) => Normal(fanIn, fanOut, Math.Sqrt(2.0 / fanIn), rng, "Init.KaimingNormal");

    internal static Tensor Uniform(int fanIn, int fanOut, double bound, Random rng, string method)
    {
        Check(fanIn, fanOut, rng, method);
        var t = Tensor.Zeros(fanIn, fanOut);
        for (int i = 0; i < t._data.Length; i++) t._data[i] = bound * (2.0 * rng.NextDouble() - 1.0);
        t.RequiresGrad = true;
        return t;
    }

    private static Tensor Normal(int fanIn, int fanOut, double std, Random rng, string method)
    {
        Check(fanIn, fanOut, rng, method);
        var t = Tensor.Zeros(fanIn, fanOut);
        Sampling.FillNormal(rng, t._data, 0.0, std);
        t.RequiresGrad = true;
        return t;
    }

    private static void Check(int fanIn, int fanOut, Random rng, string method)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (fanIn < 1 || fanOut < 1)
            throw new ArgumentException(Invariant($"{method}: fanIn and fanOut must be at least 1; got {fanIn} and {fanOut}."), nameof(fanIn));
    }
}

/// <summary>Sinusoidal position / time embeddings (Vaswani et al. 2017; the DDPM time embedding of notebook 09).</summary>
public static class PositionalEncoding
{
    /// <summary>[n×dim] constant: columns k &lt; dim/2 hold sin(p·ω_k), the rest cos(p·ω_k), with ω_k = maxPeriod^(−k/(dim/2)).</summary>
    public static Tensor Sinusoidal(double[] positions, int dim, double maxPeriod = 10000.0)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Length == 0) throw new ArgumentException("PositionalEncoding.Sinusoidal: positions must not be empty; got 0.", nameof(positions));
        if (dim < 2 || dim % 2 != 0) throw new ArgumentException(Invariant($"PositionalEncoding.Sinusoidal: dim must be an even number at least 2; got {dim}."), nameof(dim));
        if (!(maxPeriod > 1.0)) throw new ArgumentException(Invariant($"PositionalEncoding.Sinusoidal: maxPeriod must exceed 1; got {maxPeriod}."), nameof(maxPeriod));
        int half = dim / 2;
        var data = new double[positions.Length * dim];
        for (int i = 0; i < positions.Length; i++)
            for (int k = 0; k < half; k++)
            {
                double angle = positions[i] * Math.Pow(maxPeriod, -(double)k / half);
                data[i * dim + k] = Math.Sin(angle);
                data[i * dim + half + k] = Math.Cos(angle);
            }
        return new Tensor(data, [positions.Length, dim]);
    }
}
