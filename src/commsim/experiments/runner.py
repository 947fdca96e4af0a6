"""Drive an experiment: plan runs, execute them, journal outcomes, analyse, finalise.

Run ids are stable: with ``P`` design points (scenarios x design samples), run
``i`` is replication ``i // P`` of point ``i % P``. Adding replications
(``--precision``) only appends run ids, and every run's random streams derive
from the root seed and its replication index, so replication ``k`` of every
point shares its streams (common random numbers).
"""

from __future__ import annotations

import math
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sstats

from commsim.errors import InputError
from commsim.experiments import designs
from commsim.experiments.executors import Executor, make_executor
from commsim.experiments.spec import Spec, load_spec
from commsim.experiments.worker import OK, Outcome, Task
from commsim.model import DAILY_SERIES
from commsim.parameters import SCHEMA
from commsim.results import Results, load
from commsim.results.store import (
    MANIFEST,
    Store,
    latest_unfinished,
    new_run_folder,
    read_manifest,
)
from commsim.scenario import Scenario
from commsim.statistics import compare, relative_half_width
from commsim.stats import SUMMARY_METRICS

#: Flush the journal after this many finished runs or this many seconds (the runs
#: finished since the last flush are all a hard kill can lose).
FLUSH_RUNS = int(os.environ.get("COMMSIM_FLUSH_RUNS", "50"))
FLUSH_SECONDS = float(os.environ.get("COMMSIM_FLUSH_SECONDS", "2.0"))
DEFAULT_ROOT = Path("results")


@dataclass(frozen=True)
class Point:
    """One design point: a scenario and the values of the design's factors."""

    index: int
    scenario: Scenario
    values: dict[str, Any]


@dataclass
class Plan:
    """The runs of an experiment."""

    spec: Spec
    points: list[Point]
    unit: np.ndarray | None

    @property
    def size(self) -> int:
        """Design points per replication."""
        return len(self.points)

    def task(self, run_id: int) -> Task:
        """The task of run ``run_id``."""
        point = self.points[run_id % self.size]
        spec = self.spec
        return Task(run_id=run_id, scenario=point.scenario, seed=spec.seed,
                    replication=run_id // self.size,
                    overrides={**spec.params, **point.values}, timeout=spec.timeout,
                    keep_daily="daily" in spec.outputs, keep_hours="hours" in spec.outputs,
                    plugins=spec.plugins)


def plan(spec: Spec) -> Plan:
    """Expand ``spec`` into its design points (validating every point's parameters)."""
    seed = spec.design.seed if spec.design.seed is not None else spec.seed
    values, unit = designs.points(spec.design, seed)
    points = [Point(i * len(values) + j, scenario, v)
              for i, scenario in enumerate(spec.scenarios) for j, v in enumerate(values)]
    for p in points:
        p.scenario.params({**spec.params, **p.values}, source=spec.source)
    return Plan(spec, points, unit)


# -- rows and frames --------------------------------------------------------------------------
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


def _series(frame: pd.DataFrame, task: Task, columns: Sequence[str] | None) -> pd.DataFrame:
    out = frame.copy()
    if columns is not None:
        out = out.reindex(columns=list(columns))
    out.insert(0, "replication", np.int64(task.replication))
    out.insert(0, "scenario", task.scenario.name)
    out.insert(0, "run_id", np.int64(task.run_id))
    out["scenario"] = out["scenario"].astype("str")
    return out


