"""Drive an experiment: plan runs, execute them, journal outcomes, analyse, finalise.

Run ids are stable: with ``P`` design points (scenarios x design samples), run
``i`` is replication ``i // P`` of point ``i % P``. Adding replications
(``--precision``) only appends run ids, and every run's random streams derive
from the root seed and its replication index, so replication ``k`` of every
point shares its streams (common random numbers).
"""

from __future__ import annotations

import contextlib
import math
import shutil
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from commsim.core.errors import DISK_ERRORS, InputError
from commsim.core.metrics import METRICS
from commsim.experiments.analysis import TABLES, analyse, precision_check, window_years
from commsim.experiments.estimate import PROBE_DAYS, Estimate, duration, estimate
from commsim.experiments.executors import Executor, make_executor
from commsim.experiments.journal import (
    FLUSH_RUNS,
    FLUSH_SECONDS,
    Journal,
    run_row,
    runs_frame,
    series_frame,
)
from commsim.experiments.manifest import changed_input, new_manifest, now
from commsim.experiments.planning import Plan, Point, grouped, plan, warm_identities
from commsim.experiments.progress import progress_bar
from commsim.experiments.spec import Spec, load_spec
from commsim.experiments.worker import OK, Outcome, RunOrder, split
from commsim.results import Results, load
from commsim.results.lock import WriterLock
from commsim.results.store import (
    MANIFEST,
    Store,
    check_output_folder,
    check_target,
    latest_unfinished,
    new_run_folder,
    read_manifest,
)

__all__ = ["DEFAULT_ROOT", "FLUSH_RUNS", "FLUSH_SECONDS", "Plan", "Point", "plan", "run",
           "runs_frame"]

DEFAULT_ROOT = Path("results")


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
    made_by: str = "commsim sweep",
    warm_start: bool = True,
    rerun: bool = False,
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
    made_by : str
        The command writing the store (recorded; a store made by another command is
        never replaced).
    warm_start : bool
        Simulate each replication's warm-up once and start every run that shares it
        from the captured state (:mod:`commsim.run.warm_start`; same results). False
        runs every run from scratch.
    rerun : bool
        ``out`` may hold an earlier store of the same command: an unfinished one is
        resumed (it must be of the same specification), a finished one is replaced.
        Stores of other commands and other files are still refused.

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
    replace = False
    if rerun and not resume and (out / MANIFEST).exists():
        earlier = read_manifest(out)
        if earlier.get("made_by") == made_by:
            resume = earlier.get("status") != "complete"
            replace = not resume
    if resume:
        check_resumable(out, spec)
    else:
        check_output_folder(out)  # never the working folder, its parent, home or a root
        check_target(out)
    opened = getattr(exe, "open", None)
    if opened is not None:
        opened()  # connect (Dask) before anything is written
    made = not out.exists()
    try:
        with writing(out, made):
            return _run_locked(spec, plan_, exe, out, resume, precision, progress, made_by,
                               warm_start, replace)
    finally:
        closing = getattr(exe, "close", None)
        if closing is not None:
            closing()


def check_resumable(out: Path, spec: Spec) -> None:
    """Refuse to resume ``out`` unless it is a store of ``spec`` with unchanged inputs."""
    if not (out / MANIFEST).exists():
        raise InputError("nothing to resume: no results store here", key="--out",
                         value=str(out), allowed="a folder written by commsim sweep",
                         source="command line")
    manifest = read_manifest(out)
    if manifest.get("spec_fingerprint") != spec.fingerprint():
        raise InputError("the specification differs from the interrupted run's",
                         key="--resume", value=str(out),
                         allowed="the same spec and --set values", source=spec.source)
    recorded = manifest.get("inputs")
    changed = changed_input(recorded, spec) if isinstance(recorded, dict) else None
    if changed is not None:
        raise InputError(f"{changed} changed since the interrupted run started",
                         key="--resume", value=changed,
                         allowed="the inputs as they were, or a new store",
                         source=str(out / MANIFEST))


#: Operating-system errors of writing a store that are the user's to fix, in words.


