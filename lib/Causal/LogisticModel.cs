using static System.FormattableString;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Causal;

/// <summary>Settings of the Newton (IRLS) fit of <see cref="LogisticModel"/>.</summary>
/// <param name="MaxIterations">Newton steps allowed before giving up (default 100).</param>
/// <param name="Tolerance">Stop when max|Δβ| &lt; Tolerance · (1 + max|β|) (default 1e-10).</param>
public sealed record LogisticOptions(int MaxIterations = 100, double Tolerance = 1e-10);

/// <summary>
/// Unpenalised logistic regression with an intercept, fitted by Newton's method with step halving — the propensity
/// model e(x) = P(T = 1 | x) = σ(β₀ + xᵀβ) of notebook 06 (same answer as scikit-learn with penalty='none').
/// </summary>
public sealed class LogisticModel
{
    private readonly double[] beta; // intercept first

    private LogisticModel(double[] beta, double[] standardErrors, double logLikelihood, int iterations)
    {
        this.beta = beta;
        StandardErrors = standardErrors;
        LogLikelihood = logLikelihood;
        Iterations = iterations;
    }

    /// <summary>The intercept β₀.</summary>
    public double Intercept => beta[0];

    /// <summary>The slopes, one per column of the training matrix.</summary>
    public double[] Coefficients => beta[1..];

    /// <summary>Standard errors from the inverse Fisher information, intercept first, then one per slope.</summary>
    public double[] StandardErrors { get; }

    /// <summary>Maximised log-likelihood Σ y log p + (1 − y) log(1 − p).</summary>
    public double LogLikelihood { get; }

    /// <summary>Newton steps taken.</summary>
    public int Iterations { get; }

