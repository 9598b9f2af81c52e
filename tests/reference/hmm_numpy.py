"""Reference timings and log-likelihood for the hidden-Markov-model benchmark and unit tests (not run by the tests).

Run from the repository root with Debian's Python and numpy:
    /usr/bin/python3 tests/reference/hmm_numpy.py            # model N=8, M=16, T=1,000,000, 3 timed runs each
    /usr/bin/python3 tests/reference/hmm_numpy.py 1000 5     # T=1000, 5 runs (quick check)
(apt-get install python3-numpy python3-threadpoolctl). The model and the observation sequence come from a
splitmix64 generator that tests/AdvancedMl.Tests/Sequential/ReferenceModel.cs reproduces bit for bit, so the
log-likelihood printed here is the value the C# test compares with, and the timings are for the very sequence
tests/AdvancedMl.Benchmarks/HiddenMarkovBenchmarks.cs times.

The implementation is idiomatic vectorised numpy: a Python loop over t with N-wide array operations per step,
Rabiner's scaling for forward-backward and log space for Viterbi.
"""
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info

MASK = (1 << 64) - 1


class SplitMix64:
    """splitmix64 (Steele, Lea, Flood 2014); uniform() = top 53 bits / 2**53, exactly as in ReferenceModel.cs."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * (1.0 / 9007199254740992.0)


def stochastic_row(g, n, boost_index=-1, boost=0.0):
    """Entries 0.05 + u (plus `boost` at one index), divided by their left-to-right sum."""
    row = [0.05 + g.uniform() for _ in range(n)]
    if boost_index >= 0:
        row[boost_index] += boost
    total = 0.0
    for v in row:
        total += v
    return [v / total for v in row]


def draw(g, probabilities):
    """Index of the first cumulative (left-to-right) sum exceeding a uniform draw; the last index if none does."""
    u = g.uniform()
    c = 0.0
    for i, p in enumerate(probabilities):
        c += p
        if u < c:
            return i
    return len(probabilities) - 1


def reference_model(n=8, m=16, t=1_000_000, seed=2024):
    """Sticky random model (self-transition boost 4) and a sequence sampled from it; same as ReferenceModel.cs."""
    g = SplitMix64(seed)
    pi = stochastic_row(g, n)
    a = [stochastic_row(g, n, i, 4.0) for i in range(n)]
    b = [stochastic_row(g, m) for _ in range(n)]
    x = np.empty(t, dtype=np.int64)
    z = draw(g, pi)
    for k in range(t):
        if k > 0:
            z = draw(g, a[z])
        x[k] = draw(g, b[z])
    return np.array(pi), np.array(a), np.array(b), x


def forward_backward(pi, A, B, x):
    """Scaled forward-backward; returns the posterior gamma (T x N) and log p(x)."""
    T, N = len(x), len(pi)
    alpha = np.empty((T, N))
    c = np.empty(T)
    a = pi * B[:, x[0]]
    c[0] = a.sum()
    alpha[0] = a / c[0]
    for t in range(1, T):
        a = (alpha[t - 1] @ A) * B[:, x[t]]
        c[t] = a.sum()
        alpha[t] = a / c[t]
    beta = np.empty((T, N))
    beta[-1] = 1.0
    for t in range(T - 2, -1, -1):
        beta[t] = (A @ (B[:, x[t + 1]] * beta[t + 1])) / c[t + 1]
    gamma = alpha * beta
    return gamma, np.log(c).sum()


def viterbi(pi, A, B, x):
    """Max-product in log space with argmax back-pointers; returns the path and log p(x, z*)."""
    T, N = len(x), len(pi)
    logA, logB = np.log(A), np.log(B)
    delta = np.log(pi) + logB[:, x[0]]
    psi = np.empty((T, N), dtype=np.int64)
    for t in range(1, T):
        scores = delta[:, None] + logA
        psi[t] = np.argmax(scores, axis=0)
        delta = np.max(scores, axis=0) + logB[:, x[t]]
    path = np.empty(T, dtype=np.int64)
    path[-1] = np.argmax(delta)
    for t in range(T - 1, 0, -1):
        path[t - 1] = psi[t, path[t]]
    return path, delta.max()


def timed(f, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t0)
    return result, np.array(times)


def main():
    t = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}")
    for pool in threadpool_info():
        print(f"  {pool.get('internal_api')} {pool.get('version')} core={pool.get('architecture')} "
              f"threads={pool.get('num_threads')}")
    pi, A, B, x = reference_model(t=t)
    print(f"model N=8 M=16 seed=2024, T={t}; first symbols {x[:10].tolist()}, symbol sum {int(x.sum())}")
    (gamma, loglik), fb = timed(lambda: forward_backward(pi, A, B, x), runs)
    print(f"forward-backward: log p(x) = {loglik:.10f}; gamma row-sum max error {np.abs(gamma.sum(1) - 1).max():.1e}")
    print(f"  {runs} runs: median {np.median(fb):.3f} s, min {fb.min():.3f} s")
    (path, logp), vt = timed(lambda: viterbi(pi, A, B, x), runs)
    print(f"viterbi: log p(x, z*) = {logp:.10f}; path[:10] {path[:10].tolist()}, path sum {int(path.sum())}")
    print(f"  {runs} runs: median {np.median(vt):.3f} s, min {vt.min():.3f} s")


if __name__ == "__main__":
    main()
