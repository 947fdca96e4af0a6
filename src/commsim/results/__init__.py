"""Results of experiments: the crash-safe store and one-call loading.

>>> from commsim import results
>>> res = results.load("results/demo")          # doctest: +SKIP
>>> res.runs.groupby("scenario")["turnover_rate"].mean()  # doctest: +SKIP

See :mod:`commsim.results.store` for the folder layout.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from commsim.errors import InputError
from commsim.results.lock import writer_alive
from commsim.results.store import (
    JOURNAL,
    MANIFEST,
    RUNS_COLUMNS,
    Store,
    check_files,
    committed,
    committed_parts,
    is_store,
    read_manifest,
    read_table,
)

__all__ = ["Results", "Store", "load", "resolve"]


class Results:
    """A results store opened for reading; tables load on first access.

    Attributes
    ----------
    path : Path
        The store folder.
    manifest : dict
        The parsed ``manifest.json``.
    runs : pandas.DataFrame
        One row per run (parameters, seed, status, error, wall time, summary metrics).
    daily, hours : pandas.DataFrame or None
        All daily series / hours tables, sorted by ``run_id``.
    comparison, sobol, morris : pandas.DataFrame or None
        Analysis tables, where the experiment produced them.

    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.manifest: dict[str, Any] = read_manifest(self.path)
        # the flushes committed when the store was opened: every table shows these runs
        self._seqs = committed(self.path / JOURNAL) if not self.complete else set()
        if not self.complete:
            self.manifest["status"] = self.status
        check_files(self.path, self.complete)

    def __repr__(self) -> str:
        counts = self.manifest.get("status_counts", {})
        return f"Results({str(self.path)!r}, status={self.manifest.get('status')!r}, {counts})"

    @property
    def complete(self) -> bool:
        """Whether the experiment finished (otherwise tables come from its journal)."""
        return self.manifest.get("status") == "complete"

    @property
    def status(self) -> str:
        """``complete``, ``running`` (its writer is alive) or ``interrupted`` (writer gone)."""
        if self.complete:
            return "complete"
        return "running" if writer_alive(self.path) else "interrupted"

    @cached_property
    def runs(self) -> pd.DataFrame:
        """One row per run, sorted by ``run_id`` (committed runs only while unfinished)."""
        final = self.path / "runs.parquet"
        if self.complete:
            return read_table(final, RUNS_COLUMNS)
        frame = Store(self.path).journal_runs(self._seqs)
        if frame.empty:
            return frame
        return frame.sort_values("run_id", kind="stable").reset_index(drop=True)

    def _parts(self, sub: str) -> pd.DataFrame | None:
        if self.complete:
            folder = self.path / sub
            parts = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
        else:
            parts = committed_parts(self.path / JOURNAL, sub, self._seqs)
        if not parts:
            return None
        frame = pd.concat([read_table(p) for p in parts], ignore_index=True)
        if not self.complete:
            frame = frame.sort_values("run_id", kind="stable").reset_index(drop=True)
        return frame

    @cached_property
    def daily(self) -> pd.DataFrame | None:
        """Daily series of every finished run (columns run_id, scenario, replication, ...)."""
        return self._parts("daily")

    @cached_property
    def hours(self) -> pd.DataFrame | None:
        """Cadre hours by dimension and category of every finished run."""
        return self._parts("hours")

    def _table(self, stem: str) -> pd.DataFrame | None:
        path = self.path / f"{stem}.parquet"
        return read_table(path, ()) if path.exists() else None

    @cached_property
    def comparison(self) -> pd.DataFrame | None:
        """Mean, 95 % CI and paired difference vs the baseline per scenario and metric."""
        return self._table("comparison")

    @cached_property
    def sobol(self) -> pd.DataFrame | None:
        """First-order and total Sobol indices with confidence intervals."""
        return self._table("sobol")

    @cached_property
    def morris(self) -> pd.DataFrame | None:
        """Morris mu* (with confidence interval) and sigma."""
        return self._table("morris")


def resolve(path: str | Path) -> Path:
    """The store folder at ``path``: ``path`` itself, or its newest run.

    ``path`` may be a store (a run folder) or an experiment folder holding run
    folders named by their start time, in which case the newest one is used.

    Raises
    ------
    InputError
        ``path`` holds no results store.

    """
    path = Path(path)
    if is_store(path):
        return path
    runs = sorted(p for p in path.iterdir() if is_store(p)) if path.is_dir() else []
    if not runs:
        raise InputError("no results store here", key="path", value=str(path),
                         allowed="a folder written by commsim sweep or commsim compare --out, "
                                 "or a folder of such runs",
                         source="commsim.results.load")
    return runs[-1]


def load(path: str | Path) -> Results:
    """Open the results store at ``path``.

    Parameters
    ----------
    path : str or Path
        A folder written by ``commsim sweep`` or ``commsim compare --out``, or an
        experiment folder holding several (the newest is opened).

    Returns
    -------
    Results
        Object with ``.runs``, ``.daily``, ``.hours``, ``.manifest``,
        ``.comparison``, ``.sobol`` and ``.morris`` (None where absent).

    Raises
    ------
    InputError
        ``path`` holds no results store.

    """
    path = resolve(path)
    if not (path / MANIFEST).exists():
        raise InputError("results store has no manifest (was it ever started?)", key="path",
                         value=str(path), allowed="a folder written by commsim sweep or "
                         "commsim compare --out", source="commsim.results.load")
    return Results(path)
