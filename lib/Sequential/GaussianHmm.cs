using static System.FormattableString;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Sequential;

/// <summary>
/// Hidden Markov model with one-dimensional Gaussian emissions (notebook 02): z₀ ~ π, zₜ | zₜ₋₁ ~ A[zₜ₋₁, ·],
/// xₜ | zₜ = i ~ N(meanᵢ, varianceᵢ). Time is 0-based (index t is the notebook's time t + 1).
/// </summary>
/// <remarks>
/// Each call first tabulates log N(xₜ; μⱼ, σⱼ²) for every t and j; the forward–backward table holds
/// exp(log bⱼ(xₜ) − maxⱼ log bⱼ(xₜ)) so an observation far from every mean cannot underflow to a zero row (the
/// shift is added back to the log-likelihood). Then the same kernels as <see cref="DiscreteHmm"/> run.
/// Instances are immutable; the matrix and vector properties return copies.
/// </remarks>
public sealed class GaussianHmm
{
    private const double LogTwoPi = 1.8378770664093454835606594728112;
    private readonly double[] _initial, _transition, _means, _variances;
    internal readonly ChainTables Chain;

    private GaussianHmm(double[] initial, double[] transition, double[] means, double[] variances)
    {
        States = initial.Length;
        _initial = initial;
        _transition = transition;
        _means = means;
        _variances = variances;
        Chain = new ChainTables(initial, transition, States);
    }

    /// <summary>Builds a model from π (length N), A (N x N, rows sum to 1 within 1e-9), N finite means and N positive finite variances.</summary>
    public static GaussianHmm Create(Vector<double> initial, Matrix<double> transition, Vector<double> means, Vector<double> variances)
    {
        const string method = "GaussianHmm.Create";
        double[] pi = HmmChecks.ProbabilityVector(initial, 0, method, nameof(initial));
        int n = pi.Length;
        if (n > 65536) throw new ArgumentException(Invariant($"{method}: initial must have at most 65536 states; got {n}."), nameof(initial));
        double[] a = HmmChecks.StochasticMatrix(transition, n, n, method, nameof(transition), Invariant($"{n} x {n} (states x states)"));
        double[] mu = HmmChecks.RealVector(means, n, false, method, nameof(means));
        double[] v = HmmChecks.RealVector(variances, n, true, method, nameof(variances));
        return new GaussianHmm(pi, a, mu, v);
    }

    /// <summary>Number of hidden states N.</summary>
    public int States { get; }

    /// <summary>Initial distribution π(i) = p(z₀ = i) (a copy).</summary>
    public Vector<double> Initial => Vector<double>.Build.Dense((double[])_initial.Clone());

    /// <summary>Transition matrix A_ij = p(zₜ₊₁ = j | zₜ = i) (a copy).</summary>
    public Matrix<double> Transition => HmmInference.FromRowMajor(_transition, States, States);

    /// <summary>Emission means μᵢ (a copy).</summary>
    public Vector<double> Means => Vector<double>.Build.Dense((double[])_means.Clone());

    /// <summary>Emission variances σᵢ² (a copy).</summary>
    public Vector<double> Variances => Vector<double>.Build.Dense((double[])_variances.Clone());

    /// <summary>log p(x₀..x_{T−1}) (a log-density) by the scaled forward recursion (notebook 02); −∞ only if the transitions make the path impossible.</summary>
    public double LogLikelihood(IReadOnlyList<double> observations)
    {
        double[] x = HmmChecks.Reals(observations, "GaussianHmm.LogLikelihood", nameof(observations));
        var (table, shift) = ShiftedTable(x);
        return HmmKernels.Forward(Chain, table, default, shift, x.Length, default, 0, 0, default, out _);
    }

    /// <summary>Scaled forward–backward (notebook 02): posteriors γ, α̂, β̂, scale factors cₜ (densities) and log p(x).</summary>
    public HmmPosterior ForwardBackward(IReadOnlyList<double> observations)
    {
        const string method = "GaussianHmm.ForwardBackward";
        double[] x = HmmChecks.Reals(observations, method, nameof(observations));
        var (table, shift) = ShiftedTable(x);
        return HmmInference.Posterior(Chain, table, null, shift, x.Length, method);
    }

    /// <summary>Most probable state path argmax_z p(x, z) by max-product in log space with back-pointers (notebook 02, Viterbi).</summary>
    public HmmPath Viterbi(IReadOnlyList<double> observations)
    {
        const string method = "GaussianHmm.Viterbi";
        double[] x = HmmChecks.Reals(observations, method, nameof(observations));
        return HmmInference.Path(Chain, LogTable(x), null, x.Length, method);
    }

