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
/// Measured on the 2-core AMD EPYC dev container (load average about 5 from other jobs), .NET 10.0.12, AVX2:
/// LogLikelihood 46.6 ms, ForwardBackward 208 ms (error ±84 ms: mostly first-touch of the 195 MB of result
/// matrices), Viterbi 71.4 ms (15.3 MB: the byte back-pointers and the path). numpy 1.24.2 with OpenBLAS 0.3.21
/// (Zen, 2 threads), the script's idiomatic per-step loop, same machine the same hour, best of 3 runs:
/// forward-backward 14.6 s, Viterbi 11.5 s (load about 3; 16.2 s and 15.1 s at load about 12). Speed-ups about
/// 70x and 160x; against the quieter-machine numpy figures (5.7 s and 3.0 s) about 27x and 42x.
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
