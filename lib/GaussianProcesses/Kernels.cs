using System.Numerics;
using System.Runtime.CompilerServices;

namespace AdvancedMl.GaussianProcesses;

/// <summary>Base of the isotropic kernels k = σ² f(r²/ℓ²) with hyperparameters (ℓ, σ²): RBF and the Matérn family (notebook 04).</summary>
public abstract class IsotropicKernel : Kernel
{
    private readonly string[] _names;

    private protected IsotropicKernel(double lengthScale, double variance, string name)
    {
        LengthScale = Positive(lengthScale, name, nameof(lengthScale));
        Variance = Positive(variance, name, nameof(variance));
        string prefix = name.ToLowerInvariant();
        _names = [prefix + ".lengthScale", prefix + ".variance"];
    }

    /// <summary>Length scale ℓ.</summary>
    public double LengthScale { get; }
    /// <summary>Signal variance σ².</summary>
    public double Variance { get; }
    /// <inheritdoc/>
    public override int ParameterCount => 2;
    /// <inheritdoc/>
    public override IReadOnlyList<string> ParameterNames => _names;
    /// <inheritdoc/>
    public override double[] LogParameters => [Math.Log(LengthScale), Math.Log(Variance)];
    /// <inheritdoc/>
    public override Kernel WithLogParameters(ReadOnlySpan<double> logParameters)
    {
        CheckLogParameters(logParameters);
        return Create(Math.Exp(logParameters[0]), Math.Exp(logParameters[1]));
    }

    /// <summary>A kernel of the same type with the given hyperparameters.</summary>
    private protected abstract Kernel Create(double lengthScale, double variance);

    /// <summary>The profile f(s) at s = r²/ℓ², and ∂f/∂log ℓ = −2 s f′(s).</summary>
    private protected abstract (double Value, double LogLengthScaleDerivative) Profile(double s);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint) =>
        Variance * Profile(SquaredDistance(x, y) / (LengthScale * LengthScale)).Value;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void CrossCovarianceInto(ReadOnlySpan<double> x, int n, ReadOnlySpan<double> y, int m, int d, Span<double> k)
    {
        double l2 = LengthScale * LengthScale, variance = Variance;
        for (int i = 0; i < n; i++)
        {
            var xi = x.Slice(i * d, d);
            var row = k.Slice(i * m, m);
            for (int j = 0; j < m; j++) row[j] = variance * Profile(SquaredDistance(xi, y.Slice(j * d, d)) / l2).Value;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint, Span<double> gradient) =>
        ValueAndGradient(x, y, samePoint, gradient);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override double ValueAndGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint, Span<double> gradient)
    {
        var (f, df) = Profile(SquaredDistance(x, y) / (LengthScale * LengthScale));
        gradient[0] = Variance * df; // ∂k/∂log ℓ
        gradient[1] = Variance * f;  // ∂k/∂log σ²
        return Variance * f;
    }

    /// <summary>Readable form with current values, e.g. "1.2² · RBF(ℓ=3.4)" (σ² written as a square).</summary>
    public override string ToString() => $"{Format(Math.Sqrt(Variance))}² · {GetType().Name.Replace("Rbf", "RBF", StringComparison.Ordinal)}(ℓ={Format(LengthScale)})";
}

/// <summary>Squared-exponential (RBF) kernel k = σ² exp(−r²/2ℓ²), r = ‖x − x′‖ (notebook 04, equation of the RBF kernel; sklearn ConstantKernel(σ²) * RBF(ℓ)).</summary>
public sealed class Rbf : IsotropicKernel
{
    /// <summary>Creates an RBF kernel with length scale ℓ and variance σ² (both positive).</summary>
    public Rbf(double lengthScale = 1, double variance = 1) : base(lengthScale, variance, "Rbf") { }

    private protected override Kernel Create(double lengthScale, double variance) => new Rbf(lengthScale, variance);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override (double, double) Profile(double s)
    {
        if (s > 1492.0) return (0.0, 0.0); // exp(−s/2) underflows to exactly 0 here; skipping it avoids libm's slow underflow path
        double e = Math.Exp(-0.5 * s);
        return (e, s * e);
    }
}

