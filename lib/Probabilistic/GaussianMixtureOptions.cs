using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Probabilistic;

/// <summary>Shape of each component's covariance matrix in a Gaussian mixture.</summary>
public enum CovarianceType
{
    /// <summary>Each component has its own unrestricted d x d covariance (d(d+1)/2 free parameters).</summary>
    Full,

    /// <summary>Each component has its own diagonal covariance (d free parameters; axis-aligned ellipses).</summary>
    Diagonal,
}

/// <summary>Settings of <see cref="GaussianMixture.Fit"/>; defaults follow scikit-learn's GaussianMixture.</summary>
public sealed record GaussianMixtureOptions
{
    /// <summary>Number of mixture components k (at least 1, at most the number of samples). Default 1.</summary>
    public int Components { get; init; } = 1;

    /// <summary>Covariance shape of every component. Default <see cref="CovarianceType.Full"/>.</summary>
    public CovarianceType CovarianceType { get; init; } = CovarianceType.Full;

    /// <summary>Maximum number of EM iterations (M-steps) per restart; 0 returns the initial parameters. Default 100.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Stop when the mean log-likelihood per sample changes by less than this (scikit-learn's tol). Default 1e-3.</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Added to every covariance diagonal in each M-step so no component collapses (scikit-learn's reg_covar). Default 1e-6.</summary>
    public double Regularization { get; init; } = 1e-6;

    /// <summary>Independent k-means++ initialisations; the one with the best final likelihood wins (scikit-learn's n_init). Default 1.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Seed of the random generator that seeds each restart's k-means++ initialisation. Default 0.</summary>
    public int Seed { get; init; } = 0;

    /// <summary>When true, keep a parameter snapshot per iteration in <see cref="GaussianMixture.Snapshots"/> (for plots). Default false.</summary>
    public bool KeepHistory { get; init; } = false;

    /// <summary>Optional k x d initial means used instead of k-means++ (then a single run is made and <see cref="Restarts"/> is ignored). Default null.</summary>
    public Matrix<double>? InitialMeans { get; init; }
}
