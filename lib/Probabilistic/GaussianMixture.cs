using static System.FormattableString;
using AdvancedMl.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Probabilistic;

/// <summary>A fitted Gaussian mixture p(x) = Σₖ wₖ N(x; μₖ, Σₖ) and the EM algorithm that fits it (notebook 01).</summary>
/// <remarks>
/// Fitting follows scikit-learn's GaussianMixture: k-means (k-means++ seeding) gives hard labels, one M-step
/// on those labels gives the initial parameters, then E- and M-steps alternate until the mean log-likelihood
/// per sample changes by less than the tolerance. Internally the data are a flat row-major array, each
/// covariance is held by its Cholesky factor (with jitter if ever needed), the E-step uses forward substitution
/// and log-sum-exp per row, and both steps run over fixed chunks of rows in parallel with per-chunk
/// accumulators reduced in a fixed order (so results are identical from run to run). Instances are
/// immutable; the matrix and vector properties return copies.
/// </remarks>
public sealed class GaussianMixture
{
    private static readonly IReadOnlyList<double> NoHistory = Array.Empty<double>();
    private static readonly IReadOnlyList<GaussianMixture> NoSnapshots = Array.Empty<GaussianMixture>();

    internal readonly MixtureParameters Parameters;
    private readonly IReadOnlyList<double> _history;
    private readonly IReadOnlyList<GaussianMixture> _snapshots;
    private readonly IReadOnlyList<double> _restarts;

    private GaussianMixture(MixtureParameters parameters, IReadOnlyList<double>? history = null,
        IReadOnlyList<GaussianMixture>? snapshots = null, IReadOnlyList<double>? restarts = null,
        bool converged = false, int iterations = 0)
    {
        Parameters = parameters;
        _history = history ?? NoHistory;
        _snapshots = snapshots ?? NoSnapshots;
        _restarts = restarts ?? NoHistory;
        Converged = converged;
        Iterations = iterations;
    }

    /// <summary>Number of components k.</summary>
    public int Components => Parameters.K;

    /// <summary>Dimension d of the data.</summary>
    public int Dimension => Parameters.D;

    /// <summary>Covariance shape of the components.</summary>
    public CovarianceType CovarianceType => Parameters.Type;

    /// <summary>Mixing weights wₖ (sum to 1; a copy).</summary>
    public Vector<double> Weights => Vector<double>.Build.Dense((double[])Parameters.Weights.Clone());

    /// <summary>Component means μₖ (copies).</summary>
    public IReadOnlyList<Vector<double>> Means =>
        Enumerable.Range(0, Components).Select(c => Vector<double>.Build.Dense(Parameters.Means.AsSpan(c * Dimension, Dimension).ToArray())).ToArray();

    /// <summary>Component covariances Σₖ as d x d matrices (diagonal type: a diagonal matrix; copies).</summary>
    public IReadOnlyList<Matrix<double>> Covariances
    {
        get
        {
            int d = Dimension;
            return Enumerable.Range(0, Components)
                .Select(c => Matrix<double>.Build.DenseOfRowMajor(d, d, Parameters.Covariances.AsSpan(c * d * d, d * d).ToArray()))
                .ToArray();
        }
    }

    /// <summary>Mean log-likelihood per sample: [0] under the initial parameters, [t] after the t-th M-step (best restart); empty for <see cref="FromParameters"/> and <see cref="MStep"/> models.</summary>
    public IReadOnlyList<double> LogLikelihoodHistory => _history;

    /// <summary>The model after each iteration, indexed like <see cref="LogLikelihoodHistory"/>, when <see cref="GaussianMixtureOptions.KeepHistory"/> was set; otherwise empty.</summary>
    public IReadOnlyList<GaussianMixture> Snapshots => _snapshots;

    /// <summary>Final mean log-likelihood per sample of each restart, in the order they were run.</summary>
    public IReadOnlyList<double> RestartLogLikelihoods => _restarts;

    /// <summary>True when the best restart stopped because the likelihood change fell below the tolerance.</summary>
    public bool Converged { get; }

