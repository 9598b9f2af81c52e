using AdvancedMl.Contrastive;

namespace AdvancedMl.Tests.Contrastive;

public class GaussianInfoNceTests
{
    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>The estimator as notebook 13 writes it: a Queue of earlier y's, the critic with Math.Pow, the log-sum-exp by hand.</summary>
    private static double ByHand(double rho, int n, int anchorCount, Random rng, int queue)
    {
        double Critic(double x, double y) => -0.5 * Math.Pow(y - rho * x, 2) / (1 - rho * rho) - 0.5 * Math.Log(1 - rho * rho) + 0.5 * y * y;
        double loss = 0; int anchors = 0;
        var history = new Queue<double>();
        while (anchors < anchorCount)
        {
            var xs = new double[n]; var ys = new double[n];
            for (int i = 0; i < n; i++) { xs[i] = Normal(rng); ys[i] = rho * xs[i] + Math.Sqrt(1 - rho * rho) * Normal(rng); }
            if (history.Count >= queue)
                for (int i = 0; i < n; i++, anchors++)
                {
                    var scores = ys.Select(y => Critic(xs[i], y)).Concat(history.Select(y => Critic(xs[i], y))).ToArray();
                    double max = scores.Max();
                    loss += max + Math.Log(scores.Sum(s => Math.Exp(s - max))) - scores[i];
                }
            foreach (var y in ys) { history.Enqueue(y); if (history.Count > queue) history.Dequeue(); }
        }
        return Math.Log(n + queue) - loss / anchors;
    }

    [Theory]
    [InlineData(0.5, 8, 0)]
    [InlineData(0.99, 4, 12)]
    [InlineData(0.9, 16, 50)]
    public void EqualsTheEstimatorWrittenOutOnTheSameDraws(double rho, int batch, int queue)
    {
        double expected = ByHand(rho, batch, 300, new Random(3), queue);
        Assert.Equal(expected, GaussianInfoNce.Bound(rho, batch, 300, new Random(3), queue), 1e-10);
    }

    [Fact]
    public void TheBoundStaysBelowTheTruthAndItsCapAndGrowsWithTheCandidates()
    {
        double truth = GaussianInfoNce.TrueMutualInformation(0.95);
        Assert.Equal(-0.5 * Math.Log(1 - 0.95 * 0.95), truth, 1e-15);
        var rng = new Random(5);
        double previous = double.NegativeInfinity;
        foreach (int n in new[] { 2, 8, 64 })
        {
            double bound = GaussianInfoNce.Bound(0.95, n, 4000, rng);
            Assert.True(bound <= Math.Min(truth, Math.Log(n)) + 0.03, $"N = {n}: {bound} vs I = {truth}");
            Assert.True(bound > previous);
            previous = bound;
        }
        Assert.InRange(truth - previous, -0.03, 0.1);   // 64 candidates are plenty for I ≈ 1.16 nats
    }

    [Fact]
    public void TheCriticIsTheLogDensityRatio()
    {
        double rho = 0.6, x = 0.3, y = -1.1, s2 = 1 - rho * rho;
        double logConditional = -0.5 * Math.Log(2 * Math.PI * s2) - (y - rho * x) * (y - rho * x) / (2 * s2);
        double logMarginal = -0.5 * Math.Log(2 * Math.PI) - y * y / 2;
        Assert.Equal(logConditional - logMarginal, GaussianInfoNce.OptimalCritic(x, y, rho), 1e-13);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var ex = Assert.Throws<ArgumentException>(() => GaussianInfoNce.Bound(1.0, 8, 100, new Random(1)));
        Assert.Contains("GaussianInfoNce.Bound: rho must lie strictly between −1 and 1; got 1.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => GaussianInfoNce.Bound(0.5, 0, 100, new Random(1)));
        Assert.Contains("batch", ex.Message);
        Assert.Throws<ArgumentException>(() => GaussianInfoNce.Bound(0.5, 8, 100, new Random(1), queue: -1));
    }
}