    /// <summary>Pair posterior ξₜ(i, j) = p(zₜ = i, zₜ₊₁ = j | x) for 0 ≤ t ≤ T − 2 as an N x N matrix (notebook 02, E-step).</summary>
    public Matrix<double> Xi(IReadOnlyList<double> observations, int t)
    {
        const string method = "GaussianHmm.Xi";
        double[] x = HmmChecks.Reals(observations, method, nameof(observations));
        if (t < 0 || t > x.Length - 2)
            throw new ArgumentException(Invariant($"{method}: t must lie in [0, {x.Length - 2}] (a pair of consecutive steps); got {t}."), nameof(t));
        var (table, shift) = ShiftedTable(x);
        HmmPosterior posterior = HmmInference.Posterior(Chain, table, null, shift, x.Length, method);
        return HmmInference.Xi(Chain, posterior, table.AsSpan((t + 1) * Chain.Np, Chain.Np), t);
    }

    /// <summary>Draws a state path and its values of the given length from System.Random(seed) (same seed, same sample).</summary>
    public GaussianHmmSample Sample(int length, int seed)
    {
        if (length < 1) throw new ArgumentException(Invariant($"GaussianHmm.Sample: length must be at least 1; got {length}."), nameof(length));
        var rng = new Random(seed);
        var z = new int[length];
        var x = new double[length];
        int n = States;
        for (int t = 0; t < length; t++)
        {
            z[t] = t == 0 ? HmmInference.Draw(rng, _initial) : HmmInference.Draw(rng, _transition.AsSpan(z[t - 1] * n, n));
            x[t] = _means[z[t]] + Math.Sqrt(_variances[z[t]]) * Normal.Sample(rng, 0.0, 1.0);
        }
        return new GaussianHmmSample(z, x);
    }

    /// <summary>
    /// Fits π, A, means and variances to several real sequences by Baum–Welch (EM, notebook 02). The M-step variance
    /// of each state is clipped below at options.VarianceFloor x the pooled variance of all observations; smoothing
    /// applies to the π and A counts. Random restarts start from random rows, N random observations as means and
    /// the pooled variance; options.InitialModel (a GaussianHmm) replaces them.
    /// </summary>
    public static HmmFit<GaussianHmm> Fit(IReadOnlyList<double[]> sequences, int states, BaumWelchOptions options)
    {
        const string method = "GaussianHmm.Fit";
        HmmChecks.Options(options, method);
        HmmChecks.Sequences(sequences, method);
        if (states < 1) throw new ArgumentException(Invariant($"{method}: states must be at least 1; got {states}."), nameof(states));
        if (states > 65536) throw new ArgumentException(Invariant($"{method}: states must be at most 65536; got {states}."), nameof(states));
        var copies = new double[sequences.Count][];
        for (int s = 0; s < copies.Length; s++) copies[s] = HmmChecks.Reals(sequences[s], method, Invariant($"sequences[{s}]"), nameof(sequences));
        GaussianHmm? initial = null;
        if (options.InitialModel is not null)
        {
            initial = options.InitialModel as GaussianHmm
                ?? throw new ArgumentException($"{method}: initialModel must be a GaussianHmm; got {options.InitialModel.GetType().Name}.", "options");
            if (initial.States != states)
                throw new ArgumentException(Invariant($"{method}: initialModel must have {states} states; got {initial.States}."), "options");
        }
        return BaumWelch.Fit(new GaussianEngine(copies, states, options.VarianceFloor, method), options, initial);
    }

    /// <summary>log N(xₜ; μⱼ, σⱼ²) into row t (Np entries, padding −∞) of the table.</summary>
    private void FillLogRows(ReadOnlySpan<double> x, Span<double> table)
    {
        int n = States, np = Chain.Np;
        for (int t = 0; t < x.Length; t++)
        {
            Span<double> row = table.Slice(t * np, np);
            for (int j = 0; j < n; j++)
            {
                double d = x[t] - _means[j];
                row[j] = -0.5 * (LogTwoPi + Math.Log(_variances[j]) + d * d / _variances[j]);
            }
            for (int j = n; j < np; j++) row[j] = double.NegativeInfinity;
        }
    }

    private double[] LogTable(double[] x)
    {
        var table = new double[x.Length * Chain.Np];
        FillLogRows(x, table);
        return table;
    }

    /// <summary>Rows exp(log bⱼ(xₜ) − shiftₜ) with shiftₜ = maxⱼ log bⱼ(xₜ) (padding 0), and the shifts.</summary>
    private (double[] Table, double[] Shift) ShiftedTable(double[] x)
    {
        var table = new double[x.Length * Chain.Np];
        var shift = new double[x.Length];
        FillShiftedRows(x, table, shift);
        return (table, shift);
    }

    private void FillShiftedRows(ReadOnlySpan<double> x, Span<double> table, Span<double> shift)
    {
        FillLogRows(x, table);
        int np = Chain.Np;
        for (int t = 0; t < x.Length; t++)
        {
            Span<double> row = table.Slice(t * np, np);
            double max = double.NegativeInfinity;
            for (int j = 0; j < States; j++) max = Math.Max(max, row[j]);
            for (int j = 0; j < np; j++) row[j] = Math.Exp(row[j] - max);
            shift[t] = max;
        }
    }