@contextlib.contextmanager
def writing(out: Path, made: bool) -> Iterator[None]:
    """Hold ``out``'s writer lock; turn a full or read-only disk into one line.

    A folder this call made is removed again if nothing was committed to it.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise store_error(out, exc) from None
    lock = WriterLock(out)
    try:
        lock.acquire()
        yield
    except OSError as exc:
        if exc.errno not in DISK_ERRORS:
            raise
        raise store_error(out, exc) from None
    finally:
        if made and not (out / MANIFEST).exists():  # still ours: nothing was committed
            shutil.rmtree(out, ignore_errors=True)
        lock.release()


def store_error(out: Path, exc: OSError) -> InputError:
    """One line for an operating-system error while writing the store at ``out``."""
    what = DISK_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))
    resumable = (out / MANIFEST).exists()
    hint = ("finished runs are kept: free space and run again with --resume" if resumable
            else "a writable folder with free space")
    return InputError(f"cannot write the results store: {what}", key="--out", value=str(out),
                      allowed=hint, source=exc.filename or str(out))


def estimate_line(name: str, guess: Estimate, exe: Executor) -> str:
    """The line told before an experiment starts: runs, warm-ups, workers, expected time."""
    if guess.source == "store":
        basis = f"{guess.per_day:.1f} s per run, the mean of this store's finished runs"
    else:
        basis = (f"{guess.per_day * 1000:.0f} ms per simulated day, measured over "
                 f"{PROBE_DAYS} days")
    return (f"commsim: {name}: {guess.runs} runs to do ({guess.warmups} warm-ups) on "
            f"{exe.workers} {exe.name} worker(s): about {duration(guess.seconds)} after the "
            f"workers' start-up (estimate: {basis})")


def _run_locked(spec: Spec, plan_: Plan, exe: Executor, out: Path, resume: bool,
                precision: float | None, progress: bool | None, made_by: str,
                warm_start: bool = True, replace: bool = False) -> Results:
    """The body of :func:`run` once the store's writer lock is held."""
    store = Store(out)
    factor_keys = [f.key for f in spec.factors]
    previous: pd.DataFrame
    if resume:
        manifest = read_manifest(out)
        if manifest.get("status") == "complete":
            return load(out)
        if precision is None:  # an adaptive sweep resumes with its own target
            precision = manifest.get("precision_target_pct")
        previous = store.reopen()
        manifest.setdefault("resumed", []).append(now())
        manifest["executor"] = {"kind": exe.name, "workers": exe.workers}
    else:
        manifest = new_manifest(spec, plan_, exe, made_by)
        manifest["precision_target_pct"] = precision
        store.create(manifest, replace=replace)
        previous = pd.DataFrame()

    rows = runs_frame(previous.to_dict("records"), factor_keys) if not previous.empty else \
        runs_frame([], factor_keys)
    done = set(rows["run_id"].tolist())
    reps = spec.replications
    cap = max(spec.max_replications, reps) if precision is not None else reps
    stop = "fixed replications"
    worst: dict[str, float] = {}
    journal = Journal(store, factor_keys)
    # daily columns from the declarations (core and plugins), read once plugins are loaded
    series = [m.key for m in METRICS.series()]
    identities = warm_identities(plan_) if warm_start else None
    expected = None
    if progress is not False:
        pending = [i for i in range(reps * plan_.size) if i not in done]
        if pending:
            try:
                guess = estimate(plan_, pending, identities, exe.workers, previous)
            except Exception as exc:  # noqa: BLE001 - a failed probe must not stop the runs
                told = (f"commsim: {spec.name}: {len(pending)} runs to do; no estimate "
                        f"(the short measurement failed: {type(exc).__name__}: {exc})")
            else:
                expected = guess.seconds
                told = estimate_line(spec.name, guess, exe)
            sys.stderr.write(told + "\n")
            sys.stderr.flush()
    bar = progress_bar(progress, spec.name, reps * plan_.size, len(done),
                       int((rows["status"] != OK).sum()), expected)
    started = time.perf_counter()
    new_rows: list[dict[str, Any]] = []

    def record(task: RunOrder, outcome: Outcome) -> None:
        row = run_row(task, outcome, plan_.points[task.run_id % plan_.size])
        daily = series_frame(outcome.daily, task, series) if outcome.daily is not None else None
        hours = series_frame(outcome.hours, task, None) if outcome.hours is not None else None
        yearly = series_frame(outcome.yearly, task, None) \
            if outcome.yearly is not None else None
        community = series_frame(outcome.community, task, None) \
            if outcome.community is not None else None
        journal.add(row, daily, hours, yearly, community)
        new_rows.append(row)
        done.add(task.run_id)
        if bar is not None:
            bar.update(1, failed=outcome.status != OK)

    try:
        while True:
            def tasks(total: int = reps * plan_.size) -> Iterator[RunOrder]:
                # lazily: memory stays flat however many replications are asked for
                pending = (run_id for run_id in range(total) if run_id not in done)
                if identities is None:
                    yield from (plan_.task(run_id) for run_id in pending)
                    return
                groups = len({i // plan_.size for i in range(total) if i not in done}) * \
                    max(1, len({i for i in identities if i is not None}))
                yield from grouped(plan_, pending, identities,
                                   max(1, math.ceil(exe.workers / max(groups, 1))))

            for order, result in exe.map_unordered(tasks()):
                for task, outcome in split(order, result):
                    record(task, outcome)
            journal.flush()
            if new_rows:
                fresh = runs_frame(new_rows, factor_keys)
                rows = fresh if rows.empty else pd.concat([rows, fresh], ignore_index=True)
                new_rows = []
            if precision is None:
                break
            reached, nxt, worst = precision_check(rows, spec, plan_.size, reps,
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
    tables = analyse(spec, plan_, rows, reps)
    counts = {s: int((rows["status"] == s).sum()) for s in ("ok", "failed", "timeout")}
    ended = now()
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
        "tables": {k: TABLES[k] for k, v in tables.items() if v is not None},
    })
    if tables.get("cost_effectiveness") is not None:
        from commsim.analysis.cost_effectiveness import MEASURES

        manifest["cost_effectiveness"] = {
            "baseline": spec.baseline, "cost": "cost_yuan", "window_years": window_years(spec),
            "measures": {m.name: {"effect": m.effect, "unit": m.unit, "per_year": m.per_year}
                         for m in MEASURES}}
    store.finalize(rows, tables, manifest)
    return load(out)