    /// <summary>Number of EM iterations (M-steps) of the best restart.</summary>
    public int Iterations { get; }

    /// <summary>Number of free parameters, as scikit-learn's _n_parameters: (k − 1) + k·d + k·d(d+1)/2 (full) or k·d (diagonal).</summary>
    public int ParameterCount
    {
        get
        {
            int k = Components, d = Dimension;
            int covariance = CovarianceType == CovarianceType.Full ? k * d * (d + 1) / 2 : k * d;
            return (k - 1) + k * d + covariance;
        }
    }

    /// <summary>Fits the mixture to data (rows = samples) by EM with k-means initialisation (notebook 01, the EM loop).</summary>
    public static GaussianMixture Fit(Matrix<double> data, GaussianMixtureOptions options)
    {
        const string method = "GaussianMixture.Fit";
        ArgumentNullException.ThrowIfNull(options);
        Guard.FiniteMatrix(data, method, nameof(data));
        int n = data.RowCount, d = data.ColumnCount, k = options.Components;
        Guard.AtLeast(k, 1, method, "components");
        if (k > n)
            throw new ArgumentException(Invariant($"{method}: components must be at most the number of samples ({n}); got {k}."), "components");
        Guard.AtLeast(options.MaxIterations, 0, method, "maxIterations");
        Guard.AtLeast(options.Restarts, 1, method, "restarts");
        Guard.NonNegative(options.Tolerance, method, "tolerance");
        Guard.NonNegative(options.Regularization, method, "regularization");
        if (!Enum.IsDefined(options.CovarianceType))
            throw new ArgumentException(Invariant($"{method}: covarianceType must be Full or Diagonal; got {(int)options.CovarianceType}."), "covarianceType");
        double[]? initialMeans = null;
        if (options.InitialMeans is { } im)
        {
            Guard.FiniteMatrix(im, method, "initialMeans");
            if (im.RowCount != k || im.ColumnCount != d)
                throw new ArgumentException(Invariant($"{method}: initialMeans must be {k} x {d} (components x features); got {im.RowCount} x {im.ColumnCount}."), "initialMeans");
            initialMeans = im.ToRowMajorArray();
        }

        var ws = new EmWorkspace(data.ToRowMajorArray(), n, d, k);
        var master = new Random(options.Seed);
        int runs = initialMeans is null ? options.Restarts : 1;
        var restartScores = new double[runs];
        Run? best = null;
        for (int r = 0; r < runs; r++)
        {
            int seed = master.Next();
            MixtureParameters start = Initialize(ws, options, seed, initialMeans);
            Run run = RunEm(ws, start, options);
            restartScores[r] = run.History[^1];
            if (best is null || run.History[^1] > best.History[^1]) best = run;
        }
        return new GaussianMixture(best!.Parameters, best.History, best.Snapshots, restartScores, best.Converged, best.Iterations);
    }

