"""Reading a results store and the statistics the report shows.

Everything here works on plain pandas frames with the results-store layout
(``runs``, ``daily``, ``hours``, optional ``comparison``/``sobol``/``morris``),
so the figure builders never touch the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as st

from commsim import results
from commsim.inference import mean_ci

#: Column prefix of swept parameters in ``runs.parquet``.
PARAM_PREFIX = "param."
#: Name of the reference scenario when present.
BASELINE = "baseline"
#: Columns of the headline table (same as ``comparison.parquet``).
TABLE_COLUMNS: tuple[str, ...] = (
    "scenario", "metric", "n", "mean", "ci_low", "ci_high",
    "diff_mean", "diff_ci_low", "diff_ci_high",
)


@dataclass
class ResultsData:
    """The frames of one results run (``None`` where a file is absent).

    Attributes
    ----------
    runs : pandas.DataFrame
        One row per run (``runs.parquet``).
    daily, hours : pandas.DataFrame or None
        Daily series and cadre hours of every run.
    manifest : dict
        The run's ``manifest.json`` (empty if absent).
    comparison, sobol, morris : pandas.DataFrame or None
        Optional analysis tables.
    path : str
        Where the results came from (for the report's title and provenance).

    """

    runs: pd.DataFrame
    daily: pd.DataFrame | None = None
    hours: pd.DataFrame | None = None
    manifest: dict[str, Any] = field(default_factory=dict)
    comparison: pd.DataFrame | None = None
    sobol: pd.DataFrame | None = None
    morris: pd.DataFrame | None = None
    path: str = ""

    @property
    def ok_runs(self) -> pd.DataFrame:
        """Runs that finished (status ``ok``, or every run if there is no status column)."""
        if "status" not in self.runs:
            return self.runs
        return self.runs[self.runs["status"] == "ok"]

    @property
    def param_columns(self) -> list[str]:
        """Swept parameter columns (``param.<key>``) that take more than one value."""
        runs = self.ok_runs
        return [c for c in runs.columns
                if c.startswith(PARAM_PREFIX) and runs[c].nunique(dropna=True) > 1]

    @property
    def scenarios(self) -> list[str]:
        """Scenario names in display order: baseline first, then as listed in the results."""
        names = order_scenarios(self.runs["scenario"].astype(str).tolist(), self.manifest)
        stated = self.manifest.get("baseline") if isinstance(self.manifest, dict) else None
        if isinstance(stated, str) and stated in names:
            names.remove(stated)
            names.insert(0, stated)
        return names

    @property
    def baseline(self) -> str:
        """The reference scenario: ``baseline`` if present, else the first scenario."""
        names = self.scenarios
        stated = self.manifest.get("baseline") if isinstance(self.manifest, dict) else None
        if isinstance(stated, str) and stated in names:
            return stated
        return BASELINE if BASELINE in names else names[0]


def order_scenarios(names: Sequence[str], manifest: dict[str, Any] | None = None) -> list[str]:
    """Unique scenario names, baseline first, then in the specification's or first-seen order.

    Parameters
    ----------
    names : sequence of str
        Scenario names as they occur in the results.
    manifest : dict, optional
        A manifest whose ``spec`` may list ``scenarios`` in the intended order.

    Returns
    -------
    list of str

    """
    seen = list(dict.fromkeys(str(n) for n in names))
    spec = (manifest or {}).get("spec") or {}
    listed = spec.get("scenarios") if isinstance(spec, dict) else None
    if isinstance(listed, list):
        wanted = [s if isinstance(s, str) else str(s.get("name", "")) if isinstance(s, dict)
                  else str(s) for s in listed]
        seen = [s for s in wanted if s in seen] + [s for s in seen if s not in wanted]
    if BASELINE in seen:
        seen.remove(BASELINE)
        seen.insert(0, BASELINE)
    return seen


def load_results(path: str | Path) -> ResultsData:
    """Load a results store (a run folder, or an experiment folder: its newest run).

    Parameters
    ----------
    path : str or Path
        Anything :func:`commsim.results.load` accepts.

    Returns
    -------
    ResultsData

    """
    loaded = results.load(path)
    return ResultsData(runs=loaded.runs, daily=loaded.daily, hours=loaded.hours,
                       manifest=loaded.manifest or {}, comparison=loaded.comparison,
                       sobol=loaded.sobol, morris=loaded.morris, path=str(loaded.path))


def headline_table(data: ResultsData, metrics: Sequence[str]) -> pd.DataFrame:
    """Scenario × metric: mean with 95% CI and the paired difference from baseline.

    Uses ``comparison.parquet`` when present; otherwise pairs runs of each scenario
    with the baseline run of the same replication (and the same swept parameter
    values), which is what common random numbers make meaningful.

    Parameters
    ----------
    data : ResultsData
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
            mean, low, high = mean_ci(these[metric])
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


def daily_bands(daily: pd.DataFrame, column: str, *, weekly_sum: bool = False) -> pd.DataFrame:
    """Per scenario and day: mean of ``column`` over runs with its 95% t-interval.

    Parameters
    ----------
    daily : pandas.DataFrame
        Daily series of every run (``run_id`` or ``replication``, ``scenario``, ``day``).
    column : str
        The series to summarise.
    weekly_sum : bool
        First turn each run's series into a trailing 7-day sum (e.g. daily overtime
        hours into hours per week); the first six days are then missing.

    Returns
    -------
    pandas.DataFrame
        Columns ``scenario, day, mean, low, high, n``; the band is clipped to the
        range the series takes over all runs.

    """
    run_key = "run_id" if "run_id" in daily else "replication"
    frame = daily[["scenario", run_key, "day", column]].sort_values([run_key, "day"])
    values = frame[column].astype(float)
    if weekly_sum:
        values = values.groupby(frame[run_key]).transform(
            lambda s: s.rolling(7, min_periods=7).sum())
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
    run_key = "run_id" if "run_id" in daily else "replication"
    first = daily[daily[run_key] == daily[run_key].iloc[0]].sort_values("day")
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
        ``run_id``/``scenario``/``replication``, ``dimension``, ``category``, ``hours``.
    runs : pandas.DataFrame
        Finished runs (``mean_headcount`` is used to normalise).
    daily : pandas.DataFrame or None
        Daily series (its length gives each run's days).

    Returns
    -------
    tuple
        Frame ``scenario, dimension, category, hours`` (mean over runs) and its unit.

    """
    key = ["run_id"] if "run_id" in hours and "run_id" in runs else ["scenario", "replication"]
    frame = hours.copy()
    unit = "h per run"
    if "mean_headcount" in runs and daily is not None and not daily.empty:
        days = daily.groupby(key).size().rename("_days").reset_index()
        norm = runs[[*key, "mean_headcount"]].merge(days, on=key)
        frame = frame.merge(norm, on=key)
        cadre_weeks = frame["mean_headcount"].astype(float) * frame["_days"] / 7
        frame["hours"] = frame["hours"].astype(float) / cadre_weeks.where(cadre_weeks > 0)
        unit = "h per cadre-week"
    elif "run_id" in frame and "run_id" in runs:
        frame = frame[frame["run_id"].isin(runs["run_id"])]
    group = list(dict.fromkeys([*key, "scenario", "dimension", "category"]))
    per_run = frame.groupby(group, as_index=False)["hours"].sum()
    n_runs = per_run.groupby("scenario")[key[-1]].nunique()
    total = per_run.groupby(["scenario", "dimension", "category"], as_index=False)["hours"].sum()
    total["hours"] = total["hours"] / total["scenario"].map(n_runs)
    return total, unit
