using System.Runtime.CompilerServices;

// The benchmarks time the E- and M-step kernels on a reused workspace, as scikit-learn's _e_step/_m_step are timed.
[assembly: InternalsVisibleTo("AdvancedMl.Benchmarks")]
