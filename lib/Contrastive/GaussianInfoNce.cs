using System.Runtime.CompilerServices;
using static System.FormattableString;
using AdvancedMl.Autodiff.Kernels;
using AdvancedMl.Numerics;

namespace AdvancedMl.Contrastive;

/// <summary>
/// The mutual-information check of notebook 13 (sections 3 and 5): a Gaussian pair (X, Y) with unit variances and correlation ρ,
/// where I(X;Y) = −½ log(1 − ρ²) is known, and the InfoNCE estimate log(N + K) − L_N with the Bayes-optimal critic. The
/// notebook writes the same estimator out in a few lines and checks it against this one; this version is compiled with
/// optimisations, so the notebook can afford tens of millions of critic evaluations.
/// </summary>
public static class GaussianInfoNce
{
    /// <summary>I(X;Y) = −½ log(1 − ρ²) nats for a standard bivariate normal pair with correlation ρ (notebook 13, section 3).</summary>
    public static double TrueMutualInformation(double rho)
    {
        CheckRho(rho, "GaussianInfoNce.TrueMutualInformation");
        return -0.5 * Math.Log(1 - rho * rho);
    }

    /// <summary>The optimal critic log p(y | x) − log p(y) = −(y − ρx)²/(2(1 − ρ²)) − ½ log(1 − ρ²) + y²/2 (notebook 13, eq. 2's tight case).</summary>
    public static double OptimalCritic(double x, double y, double rho)
    {
        double r = y - rho * x;
        return -0.5 * r * r / (1 - rho * rho) - 0.5 * Math.Log(1 - rho * rho) + 0.5 * y * y;
    }

    /// <summary>
    /// log(batch + queue) − mean InfoNCE over at least <paramref name="anchors"/> anchors (notebook 13, eq. 2): batches of
    /// <paramref name="batch"/> pairs are drawn (x ~ N(0, 1), y = ρx + √(1 − ρ²)·ε); every x scores the batch's y's and the
    /// y's of the last <paramref name="queue"/> draws (MoCo's queue, used once it is full) with the optimal critic, and its
    /// own y is the positive. Normal draws use Box–Muller (two uniforms each), in the same order as the notebook's version.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Bound(double rho, int batch, int anchors, Random rng, int queue = 0)
    {
        const string method = "GaussianInfoNce.Bound";
        CheckRho(rho, method);
        Guard.AtLeast(batch, 1, method, nameof(batch));
        Guard.AtLeast(anchors, 1, method, nameof(anchors));
        Guard.AtLeast(queue, 0, method, nameof(queue));
        ArgumentNullException.ThrowIfNull(rng);
        double noise = Math.Sqrt(1 - rho * rho), inverse = 1 / (1 - rho * rho), offset = -0.5 * Math.Log(1 - rho * rho);
        var xs = new double[batch];
        var ys = new double[batch];
        var scores = new double[batch + queue];
        var work = new double[batch + queue];
        var history = new double[queue];   // a ring buffer: the y's of earlier batches, oldest at head
        int stored = 0, head = 0, done = 0;
        double loss = 0;
        while (done < anchors)
        {
            for (int i = 0; i < batch; i++) { xs[i] = Normal(rng); ys[i] = rho * xs[i] + noise * Normal(rng); }
            if (stored >= queue)
                for (int i = 0; i < batch; i++, done++)
                {
                    double x = xs[i];
                    for (int j = 0; j < batch; j++) scores[j] = Critic(x, ys[j], rho, inverse, offset);
                    for (int q = head; q < queue; q++) scores[batch + q - head] = Critic(x, history[q], rho, inverse, offset);   // oldest first
                    for (int q = 0; q < head; q++) scores[batch + queue - head + q] = Critic(x, history[q], rho, inverse, offset);
                    loss += LogSumExp(scores, work) - scores[i];
                }
            foreach (var y in ys)
            {
                if (queue == 0) break;
                if (stored < queue) history[(head + stored++) % queue] = y;
                else { history[head] = y; head = (head + 1) % queue; }
            }
        }
        return Math.Log(batch + queue) - loss / done;
    }

    /// <summary>log Σ exp(values) = max + log Σ exp(values − max), with the vectorised exponential of the autodiff kernels.</summary>
    private static double LogSumExp(double[] values, double[] work)
    {
        double max = double.NegativeInfinity;
        foreach (var v in values) max = Math.Max(max, v);
        for (int i = 0; i < values.Length; i++) work[i] = values[i] - max;
        Exponential.Exp(work, work);
        return max + Math.Log(Elementwise.Sum(work));
    }

    private static double Critic(double x, double y, double rho, double inverse, double offset)
    {
        double r = y - rho * x;
        return -0.5 * r * r * inverse + offset + 0.5 * y * y;
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static void CheckRho(double rho, string method)
    {
        if (!(Math.Abs(rho) < 1))
            throw new ArgumentException(Invariant($"{method}: rho must lie strictly between −1 and 1; got {rho}."), nameof(rho));
    }
}
