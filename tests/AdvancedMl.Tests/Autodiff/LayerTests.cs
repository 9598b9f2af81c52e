using AdvancedMl.Autodiff;

namespace AdvancedMl.Tests.Autodiff;

using Sequential = AdvancedMl.Autodiff.Sequential; // the HMM namespace AdvancedMl.Sequential would win otherwise

/// <summary>Layers: shapes, initialiser statistics, functional calls, train/eval behaviour.</summary>
public class LayerTests
{
    [Fact]
    public void LinearComputesXWPlusBWithPyTorchDefaultBounds()
    {
        var layer = new Linear(100, 30, new Random(1));
        Assert.Equal([100, 30], layer.Weight.Shape);
        Assert.Equal([30], layer.Bias!.Shape);
        Assert.All(layer.Weight.Data.Concat(layer.Bias.Data), v => Assert.InRange(v, -0.1, 0.1));
        Assert.True(layer.Weight.Data.Max() > 0.09 && layer.Weight.Data.Min() < -0.09); // fills the interval
        var x = Tensor.RandomNormal(new Random(2), 4, 100);
        var y = layer.Forward(x);
        double expected = layer.Bias.Data[7];
        for (int p = 0; p < 100; p++) expected += x[2, p] * layer.Weight[p, 7];
        Assert.Equal(expected, y[2, 7], 12);
        Assert.Equal(100 * 30 + 30, layer.ParameterCount);
        var composed = x.MatMul(layer.Weight) + layer.Bias; // the fused Tensor.Linear gives the same numbers (to rounding)
        for (int i = 0; i < y.Size; i++) Assert.Equal(composed.Data[i], y.Data[i], 13);
        Assert.Null(new Linear(3, 2, new Random(0), bias: false).Bias);
    }

    [Theory]
    [InlineData(WeightInit.XavierUniform, 2.0 / (400 + 200))]
    [InlineData(WeightInit.XavierNormal, 2.0 / (400 + 200))]
    [InlineData(WeightInit.KaimingUniform, 2.0 / 400)]
    [InlineData(WeightInit.KaimingNormal, 2.0 / 400)]
    [InlineData(WeightInit.Default, 1.0 / (3 * 400))]
    public void InitialisersHaveTheirVariance(WeightInit init, double variance)
    {
        var w = new Linear(400, 200, new Random(5), init: init).Weight.Data;
        double mean = w.Average(), var = w.Select(v => (v - mean) * (v - mean)).Average();
        Assert.True(Math.Abs(mean) < 4 * Math.Sqrt(variance / w.Length));
        Assert.True(Math.Abs(var / variance - 1) < 0.02, $"variance {var} vs {variance}"); // 80,000 draws: sd of the ratio ≈ 0.005–0.01
    }

    [Fact]
    public void SameSeedSameNetworkDifferentSeedDifferentNetwork()
    {
        var a = Mlp.Create([3, 8, 2], ActivationKind.Relu, new Random(7));
        var b = Mlp.Create([3, 8, 2], ActivationKind.Relu, new Random(7));
        var c = Mlp.Create([3, 8, 2], ActivationKind.Relu, new Random(8));
        Assert.Equal(a.Parameters.SelectMany(p => p.Data), b.Parameters.SelectMany(p => p.Data));
        Assert.NotEqual(a.Parameters[0].Data, c.Parameters[0].Data);
        Assert.Equal(3 * 8 + 8 + 8 * 2 + 2, a.ParameterCount);
        Assert.Equal(3, a.Layers.Count);
    }

    [Fact]
    public void FunctionalForwardUsesTheGivenParameters()
    {
        var net = Mlp.Create([2, 4, 1], ActivationKind.Gelu, new Random(1));
        var x = Tensor.RandomNormal(new Random(2), 3, 2);
        var same = net.Forward(x, net.Parameters.Select(p => p.Detach()).ToArray());
        Assert.Equal(net.Forward(x).Data, same.Data);
        var doubled = net.Parameters.Select(p => p * 2.0).ToArray();
        Assert.NotEqual(net.Forward(x).Data, net.Forward(x, doubled).Data);
        Assert.Throws<ArgumentException>(() => net.Forward(x, doubled.Take(3).ToArray()));
    }

    [Fact]
    public void LayerNormGivesZeroMeanUnitVarianceRowsAtInitialisation()
    {
        var x = Tensor.RandomNormal(new Random(3), 5, 16) * 3.0 + 2.0;
        var y = new LayerNorm(16).Forward(x);
        for (int i = 0; i < 5; i++)
        {
            var row = y.ToRows()[i];
            double mean = row.Average();
            Assert.Equal(0.0, mean, 12);
            Assert.Equal(1.0, row.Select(v => (v - mean) * (v - mean)).Average(), 4); // eps = 1e-5 shrinks it slightly
        }
    }

    [Fact]
    public void EmbeddingLooksUpRowsAndScattersGradients()
    {
        var emb = new Embedding(5, 3, new Random(4));
        var rows = emb.Forward([4, 1, 4]);
        Assert.Equal(emb.Weight.ToRows()[4], rows.ToRows()[0]);
        rows.Sum().Backward();
        Assert.Equal([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2], emb.Weight.Grad!.Data.Select(v => (int)v));
        Assert.Equal(rows.Data, emb.Forward(Tensor.FromArray([4.0, 1.0, 4.0], 3)).Data);
    }

    [Fact]
    public void DropoutIsActiveOnlyInTrainingAndKeepsTheMean()
    {
        var net = new Sequential(new Dropout(0.5, seed: 1));
        var x = Tensor.Ones(200, 50);
        var train = net.Forward(x).Data;
        Assert.All(train, v => Assert.True(v == 0.0 || v == 2.0));
        Assert.InRange(train.Average(), 0.95, 1.05);
        net.Eval();
        Assert.False(net.Layers[0].Training);
        Assert.Equal(x.Data, net.Forward(x).Data);
    }

    [Fact]
    public void SinusoidalEncodingMatchesTheFormula()
    {
        var e = PositionalEncoding.Sinusoidal([0.0, 3.0], 8);
        Assert.Equal([2, 8], e.Shape);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], e.ToRows()[0].Select(v => (int)v));
        Assert.Equal(Math.Sin(3.0 * Math.Pow(10000, -2.0 / 4)), e[1, 2], 14);
        Assert.Equal(Math.Cos(3.0 * Math.Pow(10000, -1.0 / 4)), e[1, 5], 14);
    }

    [Fact]
    public void EmaUpdateMovesTowardsTheSource()
    {
        var target = Mlp.Create([2, 3], ActivationKind.Identity, new Random(1));
        var online = Mlp.Create([2, 3], ActivationKind.Identity, new Random(2));
        double t0 = target.Parameters[0].Data[0], o0 = online.Parameters[0].Data[0];
        target.EmaUpdateFrom(online, 0.9);
        Assert.Equal(0.9 * t0 + 0.1 * o0, target.Parameters[0].Data[0], 15);
        target.CopyParametersFrom(online);
        Assert.Equal(online.Parameters[1].Data, target.Parameters[1].Data);
    }
}
