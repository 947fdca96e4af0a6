"""The tables of a store, built from finished runs, and writing a store of finished runs.

Every producer — ``commsim run --out``, ``commsim compare --out``, ``commsim sweep`` and
:meth:`commsim.RunResult.write` — writes the same layout (see
:mod:`commsim.results.store`): a runs table with one row per run, daily, hours and yearly
parts keyed by ``run_id``, and a manifest.
"""

from __future__ import annotations

import math
import shutil
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from commsim.core.metrics import METRICS
from commsim.results.lock import WriterLock
from commsim.results.store import MANIFEST, Store, check_output_folder, check_target

#: Identity columns of the runs table, in the published order, with dtype and default.
RUN_COLUMNS: dict[str, tuple[str, Any]] = {
    "run_id": ("int64", 0), "scenario": ("str", ""), "replication": ("int64", 0),
    "seed": ("int64", 0), "status": ("str", ""), "error": ("str", ""),
    "wall_seconds": ("float64", math.nan),
}


class Finished(Protocol):
    """What a finished run provides (:class:`commsim.RunResult` does)."""

    scenario: str
    seed: int
    replication: int
    summary: dict[str, float]
    daily: pd.DataFrame
    hours: pd.DataFrame
    yearly: pd.DataFrame
    community: pd.DataFrame
    wall_seconds: float


def runs_frame(rows: Sequence[Mapping[str, Any]],
               param_dtypes: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Typed runs table from row dicts: identity columns, ``param.*``, the summary metrics.

    Every core metric has a column; a policy's (or plugin's) own metric has one when a
    run of the table reports it, so a metric declared by a plugin the runs did not use
    adds no column.

    Parameters
    ----------
    rows : sequence of mapping
        One dict per run.
    param_dtypes : mapping, optional
        Swept parameter key to dtype (``"int64"``, ``"float64"``, ``"bool"``, ``"str"``).

    Returns
    -------
    pandas.DataFrame
        A metric that a run does not report (a policy's metric in a run without that
        policy) is missing (NaN).

    """
    columns = dict(RUN_COLUMNS)
    for key, dtype in (param_dtypes or {}).items():
        columns[f"param.{key}"] = (dtype, None)
    for metric in METRICS.summaries():
        if metric.policy is None or any(metric.key in r for r in rows):
            columns[metric.key] = ("float64", math.nan)
    data = {name: pd.Series([r.get(name, default) for r in rows], dtype=dtype)
            for name, (dtype, default) in columns.items()}
    return pd.DataFrame(data)


def series_frame(frame: pd.DataFrame, run_id: int, scenario: str, replication: int,
                 columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A run's daily or hours frame keyed by its run id, scenario and replication."""
    out = frame.copy()
    if columns is not None:
        out = out.reindex(columns=list(columns))
    out.insert(0, "replication", np.int64(replication))
    out.insert(0, "scenario", scenario)
    out.insert(0, "run_id", np.int64(run_id))
    out["scenario"] = out["scenario"].astype("str")
    return out


def summary_row(summary: Mapping[str, float] | None) -> dict[str, float]:
    """The metric cells of a runs-table row (the declared summary metrics it reports).

    A core metric the summary lacks is missing (NaN); a policy's metric appears only
    when the run reports it.
    """
    if not summary:
        return {}
    return {m.key: float(summary.get(m.key, math.nan)) for m in METRICS.summaries()
            if m.policy is None or m.key in summary}


def write_runs(out: str | Path, finished: Sequence[Finished],
               manifest: Mapping[str, Any]) -> Path:
    """Write finished runs as a complete store at ``out`` (run ids in the given order).

    Parameters
    ----------
    out : str or Path
        The store folder: new, empty, or a store the same command made (see
        :meth:`commsim.results.store.Store.create`).
    finished : sequence of RunResult
        The runs.
    manifest : mapping
        The manifest (status, counts and times are added here).

    Returns
    -------
    Path

    Raises
    ------
    InputError
        ``out`` is not a folder a store may be written to, or another process is writing
        a store there (the writer lock is held until the store is final).

    """
    out = Path(out)
    check_output_folder(out)
    check_target(out)  # refuse before anything is made
    made = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    lock = WriterLock(out)
    try:
        lock.acquire()
        _write_locked(Store(out), finished, manifest)
    finally:
        lock.release()
        if made and not (out / MANIFEST).exists():  # nothing of ours was committed
            shutil.rmtree(out, ignore_errors=True)
    return out


def _write_locked(store: Store, finished: Sequence[Finished],
                  manifest: Mapping[str, Any]) -> None:
    store.create({**manifest, "status": "running"})
    rows = [{"run_id": i, "scenario": r.scenario, "replication": r.replication,
             "seed": r.seed, "status": "ok", "error": "", "wall_seconds": r.wall_seconds,
             **summary_row(r.summary)} for i, r in enumerate(finished)]
    runs = runs_frame(rows)
    store.flush(runs,
                [series_frame(r.daily, i, r.scenario, r.replication)
                 for i, r in enumerate(finished) if r.daily is not None and not r.daily.empty],
                [series_frame(r.hours, i, r.scenario, r.replication)
                 for i, r in enumerate(finished) if r.hours is not None and not r.hours.empty],
                [series_frame(r.yearly, i, r.scenario, r.replication)
                 for i, r in enumerate(finished) if r.yearly is not None and not r.yearly.empty],
                [series_frame(r.community, i, r.scenario, r.replication)
                 for i, r in enumerate(finished)
                 if r.community is not None and not r.community.empty])
    final = {**manifest, "status": "complete", "runs": len(rows), "replications": 1,
             "status_counts": {"ok": len(rows), "failed": 0, "timeout": 0},
             "ended": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    store.finalize(runs, {}, final)
