"""Reference values and timings for lib/GaussianProcesses (not run by the tests).

Run: /usr/bin/python3 tests/reference/gp_sklearn.py
1. A fixed 1-D data set (40 noisy points of sin(x) + 0.3 x, printed with 17 significant digits so the C# test
   embeds the exact same numbers), fitted with ConstantKernel * RBF + WhiteKernel, normalize_y=False,
   n_restarts_optimizer=0 -> optimised hyperparameters and log marginal likelihood.
2. Timing of GaussianProcessRegressor(kernel, optimizer=None).fit at n = 3000, d = 1 (RBF + White), and of
   numpy's Cholesky alone, median of 5 runs.
"""
import time
import numpy as np, scipy, sklearn
from threadpoolctl import threadpool_info
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, RBF, WhiteKernel

print("numpy", np.__version__, "scipy", scipy.__version__, "sklearn", sklearn.__version__)
for info in threadpool_info():
    print(info.get("internal_api"), info.get("version"), info.get("architecture"), "threads", info.get("num_threads"))

rng = np.random.default_rng(4)
x = np.sort(rng.uniform(0.0, 10.0, 40))
y = np.sin(x) + 0.3 * x + 0.2 * rng.standard_normal(40)
print("x =", "{" + ", ".join(repr(float(v)) for v in x) + "}")
print("y =", "{" + ", ".join(repr(float(v)) for v in y) + "}")
kernel = ConstantKernel(1.0) * RBF(1.0) + WhiteKernel(0.1)
gp = GaussianProcessRegressor(kernel, alpha=1e-10, normalize_y=False, n_restarts_optimizer=0, random_state=0)
gp.fit(x[:, None], y)
theta = np.exp(gp.kernel_.theta)
print("fitted kernel:", gp.kernel_)
print("theta (constant, lengthScale, noise) =", [repr(float(t)) for t in theta])
print("LML =", repr(float(gp.log_marginal_likelihood_value_)))
# LML and gradient at the initial hyperparameters, for a fixed-point check.
lml0, grad0 = gp.log_marginal_likelihood(kernel.theta, eval_gradient=True)
print("LML at initial theta =", repr(float(lml0)), "gradient =", [repr(float(g)) for g in grad0])

n = 3000
xb = np.random.default_rng(0).uniform(0.0, 10.0, (n, 1))
yb = np.sin(xb[:, 0]) + 0.1 * np.random.default_rng(1).standard_normal(n)
kb = 1.0 * RBF(1.0) + WhiteKernel(0.01)
fit_times, chol_times = [], []
for _ in range(5):
    t0 = time.perf_counter()
    GaussianProcessRegressor(kb, optimizer=None).fit(xb, yb)
    fit_times.append(time.perf_counter() - t0)
    K = kb(xb)
    t0 = time.perf_counter()
    np.linalg.cholesky(K)
    chol_times.append(time.perf_counter() - t0)
print(f"n={n}: sklearn fit(optimizer=None) median {np.median(fit_times):.3f} s (runs {', '.join(f'{t:.3f}' for t in fit_times)})")
print(f"n={n}: numpy cholesky median {np.median(chol_times):.3f} s")
