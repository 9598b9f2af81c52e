using AdvancedMl.Autodiff;
using AdvancedMl.Contrastive;

namespace AdvancedMl.Tests.Contrastive;

public class ContrastiveLossTests
{
    private static double[][] RandomRows(int n, int d, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => rng.NextDouble() * 2 - 1).ToArray()).ToArray();
    }

    private static double[] Unit(double[] v) { double norm = Math.Sqrt(v.Sum(x => x * x)); return v.Select(x => x / norm).ToArray(); }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    /// <summary>NT-Xent written out with loops: for each of the 2n views, −log of exp(sim(i, partner)/τ) over Σ_{k≠i} exp(sim(i, k)/τ).</summary>
    private static double NtXentByHand(double[][] z1, double[][] z2, double tau)
    {
        int n = z1.Length;
        var z = z1.Concat(z2).Select(Unit).ToArray();
        double total = 0;
        for (int i = 0; i < 2 * n; i++)
        {
            int partner = i < n ? i + n : i - n;
            double denominator = Enumerable.Range(0, 2 * n).Where(k => k != i).Sum(k => Math.Exp(Dot(z[i], z[k]) / tau));
            total += -Math.Log(Math.Exp(Dot(z[i], z[partner]) / tau) / denominator);
        }
        return total / (2 * n);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void NtXentEqualsTheFormulaWrittenOut(double tau)
    {
        var z1 = RandomRows(5, 3, 1);
        var z2 = RandomRows(5, 3, 2);
        double loss = ContrastiveLoss.NtXent(Tensor.FromRows(z1), Tensor.FromRows(z2), tau).Item();
        Assert.Equal(NtXentByHand(z1, z2, tau), loss, 1e-12);
    }

    [Fact]
    public void NtXentGradientMatchesFiniteDifferences()
    {
        // Both views, and inside a step scope as the trainers run it: the fused op keeps its softmax in pooled storage until
        // backward runs.
        var z = new[] { RandomRows(4, 3, 3), RandomRows(4, 3, 4) };
        var t = z.Select(rows => Tensor.Parameter(rows.SelectMany(r => r).ToArray(), 4, 3)).ToArray();
        using (Autograd.StepScope()) ContrastiveLoss.NtXent(t[0], t[1], 0.3).Backward();
        const double h = 1e-6;
        for (int view = 0; view < 2; view++)
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 3; j++)
                {
                    double saved = z[view][i][j];
                    z[view][i][j] = saved + h; double up = NtXentByHand(z[0], z[1], 0.3);
                    z[view][i][j] = saved - h; double down = NtXentByHand(z[0], z[1], 0.3);
                    z[view][i][j] = saved;
                    Assert.Equal((up - down) / (2 * h), t[view].Grad![i, j], 1e-7);
                }
    }

    [Fact]
    public void StackedViewsGiveTheSameLossAndGradients()
    {
        var z1 = RandomRows(4, 3, 13);
        var z2 = RandomRows(4, 3, 14);
        var t1 = Tensor.Parameter(z1.SelectMany(r => r).ToArray(), 4, 3);
        var t2 = Tensor.Parameter(z2.SelectMany(r => r).ToArray(), 4, 3);
        var stacked = Tensor.Parameter(z1.Concat(z2).SelectMany(r => r).ToArray(), 8, 3);
        var pair = ContrastiveLoss.NtXent(t1, t2, 0.4);
        var single = ContrastiveLoss.NtXent(stacked, 0.4);
        Assert.Equal(pair.Item(), single.Item(), 1e-14);
        pair.Backward();
        single.Backward();
        Assert.Equal(t1.Grad!.ToArray().Concat(t2.Grad!.ToArray()), stacked.Grad!.ToArray(), (a, b) => Math.Abs(a - b) < 1e-14);
        // Double backward through the stacked form: Hessian-vector products agree too.
        var v = RandomRows(8, 3, 15).SelectMany(r => r).ToArray();
        var hvStacked = Autograd.HessianVectorProduct(ContrastiveLoss.NtXent(stacked, 0.4), new[] { stacked }, new[] { Tensor.FromArray(v, 8, 3) })[0].ToArray();
        var hvPair = Autograd.HessianVectorProduct(ContrastiveLoss.NtXent(t1, t2, 0.4), new[] { t1, t2 },
            new[] { Tensor.FromArray(v[..12], 4, 3), Tensor.FromArray(v[12..], 4, 3) }).SelectMany(t => t.ToArray());
        Assert.Equal(hvPair, hvStacked, (a, b) => Math.Abs(a - b) < 1e-12);
        var ex = Assert.Throws<ArgumentException>(() => ContrastiveLoss.NtXent(Tensor.FromRows(RandomRows(5, 3, 1)), 0.5));
        Assert.Contains("ContrastiveLoss.NtXent: views must be [2n×d] with n ≥ 2", ex.Message);
    }

    [Fact]
    public void NtXentDifferentiatesTwice()
    {
        // Hessian-vector product of the loss in z1 along v, against central differences of the (first-order) gradient.
        var z1 = RandomRows(3, 3, 10);
        var z2 = Tensor.FromRows(RandomRows(3, 3, 11));
        var v = RandomRows(3, 3, 12).SelectMany(r => r).ToArray();
        double[] Gradient(double[] at)
        {
            var t = Tensor.Parameter(at, 3, 3);
            ContrastiveLoss.NtXent(t, z2, 0.5).Backward();
            return t.Grad!.ToArray();
        }
        var point = z1.SelectMany(r => r).ToArray();
        var x = Tensor.Parameter(point, 3, 3);
        var hv = Autograd.HessianVectorProduct(ContrastiveLoss.NtXent(x, z2, 0.5), new[] { x }, new[] { Tensor.FromArray(v, 3, 3) })[0].ToArray();
        const double h = 1e-5;
        var up = Gradient(point.Select((p, i) => p + h * v[i]).ToArray());
        var down = Gradient(point.Select((p, i) => p - h * v[i]).ToArray());
        for (int i = 0; i < 9; i++) Assert.Equal((up[i] - down[i]) / (2 * h), hv[i], 1e-6);
    }

    [Fact]
    public void InfoNceIsCrossEntropyWithThePositiveAsClassZero()
    {
        var q = RandomRows(3, 4, 5);
        var k = RandomRows(3, 4, 6);
        var negatives = RandomRows(7, 4, 7);
        double expected = 0;
        for (int i = 0; i < 3; i++)
        {
            var logits = new[] { Dot(Unit(q[i]), Unit(k[i])) }.Concat(negatives.Select(n => Dot(Unit(q[i]), Unit(n)))).Select(s => s / 0.2).ToArray();
            double max = logits.Max();
            expected += -(logits[0] - max - Math.Log(logits.Sum(l => Math.Exp(l - max)))) / 3;
        }
        Assert.Equal(expected, ContrastiveLoss.InfoNce(Tensor.FromRows(q), Tensor.FromRows(k), Tensor.FromRows(negatives), 0.2).Item(), 1e-12);
    }

    [Fact]
    public void NormalizedMseIsTwoMinusTwiceTheMeanCosine()
    {
        var p = RandomRows(6, 5, 8);
        var z = RandomRows(6, 5, 9);
        double expected = 2 - 2 * Enumerable.Range(0, 6).Average(i => Dot(Unit(p[i]), Unit(z[i])));
        Assert.Equal(expected, ContrastiveLoss.NormalizedMse(Tensor.FromRows(p), Tensor.FromRows(z)).Item(), 1e-12);
        Assert.Equal(0.0, ContrastiveLoss.NormalizedMse(Tensor.FromRows(p), Tensor.FromRows(p.Select(r => r.Select(v => 3 * v).ToArray()).ToArray())).Item(), 1e-12);
    }

    [Fact]
    public void RejectsMismatchedShapesAndBadTemperatures()
    {
        var a = Tensor.FromRows(RandomRows(4, 3, 1));
        var ex = Assert.Throws<ArgumentException>(() => ContrastiveLoss.NtXent(a, Tensor.FromRows(RandomRows(5, 3, 1)), 0.5));
        Assert.Contains("ContrastiveLoss.NtXent: the two embeddings must be 2-D with the same shape; got [4×3] and [5×3].", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => ContrastiveLoss.NtXent(a, a, 0));
        Assert.Contains("temperature must be a finite number above 0; got 0.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => ContrastiveLoss.InfoNce(a, a, Tensor.FromRows(RandomRows(2, 2, 1)), 0.5));
        Assert.Contains("negatives must be [m×3] with m ≥ 1; got [2×2].", ex.Message);
    }
}
