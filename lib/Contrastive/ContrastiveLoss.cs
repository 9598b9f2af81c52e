using static System.FormattableString;
using System.Runtime.CompilerServices;
using AdvancedMl.Autodiff;
using AdvancedMl.Autodiff.Kernels;

namespace AdvancedMl.Contrastive;

/// <summary>The contrastive objectives of notebook 13 written with the autodiff engine's differentiable ops.</summary>
public static class ContrastiveLoss
{
    /// <summary>
    /// NT-Xent, SimCLR's loss (notebook 13, eq. 3): the 2n rows of [z1; z2] are L2-normalised, row i scores every other row by
    /// cosine similarity / τ, and the loss is the mean cross-entropy of picking its other view (i ± n) among the 2n − 1 candidates.
    /// </summary>
    public static Tensor NtXent(Tensor z1, Tensor z2, double temperature)
    {
        const string method = "ContrastiveLoss.NtXent";
        CheckPair(z1, z2, method);
        CheckTemperature(temperature, method);
        int n = z1.Dim(0);
        if (n < 2) throw new ArgumentException(Invariant($"{method}: a batch needs at least 2 pairs so that negatives exist; got {n}."), nameof(z1));
        int d = z1.Dim(1);
        var (loss, u, norms, p) = Forward(z1._data, z2._data, n, d, temperature);
        return Tensor.Result("NtXent", [loss], [], [z1, z2], g =>
        {
            if (Autograd.IsGradEnabled) return Composite(z1, z2, temperature, g);   // double backward: differentiable ops
            var d1 = Storage.Rent(n * d);
            var d2 = Storage.Rent(n * d);
            Backward(u, norms, p, n, d, temperature, g.Item(), d1, d2);
            return [z1.RequiresGrad ? Tensor.Made(d1, [n, d], "NtXentBackward") : null, z2.RequiresGrad ? Tensor.Made(d2, [n, d], "NtXentBackward") : null];
        });
    }

    /// <summary>
    /// NT-Xent on the two views stacked in one tensor [2n×d], rows i and i + n being the two views of image i: the same value
    /// and gradient as NtXent(z[..n], z[n..]), for trainers that pass both views through the networks as one batch.
    /// </summary>
    public static Tensor NtXent(Tensor views, double temperature)
    {
        const string method = "ContrastiveLoss.NtXent";
        ArgumentNullException.ThrowIfNull(views);
        if (views.Rank != 2 || views.Dim(0) % 2 != 0 || views.Dim(0) < 4)
            throw new ArgumentException(Invariant($"{method}: views must be [2n×d] with n ≥ 2 (the first n rows one view of each image, the last n the other); got [{string.Join("×", views.Shape)}]."), nameof(views));
        CheckTemperature(temperature, method);
        int n = views.Dim(0) / 2, d = views.Dim(1);
        var data = views._data;
        var (loss, u, norms, p) = Forward(data.AsSpan(0, n * d), data.AsSpan(n * d, n * d), n, d, temperature);
        return Tensor.Result("NtXent", [loss], [], [views], g =>
        {
            if (Autograd.IsGradEnabled)   // double backward: differentiable ops on the two halves
            {
                var parts = Composite(views.Slice(0, 0, n), views.Slice(0, n, n), temperature, g);
                return [Tensor.Concat(new[] { parts[0]!, parts[1]! }, 0)];
            }
            var dz = Storage.Rent(2 * n * d);
            Backward(u, norms, p, n, d, temperature, g.Item(), dz.AsSpan(0, n * d), dz.AsSpan(n * d, n * d));
            return [Tensor.Made(dz, [2 * n, d], "NtXentBackward")];
        });
    }

    private static (double Loss, double[] U, double[] Norms, double[] P) Forward(ReadOnlySpan<double> z1, ReadOnlySpan<double> z2, int n, int d, double temperature)
    {
        int m = 2 * n;
        var u = Storage.Rent(m * d);
        var norms = new double[m];
        var p = Storage.Rent(m * m);
        Normalize(z1, z2, n, d, u, norms);
        return (SoftmaxRows(u, n, d, temperature, p), u, norms, p);
    }

