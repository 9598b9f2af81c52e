"""Reference for tests/AdvancedMl.Tests/Causal/MatchingTests.cs: 1:1 greedy nearest-neighbour propensity matching
on the Lalonde data (data/lalonde.csv), written independently of the C# library.

Propensity: unpenalised logistic regression of treat on age, educ, black, hispan, married, nodegree, re74, re75
with an intercept, by numpy Newton iterations, cross-checked against scikit-learn LogisticRegression(penalty='none').
Matching: treated units in descending propensity order (ties: lower row first), each takes the unused control
with the smallest |e_t - e_c| (ties: lowest row), without replacement; also with replacement, and with a caliper of
0.2 standard deviations of the logit propensity on the logit scale.

Run from the repository root:  /usr/bin/python3 tests/reference/causal_matching.py
(Debian 12: python3-numpy 1.24.2, python3-sklearn 1.2.1.)
"""
import csv
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

COVARIATES = ["age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75"]

with open("data/lalonde.csv", newline="") as f:
    rows = list(csv.DictReader(f))
X = np.array([[float(r[c]) for c in COVARIATES] for r in rows])
t = np.array([float(r["treat"]) for r in rows])
y = np.array([float(r["re78"]) for r in rows])
n = len(rows)

# Newton's method for the unpenalised logistic regression.
A = np.column_stack([np.ones(n), X])
beta = np.zeros(A.shape[1])
for it in range(100):
    p = 1 / (1 + np.exp(-A @ beta))
    grad = A.T @ (t - p)
    hess = (A * (p * (1 - p))[:, None]).T @ A
    step = np.linalg.solve(hess, grad)
    beta += step
    if np.max(np.abs(step)) < 1e-12 * (1 + np.max(np.abs(beta))):
        break
eta = A @ beta
e = 1 / (1 + np.exp(-eta))

sk = LogisticRegression(penalty="none", solver="newton-cg", tol=1e-12, max_iter=10000).fit(X, t)
e_sk = sk.predict_proba(X)[:, 1]


def match(distance, replace=False, caliper=None):
    treated = [i for i in range(n) if t[i] == 1]
    controls = [i for i in range(n) if t[i] == 0]
    order = sorted(treated, key=lambda i: (-e[i], i))
    width = None if caliper is None else caliper * np.std(distance, ddof=1)
    used = set()
    pairs = []
    for i in order:
        best, best_d = None, np.inf
        for j in controls:
            if j in used:
                continue
            d = abs(distance[i] - distance[j])
            if d < best_d:
                best, best_d = j, d
        if best is None or (width is not None and best_d > width):
            continue
        if not replace:
            used.add(best)
        pairs.append((i, best))
    att = np.mean([y[i] - y[j] for i, j in pairs])
    return pairs, att


print(f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, python {sys.version.split()[0]}")
print("intercept and coefficients:", " ".join(f"{b:.10g}" for b in beta))
print(f"max |e_numpy - e_sklearn| = {np.max(np.abs(e - e_sk)):.3g}")
print(f"log-likelihood = {np.sum(t * np.log(e) + (1 - t) * np.log(1 - e)):.10f}")
print(f"e[0] = {e[0]:.12f}, e[200] = {e[200]:.12f}")
for label, dist, rep, cal in [("without replacement", e, False, None),
                              ("with replacement", e, True, None),
                              ("logit scale, caliper 0.2 SD, without replacement", eta, False, 0.2)]:
    pairs, att = match(dist, rep, cal)
    print(f"{label}: pairs = {len(pairs)}, distinct controls = {len(set(j for _, j in pairs))}, "
          f"ATT = {att:.6f}, sum of control rows = {sum(j for _, j in pairs)}, first pairs = {pairs[:3]}")
