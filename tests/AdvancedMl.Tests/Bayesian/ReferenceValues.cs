namespace AdvancedMl.Tests.Bayesian;

/// <summary>Reference values and the shared small data sets of the Bayesian tests.</summary>
/// <remarks>
/// Produced by tests/reference/bayes_reference.py:
///   /usr/bin/python3 tests/reference/bayes_reference.py
///   python 3.11.2, numpy 1.24.2, scipy 1.10.1, scikit-learn 1.2.1 (Debian 12 packages).
/// </remarks>
internal static class ReferenceValues
{
    /// <summary>The conjugate-model data set (15 values) and its normal-inverse-gamma prior (m₀, κ₀, a₀, b₀).</summary>
    public static readonly double[] NormalData = [4.2, 5.1, 3.8, 6.0, 4.9, 5.5, 4.4, 5.8, 3.9, 5.2, 4.7, 6.3, 5.0, 4.1, 5.6];
    public const double Mean0 = 4.0, Kappa0 = 2.0, Shape0 = 3.0, Scale0 = 2.0;

    // posterior: m_n=4.852941176470588 kappa_n=17.0 a_n=10.5 b_n=7.091176470588234
    public const double PosteriorMean = 4.852941176470588, PosteriorKappa = 17.0, PosteriorShape = 10.5, PosteriorScale = 7.091176470588234;
    // mu (scipy t): mean=4.852941176470588 sd=0.20954286778646233   [stats.t(df=2a_n, loc=m_n, scale=sqrt(b_n/(a_n kappa_n)))]
    public const double MuMean = 4.852941176470588, MuSd = 0.20954286778646233;
    // sigma2 (scipy invgamma): mean=0.746439628482972 sd=0.2560266803582593   [stats.invgamma(a=a_n, scale=b_n)]
    public const double Sigma2Mean = 0.746439628482972, Sigma2Sd = 0.2560266803582593;
    // log p(x) (dblquad over mu in m_n +- 3, s2 in (1e-6, 10)): -20.09512973648311 (abs err 2.89e-20 on p(x)=1.874114e-09)
    public const double LogEvidence = -20.09512973648311;

    // sklearn LogisticRegression(C=2.0, fit_intercept=False, tol=1e-12, lbfgs) on [1, x1, x2]:
    //   w=[0.4465622916050299, 1.7844945791872688, -1.3346778823314018]   (n=40, positives=23, smallest |score|=0.0239)
    public const double LogisticPriorVariance = 2.0;
    public static readonly double[] SklearnLogisticWeights = [0.4465622916050299, 1.7844945791872688, -1.3346778823314018];
    // scipy minimize(trust-exact, gtol=1e-13) on the same objective with exact gradient and Hessian (lbfgs above stops ~5e-6 short):
    //   w=[0.4465628299630146, 1.7844931584944135, -1.3346723728172645] |grad|=2.2e-11
    public static readonly double[] ScipyLogisticWeights = [0.4465628299630146, 1.7844931584944135, -1.3346723728172645];

    /// <summary>The logistic data set of bayes_reference.py: x₁ = 2 sin(0.7i), x₂ = cos(1.3i + 0.5), y = [0.8x₁ − 1.2x₂ + 0.3 + 0.9 sin(5.1i) &gt; 0].</summary>
    public static (double[,] Features, int[] Labels) LogisticData(int n = 40)
    {
        var x = new double[n, 2];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            x[i, 0] = 2.0 * Math.Sin(0.7 * i);
            x[i, 1] = Math.Cos(1.3 * i + 0.5);
            y[i] = 0.8 * x[i, 0] - 1.2 * x[i, 1] + 0.3 + 0.9 * Math.Sin(5.1 * i) > 0.0 ? 1 : 0;
        }
        return (x, y);
    }

    /// <summary>An AR(1) series xₜ = φxₜ₋₁ + εₜ, εₜ ~ N(0, 1), started from its stationary distribution N(0, 1/(1 − φ²)).</summary>
    public static double[] Ar1(double phi, int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n];
        x[0] = MathNet.Numerics.Distributions.Normal.Sample(random, 0.0, 1.0 / Math.Sqrt(1.0 - phi * phi));
        for (int t = 1; t < n; t++) x[t] = phi * x[t - 1] + MathNet.Numerics.Distributions.Normal.Sample(random, 0.0, 1.0);
        return x;
    }
}
