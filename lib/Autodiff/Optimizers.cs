using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static System.FormattableString;

namespace AdvancedMl.Autodiff;

/// <summary>Updates parameters in place from their accumulated gradients (torch.optim.Optimizer).</summary>
public abstract class Optimizer
{
    /// <summary>Registers the parameters (each must require grad) and the initial learning rate.</summary>
    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate, string name)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Name = name;
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0) throw new ArgumentException($"{name}: needs at least one parameter; got none.", nameof(parameters));
        for (int i = 0; i < Parameters.Count; i++)
            if (!Parameters[i].RequiresGrad || !Parameters[i].IsLeaf)
                throw new ArgumentException(Invariant($"{name}: parameters[{i}] must be a leaf that requires grad (shape {Shapes.Format(Parameters[i]._shape)}, op {Parameters[i].Op})."), nameof(parameters));
        LearningRate = learningRate;
    }

    /// <summary>The optimiser's name in error messages.</summary>
    protected string Name { get; }

    /// <summary>The parameters updated by Step.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The step size; change it between steps to follow a schedule (LrSchedule).</summary>
    public double LearningRate
    {
        get;
        set
        {
            if (!(value >= 0.0) || double.IsInfinity(value))
                throw new ArgumentException(Invariant($"{Name}: learningRate must be a finite number at least 0; got {value}."), nameof(value));
            field = value;
        }
    }

    /// <summary>The number of Step calls so far.</summary>
    public int StepCount { get; private set; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.Grad is null) continue;
            Update(i, p._data, p.Grad._data);
        }
    }

    /// <summary>Updates one parameter (index i) in place from its gradient.</summary>
    protected abstract void Update(int i, Span<double> parameter, ReadOnlySpan<double> gradient);

    /// <summary>Zeroes every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.ZeroGrad();
    }

    /// <summary>Scales all gradients by min(1, maxNorm/‖g‖) where ‖g‖ is the global L2 norm over all of them; returns ‖g‖ before clipping.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0.0)) throw new ArgumentException(Invariant($"Optimizer.ClipGradNorm: maxNorm must be positive; got {maxNorm}."), nameof(maxNorm));
        var grads = parameters.Where(p => p.Grad is not null).Select(p => p.Grad!).ToArray();
        double sumSquares = 0.0;
        foreach (var g in grads) sumSquares += Kernels.Elementwise.Dot(g._data, g._data);
        double norm = Math.Sqrt(sumSquares);
        if (norm > maxNorm)
        {
            double scale = maxNorm / (norm + 1e-6);
            foreach (var g in grads) Kernels.Elementwise.Map<Kernels.Elementwise.MultiplyOp>(g._data, [scale], g._data);
        }
        return norm;
    }

    /// <summary>A zero buffer per parameter (momentum and moment estimates).</summary>
    protected double[][] ZeroBuffers() => Parameters.Select(p => new double[p.Size]).ToArray();

    /// <summary>Throws unless value lies in [0, upper).</summary>
    protected void CheckRange(double value, double upper, string parameter)
    {
        if (!(value >= 0.0 && value < upper))
            throw new ArgumentException(Invariant($"{Name}: {parameter} must lie in [0, {upper}); got {value}."), parameter);
    }
}

/// <summary>Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay (PyTorch's update rule).</summary>
public sealed class Sgd : Optimizer
{
    private readonly double[][] _velocity;

    /// <summary>v ← μv + (g + λθ); θ ← θ − lr·v (or θ − lr·(g + λθ + μv) with Nesterov); plain SGD when momentum = 0.</summary>
    public Sgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0.0, bool nesterov = false, double weightDecay = 0.0)
        : base(parameters, learningRate, "Sgd")
    {
        CheckRange(momentum, 1.0, nameof(momentum));
        CheckRange(weightDecay, double.PositiveInfinity, nameof(weightDecay));
        if (nesterov && momentum == 0.0) throw new ArgumentException("Sgd: nesterov needs momentum > 0; got momentum 0.", nameof(nesterov));
        Momentum = momentum;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
        _velocity = ZeroBuffers();
    }

    /// <summary>μ, the momentum coefficient.</summary>
    public double Momentum { get; }

    /// <summary>Whether the Nesterov form is used.</summary>
    public bool Nesterov { get; }

    /// <summary>λ, the L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(int i, Span<double> theta, ReadOnlySpan<double> grad)
    {
        var v = _velocity[i];
        bool first = StepCount == 1;
        for (int j = 0; j < theta.Length; j++)
        {
            double g = grad[j] + WeightDecay * theta[j];
            if (Momentum != 0.0)
            {
                v[j] = first ? g : Momentum * v[j] + g;
                g = Nesterov ? g + Momentum * v[j] : v[j];
            }
            theta[j] -= LearningRate * g;
        }
    }
}

/// <summary>Adam (Kingma &amp; Ba 2015) with bias-corrected moments; weightDecay adds λθ to the gradient (L2, not decoupled).</summary>
public class Adam : Optimizer
{
    private readonly double[][] _m, _v;

