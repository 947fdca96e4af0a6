"""Results of experiments: the crash-safe store and one-call loading.

>>> from commsim import results
>>> res = results.load("results/demo")          # doctest: +SKIP
>>> res.runs.groupby("scenario")["turnover_rate"].mean()  # doctest: +SKIP

See :mod:`commsim.results.store` for the folder layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from commsim.core.errors import InputError
from commsim.results.catalog import Catalog
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

__all__ = ["Catalog", "Results", "Store", "load", "order_scenarios", "resolve"]

#: Frames a store holds.
FRAMES: tuple[str, ...] = ("runs", "daily", "hours", "yearly", "community", "comparison",
                           "cost_effectiveness", "sobol", "morris")
#: Column prefix of swept parameters in ``runs.parquet``.
PARAM_PREFIX = "param."
#: Manifest kinds of folders that are not results stores, in words (robust decisions).
OTHER_KINDS: dict[str, str] = {"robust": "a robust-decision analysis",
                               "robust-reanalysis": "a robust-decision re-analysis",
                               "calibration": "a calibration"}
#: Name of the reference scenario when present.
BASELINE = "baseline"


class Results:
    """The results of one store: its manifest and frames (tables load on first access).

    Open a store with :func:`load`; build one from frames in memory with keywords
    (``Results(runs=frame, manifest={...})``), e.g. for tests of the report.

    Attributes
    ----------
    path : Path
        The store folder.
    manifest : dict
        The parsed ``manifest.json``.
    runs : pandas.DataFrame
        One row per run (parameters, seed, status, error, wall time, summary metrics).
    daily, hours, yearly, community : pandas.DataFrame or None
        All daily series / hours / per-year summary / per-community tables, sorted by
        ``run_id``.
    comparison, cost_effectiveness, sobol, morris : pandas.DataFrame or None
        Analysis tables, where the experiment produced them.

    """

    def __init__(self, path: str | Path | None = None, *, manifest: dict[str, Any] | None = None,
                 **frames: pd.DataFrame | None) -> None:
        unknown = set(frames) - set(FRAMES)
        if unknown:
            raise TypeError(f"unknown result frames: {sorted(unknown)}")
        self.path = Path(path) if path is not None else Path(".")
        # a store opened from disk gets the snapshot, status and file checks; frames and
        # a manifest given in memory (a path then only names them) do not
        self._on_disk = path is not None and manifest is None
        if manifest is None:
            manifest = read_manifest(self.path) if path is not None else {}
        self.manifest: dict[str, Any] = manifest
        self._seqs: set[int] = set()
        if self._on_disk:
            # the flushes committed when the store was opened: every table shows these runs
            self._seqs = committed(self.path / JOURNAL) if not self.complete else set()
            if not self.complete:
                self.manifest["status"] = self.status
            check_files(self.path, self.complete)
        for name in FRAMES:  # given frames replace the lazily loaded ones
            if name in frames or path is None:
                self.__dict__[name] = frames.get(name)
        if self.__dict__.get("runs", 0) is None:
            self.__dict__["runs"] = pd.DataFrame()

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
        if not self._on_disk:
            return str(self.manifest.get("status", "complete"))
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

    @cached_property
    def yearly(self) -> pd.DataFrame | None:
        """Per-year summary rows of every finished run (``year``, ``first_day``, metrics)."""
        return self._parts("yearly")

    @cached_property
    def community(self) -> pd.DataFrame | None:
        """One row per community of every finished run (name, kind, size, metrics)."""
        return self._parts("community")

    def _table(self, stem: str) -> pd.DataFrame | None:
        path = self.path / f"{stem}.parquet"
        return read_table(path, ()) if path.exists() else None

    @cached_property
    def comparison(self) -> pd.DataFrame | None:
        """Mean, 95 % CI and paired difference vs the baseline per scenario and metric."""
        return self._table("comparison")

    @cached_property
    def cost_effectiveness(self) -> pd.DataFrame | None:
        """Paired cost difference, effect and ratio vs the baseline per scenario and measure."""
        return self._table("cost_effectiveness")

    @cached_property
    def sobol(self) -> pd.DataFrame | None:
        """First-order and total Sobol indices with confidence intervals."""
        return self._table("sobol")

    @cached_property
    def morris(self) -> pd.DataFrame | None:
        """Morris mu* (with confidence interval) and sigma."""
        return self._table("morris")

    # -- what readers need besides the frames -------------------------------------------
    @cached_property
    def catalog(self) -> Catalog:
        """Metric declarations, parameter units and policies recorded in the manifest."""
        return Catalog.from_manifest(self.manifest)

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
        """Scenario names in display order: the stated baseline first, then as listed."""
        names = order_scenarios(self.runs["scenario"].astype(str).tolist(), self.manifest)
        stated = self.manifest.get("baseline")
        if isinstance(stated, str) and stated in names:
            names.remove(stated)
            names.insert(0, stated)
        return names

    @property
    def baseline(self) -> str:
        """The reference scenario: the stated one, ``baseline`` if present, else the first."""
        names = self.scenarios
        stated = self.manifest.get("baseline")
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
                         allowed="a folder written by commsim run --out, compare --out or sweep, "
                                 "or a folder of such stores",
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
                         value=str(path), allowed="a folder written by commsim run --out, "
                         "compare --out or sweep", source="commsim.results.load")
    kind = read_manifest(path).get("kind")
    if kind in OTHER_KINDS:
        report = path / "report.html"
        seen = f" (its report: {report})" if report.exists() else ""
        raise InputError(f"this folder holds {OTHER_KINDS[kind]}, not a results store{seen}",
                         key="path", value=str(path),
                         allowed="a folder written by commsim run --out, compare --out or "
                                 "sweep (re-write a robust report with commsim robust SPEC "
                                 "--reanalyse)", source="commsim.results.load")
    return Results(path)
