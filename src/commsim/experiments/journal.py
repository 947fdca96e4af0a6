"""Rows and frames of finished runs, and the journal that commits them in batches."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from commsim.experiments.planning import Point
from commsim.experiments.worker import Outcome, Task
from commsim.model import SUMMARY_METRICS
from commsim.parameters import SCHEMA
from commsim.results.store import Store

#: Flush the journal after this many finished runs or this many seconds (the runs
#: finished since the last flush are all a hard kill can lose).
FLUSH_RUNS = int(os.environ.get("COMMSIM_FLUSH_RUNS", "50"))
FLUSH_SECONDS = float(os.environ.get("COMMSIM_FLUSH_SECONDS", "2.0"))


def _param_dtype(key: str) -> str:
    default = SCHEMA[key].default
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int64"
    if isinstance(default, float):
        return "float64"
    return "str"


def runs_frame(rows: Sequence[Mapping[str, Any]], factor_keys: Sequence[str]) -> pd.DataFrame:
    """Typed runs table from row dicts, columns in the published order."""
    columns: dict[str, tuple[str, Any]] = {
        "run_id": ("int64", 0), "scenario": ("str", ""), "replication": ("int64", 0),
        "seed": ("int64", 0), "status": ("str", ""), "error": ("str", ""),
        "wall_seconds": ("float64", math.nan),
    }
    for key in factor_keys:
        columns[f"param.{key}"] = (_param_dtype(key), None)
    for metric in SUMMARY_METRICS:
        columns[metric] = ("float64", math.nan)
    data = {name: pd.Series([r.get(name, default) for r in rows], dtype=dtype)
            for name, (dtype, default) in columns.items()}
    return pd.DataFrame(data)


def series_frame(frame: pd.DataFrame, task: Task,
                 columns: Sequence[str] | None) -> pd.DataFrame:
    """A run's daily or hours frame keyed by its run id, scenario and replication."""
    out = frame.copy()
    if columns is not None:
        out = out.reindex(columns=list(columns))
    out.insert(0, "replication", np.int64(task.replication))
    out.insert(0, "scenario", task.scenario.name)
    out.insert(0, "run_id", np.int64(task.run_id))
    out["scenario"] = out["scenario"].astype("str")
    return out


class Journal:
    """Buffers finished runs and commits them to the store in batches."""

    def __init__(self, store: Store, factor_keys: Sequence[str]) -> None:
        self.store = store
        self.factor_keys = list(factor_keys)
        self.rows: list[dict[str, Any]] = []
        self.daily: list[pd.DataFrame] = []
        self.hours: list[pd.DataFrame] = []
        self.last = time.monotonic()

    def add(self, row: dict[str, Any], daily: pd.DataFrame | None,
            hours: pd.DataFrame | None) -> None:
        """Buffer one finished run; flush when the batch is full or old enough."""
        self.rows.append(row)
        if daily is not None:
            self.daily.append(daily)
        if hours is not None:
            self.hours.append(hours)
        if len(self.rows) >= FLUSH_RUNS or time.monotonic() - self.last >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Commit the buffered runs to the store."""
        if self.rows:
            self.store.flush(runs_frame(self.rows, self.factor_keys), self.daily, self.hours)
        self.rows, self.daily, self.hours = [], [], []
        self.last = time.monotonic()


def run_row(task: Task, outcome: Outcome, point: Point) -> dict[str, Any]:
    """The runs-table row of a finished run."""
    row: dict[str, Any] = {
        "run_id": task.run_id, "scenario": task.scenario.name,
        "replication": task.replication, "seed": task.seed, "status": outcome.status,
        "error": outcome.error, "wall_seconds": outcome.wall_seconds,
    }
    for key, value in point.values.items():
        row[f"param.{key}"] = value
    if outcome.summary:
        row.update({m: float(outcome.summary.get(m, math.nan)) for m in SUMMARY_METRICS})
    return row
