using AdvancedMl.Sequential;
using AdvancedMl.Tests.Sequential;
using BenchmarkDotNet.Attributes;

namespace AdvancedMl.Benchmarks;

/// <summary>
/// Inference in a discrete hidden Markov model, N = 8 states, M = 16 symbols, T = 1,000,000 observations: the
/// splitmix64 model and sampled sequence that tests/reference/hmm_numpy.py times idiomatic numpy on (ReferenceModel,
/// linked from the test project). The public methods are timed, including input validation and building the
/// T x N result matrices. Run:
/// dotnet run -c Release --project tests/AdvancedMl.Benchmarks -- --filter '*HiddenMarkov*'
/// MEASURED
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class HiddenMarkovBenchmarks
{
    private const int T = 1_000_000;
    private DiscreteHmm _model = null!;
    private int[] _observations = null!;

    [GlobalSetup]
    public void Setup() => _model = ReferenceModel.Create(T, out _observations);

    /// <summary>Scaled forward pass only: log p(x).</summary>
    [Benchmark]
    public double LogLikelihood() => _model.LogLikelihood(_observations);

    /// <summary>Scaled forward and backward passes: γ, α̂, β̂ (three 1,000,000 x 8 matrices), scale factors, log p(x).</summary>
    [Benchmark(Baseline = true)]
    public HmmPosterior ForwardBackward() => _model.ForwardBackward(_observations);

    /// <summary>Log-space Viterbi with byte back-pointers and backtracking.</summary>
    [Benchmark]
    public HmmPath Viterbi() => _model.Viterbi(_observations);
}