    /// <summary>Builds a mixture from given weights (non-negative, summing to 1 within 1e-6; renormalised), means and symmetric positive-definite covariances.</summary>
    public static GaussianMixture FromParameters(Vector<double> weights, IReadOnlyList<Vector<double>> means,
        IReadOnlyList<Matrix<double>> covariances, CovarianceType type = CovarianceType.Full)
    {
        const string method = "GaussianMixture.FromParameters";
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(covariances);
        int k = weights.Count;
        if (k < 1) throw new ArgumentException(Invariant($"{method}: weights must have at least one entry; got 0."), nameof(weights));
        if (means.Count != k) throw new ArgumentException(Invariant($"{method}: means must have one vector per weight ({k}); got {means.Count}."), nameof(means));
        if (covariances.Count != k) throw new ArgumentException(Invariant($"{method}: covariances must have one matrix per weight ({k}); got {covariances.Count}."), nameof(covariances));
        double sum = 0.0;
        for (int c = 0; c < k; c++)
        {
            if (!(weights[c] >= 0.0) || double.IsInfinity(weights[c]))
                throw new ArgumentException(Invariant($"{method}: weights must be finite and non-negative; got {weights[c]} at index {c}."), nameof(weights));
            sum += weights[c];
        }
        if (Math.Abs(sum - 1.0) > 1e-6) throw new ArgumentException(Invariant($"{method}: weights must sum to 1; got sum {sum:R}."), nameof(weights));
        int d = means[0]?.Count ?? 0;
        if (d < 1) throw new ArgumentException(Invariant($"{method}: means must be non-empty vectors; got length {d} at index 0."), nameof(means));
        var w = new double[k];
        var mu = new double[k * d];
        var cov = new double[k * d * d];
        for (int c = 0; c < k; c++)
        {
            w[c] = weights[c] / sum;
            Vector<double>? m = means[c];
            if (m is null || m.Count != d) throw new ArgumentException(Invariant($"{method}: means[{c}] must have length {d}; got {m?.Count.ToString() ?? "null"}."), nameof(means));
            for (int j = 0; j < d; j++)
            {
                if (!double.IsFinite(m[j])) throw new ArgumentException(Invariant($"{method}: means[{c}] must be finite; got {m[j]} at index {j}."), nameof(means));
                mu[c * d + j] = m[j];
            }
            Matrix<double>? s = covariances[c];
            if (s is null || s.RowCount != d || s.ColumnCount != d)
                throw new ArgumentException(Invariant($"{method}: covariances[{c}] must be {d} x {d}; got {(s is null ? "null" : $"{s.RowCount} x {s.ColumnCount}")}."), nameof(covariances));
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++)
                {
                    double v = s[a, b];
                    if (!double.IsFinite(v)) throw new ArgumentException(Invariant($"{method}: covariances[{c}] must be finite; got {v} at ({a}, {b})."), nameof(covariances));
                    if (Math.Abs(v - s[b, a]) > 1e-10 * (Math.Abs(v) + Math.Abs(s[b, a]) + 1e-300))
                        throw new ArgumentException(Invariant($"{method}: covariances[{c}] must be symmetric; got {v} at ({a}, {b}) and {s[b, a]} at ({b}, {a})."), nameof(covariances));
                    if (type == CovarianceType.Diagonal && a != b && v != 0.0)
                        throw new ArgumentException(Invariant($"{method}: covariances[{c}] must be diagonal for CovarianceType.Diagonal; got {v} at ({a}, {b})."), nameof(covariances));
                    cov[c * d * d + a * d + b] = v;
                }
            if (!Cholesky.TryFactor(cov.AsSpan(c * d * d, d * d), new double[d * d], d))
                throw new ArgumentException(Invariant($"{method}: covariances[{c}] must be positive definite; its Cholesky factorisation failed."), nameof(covariances));
        }
        return new GaussianMixture(new MixtureParameters(k, d, type, w, mu, cov));
    }

    /// <summary>Log-density log p(xᵢ) = log Σₖ wₖ N(xᵢ; μₖ, Σₖ) of every row of x (log-sum-exp over components).</summary>
    public Vector<double> ScoreSamples(Matrix<double> x)
    {
        EmWorkspace ws = Workspace(x, "GaussianMixture.ScoreSamples");
        var logDensity = new double[ws.N];
        MixtureEm.EStep(Parameters, ws, logDensity);
        return Vector<double>.Build.Dense(logDensity);
    }

    /// <summary>Mean log-likelihood per sample (1/n) Σᵢ log p(xᵢ), scikit-learn's score.</summary>
    public double Score(Matrix<double> x) => MixtureEm.EStep(Parameters, Workspace(x, "GaussianMixture.Score"));

    /// <summary>Responsibilities γᵢₖ = wₖ N(xᵢ; μₖ, Σₖ) / p(xᵢ) (the E-step posterior) as an n x k matrix.</summary>
    public Matrix<double> PredictProba(Matrix<double> x)
    {
        EmWorkspace ws = Workspace(x, "GaussianMixture.PredictProba");
        MixtureEm.EStep(Parameters, ws);
        return Matrix<double>.Build.DenseOfRowMajor(ws.N, ws.K, ws.ResponsibilitiesRowMajor());
    }

    /// <summary>Most probable component argmaxₖ γᵢₖ of every row (lowest index on ties).</summary>
    public int[] Predict(Matrix<double> x)
    {
        EmWorkspace ws = Workspace(x, "GaussianMixture.Predict");
        MixtureEm.EStep(Parameters, ws);
        var labels = new int[ws.N];
        for (int i = 0; i < ws.N; i++)
        {
            int best = 0;
            for (int c = 1; c < ws.K; c++) if (ws.Responsibility(i, c) > ws.Responsibility(i, best)) best = c;
            labels[i] = best;
        }
        return labels;
    }

    /// <summary>Draws count samples (rows) by ancestral sampling: component c ~ Categorical(w), then x = μ_c + L_c z with z ~ N(0, I).</summary>
    public Matrix<double> Sample(int count, int seed)
    {
        Guard.AtLeast(count, 1, "GaussianMixture.Sample", nameof(count));
        int k = Components, d = Dimension;
        var rng = new Random(seed);
        var result = new double[count * d];
        var z = new double[d];
        for (int i = 0; i < count; i++)
        {
            double u = rng.NextDouble(), acc = 0.0;
            int c = k - 1;
            for (int j = 0; j < k; j++)
            {
                acc += Parameters.Weights[j];
                if (u < acc) { c = j; break; }
            }
            for (int j = 0; j < d; j++) z[j] = Normal.Sample(rng, 0.0, 1.0);
            ReadOnlySpan<double> factor = Parameters.Factors.AsSpan(c * d * d, d * d);
            for (int a = 0; a < d; a++)
            {
                double v = Parameters.Means[c * d + a];
                for (int b = 0; b <= a; b++) v += factor[a * d + b] * z[b];
                result[i * d + a] = v;
            }
        }
        return Matrix<double>.Build.DenseOfRowMajor(count, d, result);
    }

    /// <summary>Bayesian information criterion −2 n·Score(x) + p log n (scikit-learn's bic; lower is better).</summary>
    public double Bic(Matrix<double> x) => -2.0 * Score(x) * x.RowCount + ParameterCount * Math.Log(x.RowCount);

    /// <summary>Akaike information criterion −2 n·Score(x) + 2p (scikit-learn's aic; lower is better).</summary>
    public double Aic(Matrix<double> x) => -2.0 * Score(x) * x.RowCount + 2.0 * ParameterCount;

    /// <summary>One E-step (notebook 01): responsibilities γᵢₖ under model and the mean log-likelihood per sample of x under model.</summary>
    public static (Matrix<double> Responsibilities, double MeanLogLikelihood) EStep(GaussianMixture model, Matrix<double> x)
    {
        ArgumentNullException.ThrowIfNull(model);
        EmWorkspace ws = model.Workspace(x, "GaussianMixture.EStep");
        double meanLogLikelihood = MixtureEm.EStep(model.Parameters, ws);
        return (Matrix<double>.Build.DenseOfRowMajor(ws.N, ws.K, ws.ResponsibilitiesRowMajor()), meanLogLikelihood);
    }

    /// <summary>One M-step (notebook 01): weights Nₖ/n, weighted means and weighted covariances (+ regularization·I) from responsibilities (rows non-negative, summing to 1).</summary>
    public static GaussianMixture MStep(Matrix<double> x, Matrix<double> responsibilities, CovarianceType type, double regularization)
    {
        const string method = "GaussianMixture.MStep";
        Guard.FiniteMatrix(x, method, nameof(x));
        Guard.FiniteMatrix(responsibilities, method, nameof(responsibilities));
        Guard.NonNegative(regularization, method, nameof(regularization));
        if (!Enum.IsDefined(type))
            throw new ArgumentException(Invariant($"{method}: type must be Full or Diagonal; got {(int)type}."), nameof(type));
        int n = x.RowCount, d = x.ColumnCount, k = responsibilities.ColumnCount;
        if (responsibilities.RowCount != n)
            throw new ArgumentException(Invariant($"{method}: responsibilities must have one row per sample ({n}); got {responsibilities.RowCount}."), nameof(responsibilities));
        var ws = new EmWorkspace(x.ToRowMajorArray(), n, d, k);
        double[] given = responsibilities.ToRowMajorArray();
        for (int i = 0; i < n; i++)
        {
            double rowSum = 0.0;
            for (int c = 0; c < k; c++)
            {
                double r = given[i * k + c];
                if (r < 0.0) throw new ArgumentException(Invariant($"{method}: responsibilities must be non-negative; got {r} at row {i}, column {c}."), nameof(responsibilities));
                rowSum += r;
            }
            if (Math.Abs(rowSum - 1.0) > 1e-6)
                throw new ArgumentException(Invariant($"{method}: responsibilities rows must sum to 1; got {rowSum:R} in row {i}."), nameof(responsibilities));
        }
        ws.SetResponsibilities(given);
        return new GaussianMixture(MixtureEm.MStep(ws, type, regularization));
    }

    private EmWorkspace Workspace(Matrix<double> x, string method)
    {
        Guard.FiniteMatrix(x, method, nameof(x));
        if (x.ColumnCount != Dimension)
            throw new ArgumentException(Invariant($"{method}: x must have {Dimension} columns (the model's dimension); got {x.ColumnCount}."), nameof(x));
        return new EmWorkspace(x.ToRowMajorArray(), x.RowCount, Dimension, Components);
    }

    /// <summary>scikit-learn's default initialisation: k-means labels as one-hot responsibilities, then one M-step; or, with initial means, nearest-mean labels, one M-step, then the given means.</summary>
    private static MixtureParameters Initialize(EmWorkspace ws, GaussianMixtureOptions options, int seed, double[]? initialMeans)
    {
        int n = ws.N, d = ws.D, k = ws.K;
        int[] labels;
        if (initialMeans is null)
        {
            labels = KMeans.FitFlat(ws.X, n, d, k, seed, maxIterations: 300, restarts: 1).Labels;
        }
        else
        {
            labels = new int[n];
            for (int i = 0; i < n; i++)
            {
                double bestDistance = double.PositiveInfinity;
                for (int c = 0; c < k; c++)
                {
                    double dist = 0.0;
                    for (int j = 0; j < d; j++)
                    {
                        double t = ws.X[i * d + j] - initialMeans[c * d + j];
                        dist += t * t;
                    }
                    if (dist < bestDistance) { bestDistance = dist; labels[i] = c; }
                }
            }
        }
        Array.Clear(ws.RB);
        for (int i = 0; i < n; i++) ws.Responsibility(i, labels[i]) = 1.0;
        MixtureParameters p = MixtureEm.MStep(ws, options.CovarianceType, options.Regularization);
        return initialMeans is null ? p : p.WithMeans((double[])initialMeans.Clone());
    }

    private sealed record Run(MixtureParameters Parameters, double[] History, GaussianMixture[] Snapshots, bool Converged, int Iterations);

    /// <summary>Alternates E- and M-steps from start; history[t] is the mean log-likelihood after t M-steps.</summary>
    private static Run RunEm(EmWorkspace ws, MixtureParameters start, GaussianMixtureOptions options)
    {
        var history = new List<double>();
        var snapshots = new List<GaussianMixture>();
        MixtureParameters p = start;
        bool converged = false;
        int iterations = 0;
        while (true)
        {
            double ll = MixtureEm.EStep(p, ws);
            if (!double.IsFinite(ll))
                throw new InvalidOperationException(Invariant($"GaussianMixture.Fit: the mean log-likelihood became {ll} at iteration {iterations}; the data may be badly scaled."));
            history.Add(ll);
            if (options.KeepHistory) snapshots.Add(new GaussianMixture(p));
            if (history.Count > 1 && Math.Abs(ll - history[^2]) < options.Tolerance) { converged = true; break; }
            if (iterations == options.MaxIterations) break;
            p = MixtureEm.MStep(ws, options.CovarianceType, options.Regularization);
            iterations++;
        }
        return new Run(p, history.ToArray(), snapshots.ToArray(), converged, iterations);
    }
}