/// <summary>Matérn ν = 3/2 kernel k = σ² (1 + u) e^{−u}, u = √3 r/ℓ (notebook 04; sklearn Matern(nu=1.5)).</summary>
public sealed class Matern32 : IsotropicKernel
{
    /// <summary>Creates a Matérn-3/2 kernel with length scale ℓ and variance σ².</summary>
    public Matern32(double lengthScale = 1, double variance = 1) : base(lengthScale, variance, "Matern32") { }

    private protected override Kernel Create(double lengthScale, double variance) => new Matern32(lengthScale, variance);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override (double, double) Profile(double s)
    {
        double u = Math.Sqrt(3.0 * s), e = Math.Exp(-u);
        return ((1.0 + u) * e, u * u * e); // d/du[(1+u)e^{-u}] = −u e^{-u}, du/dlog ℓ = −u
    }
}

/// <summary>Matérn ν = 5/2 kernel k = σ² (1 + u + u²/3) e^{−u}, u = √5 r/ℓ (notebook 04; sklearn Matern(nu=2.5)).</summary>
public sealed class Matern52 : IsotropicKernel
{
    /// <summary>Creates a Matérn-5/2 kernel with length scale ℓ and variance σ².</summary>
    public Matern52(double lengthScale = 1, double variance = 1) : base(lengthScale, variance, "Matern52") { }

    private protected override Kernel Create(double lengthScale, double variance) => new Matern52(lengthScale, variance);

