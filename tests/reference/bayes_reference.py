"""Reference figures for the Bayesian unit tests (tests/AdvancedMl.Tests/Bayesian; not run by the tests).

Run from the repository root with Debian's Python and packages:
    /usr/bin/python3 tests/reference/bayes_reference.py
(apt-get install python3-scipy python3-sklearn). The printed values are copied, with the versions printed
below, into tests/AdvancedMl.Tests/Bayesian/ReferenceValues.cs.
"""
import sys

import numpy as np
import scipy
import sklearn
from scipy import integrate, optimize, stats
from sklearn.linear_model import LogisticRegression

# --- Conjugate normal model: the data and prior used by the C# tests -------------------------------
DATA = np.array([4.2, 5.1, 3.8, 6.0, 4.9, 5.5, 4.4, 5.8, 3.9, 5.2, 4.7, 6.3, 5.0, 4.1, 5.6])
M0, KAPPA0, A0, B0 = 4.0, 2.0, 3.0, 2.0


def conjugate():
    n, xbar = len(DATA), DATA.mean()
    s = ((DATA - xbar) ** 2).sum()
    kn = KAPPA0 + n
    mn = (KAPPA0 * M0 + n * xbar) / kn
    an = A0 + n / 2
    bn = B0 + s / 2 + KAPPA0 * n * (xbar - M0) ** 2 / (2 * kn)
    mu = stats.t(df=2 * an, loc=mn, scale=np.sqrt(bn / (an * kn)))
    sigma2 = stats.invgamma(a=an, scale=bn)
    print(f"posterior: m_n={mn!r} kappa_n={kn!r} a_n={an!r} b_n={bn!r}")
    print(f"mu (scipy t): mean={mu.mean()!r} sd={mu.std()!r}")
    print(f"sigma2 (scipy invgamma): mean={sigma2.mean()!r} sd={sigma2.std()!r}")

    # log p(x) by brute-force numerical integration of p(x | mu, s2) p(mu | s2) p(s2) over (mu, s2).
    def joint(s2, m):
        return (np.prod(stats.norm.pdf(DATA, m, np.sqrt(s2))) * stats.norm.pdf(m, M0, np.sqrt(s2 / KAPPA0))
                * stats.invgamma.pdf(s2, a=A0, scale=B0))
    value, err = integrate.dblquad(joint, mn - 3.0, mn + 3.0, 1e-6, 10.0, epsabs=0, epsrel=1e-10)
    print(f"log p(x) (dblquad over mu in m_n +- 3, s2 in (1e-6, 10)): {np.log(value)!r} (abs err {err:.2e} on p(x)={value:.6e})")


# --- Bayesian logistic regression MAP --------------------------------------------------------------
def logistic_data(n=40):
    i = np.arange(n, dtype=float)
    x1 = 2.0 * np.sin(0.7 * i)
    x2 = np.cos(1.3 * i + 0.5)
    score = 0.8 * x1 - 1.2 * x2 + 0.3 + 0.9 * np.sin(5.1 * i)
    y = (score > 0).astype(int)
    return np.column_stack([x1, x2]), y, np.abs(score).min()


def logistic():
    x, y, margin = logistic_data()
    v = 2.0
    design = np.column_stack([np.ones(len(x)), x])  # intercept as a penalised column, as in the C# model
    clf = LogisticRegression(C=v, fit_intercept=False, tol=1e-12, max_iter=100000).fit(design, y)
    print(f"logistic data: n={len(y)} positives={y.sum()} smallest |score|={margin:.4f}")
    print(f"sklearn LogisticRegression(C={v}, fit_intercept=False, tol=1e-12, lbfgs) on [1, x1, x2]: "
          f"w={clf.coef_.ravel().tolist()!r}")

    # Independent check: Newton-CG with the exact Hessian on the same objective, to gradient norm 1e-13.
    def objective(w):
        eta = design @ w
        return np.logaddexp(0, eta).sum() - y @ eta + 0.5 * w @ w / v

    def gradient(w):
        return design.T @ (1 / (1 + np.exp(-design @ w)) - y) + w / v

    def hessian(w):
        s = 1 / (1 + np.exp(-design @ w))
        return design.T @ (design * (s * (1 - s))[:, None]) + np.eye(3) / v

    res = optimize.minimize(objective, np.zeros(3), jac=gradient, hess=hessian, method="trust-exact", options={"gtol": 1e-13})
    print(f"scipy minimize(trust-exact, gtol=1e-13): w={res.x.tolist()!r} |grad|={np.abs(gradient(res.x)).max():.1e}")


if __name__ == "__main__":
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}, scikit-learn {sklearn.__version__}")
    conjugate()
    logistic()