# -- manifest ---------------------------------------------------------------------------------
def _versions() -> dict[str, str | None]:
    names = ["commsim", "mesa", "simpy", "numpy", "pandas", "scipy", "pyarrow", "SALib",
             "dask", "distributed"]
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _git_commit() -> str | None:
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True,
                             text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _manifest(spec: Spec, plan_: Plan, executor: Executor) -> dict[str, Any]:
    return {
        "experiment": spec.name,
        "description": spec.description,
        "status": "running",
        "spec": spec.table,
        "spec_source": spec.source,
        "spec_fingerprint": spec.fingerprint(),
        "design": {"kind": spec.design.kind, "samples": spec.design.samples,
                   "levels": spec.design.levels, "second_order": spec.design.second_order,
                   "factors": [f.key for f in spec.factors], "points": plan_.size},
        "scenarios": {
            s.name: {"description": s.description, "policies": list(s.policies),
                     "source": s.source, "params": dict(s.params(spec.params, spec.source))}
            for s in spec.scenarios},
        "baseline": spec.baseline,
        "metrics": list(spec.metrics),
        "root_seed": spec.seed,
        "seeds": "every run's streams derive from (root_seed, replication, process); "
                 "replication k of every scenario and design point shares its streams",
        "versions": _versions(),
        "git_commit": _git_commit(),
        "host": platform.node(),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                    "load_1min": os.getloadavg()[0] if hasattr(os, "getloadavg") else None},
        "executor": {"kind": executor.name, "workers": executor.workers},
        "started": _now(),
        "command": sys.argv,
    }


# -- the driver -------------------------------------------------------------------------------
class _Journal:
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
        self.rows.append(row)
        if daily is not None:
            self.daily.append(daily)
        if hours is not None:
            self.hours.append(hours)
        if len(self.rows) >= FLUSH_RUNS or time.monotonic() - self.last >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.store.flush(runs_frame(self.rows, self.factor_keys), self.daily, self.hours)
        self.rows, self.daily, self.hours = [], [], []
        self.last = time.monotonic()


def _row(task: Task, outcome: Outcome, point: Point) -> dict[str, Any]:
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


def _precision_check(rows: pd.DataFrame, spec: Spec, size: int, reps: int, target: float,
                     cap: int) -> tuple[bool, int, dict[str, float]]:
    """Whether every point's analysed CIs are within ``target`` (share); and the next size."""
    ok = rows[(rows["status"] == OK) & (rows["replication"] < reps)]
    point_ids = ok["run_id"] % size
    worst: dict[str, float] = {}
    needed = reps
    for metric in spec.metrics:
        worst[metric] = 0.0
        for _, values in ok[metric].groupby(point_ids):
            arr = values.to_numpy(dtype=float)
            rel = relative_half_width(arr)
            if math.isnan(rel):
                rel = math.inf
            worst[metric] = max(worst[metric], rel)
            if rel > target:
                n = len(arr)
                sd = float(np.std(arr, ddof=1)) if n > 1 else math.inf
                mean = abs(float(np.mean(arr))) if n else 0.0
                if n > 1 and mean > 0 and math.isfinite(sd):
                    t = float(sstats.t.ppf(0.975, n - 1))
                    needed = max(needed, math.ceil((t * sd / (target * mean)) ** 2))
                else:
                    needed = max(needed, 2 * reps)
    if ok.empty:
        worst = dict.fromkeys(spec.metrics, math.inf)
    reached = all(v <= target for v in worst.values())
    return reached, min(cap, max(reps + 1, min(2 * reps, needed))), worst


