using static System.FormattableString;
namespace AdvancedMl.Numerics;

/// <summary>Numerically stable computations in log space: log-sum-exp, softmax and log-softmax.</summary>
/// <remarks>
/// All three shift by the largest entry before exponentiating, so no exponential overflows and at
/// least one term of the sum equals 1: log Σ exp(aᵢ) = m + log Σ exp(aᵢ − m), m = max aᵢ.
/// They allocate nothing and are safe to call in hot loops.
/// </remarks>
public static class LogSpace
{
    /// <summary>Computes log Σᵢ exp(valuesᵢ) without overflow (the log-sum-exp of notebook 01's E-step); −∞ for an empty span or all −∞.</summary>
    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NegativeInfinity;
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (double.IsNaN(v)) throw new ArgumentException("LogSpace.LogSumExp: values must not contain NaN.", nameof(values));
            if (v > max) max = v;
        }
        if (double.IsInfinity(max)) return max; // all −∞ gives −∞; any +∞ gives +∞
        double sum = 0.0;
        foreach (double v in values) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    /// <summary>Writes softmax(logits)ᵢ = exp(logitsᵢ − max) / Σⱼ exp(logitsⱼ − max) into destination (may alias logits).</summary>
    public static void Softmax(ReadOnlySpan<double> logits, Span<double> destination)
    {
        CheckLengths(logits, destination, "Softmax");
        double max = double.NegativeInfinity;
        foreach (double v in logits)
        {
            if (double.IsNaN(v)) throw new ArgumentException("LogSpace.Softmax: logits must not contain NaN.", nameof(logits));
            if (v > max) max = v;
        }
        if (double.IsInfinity(max))
            throw new ArgumentException(Invariant($"LogSpace.Softmax: logits must have a finite maximum; got {max}."), nameof(logits));
        // Normalise the shifted exponentials directly: dividing by their sum makes the result sum to 1 to rounding.
        double sum = 0.0;
        for (int i = 0; i < logits.Length; i++) sum += destination[i] = Math.Exp(logits[i] - max);
        for (int i = 0; i < logits.Length; i++) destination[i] /= sum;
    }

    /// <summary>Writes log softmax(logits)ᵢ = logitsᵢ − logsumexp(logits) into destination (may alias logits) and returns the log-sum-exp.</summary>
    public static double LogSoftmax(ReadOnlySpan<double> logits, Span<double> destination)
    {
        CheckLengths(logits, destination, "LogSoftmax");
        double lse = LogSumExp(logits);
        if (double.IsNegativeInfinity(lse) || double.IsPositiveInfinity(lse))
            throw new ArgumentException(Invariant($"LogSpace.LogSoftmax: logits must contain a finite maximum; got log-sum-exp {lse}."), nameof(logits));
        for (int i = 0; i < logits.Length; i++) destination[i] = logits[i] - lse;
        return lse;
    }

    /// <summary>Numerically stable logistic function σ(η) = 1/(1 + e^(−η)), never exponentiating a large positive number (notebooks 03 and 06, logistic models).</summary>
    public static double Sigmoid(double eta)
    {
        if (eta >= 0.0) return 1.0 / (1.0 + Math.Exp(-eta));
        double e = Math.Exp(eta);
        return e / (1.0 + e);
    }

    /// <summary>Numerically stable softplus log(1 + e^η); log σ(η) = −Softplus(−η) (notebooks 03 and 06, logistic log-likelihoods).</summary>
    public static double Softplus(double eta) => eta > 0.0 ? eta + Math.Log(1.0 + Math.Exp(-eta)) : Math.Log(1.0 + Math.Exp(eta));

    /// <summary>
    /// <see cref="Softplus"/>(η) and <see cref="Sigmoid"/>(η) from one exponential e^(−|η|), bit for bit the values of the two
    /// separate calls (the logistic log-likelihood and its gradient need both per row; notebook 03).
    /// </summary>
    public static (double Softplus, double Sigmoid) SoftplusAndSigmoid(double eta)
    {
        double e = Math.Exp(-Math.Abs(eta));
        double softplus = eta > 0.0 ? eta + Math.Log(1.0 + e) : Math.Log(1.0 + e);
        double sigmoid = eta >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        return (softplus, sigmoid);
    }

    private static void CheckLengths(ReadOnlySpan<double> logits, Span<double> destination, string method)
    {
        if (logits.IsEmpty)
            throw new ArgumentException(Invariant($"LogSpace.{method}: logits must not be empty; got length 0."), nameof(logits));
        if (destination.Length != logits.Length)
            throw new ArgumentException(Invariant($"LogSpace.{method}: destination must have the length of logits ({logits.Length}); got {destination.Length}."), nameof(destination));
    }
}