    /// <summary>K(X, Y) without virtual calls per pair and with the profile evaluated SIMD-wide (Vector.Exp), the optimiser's hottest loop; equal to <see cref="Kernel.Evaluate(ReadOnlySpan{double}, ReadOnlySpan{double})"/> to rounding (an ulp or two of the exponential).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void CrossCovarianceInto(ReadOnlySpan<double> x, int n, ReadOnlySpan<double> y, int m, int d, Span<double> k)
    {
        double l2 = LengthScale * LengthScale, variance = Variance;
        int w = Vector<double>.Count;
        var five = new Vector<double>(5.0);
        var scale = new Vector<double>(l2);
        var third = new Vector<double>(1.0 / 3.0);
        var sigma2 = new Vector<double>(variance);
        for (int i = 0; i < n; i++)
        {
            var xi = x.Slice(i * d, d);
            var row = k.Slice(i * m, m);
            for (int j = 0; j < m; j++) row[j] = SquaredDistance(xi, y.Slice(j * d, d));
            int jv = 0;
            for (; jv + w <= m; jv += w)
            {
                var u = Vector.SquareRoot(five * (new Vector<double>(row.Slice(jv, w)) / scale));
                var value = sigma2 * ((Vector<double>.One + u + u * u * third) * Vector.Exp(-u));
                value.CopyTo(row.Slice(jv, w));
            }
            for (; jv < m; jv++) row[jv] = variance * Profile(row[jv] / l2).Item1;   // the few leftover entries: the scalar profile
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override (double, double) Profile(double s)
    {
        double u = Math.Sqrt(5.0 * s), e = Math.Exp(-u);
        return ((1.0 + u + u * u / 3.0) * e, u * u * (1.0 + u) / 3.0 * e); // d/du = −u(1+u)/3 e^{-u}, du/dlog ℓ = −u
    }
}

/// <summary>Periodic kernel k = σ² exp(−2 sin²(π r/p)/ℓ²) (notebook 04; sklearn ExpSineSquared(ℓ, p) convention).</summary>
public sealed class Periodic : Kernel
{
    private static readonly string[] Names = ["periodic.lengthScale", "periodic.period", "periodic.variance"];

    /// <summary>Creates a periodic kernel with length scale ℓ, period p and variance σ².</summary>
    public Periodic(double lengthScale = 1, double period = 1, double variance = 1)
    {
        LengthScale = Positive(lengthScale, "Periodic", nameof(lengthScale));
        Period = Positive(period, "Periodic", nameof(period));
        Variance = Positive(variance, "Periodic", nameof(variance));
    }

    /// <summary>Length scale ℓ.</summary>
    public double LengthScale { get; }
    /// <summary>Period p.</summary>
    public double Period { get; }
    /// <summary>Signal variance σ².</summary>
    public double Variance { get; }
    /// <inheritdoc/>
    public override int ParameterCount => 3;
    /// <inheritdoc/>
    public override IReadOnlyList<string> ParameterNames => Names;
    /// <inheritdoc/>
    public override double[] LogParameters => [Math.Log(LengthScale), Math.Log(Period), Math.Log(Variance)];
    /// <inheritdoc/>
    public override Kernel WithLogParameters(ReadOnlySpan<double> logParameters)
    {
        CheckLogParameters(logParameters);
        return new Periodic(Math.Exp(logParameters[0]), Math.Exp(logParameters[1]), Math.Exp(logParameters[2]));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint)
    {
        double s = Math.Sin(Math.PI * Math.Sqrt(SquaredDistance(x, y)) / Period);
        return Variance * Math.Exp(-2.0 * s * s / (LengthScale * LengthScale));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint, Span<double> gradient) =>
        ValueAndGradient(x, y, samePoint, gradient);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override double ValueAndGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint, Span<double> gradient)
    {
        double r = Math.Sqrt(SquaredDistance(x, y)), angle = Math.PI * r / Period;
        double s = Math.Sin(angle), c = Math.Cos(angle), l2 = LengthScale * LengthScale;
        double k = Variance * Math.Exp(-2.0 * s * s / l2);
        gradient[0] = k * 4.0 * s * s / l2;               // ∂/∂log ℓ
        gradient[1] = k * 4.0 * s * c * angle / l2;       // ∂/∂log p: d(angle)/dlog p = −angle
        gradient[2] = k;
        return k;
    }

    /// <summary>Readable form with current values, e.g. "1² · Periodic(ℓ=1, p=1)".</summary>
    public override string ToString() => $"{Format(Math.Sqrt(Variance))}² · Periodic(ℓ={Format(LengthScale)}, p={Format(Period)})";
}

/// <summary>Rational-quadratic kernel k = σ² (1 + r²/(2αℓ²))^{−α}, a scale mixture of RBFs (notebook 04; sklearn RationalQuadratic).</summary>
public sealed class RationalQuadratic : Kernel
{
    private static readonly string[] Names = ["rq.lengthScale", "rq.alpha", "rq.variance"];

    /// <summary>Creates a rational-quadratic kernel with length scale ℓ, shape α and variance σ².</summary>
    public RationalQuadratic(double lengthScale = 1, double alpha = 1, double variance = 1)
    {
        LengthScale = Positive(lengthScale, "RationalQuadratic", nameof(lengthScale));
        Alpha = Positive(alpha, "RationalQuadratic", nameof(alpha));
        Variance = Positive(variance, "RationalQuadratic", nameof(variance));
    }

    /// <summary>Length scale ℓ.</summary>
    public double LengthScale { get; }
    /// <summary>Shape α (α → ∞ gives the RBF).</summary>
    public double Alpha { get; }
    /// <summary>Signal variance σ².</summary>
    public double Variance { get; }
    /// <inheritdoc/>
    public override int ParameterCount => 3;
    /// <inheritdoc/>
    public override IReadOnlyList<string> ParameterNames => Names;
    /// <inheritdoc/>
    public override double[] LogParameters => [Math.Log(LengthScale), Math.Log(Alpha), Math.Log(Variance)];
    /// <inheritdoc/>
    public override Kernel WithLogParameters(ReadOnlySpan<double> logParameters)
    {
        CheckLogParameters(logParameters);
        return new RationalQuadratic(Math.Exp(logParameters[0]), Math.Exp(logParameters[1]), Math.Exp(logParameters[2]));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint) =>
        Variance * Math.Pow(1.0 + SquaredDistance(x, y) / (2.0 * Alpha * LengthScale * LengthScale), -Alpha);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint, Span<double> gradient)
    {
        double t = SquaredDistance(x, y) / (LengthScale * LengthScale), b = 1.0 + t / (2.0 * Alpha);
        double k = Variance * Math.Pow(b, -Alpha);
        gradient[0] = k * t / b;                                   // ∂/∂log ℓ
        gradient[1] = k * (-Alpha * Math.Log(b) + t / (2.0 * b)); // ∂/∂log α
        gradient[2] = k;
    }

