using System.Runtime.CompilerServices;
using static System.FormattableString;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Bayesian;

/// <summary>Bayesian logistic regression yᵢ ~ Bernoulli(σ(xᵢᵀw)) with prior w ~ N(0, v I): log posterior, gradient, MAP, Laplace approximation and posterior predictive (notebook 03, a posterior with no closed form).</summary>
/// <remarks>
/// With addIntercept = true (the default) a leading column of ones is added to the features, so w₀ is the intercept
/// and it gets the same N(0, v) prior as the other weights (unlike scikit-learn, which does not penalise the
/// intercept). <see cref="PredictProbability(double[], Matrix{double})"/> takes features without that column and adds it
/// the same way.
/// </remarks>
public sealed class BayesianLogisticRegression
{
    private readonly double[] _x; // n × d design, row-major, intercept column included
    private readonly double[] _y;
    private readonly int _n;
    private readonly double _priorVariance;
    private readonly double _logPriorConstant;

    private BayesianLogisticRegression(double[] x, double[] y, int n, int d, double priorVariance, bool addIntercept)
    {
        _x = x;
        _y = y;
        _n = n;
        Dimension = d;
        _priorVariance = priorVariance;
        AddsIntercept = addIntercept;
        _logPriorConstant = -0.5 * d * Math.Log(2.0 * Math.PI * priorVariance);
    }

