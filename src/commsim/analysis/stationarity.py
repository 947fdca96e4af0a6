"""Is the reference scenario in a steady state after the warm-up? Yearly evidence.

Three pieces of evidence, all from a results store's per-year rows (``yearly``) and daily
series (``daily``, which keep the warm-up days):

- the mean of each metric in every measured year, with its 95 % interval;
- a linear trend across the measured years: for every replication the least-squares slope
  of the metric on the year, then the mean slope over replications with its t-interval
  (a steady state has a slope indistinguishable from 0);
- MSER-5 (:func:`commsim.analysis.warmup.mser5`) on the replication-mean daily series from the
  cold start, raw and with the day-of-year profile removed: the truncation point it
  chooses should lie inside the warm-up; and on the measured days alone (profile fitted
  over all of them), where it should find little or nothing to discard.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from commsim.analysis.inference import Bounds, mean_ci
from commsim.analysis.warmup import deseasonalise, mser5

#: Daily series whose start-up transient MSER-5 checks (as in ``docs/warmup.md``).
SERIES: tuple[str, ...] = (
    "backlog_hours", "mean_exhaustion", "resident_satisfaction", "resident_satisfaction_all",
    "headcount",
)
#: Columns of :func:`yearly_levels`.
LEVEL_COLUMNS: tuple[str, ...] = ("metric", "year", "n", "mean", "ci_low", "ci_high")
#: Columns of :func:`mser_table`.
MSER_COLUMNS: tuple[str, ...] = ("series", "from_start", "from_start_deseasonalised",
                                 "measured_only", "measured_only_deseasonalised")


def by_year(yearly: pd.DataFrame, scenario: str, metric: str) -> pd.DataFrame:
    """One scenario's metric as a table: replications by measured years."""
    part = yearly[yearly["scenario"] == scenario]
    return part.pivot_table(index="replication", columns="year", values=metric,
                            aggfunc="mean", dropna=False).sort_index(axis=1)


def slopes(wide: pd.DataFrame) -> np.ndarray:
    """Least-squares slope per row of a replications-by-years table (NaN with < 2 years)."""
    years = wide.columns.to_numpy(dtype=float)
    out = []
    for row in wide.to_numpy(dtype=float):
        keep = np.isfinite(row)
        out.append(float(np.polyfit(years[keep], row[keep], 1)[0]) if keep.sum() >= 2
                   else math.nan)
    return np.asarray(out)


def trend(wide: pd.DataFrame, confidence: float = 0.95) -> tuple[float, float, float]:
    """Mean per-replication slope (units per year) with its confidence interval.

    Parameters
    ----------
    wide : pandas.DataFrame
        Replications (rows) by measured years (columns, numbered).
    confidence : float
        Confidence level.

    Returns
    -------
    tuple of float
        ``(slope, low, high)``; NaN where there are fewer than two years or replications.

    Examples
    --------
    >>> wide = pd.DataFrame([[1.0, 2.0, 3.0], [2.0, 3.0, 4.0]], columns=[1, 2, 3])
    >>> trend(wide)
    (1.0, 1.0, 1.0)

    """
    return mean_ci(slopes(wide), confidence)


def yearly_levels(yearly: pd.DataFrame, scenario: str, metrics: Sequence[str],
                  bounds: Mapping[str, Bounds] | None = None) -> pd.DataFrame:
    """Mean of each metric in each measured year with its 95 % interval (inside bounds).

    Parameters
    ----------
    yearly : pandas.DataFrame
        Per-year rows of finished runs (``scenario``, ``replication``, ``year``, metrics).
    scenario : str
        The scenario to summarise.
    metrics : sequence of str
        Metric columns.
    bounds : mapping, optional
        Metric to its ``(low, high)`` bounds (see :func:`commsim.analysis.inference.mean_ci`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LEVEL_COLUMNS`.

    """
    rows = []
    for metric in metrics:
        wide = by_year(yearly, scenario, metric)
        for year in wide.columns:
            values = wide[year].to_numpy(dtype=float)
            n = int(np.isfinite(values).sum())
            rows.append((metric, int(year), n,
                         *mean_ci(values, bounds=(bounds or {}).get(metric))))
    return pd.DataFrame(rows, columns=list(LEVEL_COLUMNS))


def replication_means(daily: pd.DataFrame, scenario: str,
                      series: Sequence[str] = SERIES) -> pd.DataFrame:
    """A scenario's daily series averaged over replications, one row per day (``day``)."""
    part = daily[daily["scenario"] == scenario]
    present = [s for s in series if s in part]
    return part.groupby("day")[present].mean().reset_index()


def mser_table(daily: pd.DataFrame, scenario: str,
               series: Sequence[str] = SERIES) -> pd.DataFrame:
    """MSER-5 truncation points of a scenario's replication-mean daily series.

    Parameters
    ----------
    daily : pandas.DataFrame
        Daily series of finished runs, warm-up days included (``day`` < 0 there).
    scenario : str
        The scenario (the reference).
    series : sequence of str
        Daily series to analyse.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MSER_COLUMNS`: days discarded from the cold start (raw and
        deseasonalised) and from the first measured day (raw and deseasonalised); NaN
        where a series is too short for MSER-5.

    """
    means = replication_means(daily, scenario, series)
    rows = []
    for name in [s for s in series if s in means]:
        day = means["day"].to_numpy()
        values = means[name].to_numpy(dtype=float)
        measured = day >= 0
        rows.append((name, _mser(values), _mser(deseasonalise(day, values)),
                     _mser(values[measured]),
                     _mser(deseasonalise(day[measured], values[measured], fit_from=0))))
    return pd.DataFrame(rows, columns=list(MSER_COLUMNS))


def _mser(values: np.ndarray) -> float:
    try:
        return float(mser5(values))
    except ValueError:  # fewer than four batches
        return math.nan
