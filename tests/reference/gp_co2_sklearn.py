"""Reference values for notebook 04's Mauna Loa CO2 section (not run by the tests).

1. Fit scikit-learn's GaussianProcessRegressor with the composite kernel of Rasmussen & Williams (section 5.4.3),
   started from the rough guesses of its plot_gpr_co2 example (R&W publish only optimised values), to data/mauna-loa-co2.csv (x = decimal_year, y = co2_ppm minus its mean).
   It printed (sklearn 1.2.1, numpy 1.24.2, scipy 1.10.1, Debian bookworm python3-sklearn; about 90 s):
     43.7**2 * RBF(length_scale=51.5) + 2.64**2 * RBF(length_scale=108) * ExpSineSquared(length_scale=1.47, periodicity=1)
     + 0.536**2 * RationalQuadratic(alpha=2.66, length_scale=0.974) + 0.19**2 * RBF(length_scale=0.122)
     + WhiteKernel(noise_level=0.0364),   log marginal likelihood -114.13211277290537
   with exp(theta) = the list P below (9 significant digits). Starting log marginal likelihood: -380.24753739683604.
2. At exactly the 9-digit values P (the notebook's kernel), without optimisation:
     log marginal likelihood      -114.13211277335142
     mean at 2016 + 11.5/12 (mid-December 2016), ppm   390.54425365500316
     sd there, including the white noise, ppm           2.6129192918346935

Run: /usr/bin/python3 tests/reference/gp_co2_sklearn.py [--fit]   (from the repository root)
"""
import sys

import numpy as np
import scipy
import sklearn
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ExpSineSquared, RationalQuadratic, WhiteKernel

d = np.loadtxt("data/mauna-loa-co2.csv", delimiter=",", skiprows=1)
X, mean = d[:, 2:3], d[:, 3].mean()
y = d[:, 3] - mean
print("sklearn", sklearn.__version__, "numpy", np.__version__, "scipy", scipy.__version__)

if "--fit" in sys.argv:
    start = (50.0**2 * RBF(50.0) + 2.0**2 * RBF(100.0) * ExpSineSquared(1.0, 1.0)
             + 0.5**2 * RationalQuadratic(alpha=1.0, length_scale=1.0) + 0.1**2 * RBF(0.1) + WhiteKernel(0.1**2))
    gp = GaussianProcessRegressor(kernel=start, normalize_y=False).fit(X, y)
    print(gp.kernel_, repr(gp.log_marginal_likelihood_value_), np.exp(gp.kernel_.theta))
    print("start", repr(gp.log_marginal_likelihood(start.theta)))

P = [1.91166661e+03, 5.15347864e+01, 6.95295076e+00, 1.08082480e+02, 1.47135973e+00, 9.99569118e-01,
     2.87633718e-01, 2.65704663e+00, 9.73549864e-01, 3.62623534e-02, 1.21878555e-01, 3.64383330e-02]
k = (P[0] * RBF(P[1]) + P[2] * RBF(P[3]) * ExpSineSquared(P[4], P[5])
     + P[6] * RationalQuadratic(alpha=P[7], length_scale=P[8]) + P[9] * RBF(P[10]) + WhiteKernel(P[11]))
gp = GaussianProcessRegressor(kernel=k, optimizer=None, normalize_y=False).fit(X, y)
m, s = gp.predict(np.array([[2016 + 11.5 / 12]]), return_std=True)  # mid-December 2016, as the notebook
print("lml", repr(gp.log_marginal_likelihood_value_), "mean", repr(m[0] + mean), "sd", repr(s[0]))
