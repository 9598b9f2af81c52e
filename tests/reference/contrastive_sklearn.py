#!/usr/bin/env python3
"""Reference values for tests/AdvancedMl.Tests/Contrastive (linear probe and PCA).

Run from the repository root with Debian's python:  /usr/bin/python3 tests/reference/contrastive_sklearn.py
Versions used for the values in the tests: Debian bookworm python3-sklearn 1.2.1, python3-numpy 1.24.2, python3-scipy 1.10.1.

Data: data/digits.csv, pixels divided by 16. Probe: rows 0-99 train, rows 100-199 test; PCA: rows 0-299.
"""
import numpy as np, sklearn, scipy
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.decomposition import PCA

d = np.loadtxt("data/digits.csv", delimiter=",", skiprows=1)
X, y = d[:, :64] / 16.0, d[:, 64].astype(int)
print("numpy", np.__version__, "scipy", scipy.__version__, "sklearn", sklearn.__version__)

scaler = StandardScaler().fit(X[:100])
lr = LogisticRegression(C=0.5, tol=1e-12, max_iter=100000).fit(scaler.transform(X[:100]), y[:100])
p = lr.predict_proba(scaler.transform(X[100:200]))
np.set_printoptions(precision=17)
print("probe: test accuracy", repr(lr.score(scaler.transform(X[100:200]), y[100:200])))
print("probe: P(test row 0)", repr(p[0].tolist()))
print("probe: P(test row 7)", repr(p[7].tolist()))
print("probe: intercepts", repr(lr.intercept_.tolist()))

pca = PCA(n_components=2, svd_solver="full").fit(X[:300])
print("pca: explained variance ratio", repr(pca.explained_variance_ratio_.tolist()))
print("pca: transform rows 0 and 1", repr(pca.transform(X[:2]).tolist()))
