using static System.FormattableString;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using AdvancedMl.Numerics;

namespace AdvancedMl.Bayesian;

/// <summary>Normal-inverse-gamma prior (or posterior): μ | σ² ~ N(Mean0, σ²/Kappa0), σ² ~ Inv-Gamma(Shape0, Scale0) (notebook 03, the conjugate model).</summary>
/// <param name="Mean0">Prior mean m₀ of μ.</param>
/// <param name="Kappa0">Prior pseudo-count κ₀ > 0: μ's prior variance is σ²/κ₀.</param>
/// <param name="Shape0">Inverse-gamma shape a₀ > 0 of σ².</param>
/// <param name="Scale0">Inverse-gamma scale b₀ > 0 of σ² (density ∝ (σ²)^(−a₀−1) exp(−b₀/σ²)).</param>
public sealed record NormalInverseGammaPrior(double Mean0, double Kappa0, double Shape0, double Scale0);

/// <summary>The conjugate normal model xᵢ ~ N(μ, σ²) with a normal-inverse-gamma prior: exact posterior, evidence, an unconstrained log posterior for HMC/VI and a Gibbs sampler (notebook 03, the ground truth every approximation is checked against).</summary>
/// <remarks>
/// Posterior (with n, x̄ and S = Σ(xᵢ − x̄)²): κₙ = κ₀ + n, mₙ = (κ₀m₀ + n x̄)/κₙ, aₙ = a₀ + n/2,
/// bₙ = b₀ + S/2 + κ₀ n (x̄ − m₀)² / (2κₙ). Marginally μ ~ Student-t(2aₙ, mₙ, bₙ/(aₙκₙ)) and σ² ~ Inv-Gamma(aₙ, bₙ).
/// </remarks>
public sealed class ConjugateNormalModel
{
    private readonly NormalInverseGammaPrior _prior;
    private readonly int _n;
    private readonly double _mean, _scatter; // x̄ and S
    private readonly double _logJointConstant;

    private ConjugateNormalModel(NormalInverseGammaPrior prior, int n, double mean, double scatter)
    {
        _prior = prior;
        _n = n;
        _mean = mean;
        _scatter = scatter;
        double kappaN = prior.Kappa0 + n;
        double meanN = (prior.Kappa0 * prior.Mean0 + n * mean) / kappaN;
        double shapeN = prior.Shape0 + 0.5 * n;
        double scaleN = prior.Scale0 + 0.5 * scatter + prior.Kappa0 * n * (mean - prior.Mean0) * (mean - prior.Mean0) / (2.0 * kappaN);
        Posterior = new NormalInverseGammaPrior(meanN, kappaN, shapeN, scaleN);
        _logJointConstant = -0.5 * (n + 1) * Math.Log(2.0 * Math.PI) + 0.5 * Math.Log(prior.Kappa0)
            + prior.Shape0 * Math.Log(prior.Scale0) - SpecialFunctions.GammaLn(prior.Shape0);
    }

    /// <summary>Builds the model from the observations and the prior, computing the posterior in closed form (notebook 03, conjugate update).</summary>
    public static ConjugateNormalModel Create(double[] data, NormalInverseGammaPrior prior)
    {
        const string method = "ConjugateNormalModel.Create";
        ArgumentNullException.ThrowIfNull(prior);
        Checks.FiniteVector(data, method, nameof(data));
        Checks.Finite(prior.Mean0, method, "prior.Mean0");
        Checks.Positive(prior.Kappa0, method, "prior.Kappa0");
        Checks.Positive(prior.Shape0, method, "prior.Shape0");
        Checks.Positive(prior.Scale0, method, "prior.Scale0");
        double mean = 0.0;
        foreach (double x in data) mean += x;
        mean /= data.Length;
        double scatter = 0.0;
        foreach (double x in data) scatter += (x - mean) * (x - mean);
        return new ConjugateNormalModel(prior, data.Length, mean, scatter);
    }

    /// <summary>The prior the model was built with.</summary>
    public NormalInverseGammaPrior Prior => _prior;

    /// <summary>Number of observations n.</summary>
    public int Count => _n;

    /// <summary>Posterior hyperparameters (mₙ, κₙ, aₙ, bₙ): the posterior is again normal-inverse-gamma (notebook 03, conjugacy).</summary>
    public NormalInverseGammaPrior Posterior { get; }

    /// <summary>E[μ | x] = mₙ, the centre of the Student-t marginal (needs aₙ > ½, always true once n ≥ 1).</summary>
    public double PosteriorMeanOfMu => Posterior.Mean0;

    /// <summary>sd[μ | x] = √(bₙ / (κₙ (aₙ − 1))), the Student-t marginal's sd; +∞ when aₙ ≤ 1 (the variance does not exist).</summary>
    public double PosteriorSdOfMu => Posterior.Shape0 > 1.0
        ? Math.Sqrt(Posterior.Scale0 / (Posterior.Kappa0 * (Posterior.Shape0 - 1.0))) : double.PositiveInfinity;

    /// <summary>E[σ² | x] = bₙ / (aₙ − 1), the inverse-gamma mean; +∞ when aₙ ≤ 1.</summary>
    public double PosteriorMeanOfSigma2 => Posterior.Shape0 > 1.0 ? Posterior.Scale0 / (Posterior.Shape0 - 1.0) : double.PositiveInfinity;

    /// <summary>sd[σ² | x] = bₙ / ((aₙ − 1) √(aₙ − 2)), the inverse-gamma sd; +∞ when aₙ ≤ 2.</summary>
    public double PosteriorSdOfSigma2 => Posterior.Shape0 > 2.0
        ? Posterior.Scale0 / ((Posterior.Shape0 - 1.0) * Math.Sqrt(Posterior.Shape0 - 2.0)) : double.PositiveInfinity;

