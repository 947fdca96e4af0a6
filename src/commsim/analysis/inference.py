"""Replication statistics: means, t-based confidence intervals and paired differences.

Replication ``k`` of every scenario shares its random streams (common random
numbers), so the difference between a scenario and the baseline is best
estimated *paired by replication*: the variance of the paired difference is
``Var(x) + Var(b) - 2 Cov(x, b)``, and the positive covariance that common
random numbers induce shrinks it. :func:`variance_reduction` reports how much.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

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


#: Bounds of a metric's values: ``(low, high)``, either may be ``None`` (unbounded).
type Bounds = tuple[float | None, float | None]

#: Bootstrap resamples used when a t-interval would cross a metric's bound.
BOOTSTRAP_RESAMPLES = 4000


def mean_ci(
    values: Iterable[float], confidence: float = 0.95, bounds: Bounds | None = None
) -> tuple[float, float, float]:
    """Mean and confidence interval, kept inside the metric's bounds.

    The interval is the t-based one. If ``bounds`` are given and the t-interval crosses
    one of them (a share near 0 or 1, a count near 0, few replications), the interval is
    the percentile bootstrap of the mean instead, which always lies between the smallest and
    largest value observed and therefore inside the bounds (Efron & Tibshirani 1993, ch. 13).
    The bootstrap draws come from a generator seeded by the data, so the same values always
    give the same interval.

    Parameters
    ----------
    values : iterable of float
        Replication outcomes; non-finite values are ignored.
    confidence : float
        Confidence level.
    bounds : tuple, optional
        ``(low, high)`` bounds of the metric (``None`` = unbounded on that side).

    Returns
    -------
    tuple of float
        ``(mean, low, high)``; the bounds are NaN with fewer than two values
        and the mean is NaN with none.

    Examples
    --------
    >>> mean, low, high = mean_ci([0.0, 0.0, 1.0], bounds=(0.0, 1.0))
    >>> 0.0 <= low <= mean <= high <= 1.0
    True

    """
    arr = _clean(values)
    if arr.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(np.mean(arr))
    hw = half_width(arr, confidence)
    low, high = mean - hw, mean + hw
    if bounds is not None and not math.isnan(hw) and _crosses(low, high, bounds):
        low, high = _bootstrap_ci(arr, confidence)
    return mean, low, high


def _crosses(low: float, high: float, bounds: Bounds) -> bool:
    lo, hi = bounds
    return (lo is not None and low < lo) or (hi is not None and high > hi)


def _bootstrap_ci(arr: np.ndarray, confidence: float) -> tuple[float, float]:
    seed = np.frombuffer(np.ascontiguousarray(arr, dtype=float).tobytes(), dtype=np.uint32)
    rng = np.random.default_rng(seed.tolist() or [0])
    means = rng.choice(arr, size=(BOOTSTRAP_RESAMPLES, arr.size)).mean(axis=1)
    tail = (1 - confidence) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    return float(low), float(high)


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
    bounds: Mapping[str, Bounds] | None = None,
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
    bounds : mapping, optional
        Metric to its ``(low, high)`` bounds; the intervals of those metrics stay inside
        them (see :func:`mean_ci`).

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
            mean, lo, hi = mean_ci(x, confidence, (bounds or {}).get(metric))
            if base in table and scenario in table:
                b = table[base].to_numpy()
                d_mean, d_lo, d_hi = paired_difference(x, b, confidence)
                vr = math.nan if scenario == base else variance_reduction(x, b)
            else:
                d_mean = d_lo = d_hi = vr = math.nan
            rows.append((scenario, metric, mean, lo, hi, d_mean, d_lo, d_hi, vr))
    return pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))


def wilson(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval of a survey share (95 % by default); stays inside [0, 1].

    >>> [round(x, 3) for x in wilson(14, 45)]  # Ningbo: 31.1 % of 45 cadres above 9 h
    [0.195, 0.457]
    """
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n and n > 0, got {successes} of {n}")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    return low, 1.0 if successes == n else min(1.0, centre + half)