def run(
    spec: Spec | str | Path,
    *,
    out: str | Path | None = None,
    executor: Executor | str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    precision: float | None = None,
    sets: Mapping[str, Any] | None = None,
    progress: bool | None = None,
    root: str | Path = DEFAULT_ROOT,
) -> Results:
    """Run an experiment and return its results store.

    Parameters
    ----------
    spec : Spec or path
        A validated specification, or the path of a specification TOML.
    out : path, optional
        Store folder (default ``results/<experiment>/<UTC timestamp>``; with
        ``resume`` the newest unfinished one).
    executor : Executor or {"serial", "process", "dask"}, optional
        How runs are executed (default: local process pool, or Dask if
        ``scheduler`` is given).
    workers : int, optional
        Worker processes (default one per core).
    scheduler : str, optional
        Dask scheduler address, or ``"local"`` for a LocalCluster started for the run.
    resume : bool
        Continue an interrupted store: finished runs are kept, the rest are run.
    precision : float, optional
        Target 95 % CI half-width in percent of the mean of every analysed metric
        at every design point; replications are added until it is met or
        ``max_replications`` is reached.
    sets : mapping, optional
        ``--set`` assignments (spec fields or parameters) when ``spec`` is a path.
    progress : bool, optional
        Show a progress bar (default: when stderr is a terminal).
    root : path
        Folder that default store folders are made under.

    Returns
    -------
    Results
        The finished store, loaded.

    """
    if not isinstance(spec, Spec):
        spec = load_spec(spec, sets)
    elif sets:
        raise InputError("--set needs a specification file", key="sets", value=dict(sets),
                         allowed="a path", source="commsim.experiments.run")
    if precision is None:
        precision = spec.precision
    if precision is not None and not (isinstance(precision, (int, float)) and precision > 0):
        raise InputError("precision must be a positive percentage", key="--precision",
                         value=precision, allowed="a number > 0", source="command line")
    plan_ = plan(spec)
    if not isinstance(executor, (str, type(None))):
        exe: Executor = executor
    else:
        exe = make_executor(executor, workers, scheduler)

    if out is None:
        folder = latest_unfinished(root, spec.name) if resume else None
        if resume and folder is None:
            raise InputError("nothing to resume", key="--resume", value=spec.name,
                             allowed=f"an unfinished store under {Path(root) / spec.name}",
                             source="command line")
        out = folder or new_run_folder(root, spec.name)
    out = Path(out)
    store = Store(out)
    factor_keys = [f.key for f in spec.factors]
    previous: pd.DataFrame
    if resume:
        if not (out / MANIFEST).exists():
            raise InputError("nothing to resume: no results store here", key="--out",
                             value=str(out), allowed="a folder written by commsim sweep",
                             source="command line")
        manifest = read_manifest(out)
        if manifest.get("spec_fingerprint") != spec.fingerprint():
            raise InputError("the specification differs from the interrupted run's",
                             key="--resume", value=str(out),
                             allowed="the same spec and --set values", source=spec.source)
        if manifest.get("status") == "complete":
            return load(out)
        if precision is None:  # an adaptive sweep resumes with its own target
            precision = manifest.get("precision_target_pct")
        previous = store.reopen()
        manifest.setdefault("resumed", []).append(_now())
        manifest["executor"] = {"kind": exe.name, "workers": exe.workers}
    else:
        manifest = _manifest(spec, plan_, exe)
        manifest["precision_target_pct"] = precision
        store.create(manifest)
        previous = pd.DataFrame()

    rows = runs_frame(previous.to_dict("records"), factor_keys) if not previous.empty else \
        runs_frame([], factor_keys)
    done = set(rows["run_id"].tolist())
    reps = spec.replications
    cap = max(spec.max_replications, reps) if precision is not None else reps
    stop = "fixed replications"
    worst: dict[str, float] = {}
    journal = _Journal(store, factor_keys)
    bar = _progress(progress, spec.name, reps * plan_.size, len(done),
                    int((rows["status"] != OK).sum()))
    started = time.perf_counter()
    new_rows: list[dict[str, Any]] = []
    try:
        while True:
            todo = [i for i in range(reps * plan_.size) if i not in done]

            def tasks(todo: list[int] = todo) -> Iterator[Task]:
                for run_id in todo:
                    yield plan_.task(run_id)

            for task, outcome in exe.map_unordered(tasks()):
                row = _row(task, outcome, plan_.points[task.run_id % plan_.size])
                daily = _series(outcome.daily, task, DAILY_SERIES) \
                    if outcome.daily is not None else None
                hours = _series(outcome.hours, task, None) if outcome.hours is not None else None
                journal.add(row, daily, hours)
                new_rows.append(row)
                done.add(task.run_id)
                if bar is not None:
                    bar.update(1, failed=outcome.status != OK)
            journal.flush()
            if new_rows:
                fresh = runs_frame(new_rows, factor_keys)
                rows = fresh if rows.empty else pd.concat([rows, fresh], ignore_index=True)
                new_rows = []
            if precision is None:
                break
            reached, nxt, worst = _precision_check(rows, spec, plan_.size, reps,
                                                   precision / 100.0, cap)
            if reached:
                stop = f"precision reached: every 95% CI half-width <= {precision:g}% of its mean"
                break
            if reps >= cap:
                stop = f"replication cap reached ({cap}) before {precision:g}% precision"
                break
            reps = nxt
            if bar is not None:
                bar.grow(reps * plan_.size)
    finally:
        journal.flush()
        if bar is not None:
            bar.close()

    rows = rows.sort_values("run_id", kind="stable").reset_index(drop=True)
    rows = rows[rows["run_id"] < reps * plan_.size].reset_index(drop=True)
    tables = _analyse(spec, plan_, rows, reps)
    counts = {s: int((rows["status"] == s).sum()) for s in ("ok", "failed", "timeout")}
    ended = _now()
    manifest.update({
        "status": "complete",
        "ended": ended,
        "replications": reps,
        "runs": len(rows),
        "status_counts": counts,
        "stop_reason": stop,
        "precision_target_pct": precision,
        "precision_achieved_pct": {m: (v * 100 if math.isfinite(v) else None)
                                   for m, v in worst.items()} if precision else None,
        "sweep_wall_seconds": time.perf_counter() - started,
        # short aliases read by the report
        "seed": spec.seed,
        "finished": ended,
        "failures": counts["failed"] + counts["timeout"],
        "params": manifest["scenarios"][spec.baseline or spec.scenarios[0].name]["params"],
        "run_wall_seconds": [float(v) for v in rows["wall_seconds"]],
    })
    store.finalize(rows, tables, manifest)
    return load(out)


