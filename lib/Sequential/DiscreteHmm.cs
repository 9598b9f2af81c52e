using static System.FormattableString;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Sequential;

/// <summary>
/// Hidden Markov model with categorical emissions (notebook 02): z₀ ~ π, zₜ | zₜ₋₁ ~ A[zₜ₋₁, ·], xₜ | zₜ ~ B[zₜ, ·],
/// with N states and M symbols 0..M−1. Time is 0-based (index t is the notebook's time t + 1).
/// </summary>
/// <remarks>
/// Forward–backward uses Rabiner's scale factors cₜ, Viterbi works in log space, so sequences of millions of
/// steps are fine. The recursions (lib/Sequential/HmmKernels.cs) run on flat arrays whose rows are padded to the
/// SIMD width; Bᵀ is stored by symbol so each step reads one contiguous emission row. Instances are immutable;
/// the matrix and vector properties return copies.
/// </remarks>
public sealed class DiscreteHmm
{
    private readonly double[] _initial, _transition, _emission;   // π (N), A (N x N) and B (N x M), row-major
    internal readonly ChainTables Chain;
    internal readonly double[] EmissionBySymbol, LogEmissionBySymbol;   // Bᵀ and log Bᵀ: M rows of Np

    private DiscreteHmm(double[] initial, double[] transition, double[] emission, int states, int symbols)
    {
        States = states;
        Symbols = symbols;
        _initial = initial;
        _transition = transition;
        _emission = emission;
        Chain = new ChainTables(initial, transition, states);
        int np = Chain.Np;
        EmissionBySymbol = new double[symbols * np];
        LogEmissionBySymbol = new double[symbols * np];
        for (int k = 0; k < symbols; k++)
            for (int i = 0; i < states; i++)
            {
                EmissionBySymbol[k * np + i] = emission[i * symbols + k];
                LogEmissionBySymbol[k * np + i] = Math.Log(emission[i * symbols + k]);
            }
    }

    /// <summary>Builds a model from π (length N), A (N x N) and B (N x M); entries must be finite, ≥ 0, and each vector/row sum to 1 within 1e-9.</summary>
    public static DiscreteHmm Create(Vector<double> initial, Matrix<double> transition, Matrix<double> emission)
    {
        const string method = "DiscreteHmm.Create";
        double[] pi = HmmChecks.ProbabilityVector(initial, 0, method, nameof(initial));
        int n = pi.Length;
        if (n > 65536) throw new ArgumentException(Invariant($"{method}: initial must have at most 65536 states; got {n}."), nameof(initial));
        double[] a = HmmChecks.StochasticMatrix(transition, n, n, method, nameof(transition), Invariant($"{n} x {n} (states x states)"));
        double[] b = HmmChecks.StochasticMatrix(emission, n, 0, method, nameof(emission), Invariant($"{n} x M (states x symbols, M ≥ 1)"));
        return new DiscreteHmm(pi, a, b, n, emission.ColumnCount);
    }

    /// <summary>Number of hidden states N.</summary>
    public int States { get; }

    /// <summary>Number of observable symbols M.</summary>
    public int Symbols { get; }

    /// <summary>Initial distribution π(i) = p(z₀ = i) (a copy).</summary>
    public Vector<double> Initial => Vector<double>.Build.Dense((double[])_initial.Clone());

    /// <summary>Transition matrix A_ij = p(zₜ₊₁ = j | zₜ = i) (a copy).</summary>
    public Matrix<double> Transition => HmmInference.FromRowMajor(_transition, States, States);

    /// <summary>Emission matrix B_ik = p(xₜ = k | zₜ = i) (a copy).</summary>
    public Matrix<double> Emission => HmmInference.FromRowMajor(_emission, States, Symbols);

    /// <summary>log p(x₀..x_{T−1}) = Σₜ log cₜ by the scaled forward recursion (notebook 02); −∞ if the sequence is impossible.</summary>
    public double LogLikelihood(IReadOnlyList<int> observations)
    {
        int[] x = HmmChecks.Symbols(observations, Symbols, "DiscreteHmm.LogLikelihood", nameof(observations));
        return HmmKernels.Forward(Chain, EmissionBySymbol, x, default, x.Length, default, 0, 0, default, out _);
    }

    /// <summary>Scaled forward–backward (notebook 02): posteriors γ, α̂, β̂, scale factors cₜ and log p(x); throws if the sequence is impossible.</summary>
    public HmmPosterior ForwardBackward(IReadOnlyList<int> observations)
    {
        const string method = "DiscreteHmm.ForwardBackward";
        int[] x = HmmChecks.Symbols(observations, Symbols, method, nameof(observations));
        return HmmInference.Posterior(Chain, EmissionBySymbol, x, null, x.Length, method);
    }

