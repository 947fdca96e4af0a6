"""Reading a results store and the statistics the report shows.

Everything here works on plain pandas frames with the results-store layout
(``runs``, ``daily``, ``hours``, optional ``comparison``/``sobol``/``morris``),
so the figure builders never touch the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats as st

from commsim import results
from commsim.analysis.inference import mean_ci
from commsim.results import Results

#: Columns of the headline table (same as ``comparison.parquet``).
TABLE_COLUMNS: tuple[str, ...] = (
    "scenario", "metric", "n", "mean", "ci_low", "ci_high",
    "diff_mean", "diff_ci_low", "diff_ci_high",
)

#: The report reads :class:`commsim.results.Results` (the name is kept for older code).
ResultsData = Results


def load_results(path: str | Path) -> Results:
    """Open a results store (a store folder, or a folder of stores: the newest).

    Parameters
    ----------
    path : str or Path
        Anything :func:`commsim.results.load` accepts.

    Returns
    -------
    Results

    """
    return results.load(path)


def headline_table(data: Results, metrics: Sequence[str]) -> pd.DataFrame:
    """Scenario × metric: mean with 95% CI and the paired difference from baseline.

    Uses ``comparison.parquet`` when present; otherwise pairs runs of each scenario
    with the baseline run of the same replication (and the same swept parameter
    values), which is what common random numbers make meaningful.

    Parameters
    ----------
    data : Results
        Loaded results.
    metrics : sequence of str
        Summary metrics to include (those missing from the results are skipped).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TABLE_COLUMNS`, scenarios in display order.

    """
    order = data.scenarios
    if data.comparison is not None and not data.comparison.empty:
        comp = data.comparison[data.comparison["metric"].isin(metrics)].copy()
        if "n" not in comp:
            counts = data.ok_runs.groupby("scenario").size()
            comp["n"] = comp["scenario"].map(counts).fillna(0).astype(int)
        comp["_s"] = comp["scenario"].map({s: i for i, s in enumerate(order)})
        comp["_m"] = comp["metric"].map({m: i for i, m in enumerate(metrics)})
        comp = comp.sort_values(["_s", "_m"])
        return comp[list(TABLE_COLUMNS)].reset_index(drop=True)
    runs = data.ok_runs
    keys = ["replication", *data.param_columns] if "replication" in runs else []
    base = runs[runs["scenario"] == data.baseline]
    rows = []
    for scenario in order:
        these = runs[runs["scenario"] == scenario]
        for metric in metrics:
            if metric not in runs:
                continue
            declared = data.catalog.metrics.get(metric)
            mean, low, high = mean_ci(these[metric],
                                      bounds=declared.bounds if declared else None)
            if scenario == data.baseline:
                diff = (0.0, 0.0, 0.0)
            elif keys:
                paired = these[[*keys, metric]].merge(base[[*keys, metric]], on=keys,
                                                      suffixes=("", "_base"))
                diff = mean_ci(paired[metric] - paired[f"{metric}_base"])
            else:
                diff = (mean - float(base[metric].mean()), np.nan, np.nan)
            rows.append((scenario, metric, int(these[metric].notna().sum()), mean, low, high,
                         *diff))
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def daily_bands(daily: pd.DataFrame, column: str, *, sum_days: int = 0) -> pd.DataFrame:
    """Per scenario and day: mean of ``column`` over runs with its 95% t-interval.

    Parameters
    ----------
    daily : pandas.DataFrame
        Daily series of every run (``run_id``, ``scenario``, ``day``).
    column : str
        The series to summarise.
    sum_days : int
        If positive, first turn each run's series into a trailing sum over this many
        days (7: daily overtime hours into hours per week); the first ``sum_days - 1``
        days are then missing.

    Returns
    -------
    pandas.DataFrame
        Columns ``scenario, day, mean, low, high, n``; the band is clipped to the
        range the series takes over all runs.

    """
    frame = daily[["scenario", "run_id", "day", column]].sort_values(["run_id", "day"])
    values = frame[column].astype(float)
    if sum_days > 0:
        values = values.groupby(frame["run_id"]).transform(
            lambda s: s.rolling(sum_days, min_periods=sum_days).sum())
    frame = frame.assign(_v=values)
    grouped = frame.groupby(["scenario", "day"], sort=True)["_v"]
    out = grouped.agg(mean="mean", sd="std", n="count").reset_index()
    n = out["n"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        tcrit = np.where(n > 1, st.t.ppf(0.975, np.maximum(n - 1, 1)), np.nan)
        half = tcrit * out["sd"].to_numpy(dtype=float) / np.sqrt(n)
    observed = frame["_v"].dropna()
    low, high = (float(observed.min()), float(observed.max())) if len(observed) else (0.0, 0.0)
    # the band of a mean cannot leave the range the series takes (shares stay in 0-1,
    # counts stay non-negative)
    out["low"] = (out["mean"] - half).clip(lower=low)
    out["high"] = (out["mean"] + half).clip(upper=high)
    return out[["scenario", "day", "mean", "low", "high", "n"]]


def campaign_spans(daily: pd.DataFrame) -> list[tuple[float, float]]:
    """Inspection seasons as ``(first_day - 0.5, last_day + 0.5)`` intervals.

    Taken from the ``campaign`` flag of the first run (the calendar is shared).
    """
    if daily is None or "campaign" not in daily or daily.empty:
        return []
    first = daily[daily["run_id"] == daily["run_id"].iloc[0]].sort_values("day")
    days = first.loc[first["campaign"].astype(bool), "day"].to_numpy()
    spans: list[tuple[float, float]] = []
    for day in days:
        if spans and day - 0.5 <= spans[-1][1] + 1e-9:
            spans[-1] = (spans[-1][0], day + 0.5)
        else:
            spans.append((day - 0.5, day + 0.5))
    return spans


def hours_per_cadre_week(hours: pd.DataFrame, runs: pd.DataFrame,
                         daily: pd.DataFrame | None) -> tuple[pd.DataFrame, str]:
    """Mean cadre hours per category and scenario, per cadre-week where possible.

    Parameters
    ----------
    hours : pandas.DataFrame
        ``run_id``, ``scenario``, ``dimension``, ``category``, ``hours``.
    runs : pandas.DataFrame
        Finished runs (``mean_headcount`` is used to normalise).
    daily : pandas.DataFrame or None
        Daily series (its length gives each run's days).

    Returns
    -------
    tuple
        Frame ``scenario, dimension, category, hours`` (mean over runs) and its unit.

    """
    key = ["run_id"]
    frame = hours.copy()
    unit = "h per run"
    if "mean_headcount" in runs and daily is not None and not daily.empty:
        days = daily.groupby(key).size().rename("_days").reset_index()
        norm = runs[[*key, "mean_headcount"]].merge(days, on=key)
        frame = frame.merge(norm, on=key)
        cadre_weeks = frame["mean_headcount"].astype(float) * frame["_days"] / 7
        frame["hours"] = frame["hours"].astype(float) / cadre_weeks.where(cadre_weeks > 0)
        unit = "h per cadre-week"
    else:
        frame = frame[frame["run_id"].isin(runs["run_id"])]
    group = list(dict.fromkeys([*key, "scenario", "dimension", "category"]))
    per_run = frame.groupby(group, as_index=False)["hours"].sum()
    n_runs = per_run.groupby("scenario")[key[-1]].nunique()
    total = per_run.groupby(["scenario", "dimension", "category"], as_index=False)["hours"].sum()
    total["hours"] = total["hours"] / total["scenario"].map(n_runs)
    return total, unit