    /// <summary>Builds the model from an n × p feature matrix and 0/1 labels; addIntercept prepends a column of ones (notebook 03).</summary>
    public static BayesianLogisticRegression Create(Matrix<double> features, int[] labels, double priorVariance, bool addIntercept = true)
    {
        const string method = "BayesianLogisticRegression.Create";
        Guard.FiniteMatrix(features, method, nameof(features));
        ArgumentNullException.ThrowIfNull(labels);
        Checks.Positive(priorVariance, method, nameof(priorVariance));
        int n = features.RowCount, p = features.ColumnCount;
        if (labels.Length != n)
            throw new ArgumentException(Invariant($"{method}: labels must have one entry per row of features ({n}); got {labels.Length}."), nameof(labels));
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (labels[i] is not (0 or 1))
                throw new ArgumentException(Invariant($"{method}: labels must be 0 or 1; got {labels[i]} at index {i}."), nameof(labels));
            y[i] = labels[i];
        }
        int offset = addIntercept ? 1 : 0, d = p + offset;
        var x = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            if (addIntercept) x[i * d] = 1.0;
            for (int j = 0; j < p; j++) x[i * d + offset + j] = features[i, j];
        }
        return new BayesianLogisticRegression(x, y, n, d, priorVariance, addIntercept);
    }

    /// <summary>Number of weights d (features plus one when the intercept was added).</summary>
    public int Dimension { get; }

    /// <summary>Number of observations n.</summary>
    public int Count => _n;

    /// <summary>Prior variance v of every weight.</summary>
    public double PriorVariance => _priorVariance;

    /// <summary>True when weight 0 is an intercept (a column of ones was prepended).</summary>
    public bool AddsIntercept { get; }

    /// <summary>log p(y, w | X) = Σᵢ [yᵢηᵢ − log(1 + e^ηᵢ)] − ‖w‖²/(2v) − (d/2) log(2πv), with η = Xw (notebook 03, the log posterior up to log p(y)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 code and OSR warm-up in a fresh kernel
    public double LogPosterior(ReadOnlySpan<double> weights)
    {
        CheckWeights(weights.Length, "LogPosterior", nameof(weights));
        double sum = 0.0;
        for (int i = 0; i < _n; i++)
        {
            double eta = Dot(i, weights);
            sum += _y[i] * eta - LogSpace.Softplus(eta);
        }
        return sum - 0.5 * SquaredNorm(weights) / _priorVariance + _logPriorConstant;
    }

    /// <summary><see cref="LogPosterior"/> and its gradient Xᵀ(y − σ(Xw)) − w/v (notebook 03, hand-derived gradient).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 code and OSR warm-up in a fresh kernel
    public double LogPosteriorGradient(ReadOnlySpan<double> weights, Span<double> gradient)
    {
        CheckWeights(weights.Length, "LogPosteriorGradient", nameof(weights));
        CheckWeights(gradient.Length, "LogPosteriorGradient", nameof(gradient));
        int d = Dimension;
        for (int j = 0; j < d; j++) gradient[j] = -weights[j] / _priorVariance;
        double sum = 0.0;
        for (int i = 0; i < _n; i++)
        {
            double eta = Dot(i, weights);
            var (softplus, sigmoid) = LogSpace.SoftplusAndSigmoid(eta);   // one exponential serves both
            sum += _y[i] * eta - softplus;
            double residual = _y[i] - sigmoid;
            var row = _x.AsSpan(i * d, d);
            for (int j = 0; j < d; j++) gradient[j] += residual * row[j];
        }
        return sum - 0.5 * SquaredNorm(weights) / _priorVariance + _logPriorConstant;
    }

    /// <summary>The posterior mode by Newton's method, w ← w + (XᵀWX + I/v)⁻¹ ∇log p(w | y), from w = 0 (notebook 03, MAP and the Laplace centre).</summary>
    /// <remarks>The log posterior is strictly concave, so Newton converges; iteration stops when the step's largest entry is below 1e-10.</remarks>
    public double[] MaximumAPosteriori(int maxIterations = 100)
    {
        Guard.AtLeast(maxIterations, 1, "BayesianLogisticRegression.MaximumAPosteriori", nameof(maxIterations));
        int d = Dimension;
        var w = new double[d];
        var gradient = new double[d];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            LogPosteriorGradient(w, gradient);
            var step = NegativeHessian(w).Cholesky().Solve(Vector<double>.Build.DenseOfArray(gradient));
            for (int j = 0; j < d; j++) w[j] += step[j];
            if (step.AbsoluteMaximum() < 1e-10) break;
        }
        return w;
    }

    /// <summary>Covariance of the Laplace approximation N(w, (XᵀWX + I/v)⁻¹), W = diag(σᵢ(1 − σᵢ)), i.e. the inverse negative Hessian at weights (notebook 03, Laplace approximation).</summary>
    public Matrix<double> LaplaceCovariance(double[] weights)
    {
        Checks.FiniteVector(weights, "BayesianLogisticRegression.LaplaceCovariance", nameof(weights), Dimension);
        return NegativeHessian(weights).Cholesky().Solve(Matrix<double>.Build.DenseIdentity(Dimension));
    }

    /// <summary>P(y = 1 | x, w) = σ(xᵀw) for each row of features (given without the intercept column), at one weight vector (notebook 03, plug-in prediction).</summary>
    public double[] PredictProbability(double[] weights, Matrix<double> features)
    {
        const string method = "BayesianLogisticRegression.PredictProbability";
        Checks.FiniteVector(weights, method, nameof(weights), Dimension);
        CheckFeatures(features, method);
        var p = new double[features.RowCount];
        for (int i = 0; i < p.Length; i++) p[i] = LogSpace.Sigmoid(Eta(weights, features, i));
        return p;
    }

    /// <summary>Posterior predictive P(y = 1 | x, data) ≈ (1/S) Σₛ σ(xᵀw⁽ˢ⁾), averaged over posterior draws (MCMC or samples of q) (notebook 03, Bayesian model averaging).</summary>
    public double[] PredictProbability(double[][] draws, Matrix<double> features)
    {
        const string method = "BayesianLogisticRegression.PredictProbability";
        ArgumentNullException.ThrowIfNull(draws);
        if (draws.Length == 0) throw new ArgumentException($"{method}: draws must contain at least one weight vector; got none.", nameof(draws));
        foreach (var w in draws) Checks.FiniteVector(w, method, nameof(draws), Dimension);
        CheckFeatures(features, method);
        var p = new double[features.RowCount];
        for (int i = 0; i < p.Length; i++)
        {
            double sum = 0.0;
            foreach (var w in draws) sum += LogSpace.Sigmoid(Eta(w, features, i));
            p[i] = sum / draws.Length;
        }
        return p;
    }

    /// <summary>Posterior predictive averaged over a chain's draws (see <see cref="PredictProbability(double[][], Matrix{double})"/>).</summary>
    public double[] PredictProbability(Chain chain, Matrix<double> features)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return PredictProbability(chain.Draws, features);
    }

    private Matrix<double> NegativeHessian(ReadOnlySpan<double> w)
    {
        int d = Dimension;
        var h = new double[d * d];   // column-major, as Math.NET stores it: entry (a, b) at b·d + a
        var weightedRow = new double[d];
        for (int j = 0; j < d; j++) h[j * d + j] = 1.0 / _priorVariance;
        for (int i = 0; i < _n; i++)
        {
            double s = LogSpace.Sigmoid(Dot(i, w)), weight = s * (1.0 - s);
            var row = _x.AsSpan(i * d, d);
            for (int a = 0; a < d; a++) weightedRow[a] = weight * row[a];
            for (int b = 0; b < d; b++)
            {
                var column = h.AsSpan(b * d, d);
                double rb = row[b];
                for (int a = 0; a < d; a++) column[a] += weightedRow[a] * rb;   // H[a, b] += σ(1 − σ) x_a x_b
            }
        }
        return Matrix<double>.Build.Dense(d, d, h);
    }

    private double Eta(double[] w, Matrix<double> features, int row)
    {
        int offset = AddsIntercept ? 1 : 0;
        double eta = AddsIntercept ? w[0] : 0.0;
        for (int j = 0; j < features.ColumnCount; j++) eta += w[j + offset] * features[row, j];
        return eta;
    }

    private void CheckFeatures(Matrix<double> features, string method)
    {
        Guard.FiniteMatrix(features, method, nameof(features));
        int expected = Dimension - (AddsIntercept ? 1 : 0);
        if (features.ColumnCount != expected)
            throw new ArgumentException(Invariant($"{method}: features must have {expected} columns (as in Create, without the intercept column); got {features.ColumnCount}."), nameof(features));
    }

    private void CheckWeights(int length, string method, string name)
    {
        if (length != Dimension)
            throw new ArgumentException(Invariant($"BayesianLogisticRegression.{method}: {name} must have length {Dimension}; got {length}."), name);
    }

    private double Dot(int row, ReadOnlySpan<double> w)
    {
        var x = _x.AsSpan(row * Dimension, Dimension);
        double sum = 0.0;
        for (int j = 0; j < x.Length; j++) sum += x[j] * w[j];
        return sum;
    }

    private static double SquaredNorm(ReadOnlySpan<double> v)
    {
        double sum = 0.0;
        for (int j = 0; j < v.Length; j++) sum += v[j] * v[j];
        return sum;
    }
}
