using static System.FormattableString;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;
using System.Runtime.CompilerServices;
using AdvancedMl.Autodiff.Kernels;

namespace AdvancedMl.Contrastive;

/// <summary>Settings of <see cref="LinearProbe.Fit"/>; the defaults are scikit-learn's LogisticRegression (multinomial, L2, C = 1) after a StandardScaler.</summary>
public sealed record LinearProbeOptions
{
    /// <summary>Inverse L2 strength, as scikit-learn's C: the objective is Σᵢ −log pᵢ(yᵢ) + ‖W‖²/(2C) (intercepts not penalised). Default 1.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>Standardise each feature with the training rows' mean and population sd first (sd 0 → 1, as StandardScaler). Default true.</summary>
    public bool Standardize { get; init; } = true;

    /// <summary>Iteration cap of the L-BFGS minimiser (lib/Contrastive/Lbfgs.cs). Default 500.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>Stop when the gradient's largest entry falls below this. Default 1e-4 (scikit-learn's tol for lbfgs).</summary>
    public double Tolerance { get; init; } = 1e-4;
}

/// <summary>
/// Multinomial logistic regression on frozen features, the "linear probe" of notebook 13 (section 8): p(y = c | x) =
/// softmax(Wᵀx̃ + b)_c with x̃ the standardised features, fitted by minimising Σᵢ −log p(yᵢ | xᵢ) + ‖W‖²/(2C) with L-BFGS.
/// Used both on learned embeddings and on raw pixels, so the two are compared with the same classifier.
/// </summary>
public sealed class LinearProbe
{
    private readonly double[] _weights;   // d × k row-major
    private readonly double[] _bias;      // k
    private readonly double[] _mean, _scale;

    private LinearProbe(double[] weights, double[] bias, double[] mean, double[] scale, int features, int classes, int iterations, double objective)
    {
        _weights = weights; _bias = bias; _mean = mean; _scale = scale;
        Features = features; ClassCount = classes; Iterations = iterations; Objective = objective;
    }

    /// <summary>Number of input features d.</summary>
    public int Features { get; }

    /// <summary>Number of classes k (labels are 0 … k − 1).</summary>
    public int ClassCount { get; }

    /// <summary>L-BFGS iterations used.</summary>
    public int Iterations { get; }

    /// <summary>Final value of the penalised objective Σᵢ −log p(yᵢ | xᵢ) + ‖W‖²/(2C).</summary>
    public double Objective { get; }

    /// <summary>The d × k weights acting on the (standardised) features, a copy.</summary>
    public Matrix<double> Weights => Matrix<double>.Build.DenseOfRowMajor(Features, ClassCount, _weights);

    /// <summary>The k intercepts, a copy.</summary>
    public double[] Intercepts => (double[])_bias.Clone();

    /// <summary>Fits the probe to features (n × d) and labels in 0 … classes − 1 (classes defaults to max label + 1).</summary>
    public static LinearProbe Fit(Matrix<double> features, int[] labels, LinearProbeOptions? options = null, int classes = 0)
    {
        const string method = "LinearProbe.Fit";
        options ??= new LinearProbeOptions();
        Guard.FiniteMatrix(features, method, nameof(features));
        int k = Classes.Count(labels, features.RowCount, classes, method);
        if (!(options.C > 0) || double.IsInfinity(options.C))
            throw new ArgumentException(Invariant($"{method}: C must be a finite number above 0; got {options.C}."), nameof(options));
        Guard.AtLeast(options.MaxIterations, 1, method, "MaxIterations");

        int n = features.RowCount, d = features.ColumnCount;
        var x = features.ToRowMajorArray();
        var mean = new double[d];
        var scale = Enumerable.Repeat(1.0, d).ToArray();
        if (options.Standardize) FitScaler(x, n, d, mean, scale);
        Transform(x, n, d, mean, scale);

        // θ is the (d + 1) × k matrix [W; bᵀ] in row-major order; with the design matrix A = [x̃ 1] the logits are A·θ and
        // the gradient of Σᵢ −log p(yᵢ | xᵢ) is Aᵀ(P − Y), P the softmax probabilities and Y the one-hot labels.
        double lambda = 1.0 / options.C;
        var logits = new double[n * k];
        var theta = new double[(d + 1) * k];   // start at 0: uniform probabilities
        var (iterations, value) = Lbfgs.Minimize((parameters, grad) => Evaluate(x, labels, n, d, k, lambda, parameters, logits, grad),
                                                 theta, options.Tolerance, options.MaxIterations);
        return new LinearProbe(theta[..(d * k)], theta[(d * k)..], mean, scale, d, k, iterations, value);
    }

