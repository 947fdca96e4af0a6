"""Choosing the warm-up period: MSER-5 and Welch's moving average.

A run starts from an artificial state (empty backlogs, drawn exhaustion and tenure);
metrics measured from day 0 mix that start-up transient into the steady state. The
warm-up period is the number of days to discard before measuring.

MSER-5 (White 1997; White, Cobb & Spratt 2000; Hoad, Robinson & Davies 2010, who found
it the most reliable of 42 automatic methods) batches the series in non-overlapping
batches of 5 and picks the truncation point ``d`` minimising the marginal standard error
of the remaining batch means,

    MSER(d) = s²(d) / (n - d),

where ``s²(d)`` is the variance of the batch means after truncating ``d`` batches and
``n`` the number of batches. Truncation points in the second half of the series are not
considered (the method is unreliable there). Welch's method (Welch 1983) plots the moving
average of the replication-mean series so the truncation point can be checked by eye;
:func:`welch_average` computes it.

>>> import numpy as np
>>> series = np.r_[np.linspace(0.0, 10.0, 50), np.full(450, 10.0)]
>>> mser5(series)
50
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike


def mser5(series: ArrayLike, batch: int = 5) -> int:
    """Warm-up length (in observations) chosen by MSER-5.

    Parameters
    ----------
    series : array_like
        One output series in time order (e.g. daily backlog hours), ideally the mean of
        several replications.
    batch : int
        Batch size (5 for MSER-5).

    Returns
    -------
    int
        Number of leading observations to discard (a multiple of ``batch``).

    Raises
    ------
    ValueError
        If the series has fewer than four batches.

    """
    x = np.asarray(series, dtype=float)
    n = len(x) // batch
    if n < 4:
        raise ValueError(f"MSER needs at least {4 * batch} observations, got {len(x)}")
    means = x[: n * batch].reshape(n, batch).mean(axis=1)
    best_d, best = 0, np.inf
    for d in range(n // 2):
        rest = means[d:]
        value = rest.var() / len(rest)  # = sum of squared deviations / (n - d)²
        if value < best * (1 - 1e-12):  # ties keep the earlier (shorter) truncation
            best_d, best = d, value
    return best_d * batch


def welch_average(series: ArrayLike, window: int) -> np.ndarray:
    """Welch's centred moving average of a (replication-mean) series.

    Near the start the window shrinks to the observations available (Welch 1983).

    Parameters
    ----------
    series : array_like
        Replication-mean series in time order.
    window : int
        Half-width ``w`` of the window (``2w + 1`` observations).

    Returns
    -------
    numpy.ndarray
        Moving average of the first ``len(series) - window`` observations.

    """
    x = np.asarray(series, dtype=float)
    m = len(x) - window
    out = np.empty(max(m, 0))
    for i in range(m):
        half = min(i, window)
        out[i] = x[i - half : i + half + 1].mean()
    return out


def deseasonalise(day: ArrayLike, values: ArrayLike, period: int = 365,
                  fit_from: float | None = None) -> np.ndarray:
    """A series minus its day-of-year profile, estimated from its second half by default.

    Inspections (three a year) and holidays make the model's series periodic with the
    calendar year; MSER-5 on a strongly periodic series can truncate at a seasonal
    trough rather than at the end of the transient, so it is applied to this series too.

    Parameters
    ----------
    day : array_like
        Day number of each observation.
    values : array_like
        The series (e.g. a replication-mean daily series).
    period : int
        Length of the season in days.
    fit_from : float, optional
        First day of the observations the profile is estimated from (default: the middle
        of the series, which a start-up transient should not reach). A profile estimated
        from a single period removes all variation there, so fit it over several.

    Returns
    -------
    numpy.ndarray
        ``values`` minus the centred mean profile of their day of the period.

    """
    d = np.asarray(day)
    x = np.asarray(values, dtype=float)
    doy = np.mod(d, period)
    late = d >= (d.min() + (d.max() - d.min()) / 2 if fit_from is None else fit_from)
    profile = pd.Series(x[late]).groupby(doy[late]).mean()
    profile -= profile.mean()
    return np.asarray(x - profile.reindex(doy).fillna(0.0).to_numpy())
