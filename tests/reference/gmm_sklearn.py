"""Reference figures for the Gaussian-mixture unit tests and benchmark (not run by the tests).

Run from the repository root with Debian's Python and packages:
    /usr/bin/python3 tests/reference/gmm_sklearn.py
(apt-get install python3-sklearn libopenblas0-pthread python3-threadpoolctl). The printed values are
copied, with the versions printed below, into tests/AdvancedMl.Tests/Probabilistic/GaussianMixtureTests.cs.
"""
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_info

here = os.path.dirname(os.path.abspath(__file__))
csv = os.path.join(here, "..", "..", "data", "old-faithful.csv")


def versions():
    print(f"python {sys.version.split()[0]}, scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    for pool in threadpool_info():
        print(f"  {pool.get('internal_api')} {pool.get('version')} core={pool.get('architecture')} "
              f"threads={pool.get('num_threads')}")


def old_faithful():
    x = np.loadtxt(csv, delimiter=",", skiprows=1)  # columns: eruptions, waiting
    for cov in ("full", "diag"):
        gm = GaussianMixture(n_components=2, covariance_type=cov, tol=1e-10, max_iter=1000,
                             n_init=10, random_state=0).fit(x)
        order = np.argsort(gm.means_[:, 0])
        print(f"old-faithful n={len(x)} k=2 {cov}: score={gm.score(x):.12f} converged={gm.converged_} "
              f"n_iter={gm.n_iter_}")
        print(f"  weights={np.array2string(gm.weights_[order], precision=10)}")
        print(f"  means={np.array2string(gm.means_[order], precision=10)}")
        print(f"  bic={gm.bic(x):.10f} aic={gm.aic(x):.10f} n_parameters={gm._n_parameters()}")


def timing(n=100_000, d=8, k=8, repeats=20):
    rng = np.random.default_rng(0)
    centers = rng.normal(scale=5.0, size=(k, d))
    x = centers[rng.integers(0, k, size=n)] + rng.normal(size=(n, d))
    gm = GaussianMixture(n_components=k, covariance_type="full", max_iter=5, random_state=0).fit(x)
    best = float("inf")
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        _, log_resp = gm._e_step(x)
        gm._m_step(x, log_resp)
        times.append(time.perf_counter() - t0)
    times = np.array(times)
    print(f"one EM iteration (_e_step + _m_step), n={n} d={d} k={k} full, {repeats} runs: "
          f"median={np.median(times):.4f} s min={times.min():.4f} s mean={times.mean():.4f} s")


if __name__ == "__main__":
    versions()
    old_faithful()
    timing()