    /// <summary>Log evidence log p(x) = −(n/2) log 2π + ½ log(κ₀/κₙ) + a₀ log b₀ − aₙ log bₙ + log Γ(aₙ) − log Γ(a₀) (notebook 03, ELBO + KL = log p(x)).</summary>
    public double LogMarginalLikelihood
    {
        get
        {
            var post = Posterior;
            return -0.5 * _n * Math.Log(2.0 * Math.PI) + 0.5 * Math.Log(_prior.Kappa0 / post.Kappa0)
                + _prior.Shape0 * Math.Log(_prior.Scale0) - post.Shape0 * Math.Log(post.Scale0)
                + SpecialFunctions.GammaLn(post.Shape0) - SpecialFunctions.GammaLn(_prior.Shape0);
        }
    }

    /// <summary>log p(x, μ, τ) for θ = (μ, τ = log σ²), including the log-Jacobian τ of σ² = e^τ and every normalising constant, so it integrates over θ to <see cref="LogMarginalLikelihood"/> (notebook 03, the unconstrained target).</summary>
    /// <remarks>Equals c − (n/2 + a₀ + ½) τ − Q(μ) e^(−τ)/2 with Q(μ) = S + n(x̄ − μ)² + κ₀(μ − m₀)² + 2b₀.</remarks>
    public double LogPosterior(ReadOnlySpan<double> theta)
    {
        CheckTheta(theta.Length, "LogPosterior");
        double mu = theta[0], tau = theta[1];
        return _logJointConstant - (0.5 * _n + _prior.Shape0 + 0.5) * tau - 0.5 * Quadratic(mu) * Math.Exp(-tau);
    }

    /// <summary><see cref="LogPosterior"/> and its gradient: ∂/∂μ = (n(x̄ − μ) − κ₀(μ − m₀)) e^(−τ), ∂/∂τ = −(n/2 + a₀ + ½) + Q(μ) e^(−τ)/2 (notebook 03, hand-derived gradient).</summary>
    public double LogPosteriorGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        CheckTheta(theta.Length, "LogPosteriorGradient");
        if (gradient.Length != 2)
            throw new ArgumentException(Invariant($"ConjugateNormalModel.LogPosteriorGradient: gradient must have length 2; got {gradient.Length}."), nameof(gradient));
        double mu = theta[0], tau = theta[1];
        double precision = Math.Exp(-tau), q = Quadratic(mu), shape = 0.5 * _n + _prior.Shape0 + 0.5;
        gradient[0] = (_n * (_mean - mu) - _prior.Kappa0 * (mu - _prior.Mean0)) * precision;
        gradient[1] = -shape + 0.5 * q * precision;
        return _logJointConstant - shape * tau - 0.5 * q * precision;
    }

    /// <summary>Gibbs sampler alternating μ | σ², x ~ N(mₙ, σ²/κₙ) and σ² | μ, x ~ Inv-Gamma(a₀ + (n+1)/2, b₀ + ½[Σ(xᵢ − μ)² + κ₀(μ − m₀)²]); chain coordinates are (μ, σ²) (notebook 03, Gibbs sampling).</summary>
    /// <remarks>The chain starts at σ² = initialSigma2 (default E[σ² | x], or bₙ/aₙ when that is infinite); μ needs no start because each sweep draws it first. Its log-density trace is log p(x, μ, σ²) in the (μ, σ²) coordinates (no Jacobian).</remarks>
    public Chain Gibbs(int draws, int burnIn, int seed, double? initialSigma2 = null)
    {
        const string method = "ConjugateNormalModel.Gibbs";
        Guard.AtLeast(draws, 1, method, nameof(draws));
        Guard.AtLeast(burnIn, 0, method, nameof(burnIn));
        if (initialSigma2 is double start) Checks.Positive(start, method, nameof(initialSigma2));
        var noise = new GaussianSource(seed);
        var post = Posterior;
        double shape = _prior.Shape0 + 0.5 * (_n + 1);
        double sigma2 = initialSigma2 ?? (double.IsFinite(PosteriorMeanOfSigma2) ? PosteriorMeanOfSigma2 : post.Scale0 / post.Shape0);
        var kept = new double[draws][];
        var logTrace = new double[draws];
        for (int iteration = 0; iteration < burnIn + draws; iteration++)
        {
            double mu = post.Mean0 + Math.Sqrt(sigma2 / post.Kappa0) * noise.Next();
            double rate = 0.5 * Quadratic(mu); // = b₀ + ½[Σ(xᵢ − μ)² + κ₀(μ − m₀)²]
            sigma2 = 1.0 / Gamma.Sample(noise.Uniform, shape, rate);
            if (iteration < burnIn) continue;
            int t = iteration - burnIn;
            kept[t] = [mu, sigma2];
            double tau = Math.Log(sigma2);
            logTrace[t] = _logJointConstant - (0.5 * _n + _prior.Shape0 + 1.5) * tau - 0.5 * Quadratic(mu) / sigma2;
        }
        return new Chain(kept, logTrace, 1.0, 0.0, Array.Empty<double>(), 0, 0);
    }

    /// <summary>Q(μ) = S + n(x̄ − μ)² + κ₀(μ − m₀)² + 2b₀.</summary>
    private double Quadratic(double mu) =>
        _scatter + _n * (_mean - mu) * (_mean - mu) + _prior.Kappa0 * (mu - _prior.Mean0) * (mu - _prior.Mean0) + 2.0 * _prior.Scale0;

    private static void CheckTheta(int length, string method)
    {
        if (length != 2)
            throw new ArgumentException(Invariant($"ConjugateNormalModel.{method}: theta must have length 2 (μ, log σ²); got {length}."), "theta");
    }
}