    /// <summary>Readable form with current values, e.g. "1² · RQ(ℓ=1, α=1)".</summary>
    public override string ToString() => $"{Format(Math.Sqrt(Variance))}² · RQ(ℓ={Format(LengthScale)}, α={Format(Alpha)})";
}

/// <summary>Linear (dot-product) kernel k = σ² x·x′ + c: Bayesian linear regression with weight variance σ² and bias variance c (notebook 04; sklearn DotProduct(σ₀) is σ² = 1, c = σ₀²).</summary>
/// <remarks>The offset c is a hyperparameter like σ² (positive, optimised in log space); a tiny default keeps it nearly a pure dot product.</remarks>
public sealed class Linear : Kernel
{
    private static readonly string[] Names = ["linear.variance", "linear.offset"];

    /// <summary>Creates a linear kernel σ² x·x′ + c.</summary>
    public Linear(double variance = 1, double offset = 1e-6)
    {
        Variance = Positive(variance, "Linear", nameof(variance));
        Offset = Positive(offset, "Linear", nameof(offset));
    }

    /// <summary>Weight variance σ².</summary>
    public double Variance { get; }
    /// <summary>Bias variance c.</summary>
    public double Offset { get; }
    /// <inheritdoc/>
    public override int ParameterCount => 2;
    /// <inheritdoc/>
    public override IReadOnlyList<string> ParameterNames => Names;
    /// <inheritdoc/>
    public override double[] LogParameters => [Math.Log(Variance), Math.Log(Offset)];
    /// <inheritdoc/>
    public override Kernel WithLogParameters(ReadOnlySpan<double> logParameters)
    {
        CheckLogParameters(logParameters);
        return new Linear(Math.Exp(logParameters[0]), Math.Exp(logParameters[1]));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint) => Variance * Dot(x, y) + Offset;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint, Span<double> gradient)
    {
        gradient[0] = Variance * Dot(x, y);
        gradient[1] = Offset;
    }

    /// <summary>Readable form with current values, e.g. "Linear(σ²=1, c=1e-06)".</summary>
    public override string ToString() => $"Linear(σ²={Format(Variance)}, c={Format(Offset)})";

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0.0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }
}

/// <summary>White noise k = σ²·[same point]: adds σ² to the diagonal of K(X, X) only, never to K(X, X*) (notebook 04; sklearn WhiteKernel).</summary>
public sealed class WhiteNoise : Kernel
{
    private static readonly string[] Names = ["white.variance"];

    /// <summary>Creates a white-noise kernel with noise variance σ²ₙ.</summary>
    public WhiteNoise(double variance = 1) => Variance = Positive(variance, "WhiteNoise", nameof(variance));

    /// <summary>Noise variance σ²ₙ.</summary>
    public double Variance { get; }
    /// <inheritdoc/>
    public override int ParameterCount => 1;
    /// <inheritdoc/>
    public override IReadOnlyList<string> ParameterNames => Names;
    /// <inheritdoc/>
    public override double[] LogParameters => [Math.Log(Variance)];
    /// <inheritdoc/>
    public override Kernel WithLogParameters(ReadOnlySpan<double> logParameters)
    {
        CheckLogParameters(logParameters);
        return new WhiteNoise(Math.Exp(logParameters[0]));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint) => samePoint ? Variance : 0.0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint, Span<double> gradient) =>
        gradient[0] = samePoint ? Variance : 0.0;

    /// <summary>Readable form with current values, e.g. "White(σ²=0.01)".</summary>
    public override string ToString() => $"White(σ²={Format(Variance)})";
}

