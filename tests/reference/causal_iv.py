"""Reference values for tests/AdvancedMl.Tests/Causal/RegressionTests.cs and InstrumentalVariablesTests.cs.

1. Cigarette demand (data/cigarettes-sw.csv, 1995, 48 states), Stock & Watson's variables:
   y = log(packs), d = log(price/cpi), w = log(income/population/cpi), z = (taxs - tax)/cpi (real sales tax).
   2SLS with and without the income control (and with both instruments z and rtax = tax/cpi, S&W's -1.28): statsmodels IV2SLS (classical SEs) and a numpy sandwich for HC1
   (second-stage design = first-stage fitted d, residuals with the actual d); first-stage F classical and HC1.
2. OLS with HC1: statsmodels OLS(y ~ 1 + d + w).fit(cov_type='HC1').
3. Two-way fixed effects on data/guns.csv: log(violent) ~ law + state + year dummies, statsmodels
   OLS.fit(cov_type='cluster', groups=state) (CR1 correction G/(G-1)(N-1)/(N-K)).
4. Logistic regression: see causal_matching.py (numpy Newton = sklearn penalty='none').

Run from the repository root:  /usr/bin/python3 tests/reference/causal_iv.py
(Debian 12: python3-numpy 1.24.2, python3-statsmodels 0.13.5.)
"""
import csv

import numpy as np
import statsmodels
import statsmodels.api as sm
from statsmodels.sandbox.regression.gmm import IV2SLS

with open("data/cigarettes-sw.csv", newline="") as f:
    rows = [r for r in csv.DictReader(f) if r["year"] == "1995"]
g = lambda k: np.array([float(r[k]) for r in rows])
cpi = g("cpi")
y = np.log(g("packs"))
d = np.log(g("price") / cpi)
w = np.log(g("income") / g("population") / cpi)
z = (g("taxs") - g("tax")) / cpi
n = len(y)
print(f"numpy {np.__version__}, statsmodels {statsmodels.__version__}; n = {n}")


rtax = g("tax") / cpi


def tsls(with_income, both=False):
    ex = [w] if with_income else []
    ins = [z, rtax] if both else [z]
    X = np.column_stack([np.ones(n), d] + ex)
    Z = np.column_stack([np.ones(n)] + ex + ins)
    iv = IV2SLS(y, X, Z).fit()
    first = sm.OLS(d, Z).fit()
    xhat = X.copy()
    xhat[:, 1] = first.fittedvalues
    beta = np.linalg.lstsq(xhat, y, rcond=None)[0]
    u = y - X @ beta
    k = X.shape[1]
    bread = np.linalg.inv(xhat.T @ xhat)
    meat = (xhat * u[:, None] ** 2).T @ xhat
    hc1 = bread @ meat @ bread * n / (n - k)
    r = np.zeros((len(ins), Z.shape[1]))
    for j in range(len(ins)):
        r[j, Z.shape[1] - len(ins) + j] = 1
    f_classical = float(first.f_test(r).fvalue)
    f_hc1 = float(sm.OLS(d, Z).fit(cov_type="HC1").f_test(r).fvalue)
    label = ("with income" if with_income else "without income") + (", instruments rtdiff and rtax" if both else "")
    print(f"2SLS {label}: beta = {' '.join(f'{b:.10f}' for b in iv.params)}")
    print(f"   classical SE = {' '.join(f'{s:.10f}' for s in iv.bse)}")
    print(f"   HC1 SE       = {' '.join(f'{s:.10f}' for s in np.sqrt(np.diag(hc1)))}")
    print(f"   first-stage F classical = {f_classical:.8f}, HC1 = {f_hc1:.8f}")


tsls(False)
tsls(True)
tsls(True, both=True)

ols = sm.OLS(y, np.column_stack([np.ones(n), d, w])).fit(cov_type="HC1")
print(f"OLS HC1: beta = {' '.join(f'{b:.10f}' for b in ols.params)}; SE = {' '.join(f'{s:.10f}' for s in ols.bse)}")
ols_c = sm.OLS(y, np.column_stack([np.ones(n), d, w])).fit()
print(f"OLS classical SE = {' '.join(f'{s:.10f}' for s in ols_c.bse)}")

with open("data/guns.csv", newline="") as f:
    guns = list(csv.DictReader(f))
states = sorted(set(r["state"] for r in guns))
years = sorted(set(int(r["year"]) for r in guns))
yv = np.log([float(r["violent"]) for r in guns])
law = np.array([float(r["law"]) for r in guns])
cols = [np.ones(len(guns)), law]
cols += [np.array([1.0 if r["state"] == s else 0.0 for r in guns]) for s in states[1:]]
cols += [np.array([1.0 if int(r["year"]) == t else 0.0 for r in guns]) for t in years[1:]]
groups = np.array([states.index(r["state"]) for r in guns])
fe = sm.OLS(yv, np.column_stack(cols)).fit(cov_type="cluster", cov_kwds={"groups": groups})
print(f"guns TWFE log(violent) on law: beta = {fe.params[1]:.10f}, clustered SE = {fe.bse[1]:.10f}, n = {len(guns)}, G = {len(states)}")
