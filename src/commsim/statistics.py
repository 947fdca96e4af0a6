"""Replication statistics: means, t-based confidence intervals and paired differences.

Replication ``k`` of every scenario shares its random streams (common random
numbers), so the difference between a scenario and the baseline is best
estimated *paired by replication*: the variance of the paired difference is
``Var(x) + Var(b) - 2 Cov(x, b)``, and the positive covariance that common
random numbers induce shrinks it. :func:`variance_reduction` reports how much.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

#: Replication outcomes aligned by replication index: a sequence or a 1-d array.
type Samples = Sequence[float] | np.ndarray

#: Columns of a comparison table (``comparison.parquet``), in this order.
COMPARISON_COLUMNS: tuple[str, ...] = (
    "scenario", "metric", "mean", "ci_low", "ci_high", "diff_mean", "diff_ci_low",
    "diff_ci_high", "variance_reduction",
)


def _clean(values: Iterable[float]) -> np.ndarray:
    arr = np.asarray(list(values) if not isinstance(values, np.ndarray) else values,
                     dtype=float)
    return arr[np.isfinite(arr)]


def half_width(values: Iterable[float], confidence: float = 0.95) -> float:
    """Half-width of the t-based confidence interval of the mean.

    Parameters
    ----------
    values : iterable of float
        Replication outcomes; non-finite values are ignored.
    confidence : float
        Confidence level, 0.95 for a 95 % interval.

    Returns
    -------
    float
        ``t_{(1+c)/2, n-1} * s / sqrt(n)``; NaN with fewer than two values.

    """
    arr = _clean(values)
    n = arr.size
    if n < 2:
        return math.nan
    sd = float(np.std(arr, ddof=1))
    return float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * sd / math.sqrt(n)


def mean_ci(values: Iterable[float], confidence: float = 0.95) -> tuple[float, float, float]:
    """Mean and t-based confidence interval.

    Parameters
    ----------
    values : iterable of float
        Replication outcomes; non-finite values are ignored.
    confidence : float
        Confidence level.

    Returns
    -------
    tuple of float
        ``(mean, low, high)``; the bounds are NaN with fewer than two values
        and the mean is NaN with none.

    """
    arr = _clean(values)
    if arr.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(np.mean(arr))
    hw = half_width(arr, confidence)
    return mean, mean - hw, mean + hw


def paired_difference(
    values: Samples, baseline: Samples, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Mean paired difference ``values - baseline`` with its confidence interval.

    Parameters
    ----------
    values, baseline : sequence of float
        Outcomes aligned by replication (element ``k`` of both is replication ``k``).
        Pairs where either side is not finite are dropped.
    confidence : float
        Confidence level.

    Returns
    -------
    tuple of float
        ``(diff_mean, low, high)``.

    """
    x, b = _paired(values, baseline)
    return mean_ci(x - b, confidence)


def variance_reduction(values: Samples, baseline: Samples) -> float:
    """Share of the variance of the difference removed by pairing.

    ``1 - Var(x - b) / (Var(x) + Var(b))``: 0 for independent samples, close to 1
    when common random numbers make the outcomes move together, negative if they
    are anti-correlated.

    Parameters
    ----------
    values, baseline : sequence of float
        Outcomes aligned by replication.

    Returns
    -------
    float
        The reduction, NaN with fewer than two pairs or no variance at all.

    """
    x, b = _paired(values, baseline)
    if x.size < 2:
        return math.nan
    unpaired = float(np.var(x, ddof=1) + np.var(b, ddof=1))
    if unpaired == 0.0:
        return math.nan
    return 1.0 - float(np.var(x - b, ddof=1)) / unpaired


def _paired(values: Samples, baseline: Samples) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(values, dtype=float)
    b = np.asarray(baseline, dtype=float)
    if x.shape != b.shape:
        raise ValueError("paired samples must have the same length")
    keep = np.isfinite(x) & np.isfinite(b)
    return x[keep], b[keep]


def relative_half_width(values: Iterable[float], confidence: float = 0.95) -> float:
    """Half-width of the confidence interval relative to ``|mean|``.

    Returns 0 when all values are equal, ``inf`` when the mean is 0 but the
    values vary, NaN with fewer than two values.
    """
    arr = _clean(values)
    hw = half_width(arr, confidence)
    if math.isnan(hw):
        return math.nan
    if hw == 0.0:
        return 0.0
    mean = abs(float(np.mean(arr)))
    return math.inf if mean == 0.0 else hw / mean


def by_replication(
    runs: pd.DataFrame, metrics: Sequence[str], scenarios: Sequence[str] | None = None,
    baseline: str | None = None,
) -> tuple[list[str], str, dict[str, pd.DataFrame]]:
    """Successful runs as one table per metric: replications by scenarios.

    Parameters
    ----------
    runs : pandas.DataFrame
        One row per run with ``scenario``, ``replication``, optional ``status``
        (only ``"ok"`` rows are used) and the metric columns.
    metrics : sequence of str
        Metrics to pivot.
    scenarios : sequence of str, optional
        Scenario order (default: order of first appearance).
    baseline : str, optional
        Reference scenario (default: the first of the order).

    Returns
    -------
    tuple
        The scenario order (empty if there are no runs), the baseline and
        ``{metric: DataFrame}`` indexed by replication with one column per scenario.

    """
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    order = list(scenarios) if scenarios is not None else list(dict.fromkeys(runs["scenario"]))
    base = baseline if baseline is not None else (order[0] if order else "")
    wide = {m: ok.pivot_table(index="replication", columns="scenario", values=m,
                              aggfunc="mean", dropna=False) for m in metrics}
    return order, base, wide


def compare(
    runs: pd.DataFrame,
    metrics: Sequence[str],
    baseline: str | None = None,
    confidence: float = 0.95,
    scenarios: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Comparison table of scenarios over replications.

    Parameters
    ----------
    runs : pandas.DataFrame
        One row per run with ``scenario``, ``replication``, ``status`` (only
        ``"ok"`` rows are used) and the metric columns.
    metrics : sequence of str
        Metrics to summarise.
    baseline : str, optional
        Scenario the paired differences are taken against (default: the first).
    confidence : float
        Confidence level of all intervals.
    scenarios : sequence of str, optional
        Scenario order (default: order of first appearance).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COMPARISON_COLUMNS`, one row per scenario and metric.

    """
    order, base, wide = by_replication(runs, metrics, scenarios, baseline)
    if not order:
        return pd.DataFrame(columns=list(COMPARISON_COLUMNS))
    rows = []
    for scenario in order:
        for metric in metrics:
            table = wide[metric]
            x = table[scenario].to_numpy() if scenario in table else np.array([])
            mean, lo, hi = mean_ci(x, confidence)
            if base in table and scenario in table:
                b = table[base].to_numpy()
                d_mean, d_lo, d_hi = paired_difference(x, b, confidence)
                vr = math.nan if scenario == base else variance_reduction(x, b)
            else:
                d_mean = d_lo = d_hi = vr = math.nan
            rows.append((scenario, metric, mean, lo, hi, d_mean, d_lo, d_hi, vr))
    return pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))