    /// <summary>Most probable state path argmax_z p(x, z) by max-product in log space with back-pointers (notebook 02, Viterbi).</summary>
    public HmmPath Viterbi(IReadOnlyList<int> observations)
    {
        const string method = "DiscreteHmm.Viterbi";
        int[] x = HmmChecks.Symbols(observations, Symbols, method, nameof(observations));
        return HmmInference.Path(Chain, LogEmissionBySymbol, x, x.Length, method);
    }

    /// <summary>Pair posterior ξₜ(i, j) = p(zₜ = i, zₜ₊₁ = j | x) for 0 ≤ t ≤ T − 2 as an N x N matrix (notebook 02, E-step); runs forward–backward on the whole sequence.</summary>
    public Matrix<double> Xi(IReadOnlyList<int> observations, int t)
    {
        const string method = "DiscreteHmm.Xi";
        int[] x = HmmChecks.Symbols(observations, Symbols, method, nameof(observations));
        if (t < 0 || t > x.Length - 2)
            throw new ArgumentException(Invariant($"{method}: t must lie in [0, {x.Length - 2}] (a pair of consecutive steps); got {t}."), nameof(t));
        HmmPosterior posterior = HmmInference.Posterior(Chain, EmissionBySymbol, x, null, x.Length, method);
        return HmmInference.Xi(Chain, posterior, EmissionBySymbol.AsSpan(x[t + 1] * Chain.Np, Chain.Np), t);
    }

    /// <summary>
    /// One E-step over several sequences (notebook 02, Baum–Welch): InitialCounts(i) = Σ_sequences γ₀(i),
    /// TransitionCounts(i, j) = Σ_sequences Σₜ ξₜ(i, j), EmissionCounts(i, k) = Σ_sequences Σ_{t: xₜ = k} γₜ(i),
    /// and the total log-likelihood Σ log p(x). Normalising each row of the counts is the M-step.
    /// </summary>
    public (Matrix<double> TransitionCounts, Vector<double> InitialCounts, Matrix<double> EmissionCounts, double LogLikelihood)
        ExpectedCounts(IReadOnlyList<int[]> sequences)
    {
        const string method = "DiscreteHmm.ExpectedCounts";
        var engine = new DiscreteEngine(Checked(sequences, Symbols, method), States, Symbols, method);
        double logLikelihood = engine.EStep(this);
        return (HmmInference.FromRowMajor(engine.TransitionCounts, States, States), Vector<double>.Build.Dense(engine.InitialCounts),
            HmmInference.FromRowMajor(engine.EmissionCounts, States, Symbols), logLikelihood);
    }

    /// <summary>Draws a state path and its symbols of the given length from System.Random(seed) (same seed, same sample).</summary>
    public HmmSample Sample(int length, int seed)
    {
        if (length < 1) throw new ArgumentException(Invariant($"DiscreteHmm.Sample: length must be at least 1; got {length}."), nameof(length));
        var rng = new Random(seed);
        var z = new int[length];
        var x = new int[length];
        int n = States, m = Symbols;
        for (int t = 0; t < length; t++)
        {
            z[t] = t == 0 ? HmmInference.Draw(rng, _initial) : HmmInference.Draw(rng, _transition.AsSpan(z[t - 1] * n, n));
            x[t] = HmmInference.Draw(rng, _emission.AsSpan(z[t] * m, m));
        }
        return new HmmSample(z, x);
    }

    /// <summary>
    /// Fits π, A and B to several symbol sequences by Baum–Welch (EM, notebook 02): E-step expected counts by scaled
    /// forward–backward, M-step row-normalised counts (+ options.Smoothing), restarts from random rows or options.InitialModel.
    /// </summary>
    public static HmmFit<DiscreteHmm> Fit(IReadOnlyList<int[]> sequences, int states, int symbols, BaumWelchOptions options)
    {
        const string method = "DiscreteHmm.Fit";
        HmmChecks.Options(options, method);
        if (states < 1) throw new ArgumentException(Invariant($"{method}: states must be at least 1; got {states}."), nameof(states));
        if (states > 65536) throw new ArgumentException(Invariant($"{method}: states must be at most 65536; got {states}."), nameof(states));
        if (symbols < 1) throw new ArgumentException(Invariant($"{method}: symbols must be at least 1; got {symbols}."), nameof(symbols));
        DiscreteHmm? initial = null;
        if (options.InitialModel is not null)
        {
            initial = options.InitialModel as DiscreteHmm
                ?? throw new ArgumentException($"{method}: initialModel must be a DiscreteHmm; got {options.InitialModel.GetType().Name}.", "options");
            if (initial.States != states || initial.Symbols != symbols)
                throw new ArgumentException(Invariant($"{method}: initialModel must have {states} states and {symbols} symbols; got {initial.States} and {initial.Symbols}."), "options");
        }
        var engine = new DiscreteEngine(Checked(sequences, symbols, method), states, symbols, method);
        return BaumWelch.Fit(engine, options, initial);
    }