def _analyse(spec: Spec, plan_: Plan, rows: pd.DataFrame, reps: int
             ) -> dict[str, pd.DataFrame | None]:
    tables: dict[str, pd.DataFrame | None] = {"comparison": None, "sobol": None, "morris": None}
    kind = spec.design.kind
    if kind == "replications":
        tables["comparison"] = compare(rows, spec.metrics, baseline=spec.baseline,
                                       scenarios=[s.name for s in spec.scenarios])
    elif kind in ("sobol", "morris"):
        ok = rows[rows["status"] == OK]
        per_point = ok.groupby(ok["run_id"] % plan_.size)
        outputs = {}
        for metric in spec.metrics:
            means = per_point[metric].mean().reindex(range(plan_.size))
            outputs[metric] = means.to_numpy(dtype=float)
        seed = spec.design.seed if spec.design.seed is not None else spec.seed
        if kind == "sobol":
            tables["sobol"] = designs.analyze_sobol(spec.design, outputs, seed)
        else:
            assert plan_.unit is not None
            tables["morris"] = designs.analyze_morris(spec.design, plan_.unit, outputs, seed)
    return tables


class _Bar:
    """tqdm bar of runs with failures in its postfix."""

    def __init__(self, desc: str, total: int, initial: int, failed: int,
                 enabled: bool | None) -> None:
        from tqdm import tqdm

        self.failed = failed
        self.tqdm = tqdm(total=total, initial=initial, unit="run", desc=desc, file=sys.stderr,
                         disable=None if enabled is None else not enabled, dynamic_ncols=True,
                         smoothing=0.1)
        self.tqdm.set_postfix(failed=failed, refresh=False)

    def update(self, n: int, failed: bool) -> None:
        if failed:
            self.failed += 1
            self.tqdm.set_postfix(failed=self.failed, refresh=False)
        self.tqdm.update(n)

    def grow(self, total: int) -> None:
        self.tqdm.total = total
        self.tqdm.refresh()

    def close(self) -> None:
        self.tqdm.close()


def _progress(enabled: bool | None, desc: str, total: int, initial: int,
              failed: int) -> _Bar | None:
    if enabled is False:
        return None
    return _Bar(desc, total, initial, failed, enabled)
