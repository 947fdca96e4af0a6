"""Expected value of partial perfect information (EVPPI) by nonparametric regression.

Strong, Oakley & Brennan (2014, *Med Decis Making* 34:311-326): the conditional
expectation of each option's net benefit given the inputs of interest ``φ`` is
estimated by regressing the sampled net benefit on the sampled ``φ``; with the fitted
values ``g_d(φ_n)``,

``EVPPI(φ) = mean_n max_d g_d(φ_n) − max_d mean_n g_d(φ_n)``.

As Strong et al. recommend, one input is smoothed by a generalised additive model and
a group of inputs by a Gaussian process:

- one input: a penalised cubic regression spline (scikit-learn's ``SplineTransformer``,
  8 knots at quantiles, with a ridge penalty chosen by generalised cross-validation,
  ``RidgeCV``), the GAM smoother of Strong et al.;
- several inputs: a Gaussian process (``GaussianProcessRegressor``) whose linear
  (dot-product) term stands for Strong et al.'s linear mean function, plus a constant
  times an anisotropic squared-exponential kernel and white noise; inputs
  standardised, hyperparameters by maximum marginal likelihood.

The regressions are fitted to the net benefit *difference* from the first option, so
the noise the options share cancels. EVPPI is bounded by the EVPI of the same samples
and clipped to ``[0, EVPI]`` (a fitted smoother can overshoot either bound slightly).
"""

from __future__ import annotations

import warnings

import numpy as np

from commsim.analysis.net_benefit import evpi

#: Penalties the spline's generalised cross-validation chooses from.
ALPHAS = tuple(10.0 ** k for k in range(-4, 5))


def _spline(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Fitted values of a penalised cubic regression spline of ``y`` on one input."""
    from sklearn.linear_model import RidgeCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import SplineTransformer

    knots = int(min(8, max(3, len(x) // 10)))
    model = make_pipeline(SplineTransformer(n_knots=knots, degree=3, knots="quantile"),
                          RidgeCV(alphas=ALPHAS))
    return np.asarray(model.fit(x, y).predict(x), dtype=float)


def _fit(x: np.ndarray, y: np.ndarray, seed: int) -> np.ndarray:
    """Fitted values of the regression of ``y`` on ``x`` (spline or Gaussian process)."""
    if x.shape[1] == 1:
        return _spline(x, y)
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel, DotProduct, WhiteKernel

    scale = float(y.std())
    if scale == 0 or not np.isfinite(scale):
        return np.full_like(y, float(y.mean()) if y.size else 0.0)
    z = (y - y.mean()) / scale
    kernel = (DotProduct(1.0, (1e-5, 1e2))
              + ConstantKernel(1.0, (1e-3, 1e3)) * RBF(np.ones(x.shape[1]), (1e-2, 1e3))
              + WhiteKernel(0.5, (1e-6, 1e1)))
    gp = GaussianProcessRegressor(kernel, normalize_y=False, n_restarts_optimizer=0,
                                  random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gp.fit(x, z)
    return np.asarray(gp.predict(x), dtype=float) * scale + float(y.mean())


def evppi(nb: np.ndarray, inputs: np.ndarray, seed: int = 0) -> float:
    """EVPPI of the inputs ``inputs`` (``(samples,)`` or ``(samples, k)``).

    Parameters
    ----------
    nb : numpy.ndarray
        Net benefit, shape ``(samples, options)``.
    inputs : numpy.ndarray
        The sampled values of the uncertain inputs of interest, one row per sample.
    seed : int
        Seed of the optimiser's restarts (the result is deterministic given it).

    Returns
    -------
    float
        The EVPPI in the unit of ``nb``; 0 with fewer than 3 samples or one option.

    """
    nb = np.atleast_2d(np.asarray(nb, dtype=float))
    x = np.asarray(inputs, dtype=float)
    x = x.reshape(len(x), -1)
    if len(x) != len(nb):
        raise ValueError("inputs and net benefit need one row per sample")
    if len(nb) < 3 or nb.shape[1] < 2:
        return 0.0
    spread = x.std(axis=0)
    x = (x - x.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    fitted = np.zeros_like(nb)
    for d in range(1, nb.shape[1]):
        fitted[:, d] = _fit(x, nb[:, d] - nb[:, 0], seed)
    value = float(fitted.max(axis=1).mean() - fitted.mean(axis=0).max())
    return min(max(value, 0.0), evpi(nb))
