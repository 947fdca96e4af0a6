"""Paired policy effects year by year, and whether they change over the years.

A results store keeps one summary row per run and measured year (``yearly``). Replication
``k`` of every scenario shares its random streams, so the effect of a scenario in year
``y`` is the paired difference ``x_k(y) - b_k(y)`` from the reference, averaged over
replications with a t-interval (:func:`commsim.analysis.inference.compare`, one year at a time).
Whether an effect decays (a rebound), persists or builds up is read from the trend of the
paired differences across years: for every replication the least-squares slope of
``x_k(y) - b_k(y)`` on ``y``, then the mean slope with its t-interval.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from commsim.analysis.inference import Bounds, compare
from commsim.analysis.stationarity import by_year, trend

#: Columns of :func:`yearly_comparison`.
YEARLY_COLUMNS: tuple[str, ...] = (
    "scenario", "metric", "year", "n", "mean", "ci_low", "ci_high", "diff_mean",
    "diff_ci_low", "diff_ci_high")
#: Columns of :func:`effect_trends`.
TREND_COLUMNS: tuple[str, ...] = ("scenario", "metric", "slope", "slope_ci_low",
                                  "slope_ci_high")


def yearly_comparison(yearly: pd.DataFrame, baseline: str, scenarios: Sequence[str],
                      metrics: Sequence[str],
                      bounds: Mapping[str, Bounds] | None = None) -> pd.DataFrame:
    """Every scenario's mean and paired difference from ``baseline`` in every measured year.

    Parameters
    ----------
    yearly : pandas.DataFrame
        Per-year rows of finished runs (``scenario``, ``replication``, ``year``, metrics).
    baseline : str
        Reference scenario.
    scenarios : sequence of str
        Scenario order.
    metrics : sequence of str
        Metric columns.
    bounds : mapping, optional
        Metric bounds: the intervals of the means stay inside them.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`YEARLY_COLUMNS`; ``n`` counts the replications of the scenario with
        a value that year.

    """
    frames = []
    for year, part in yearly.groupby("year", sort=True):
        table = compare(part, metrics, baseline, scenarios=scenarios, bounds=bounds)
        counts = {(s, m): int(part.loc[part["scenario"] == s, m].notna().sum())
                  for s in scenarios for m in metrics}
        table["year"] = int(year)
        table["n"] = [counts[(s, m)] for s, m in zip(table["scenario"], table["metric"],
                                                     strict=True)]
        frames.append(table[list(YEARLY_COLUMNS)])
    if not frames:
        return pd.DataFrame(columns=list(YEARLY_COLUMNS))
    return pd.concat(frames, ignore_index=True)


def effect_trends(yearly: pd.DataFrame, baseline: str, scenarios: Sequence[str],
                  metrics: Sequence[str]) -> pd.DataFrame:
    """Trend per year of every scenario's paired effect, with its 95 % interval.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TREND_COLUMNS`, one row per non-reference scenario and metric.

    """
    rows = []
    for metric in metrics:
        base = by_year(yearly, baseline, metric)
        for scenario in scenarios:
            if scenario == baseline:
                continue
            diff = by_year(yearly, scenario, metric).sub(base)
            rows.append((scenario, metric, *trend(diff)))
    return pd.DataFrame(rows, columns=list(TREND_COLUMNS))


def _sign(low: float, high: float) -> int:
    """+1 / -1 if an interval lies above / below 0, else 0 (also for a missing interval)."""
    return 1 if low > 0 else -1 if high < 0 else 0


def reading(years: pd.DataFrame, slope: tuple[float, float, float]) -> str:
    """What the years show for one scenario and metric, in words.

    Parameters
    ----------
    years : pandas.DataFrame
        The scenario's rows of :func:`yearly_comparison` for one metric.
    slope : tuple of float
        The trend of its effect: ``(slope, low, high)``.

    Returns
    -------
    str
        E.g. ``"the effect shrinks year by year and is not distinguishable from 0 by
        year 5"``.

    Examples
    --------
    >>> years = pd.DataFrame({"year": [1, 2], "diff_ci_low": [-6.0, -1.0],
    ...                       "diff_ci_high": [-5.0, 0.5]})
    >>> reading(years, (2.0, 1.0, 3.0))
    'the effect shrinks year by year and is not distinguishable from 0 by year 2'

    """
    years = years.sort_values("year")
    first, last = years.iloc[0], years.iloc[-1]
    s_first = _sign(first["diff_ci_low"], first["diff_ci_high"])
    s_last = _sign(last["diff_ci_low"], last["diff_ci_high"])
    s_trend = _sign(slope[1], slope[2])
    n_last = int(last["year"])
    signs = [_sign(lo, hi) for lo, hi in zip(years["diff_ci_low"], years["diff_ci_high"],
                                              strict=True)]
    if s_trend == 0:
        if not any(signs):
            return "no effect distinguishable from 0 in any year"
        steady = "the effect persists" if s_first and s_last == s_first else "the effect varies"
        return f"{steady}; no trend across the years distinguishable from 0"
    if s_first and s_trend == -s_first:
        tail = ("reverses sign by year" if s_last == -s_first
                else "is not distinguishable from 0 by year" if s_last == 0
                else "is smaller in year")
        return f"the effect shrinks year by year and {tail} {n_last}"
    if s_first and s_trend == s_first:
        return "the effect grows year by year"
    direction = "upward" if s_trend > 0 else "downward"
    return f"an effect builds up over the years ({direction} trend)"