    /// <summary>Expected occupancies, transition counts and state-weighted moments of the observations over fixed sequences.</summary>
    private sealed class GaussianEngine : BaumWelchEngine<GaussianHmm>
    {
        private readonly double[][] _sequences;
        private readonly double[] _pooled;
        private readonly int _n;
        private readonly string _method;
        private readonly double _floor;
        private readonly double[] _alpha, _gamma, _scale, _xi, _table, _shift;
        private readonly double[] _initialCounts, _transitionCounts, _occupancy, _sum, _sumSquares;

        public GaussianEngine(double[][] sequences, int n, double varianceFloor, string method)
        {
            _sequences = sequences;
            _n = n;
            _method = method;
            _pooled = sequences.SelectMany(s => s).ToArray();
            double variance = MathNet.Numerics.Statistics.Statistics.PopulationVariance(_pooled);
            PooledVariance = variance > 0.0 ? variance : 1.0;
            _floor = varianceFloor * PooledVariance;
            int longest = sequences.Max(s => s.Length), np = ChainTables.Padded(n);
            Observations = _pooled.Length;
            _alpha = new double[longest * n];
            _gamma = new double[longest * n];
            _scale = new double[longest];
            _table = new double[longest * np];
            _shift = new double[longest];
            _xi = new double[n * np];
            _initialCounts = new double[n];
            _transitionCounts = new double[n * n];
            _occupancy = new double[n];
            _sum = new double[n];
            _sumSquares = new double[n];
        }

        /// <summary>Variance of all observations pooled (1 if they are all equal).</summary>
        private double PooledVariance { get; }

        public override long Observations { get; }

        public override double EStep(GaussianHmm model)
        {
            ChainTables chain = model.Chain;
            int n = _n, np = chain.Np;
            Array.Clear(_xi);
            Array.Clear(_initialCounts);
            Array.Clear(_occupancy);
            Array.Clear(_sum);
            Array.Clear(_sumSquares);
            double total = 0.0;
            for (int s = 0; s < _sequences.Length; s++)
            {
                double[] x = _sequences[s];
                int length = x.Length;
                model.FillShiftedRows(x, _table, _shift);
                total += HmmKernels.Forward(chain, _table, default, _shift.AsSpan(0, length), length, _alpha, n, 1, _scale, out int zeroAt);
                if (zeroAt >= 0) throw HmmChecks.Impossible(_method, Invariant($"sequences[{s}]"), zeroAt, "sequences");
                HmmKernels.Backward(chain, _table, default, length, _scale, _alpha, n, 1, default, _gamma, _xi);
                for (int i = 0; i < n; i++) _initialCounts[i] += _gamma[i];
                // Moments about the current means, so the M-step variance does not cancel catastrophically.
                for (int t = 0; t < length; t++)
                    for (int i = 0; i < n; i++)
                    {
                        double g = _gamma[t * n + i], d = x[t] - model._means[i];
                        _occupancy[i] += g;
                        _sum[i] += g * d;
                        _sumSquares[i] += g * d * d;
                    }
            }
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) _transitionCounts[i * n + j] = _xi[i * np + j] * chain.Transition[i * np + j];
            return total;
        }

        public override GaussianHmm MStep(GaussianHmm previous, BaumWelchOptions options)
        {
            int n = _n;
            double s = options.Smoothing;
            var pi = new double[n];
            var a = new double[n * n];
            var means = new double[n];
            var variances = new double[n];
            BaumWelch.NormaliseRow(_initialCounts, s, previous._initial, pi);
            for (int i = 0; i < n; i++)
            {
                BaumWelch.NormaliseRow(_transitionCounts.AsSpan(i * n, n), s, previous._transition.AsSpan(i * n, n), a.AsSpan(i * n, n));
                if (!(_occupancy[i] > 0.0)) { means[i] = previous._means[i]; variances[i] = previous._variances[i]; continue; }
                double shift = _sum[i] / _occupancy[i];
                means[i] = previous._means[i] + shift;
                variances[i] = Math.Max(_sumSquares[i] / _occupancy[i] - shift * shift, _floor);
            }
            return new GaussianHmm(pi, a, means, variances);
        }

        public override GaussianHmm Draw(Random rng)
        {
            int n = _n;
            var pi = new double[n];
            var a = new double[n * n];
            var means = new double[n];
            var variances = new double[n];
            BaumWelch.DirichletRow(rng, pi);
            for (int i = 0; i < n; i++)
            {
                BaumWelch.DirichletRow(rng, a.AsSpan(i * n, n));
                means[i] = _pooled[rng.Next(_pooled.Length)];
                variances[i] = Math.Max(PooledVariance, _floor);
            }
            return new GaussianHmm(pi, a, means, variances);
        }
    }
}