    /// <summary>NT-Xent written with the engine's differentiable ops (the notebook's inline version), for gradients of gradients.</summary>
    private static Tensor?[] Composite(Tensor z1, Tensor z2, double temperature, Tensor g)
    {
        int n = z1.Dim(0);
        var z = Tensor.Concat(new[] { z1, z2 }, 0).L2Normalize();
        var mask = new double[4 * n * n];
        for (int i = 0; i < 2 * n; i++) mask[i * 2 * n + i] = -1e9;
        var targets = new int[2 * n];
        for (int i = 0; i < n; i++) { targets[i] = i + n; targets[i + n] = i; }
        var loss = Loss.CrossEntropy(z.MatMul(z.T()) / temperature + Tensor.FromArray(mask, 2 * n, 2 * n), targets);
        var inputs = new[] { z1, z2 }.Where(t => t.RequiresGrad).ToArray();
        var grads = Autograd.Grad(loss, inputs, g, createGraph: true);
        int k = 0;
        return [z1.RequiresGrad ? grads[k++] : null, z2.RequiresGrad ? grads[k] : null];
    }

    // The fused op. U = the 2n rows of [z1; z2] divided by their norms r (at least 1e-12, as Tensor.L2Normalize), S = U·Uᵀ,
    // row i's logits S_ij/τ over j ≠ i, loss = mean_i (logsumexp_{j≠i} S_ij/τ − S_{i,p(i)}/τ). Backward: with P the row
    // softmaxes (P_ii = 0) and G = (P − onehot(p))/(2nτ), ∂L/∂U = (G + Gᵀ)·U and ∂L/∂z_i = (∂L/∂u_i − u_i(u_i·∂L/∂u_i))/r_i.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Normalize(ReadOnlySpan<double> z1, ReadOnlySpan<double> z2, int n, int d, double[] u, double[] norms)
    {
        for (int i = 0; i < 2 * n; i++)
        {
            var row = (i < n ? z1 : z2).Slice((i % n) * d, d);
            double r = Math.Sqrt(Math.Max(Elementwise.Dot(row, row), 1e-24));
            norms[i] = r;
            for (int j = 0; j < d; j++) u[i * d + j] = row[j] / r;
        }
    }

    /// <summary>Softmax rows of U·Uᵀ/τ with the diagonal excluded, written into p (2n × 2n); returns the mean loss.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SoftmaxRows(double[] u, int n, int d, double temperature, double[] p)
    {
        int m = 2 * n;
        Gemm.Multiply(u, false, u, true, p, m, d, m, accumulate: false);
        double total = 0;
        for (int i = 0; i < m; i++)
        {
            var row = p.AsSpan(i * m, m);
            double partner = row[i < n ? i + n : i - n] / temperature, max = double.NegativeInfinity;
            for (int j = 0; j < m; j++) { row[j] /= temperature; if (j != i && row[j] > max) max = row[j]; }
            for (int j = 0; j < m; j++) row[j] -= max;
            Exponential.Exp(row, row);
            row[i] = 0;                                               // a view is not its own candidate
            double sum = Elementwise.Sum(row);
            total += max + Math.Log(sum) - partner;
            for (int j = 0; j < m; j++) row[j] /= sum;
        }
        return total / m;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Backward(double[] u, double[] norms, double[] p, int n, int d, double temperature, double g, Span<double> d1, Span<double> d2)
    {
        int m = 2 * n;
        double scale = g / (m * temperature);
        var sym = Storage.Rent(m * m);
        for (int i = 0; i < m; i++)                                   // sym = (G + Gᵀ)·2nτ/g, G = P − onehot(partner)
            for (int j = i; j < m; j++)
            {
                double s = p[i * m + j] + p[j * m + i] - (j == i + n ? 2 : 0);
                sym[i * m + j] = s; sym[j * m + i] = s;
            }
        var du = Storage.Rent(m * d);
        Gemm.Multiply(sym, false, u, false, du, m, m, d, accumulate: false);
        for (int i = 0; i < m; i++)
        {
            var ui = u.AsSpan(i * d, d);
            var gi = du.AsSpan(i * d, d);
            double along = Elementwise.Dot(ui, gi);
            var target = (i < n ? d1 : d2).Slice((i % n) * d, d);
            double factor = scale / norms[i];
            for (int j = 0; j < d; j++) target[j] = factor * (gi[j] - along * ui[j]);
        }
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

    /// <summary>BYOL's and SimSiam's regression loss (notebook 13, eq. 4): mean over rows of ‖p̂ − ẑ‖² = 2 − 2 cos(p, z) for L2-normalised p and z.</summary>
    public static Tensor NormalizedMse(Tensor predictions, Tensor targets)
    {
        const string method = "ContrastiveLoss.NormalizedMse";
        CheckPair(predictions, targets, method);
        var cosine = (predictions.L2Normalize() * targets.L2Normalize()).Sum(1);
        return 2.0 - 2.0 * cosine.Mean();
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