/// <summary>Sum kernel k₁ + k₂ (hyperparameters of k₁ then of k₂); made with the + operator.</summary>
public sealed class SumKernel : Kernel
{
    private readonly int _parameterCount;

    internal SumKernel(Kernel left, Kernel right) { Left = left; Right = right; _parameterCount = left.ParameterCount + right.ParameterCount; }

    /// <summary>First term k₁.</summary>
    public Kernel Left { get; }
    /// <summary>Second term k₂.</summary>
    public Kernel Right { get; }
    /// <inheritdoc/>
    public override int ParameterCount => _parameterCount;
    /// <inheritdoc/>
    public override IReadOnlyList<string> ParameterNames => [.. Left.ParameterNames, .. Right.ParameterNames];
    /// <inheritdoc/>
    public override double[] LogParameters => [.. Left.LogParameters, .. Right.LogParameters];
    /// <inheritdoc/>
    public override Kernel WithLogParameters(ReadOnlySpan<double> logParameters)
    {
        CheckLogParameters(logParameters);
        int p = Left.ParameterCount;
        return new SumKernel(Left.WithLogParameters(logParameters[..p]), Right.WithLogParameters(logParameters[p..]));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint) =>
        Left.Evaluate(x, y, samePoint) + Right.Evaluate(x, y, samePoint);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint, Span<double> gradient)
    {
        int p = Left.ParameterCount;
        Left.Gradient(x, y, samePoint, gradient[..p]);
        Right.Gradient(x, y, samePoint, gradient[p..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override double ValueAndGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint, Span<double> gradient)
    {
        int p = Left.ParameterCount;
        return Left.ValueAndGradient(x, y, samePoint, gradient[..p]) + Right.ValueAndGradient(x, y, samePoint, gradient[p..]);
    }

    /// <summary>Readable form "k₁ + k₂".</summary>
    public override string ToString() => $"{Left} + {Right}";
}

/// <summary>Product kernel k₁ · k₂ (hyperparameters of k₁ then of k₂); made with the * operator.</summary>
public sealed class ProductKernel : Kernel
{
    private readonly int _parameterCount;

    internal ProductKernel(Kernel left, Kernel right) { Left = left; Right = right; _parameterCount = left.ParameterCount + right.ParameterCount; }

    /// <summary>First factor k₁.</summary>
    public Kernel Left { get; }
    /// <summary>Second factor k₂.</summary>
    public Kernel Right { get; }
    /// <inheritdoc/>
    public override int ParameterCount => _parameterCount;
    /// <inheritdoc/>
    public override IReadOnlyList<string> ParameterNames => [.. Left.ParameterNames, .. Right.ParameterNames];
    /// <inheritdoc/>
    public override double[] LogParameters => [.. Left.LogParameters, .. Right.LogParameters];
    /// <inheritdoc/>
    public override Kernel WithLogParameters(ReadOnlySpan<double> logParameters)
    {
        CheckLogParameters(logParameters);
        int p = Left.ParameterCount;
        return new ProductKernel(Left.WithLogParameters(logParameters[..p]), Right.WithLogParameters(logParameters[p..]));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint) =>
        Left.Evaluate(x, y, samePoint) * Right.Evaluate(x, y, samePoint);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint, Span<double> gradient) =>
        ValueAndGradient(x, y, samePoint, gradient);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override double ValueAndGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool samePoint, Span<double> gradient)
    {
        int p = Left.ParameterCount;
        double a = Left.ValueAndGradient(x, y, samePoint, gradient[..p]), b = Right.ValueAndGradient(x, y, samePoint, gradient[p..]);
        for (int j = 0; j < p; j++) gradient[j] *= b;                   // product rule
        for (int j = p; j < gradient.Length; j++) gradient[j] *= a;
        return a * b;
    }

    /// <summary>Readable form "k₁ · k₂", sums in parentheses.</summary>
    public override string ToString() => $"{Wrap(Left)} · {Wrap(Right)}";

    private static string Wrap(Kernel k) => k is SumKernel ? $"({k})" : $"{k}";
}