    /// <summary>m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).</summary>
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.0)
        : this(parameters, learningRate, beta1, beta2, eps, weightDecay, "Adam") { }

    /// <summary>For AdamW: the same moments under another name.</summary>
    private protected Adam(IEnumerable<Tensor> parameters, double learningRate, double beta1, double beta2, double eps, double weightDecay, string name)
        : base(parameters, learningRate, name)
    {
        CheckRange(beta1, 1.0, nameof(beta1));
        CheckRange(beta2, 1.0, nameof(beta2));
        if (!(eps > 0.0)) throw new ArgumentException(Invariant($"{name}: eps must be positive; got {eps}."), nameof(eps));
        CheckRange(weightDecay, double.PositiveInfinity, nameof(weightDecay));
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        _m = ZeroBuffers();
        _v = ZeroBuffers();
    }

    /// <summary>β₁, decay of the first-moment estimate.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, decay of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to √v̂.</summary>
    public double Eps { get; }

    /// <summary>λ, the weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>True for AdamW's decoupled decay θ ← θ − lr·λθ.</summary>
    private protected virtual bool Decoupled => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Update(int i, Span<double> theta, ReadOnlySpan<double> grad)
    {
        var m = _m[i];
        var v = _v[i];
        double lr = LearningRate;
        double correction1 = 1.0 - Math.Pow(Beta1, StepCount), correction2 = 1.0 - Math.Pow(Beta2, StepCount);
        double stepSize = lr / correction1, sqrtCorrection2 = Math.Sqrt(correction2);
        double decay = Decoupled ? 1.0 - lr * WeightDecay : 1.0, l2 = Decoupled ? 0.0 : WeightDecay;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // The scalar loop below, four entries at a time (same operations, same rounding: no fused multiply-add).
            var b1 = Vector256.Create(Beta1);
            var b2 = Vector256.Create(Beta2);
            var c1 = Vector256.Create(1.0 - Beta1);
            var c2 = Vector256.Create(1.0 - Beta2);
            var vl2 = Vector256.Create(l2);
            var vdecay = Vector256.Create(decay);
            var vstep = Vector256.Create(stepSize);
            var vsqrt = Vector256.Create(sqrtCorrection2);
            var veps = Vector256.Create(Eps);
            for (; j <= theta.Length - 4; j += 4)
            {
                var th = Vector256.Create(theta.Slice(j, 4));
                var g = Vector256.Create(grad.Slice(j, 4)) + vl2 * th;
                var mj = b1 * Vector256.Create(m.AsSpan(j, 4)) + c1 * g;
                var vj = b2 * Vector256.Create(v.AsSpan(j, 4)) + c2 * g * g;
                mj.CopyTo(m.AsSpan(j, 4));
                vj.CopyTo(v.AsSpan(j, 4));
                (th * vdecay - vstep * mj / (Vector256.Sqrt(vj) / vsqrt + veps)).CopyTo(theta.Slice(j, 4));
            }
        }
        for (; j < theta.Length; j++)
        {
            double g = grad[j] + l2 * theta[j];
            m[j] = Beta1 * m[j] + (1.0 - Beta1) * g;
            v[j] = Beta2 * v[j] + (1.0 - Beta2) * g * g;
            theta[j] = theta[j] * decay - stepSize * m[j] / (Math.Sqrt(v[j]) / sqrtCorrection2 + Eps);
        }
    }
}

/// <summary>AdamW (Loshchilov &amp; Hutter 2019): Adam with decoupled weight decay θ ← θ(1 − lr·λ) before the Adam step.</summary>
public sealed class AdamW : Adam
{
    /// <summary>Adam moments plus decoupled decay (default λ = 0.01, as in PyTorch).</summary>
    public AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01)
        : base(parameters, learningRate, beta1, beta2, eps, weightDecay, "AdamW") { }

    private protected override bool Decoupled => true;
}

/// <summary>Learning-rate schedules as functions of the step number (call before each Step and assign to LearningRate).</summary>
public static class LrSchedule
{
    /// <summary>Cosine annealing: minLr + (baseLr − minLr)·(1 + cos(π·step/totalSteps))/2, held at minLr after totalSteps.</summary>
    public static double Cosine(int step, int totalSteps, double baseLr, double minLr = 0.0)
    {
        if (totalSteps < 1) throw new ArgumentException(Invariant($"LrSchedule.Cosine: totalSteps must be at least 1; got {totalSteps}."), nameof(totalSteps));
        if (step < 0) throw new ArgumentException(Invariant($"LrSchedule.Cosine: step must be at least 0; got {step}."), nameof(step));
        double t = Math.Min(step, totalSteps) / (double)totalSteps;
        return minLr + (baseLr - minLr) * 0.5 * (1.0 + Math.Cos(Math.PI * t));
    }

    /// <summary>Linear warm-up baseLr·(step+1)/warmupSteps for the first warmupSteps steps, then cosine annealing over the rest.</summary>
    public static double WarmupCosine(int step, int warmupSteps, int totalSteps, double baseLr, double minLr = 0.0)
    {
        if (warmupSteps < 0 || warmupSteps >= totalSteps)
            throw new ArgumentException(Invariant($"LrSchedule.WarmupCosine: warmupSteps must lie in [0, totalSteps); got {warmupSteps} with totalSteps {totalSteps}."), nameof(warmupSteps));
        if (step < warmupSteps) return baseLr * (step + 1) / warmupSteps;
        return Cosine(step - warmupSteps, totalSteps - warmupSteps, baseLr, minLr);
    }
}