    /// <summary>
    /// Maximises the log-likelihood by Newton steps β ← β + (XᵀWX)⁻¹Xᵀ(y − p), W = diag(p(1 − p)), halving a step that
    /// lowers the likelihood. Throws <see cref="ArgumentException"/> when the classes are (quasi-)separated and
    /// <see cref="InvalidOperationException"/> when it does not converge otherwise.
    /// </summary>
    public static LogisticModel Fit(Matrix<double> x, double[] y, LogisticOptions? options = null)
    {
        const string method = "LogisticModel.Fit";
        options ??= new LogisticOptions();
        if (options.MaxIterations < 1)
            throw new ArgumentException(Invariant($"{method}: options.MaxIterations must be at least 1; got {options.MaxIterations}."), nameof(options));
        if (!(options.Tolerance > 0) || !double.IsFinite(options.Tolerance))
            throw new ArgumentException(Invariant($"{method}: options.Tolerance must be positive and finite; got {options.Tolerance}."), nameof(options));
        Checks.Finite(y, method, nameof(y));
        Checks.Binary(y, method, nameof(y));
        Checks.Matrix(x, method, nameof(x), y.Length);
        int ones = y.Count(v => v == 1.0);
        if (ones == 0 || ones == y.Length)
            throw new ArgumentException(Invariant($"{method}: y must contain both classes; got {ones} ones of {y.Length}."), nameof(y));
        int n = y.Length, k = x.ColumnCount + 1;
        if (n <= k)
            throw new ArgumentException(Invariant($"{method}: need more observations than coefficients; got n = {n}, k = {k}."), nameof(x));
        var design = x.InsertColumn(0, Vector<double>.Build.Dense(n, 1.0)).ToRowMajorArray();
        var b = Vector<double>.Build.Dense(k);
        // Start at the intercept-only maximum: β₀ = logit(mean y).
        double ybar = (double)ones / n;
        b[0] = Math.Log(ybar / (1 - ybar));
        var p = new double[n];
        double ll = LogLik(design, y, b, p);
        for (int iter = 1; iter <= options.MaxIterations; iter++)
        {
            var (grad, hessian) = GradientHessian(design, y, p);
            Vector<double> step;
            try
            {
                step = hessian.Cholesky().Solve(grad);
            }
            catch (ArgumentException)
            {
                throw Separated(method, p, y);
            }
            double scale = 1.0, newLl;
            Vector<double> candidate;
            int halvings = 0;
            while (true)
            {
                candidate = b + scale * step;
                newLl = LogLik(design, y, candidate, p);
                if (newLl >= ll - 1e-12 * Math.Abs(ll) || halvings == 40) break;
                scale /= 2;
                halvings++;
            }
            double change = (candidate - b).AbsoluteMaximum();
            b = candidate;
            ll = newLl;
            if (ll > -1e-9 * n) throw Separated(method, p, y);
            if (change < options.Tolerance * (1 + b.AbsoluteMaximum()))
            {
                var (_, h) = GradientHessian(design, y, p);
                var cov = h.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(k));
                return new LogisticModel(b.ToArray(), Enumerable.Range(0, k).Select(j => Math.Sqrt(cov[j, j])).ToArray(), ll, iter);
            }
        }
        if (p.Any(v => v < 1e-10 || v > 1 - 1e-10)) throw Separated(method, p, y);
        throw new InvalidOperationException(Invariant($"{method}: Newton's method did not converge in {options.MaxIterations} iterations; raise options.MaxIterations or rescale the covariates."));
    }

    /// <summary>Fitted probabilities σ(β₀ + xᵀβ) for new rows.</summary>
    public double[] PredictProbability(Matrix<double> x) => DecisionFunction(x).Select(LogSpace.Sigmoid).ToArray();

    /// <summary>Linear predictor (logit) β₀ + xᵀβ for new rows.</summary>
    public double[] DecisionFunction(Matrix<double> x)
    {
        Checks.Matrix(x, "LogisticModel.DecisionFunction", nameof(x));
        if (x.ColumnCount != beta.Length - 1)
            throw new ArgumentException(Invariant($"LogisticModel.DecisionFunction: x must have {beta.Length - 1} columns; got {x.ColumnCount}."), nameof(x));
        var eta = new double[x.RowCount];
        for (int i = 0; i < eta.Length; i++)
        {
            double s = beta[0];
            for (int j = 1; j < beta.Length; j++) s += beta[j] * x[i, j - 1];
            eta[i] = s;
        }
        return eta;
    }

    private static ArgumentException Separated(string method, double[] p, double[] y)
    {
        int extreme = p.Count(v => v < 1e-10 || v > 1 - 1e-10);
        return new ArgumentException(Invariant($"{method}: the classes are (quasi-)separated: {extreme} of {y.Length} fitted probabilities reach 0 or 1 and the coefficients diverge, so the maximum-likelihood estimate does not exist; drop or combine the covariates that separate them."), "x");
    }

    /// <summary>Log-likelihood at b (fills p with the fitted probabilities), computed stably from the linear predictor; design is row-major n × k.</summary>
    private static double LogLik(double[] design, double[] y, Vector<double> b, double[] p)
    {
        int k = b.Count;
        var beta = b.AsArray() ?? b.ToArray();
        double ll = 0;
        for (int i = 0; i < y.Length; i++)
        {
            var row = new ReadOnlySpan<double>(design, i * k, k);
            double eta = 0;
            for (int j = 0; j < k; j++) eta += row[j] * beta[j];
            p[i] = LogSpace.Sigmoid(eta);
            // log σ(η) = −log(1 + e^{−η}); log(1 − σ(η)) = −log(1 + e^{η})
            ll += y[i] == 1.0 ? -LogSpace.Softplus(-eta) : -LogSpace.Softplus(eta);
        }
        return ll;
    }

    /// <summary>Score Xᵀ(y − p) and information XᵀWX, W = diag(p(1 − p)), from the row-major design.</summary>
    private static (Vector<double> Gradient, Matrix<double> Hessian) GradientHessian(double[] design, double[] y, double[] p)
    {
        int n = y.Length, k = design.Length / n;
        var g = new double[k];
        var h = new double[k * k];
        for (int i = 0; i < n; i++)
        {
            var row = new ReadOnlySpan<double>(design, i * k, k);
            double r = y[i] - p[i], w = p[i] * (1 - p[i]);
            for (int a = 0; a < k; a++)
            {
                double xa = row[a];
                g[a] += r * xa;
                double wxa = w * xa;
                for (int c = 0; c <= a; c++) h[a * k + c] += wxa * row[c];
            }
        }
        for (int a = 0; a < k; a++)
            for (int c = 0; c < a; c++) h[c * k + a] = h[a * k + c];
        return (Vector<double>.Build.Dense(g), Matrix<double>.Build.Dense(k, k, h));
    }
}
