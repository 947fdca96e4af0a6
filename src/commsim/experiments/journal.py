"""Rows and frames of finished runs, and the journal that commits them in batches."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from commsim.core.parameters import SCHEMA
from commsim.experiments.planning import Point
from commsim.experiments.worker import Outcome, RunOrder
from commsim.results import tables
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
    return tables.runs_frame(rows, {key: _param_dtype(key) for key in factor_keys})


def series_frame(frame: pd.DataFrame, task: RunOrder,
                 columns: Sequence[str] | None) -> pd.DataFrame:
    """A run's daily or hours frame keyed by its run id, scenario and replication."""
    return tables.series_frame(frame, task.run_id, task.scenario.name, task.replication,
                               columns)


class Journal:
    """Buffers finished runs and commits them to the store in batches."""

    def __init__(self, store: Store, factor_keys: Sequence[str]) -> None:
        self.store = store
        self.factor_keys = list(factor_keys)
        self.rows: list[dict[str, Any]] = []
        self.daily: list[pd.DataFrame] = []
        self.hours: list[pd.DataFrame] = []
        self.yearly: list[pd.DataFrame] = []
        self.community: list[pd.DataFrame] = []
        self.last = time.monotonic()

    def add(self, row: dict[str, Any], daily: pd.DataFrame | None,
            hours: pd.DataFrame | None, yearly: pd.DataFrame | None = None,
            community: pd.DataFrame | None = None) -> None:
        """Buffer one finished run; flush when the batch is full or old enough."""
        self.rows.append(row)
        if yearly is not None and not yearly.empty:
            self.yearly.append(yearly)
        if community is not None and not community.empty:
            self.community.append(community)
        if daily is not None:
            self.daily.append(daily)
        if hours is not None:
            self.hours.append(hours)
        if len(self.rows) >= FLUSH_RUNS or time.monotonic() - self.last >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Commit the buffered runs to the store."""
        if self.rows:
            self.store.flush(runs_frame(self.rows, self.factor_keys), self.daily, self.hours,
                             self.yearly, self.community)
        self.rows, self.daily, self.hours, self.yearly = [], [], [], []
        self.community = []
        self.last = time.monotonic()


def run_row(task: RunOrder, outcome: Outcome, point: Point) -> dict[str, Any]:
    """The runs-table row of a finished run."""
    row: dict[str, Any] = {
        "run_id": task.run_id, "scenario": task.scenario.name,
        "replication": task.replication, "seed": task.seed, "status": outcome.status,
        "error": outcome.error, "wall_seconds": outcome.wall_seconds,
    }
    for key, value in point.values.items():
        row[f"param.{key}"] = value
    row.update(tables.summary_row(outcome.summary))
    return row
