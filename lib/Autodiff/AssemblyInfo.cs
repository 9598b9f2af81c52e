using System.Runtime.CompilerServices;

// The matrix kernels (lib/Autodiff/Kernels) are internal; the tests check them against a naive triple loop.
[assembly: InternalsVisibleTo("AdvancedMl.Tests")]
