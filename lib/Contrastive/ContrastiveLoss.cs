using static System.FormattableString;
using AdvancedMl.Autodiff;

namespace AdvancedMl.Contrastive;

/// <summary>The contrastive objectives of notebook 13 written with the autodiff engine's differentiable ops.</summary>
public static class ContrastiveLoss
{
    /// <summary>
    /// NT-Xent, SimCLR's loss (notebook 13, eq. 5): the 2n rows of [z1; z2] are L2-normalised, row i scores every other row by
    /// cosine similarity / τ, and the loss is the mean cross-entropy of picking its other view (i ± n) among the 2n − 1 candidates.
    /// </summary>
    public static Tensor NtXent(Tensor z1, Tensor z2, double temperature)
    {
        const string method = "ContrastiveLoss.NtXent";
        CheckPair(z1, z2, method);
        CheckTemperature(temperature, method);
        int n = z1.Dim(0);
        if (n < 2) throw new ArgumentException(Invariant($"{method}: a batch needs at least 2 pairs so that negatives exist; got {n}."), nameof(z1));
        var z = Tensor.Concat(new[] { z1, z2 }, 0).L2Normalize();
        var logits = z.MatMul(z.T()) / temperature + SelfMask(2 * n);
        var targets = new int[2 * n];
        for (int i = 0; i < n; i++) { targets[i] = i + n; targets[i + n] = i; }
        return Loss.CrossEntropy(logits, targets);
    }

    /// <summary>
    /// InfoNCE with an explicit set of negatives (notebook 13, eq. 1; MoCo's form): for query qᵢ the logits are
    /// [qᵢ·kᵢ⁺, qᵢ·n₁, …, qᵢ·n_m] / τ after L2-normalising every row, and the loss is the mean cross-entropy of class 0.
    /// The negatives are shared by all queries (a queue or a memory bank); pass them detached.
    /// </summary>
    public static Tensor InfoNce(Tensor queries, Tensor positiveKeys, Tensor negatives, double temperature)
    {
        const string method = "ContrastiveLoss.InfoNce";
        CheckPair(queries, positiveKeys, method);
        ArgumentNullException.ThrowIfNull(negatives);
        if (negatives.Rank != 2 || negatives.Dim(1) != queries.Dim(1) || negatives.Dim(0) < 1)
            throw new ArgumentException(Invariant($"{method}: negatives must be [m×{queries.Dim(1)}] with m ≥ 1; got [{string.Join("×", negatives.Shape)}]."), nameof(negatives));
        CheckTemperature(temperature, method);
        var q = queries.L2Normalize();
        var positive = (q * positiveKeys.L2Normalize()).Sum(1, keepDim: true);   // [n×1]
        var negative = q.MatMul(negatives.L2Normalize().T());                      // [n×m]
        var logits = Tensor.Concat(new[] { positive, negative }, 1) / temperature;
        return Loss.CrossEntropy(logits, new int[queries.Dim(0)]);
    }

    /// <summary>BYOL's and SimSiam's regression loss (notebook 13, eq. 8): mean over rows of ‖p̂ − ẑ‖² = 2 − 2 cos(p, z) for L2-normalised p and z.</summary>
    public static Tensor NormalizedMse(Tensor predictions, Tensor targets)
    {
        const string method = "ContrastiveLoss.NormalizedMse";
        CheckPair(predictions, targets, method);
        var cosine = (predictions.L2Normalize() * targets.L2Normalize()).Sum(1);
        return 2.0 - 2.0 * cosine.Mean();
    }

    /// <summary>A constant [m×m] tensor with −10⁹ on the diagonal and 0 elsewhere: added to logits it removes each row's similarity with itself.</summary>
    private static Tensor SelfMask(int m)
    {
        var mask = new double[m * m];
        for (int i = 0; i < m; i++) mask[i * m + i] = -1e9;
        return Tensor.FromArray(mask, m, m);
    }

    private static void CheckPair(Tensor a, Tensor b, string method)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 2 || b.Rank != 2 || a.Dim(0) != b.Dim(0) || a.Dim(1) != b.Dim(1))
            throw new ArgumentException(Invariant($"{method}: the two embeddings must be 2-D with the same shape; got [{string.Join("×", a.Shape)}] and [{string.Join("×", b.Shape)}]."));
    }

    private static void CheckTemperature(double temperature, string method)
    {
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new ArgumentException(Invariant($"{method}: temperature must be a finite number above 0; got {temperature}."), nameof(temperature));
    }
}