    /// <summary>
    /// The penalised objective and its gradient at θ = [W; bᵀ] ((d + 1) × k, row-major): with A = [x̃ 1] the logits are A·θ
    /// (one matrix product), the data term is Σᵢ logsumexp(logitsᵢ) − logitsᵢ,yᵢ and its gradient is Aᵀ(P − Y), P the
    /// softmax probabilities and Y the one-hot labels (a second product); the L2 term adds λW.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Evaluate(double[] x, int[] labels, int n, int d, int k, double lambda, double[] theta, double[] logits, double[] grad)
    {
        var bias = theta.AsSpan(d * k, k);
        for (int i = 0; i < n; i++) bias.CopyTo(logits.AsSpan(i * k, k));
        Gemm.Multiply(x, false, theta, false, logits, n, d, k, accumulate: true);
        double value = 0;
        var gradBias = grad.AsSpan(d * k, k);
        gradBias.Clear();
        for (int i = 0; i < n; i++)
        {
            var row = logits.AsSpan(i * k, k);
            double logZ = LogSpace.LogSumExp(row);
            value += logZ - row[labels[i]];
            for (int c = 0; c < k; c++) row[c] = Math.Exp(row[c] - logZ) - (c == labels[i] ? 1 : 0);   // ∂(−log p)/∂logit_c
            for (int c = 0; c < k; c++) gradBias[c] += row[c];
        }
        Gemm.Multiply(x, true, logits, false, grad, d, n, k, accumulate: false);   // Aᵀ(P − Y) without the bias row
        for (int j = 0; j < d * k; j++)
        {
            double w = theta[j];
            value += 0.5 * lambda * w * w;
            grad[j] += lambda * w;
        }
        return value;
    }

    /// <summary>Class probabilities softmax(Wᵀx̃ + b), one row per row of features.</summary>
    public Matrix<double> PredictProbabilities(Matrix<double> features)
    {
        var x = Prepare(features, "LinearProbe.PredictProbabilities");
        int n = features.RowCount;
        var probabilities = new double[n * ClassCount];
        for (int i = 0; i < n; i++)
        {
            var logits = probabilities.AsSpan(i * ClassCount, ClassCount);
            Logits(x.AsSpan(i * Features, Features), logits);
            LogSpace.Softmax(logits, logits);
        }
        return Matrix<double>.Build.DenseOfRowMajor(n, ClassCount, probabilities);
    }

    /// <summary>The most probable class of every row of features.</summary>
    public int[] Predict(Matrix<double> features)
    {
        var x = Prepare(features, "LinearProbe.Predict");
        var labels = new int[features.RowCount];
        var logits = new double[ClassCount];
        for (int i = 0; i < labels.Length; i++)
        {
            Logits(x.AsSpan(i * Features, Features), logits);
            int best = 0;
            for (int c = 1; c < ClassCount; c++) if (logits[c] > logits[best]) best = c;
            labels[i] = best;
        }
        return labels;
    }

    /// <summary>Accuracy: the fraction of rows whose predicted class equals the label (scikit-learn's score).</summary>
    public double Score(Matrix<double> features, int[] labels) => Classes.Accuracy(Predict(features), labels, "LinearProbe.Score");

    private double[] Prepare(Matrix<double> features, string method)
    {
        Guard.FiniteMatrix(features, method, nameof(features));
        if (features.ColumnCount != Features)
            throw new ArgumentException(Invariant($"{method}: features must have {Features} columns; got {features.ColumnCount}."), nameof(features));
        var x = features.ToRowMajorArray();
        Transform(x, features.RowCount, Features, _mean, _scale);
        return x;
    }

    private void Logits(ReadOnlySpan<double> row, Span<double> logits)
    {
        _bias.CopyTo(logits);
        for (int j = 0; j < Features; j++)
            for (int c = 0; c < ClassCount; c++) logits[c] += row[j] * _weights[j * ClassCount + c];
    }

    private static void FitScaler(double[] x, int n, int d, double[] mean, double[] scale)
    {
        for (int j = 0; j < d; j++)
        {
            double m = 0, s = 0;
            for (int i = 0; i < n; i++) m += x[i * d + j];
            m /= n;
            for (int i = 0; i < n; i++) s += (x[i * d + j] - m) * (x[i * d + j] - m);
            double sd = Math.Sqrt(s / n);
            mean[j] = m;
            scale[j] = sd > 0 ? sd : 1.0;
        }
    }

    private static void Transform(double[] x, int n, int d, double[] mean, double[] scale)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) x[i * d + j] = (x[i * d + j] - mean[j]) / scale[j];
    }
}