    private static int[][] Checked(IReadOnlyList<int[]> sequences, int symbols, string method)
    {
        HmmChecks.Sequences(sequences, method);
        var copies = new int[sequences.Count][];
        for (int s = 0; s < copies.Length; s++) copies[s] = HmmChecks.Symbols(sequences[s], symbols, method, Invariant($"sequences[{s}]"), nameof(sequences));
        return copies;
    }

    /// <summary>Expected counts of the categorical model over a fixed set of sequences, with a reused time-major workspace.</summary>
    private sealed class DiscreteEngine : BaumWelchEngine<DiscreteHmm>
    {
        private readonly int[][] _sequences;
        private readonly int _n, _m;
        private readonly string _method;
        private readonly double[] _alpha, _gamma, _scale, _xi;
        public readonly double[] InitialCounts, TransitionCounts, EmissionCounts;

        public DiscreteEngine(int[][] sequences, int n, int m, string method)
        {
            _sequences = sequences;
            _n = n;
            _m = m;
            _method = method;
            int longest = sequences.Max(s => s.Length);
            Observations = sequences.Sum(s => (long)s.Length);
            _alpha = new double[longest * n];
            _gamma = new double[longest * n];
            _scale = new double[longest];
            _xi = new double[n * ChainTables.Padded(n)];
            InitialCounts = new double[n];
            TransitionCounts = new double[n * n];
            EmissionCounts = new double[n * m];
        }

        public override long Observations { get; }

        public override double EStep(DiscreteHmm model)
        {
            ChainTables chain = model.Chain;
            int n = _n, np = chain.Np;
            Array.Clear(_xi);
            Array.Clear(InitialCounts);
            Array.Clear(EmissionCounts);
            double total = 0.0;
            for (int s = 0; s < _sequences.Length; s++)
            {
                int[] x = _sequences[s];
                int length = x.Length;
                total += HmmKernels.Forward(chain, model.EmissionBySymbol, x, default, length, _alpha, n, 1, _scale, out int zeroAt);
                if (zeroAt >= 0) throw HmmChecks.Impossible(_method, Invariant($"sequences[{s}]"), zeroAt, "sequences");
                HmmKernels.Backward(chain, model.EmissionBySymbol, x, length, _scale, _alpha, n, 1, default, _gamma, _xi);
                for (int i = 0; i < n; i++) InitialCounts[i] += _gamma[i];
                for (int t = 0; t < length; t++)
                {
                    int k = x[t];
                    for (int i = 0; i < n; i++) EmissionCounts[i * _m + k] += _gamma[t * n + i];
                }
            }
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) TransitionCounts[i * n + j] = _xi[i * np + j] * chain.Transition[i * np + j];
            return total;
        }

        public override DiscreteHmm MStep(DiscreteHmm previous, BaumWelchOptions options)
        {
            int n = _n, m = _m;
            double s = options.Smoothing;
            var pi = new double[n];
            var a = new double[n * n];
            var b = new double[n * m];
            BaumWelch.NormaliseRow(InitialCounts, s, previous._initial, pi);
            for (int i = 0; i < n; i++)
            {
                BaumWelch.NormaliseRow(TransitionCounts.AsSpan(i * n, n), s, previous._transition.AsSpan(i * n, n), a.AsSpan(i * n, n));
                BaumWelch.NormaliseRow(EmissionCounts.AsSpan(i * m, m), s, previous._emission.AsSpan(i * m, m), b.AsSpan(i * m, m));
            }
            return new DiscreteHmm(pi, a, b, n, m);
        }

        public override DiscreteHmm Draw(Random rng)
        {
            int n = _n, m = _m;
            var pi = new double[n];
            var a = new double[n * n];
            var b = new double[n * m];
            BaumWelch.DirichletRow(rng, pi);
            for (int i = 0; i < n; i++) BaumWelch.DirichletRow(rng, a.AsSpan(i * n, n));
            for (int i = 0; i < n; i++) BaumWelch.DirichletRow(rng, b.AsSpan(i * m, m));
            return new DiscreteHmm(pi, a, b, n, m);
        }
    }
}
