"""What one worker does with one run: call :func:`commsim.simulate` and package the outcome.

Everything here is a top-level, importable function or a plain dataclass so that
it pickles into spawned worker processes and onto Dask workers. A run that
raises becomes a ``failed`` outcome carrying its traceback; a run that outlives
its time limit becomes ``timeout``. Nothing a run does can stop the sweep.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from commsim.inputs.scenario import Scenario

if TYPE_CHECKING:
    from commsim.run.runner import RunResult
    from commsim.run.warm_start import WarmState

OK, FAILED, TIMEOUT = "ok", "failed", "timeout"


class RunTimeout(Exception):  # noqa: N818 (a signal, not an error of the caller)
    """Raised inside a run that exceeded its time limit."""


@dataclass(frozen=True)
class RunOrder:
    """One run to execute.

    Attributes
    ----------
    run_id : int
        Stable index of the run in its experiment.
    scenario : Scenario
        The scenario (already loaded, so workers need no files).
    seed : int
        The experiment's root seed.
    replication : int
        Replication index; with ``seed`` it determines every random stream.
    overrides : dict
        Parameter overrides of this run (spec values, design point, run size).
    timeout : float, optional
        Seconds after which the run is abandoned as ``timeout``.
    keep_daily, keep_hours : bool
        Whether to send the daily series and hours table back.
    plugins : tuple of str
        Plugin modules or ``.py`` files to import first (extra policies).

    """

    run_id: int
    scenario: Scenario
    seed: int
    replication: int
    overrides: dict[str, Any] = field(default_factory=dict)
    timeout: float | None = None
    keep_daily: bool = True
    keep_hours: bool = True
    plugins: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupOrder(RunOrder):
    """Runs of one replication that share their warm-up, executed one after another.

    The worker simulates the warm-up once (or reads it from the warm-state cache) and
    starts every run from it (:mod:`commsim.run.warm_start`). The inherited fields are
    those of the first run, so an executor handles a group as it handles a run (its
    ``run_id`` names the group).

    Attributes
    ----------
    runs : tuple of RunOrder
        The runs, all of one seed and replication, whose warm-ups are the same.

    """

    runs: tuple[RunOrder, ...] = ()

    @classmethod
    def of(cls, runs: list[RunOrder]) -> GroupOrder:
        """The group of ``runs`` (at least one)."""
        first = runs[0]
        return cls(**{f: getattr(first, f) for f in RunOrder.__dataclass_fields__},
                   runs=tuple(runs))


@dataclass
class Outcome:
    """How one run ended: its status, and its :class:`~commsim.RunResult` if it finished.

    The frames travel in ``result`` only (the one frame-holding type); a daily series or
    hours table the task did not ask to keep is left out (``None``).
    """

    run_id: int
    status: str
    error: str = ""
    wall_seconds: float = 0.0
    result: RunResult | None = None

    @property
    def summary(self) -> dict[str, float] | None:
        """Summary metrics of a finished run."""
        return self.result.summary if self.result is not None else None

    @property
    def daily(self) -> pd.DataFrame | None:
        """Daily series of a finished run, if kept."""
        return self.result.daily if self.result is not None else None

    @property
    def hours(self) -> pd.DataFrame | None:
        """Hours table of a finished run, if kept."""
        return self.result.hours if self.result is not None else None

    @property
    def yearly(self) -> pd.DataFrame | None:
        """Per-year summary table of a finished run."""
        return self.result.yearly if self.result is not None else None

    @property
    def community(self) -> pd.DataFrame | None:
        """Per-community summary rows of a finished run."""
        return self.result.community if self.result is not None else None


@dataclass
class GroupOutcome(Outcome):
    """How a :class:`GroupOrder` ended: one :class:`Outcome` per run, in order."""

    parts: list[Outcome] = field(default_factory=list)


def split(order: RunOrder, outcome: Outcome) -> list[tuple[RunOrder, Outcome]]:
    """The runs of an executed order with their outcomes.

    A group whose worker died (or that could not run at all) has no parts: each of its
    runs then ends as the group did.
    """
    if not isinstance(order, GroupOrder):
        return [(order, outcome)]
    if isinstance(outcome, GroupOutcome) and len(outcome.parts) == len(order.runs):
        return list(zip(order.runs, outcome.parts, strict=True))
    return [(run, Outcome(run.run_id, outcome.status, outcome.error)) for run in order.runs]


class _Deadline:
    """A progress object for :func:`commsim.simulate` that stops an overdue run."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def update(self, n: int = 1) -> None:
        if time.monotonic() > self.end:
            raise RunTimeout


@contextlib.contextmanager
def _alarm(seconds: float | None) -> Iterator[None]:
    """Raise :class:`RunTimeout` after ``seconds`` (main thread of a process only)."""
    usable = (seconds is not None and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def _raise(signum: int, frame: Any) -> None:
        raise RunTimeout

    assert seconds is not None
    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, float(seconds) + 0.5)  # the per-day check comes first
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` is running (a zombie counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def watch_parent(pid: int, interval: float = 1.0) -> None:
    """Pool initializer: end this worker when the sweep process ``pid`` is gone.

    A sweep killed with SIGKILL cannot shut its pool down; without this its idle
    workers would wait for work forever.
    """

    def loop() -> None:
        while _alive(pid):
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=loop, name="commsim-watch-parent", daemon=True).start()


def execute(task: RunOrder) -> Outcome:
    """Run ``task`` and return its :class:`Outcome`; never raises for a model error.

    Parameters
    ----------
    task : RunOrder
        The run to execute, or a :class:`GroupOrder` of runs sharing their warm-up.

    Returns
    -------
    Outcome
        Status ``ok`` with summary, daily series and hours; ``failed`` with the
        traceback; or ``timeout``. A :class:`GroupOutcome` for a group.

    """
    if task.plugins:
        try:
            from commsim.inputs.plugins import load_plugins

            load_plugins(task.plugins)
        except Exception:
            return Outcome(task.run_id, FAILED, traceback.format_exc())
    if isinstance(task, GroupOrder):
        return _execute_group(task)
    return _execute_one(task)


def _execute_group(group: GroupOrder) -> GroupOutcome:
    """Warm up once (or read the cached warm-up), then run every member from it.

    Each run's ``wall_seconds`` includes an equal share of the warm-up's time.
    """
    from commsim.run.warm_start import warm_state

    started = time.perf_counter()
    first = group.runs[0]
    progress = _Deadline(first.timeout) if first.timeout is not None else None
    try:
        with _alarm(first.timeout):
            cls = first.scenario.make_model_class()
            params = first.scenario.params(first.overrides, f"run {first.run_id}",
                                           model_class=cls)
            warm = warm_state(params, cls, first.seed, first.replication, progress=progress)
    except RunTimeout:
        error = f"the warm-up exceeded the run time limit of {first.timeout:g} s"
        parts = [Outcome(r.run_id, TIMEOUT, error) for r in group.runs]
        return GroupOutcome(group.run_id, TIMEOUT, error, 0.0, None, parts)
    except Exception:
        error = traceback.format_exc()
        parts = [Outcome(r.run_id, FAILED, error) for r in group.runs]
        return GroupOutcome(group.run_id, FAILED, error, 0.0, None, parts)
    share = (time.perf_counter() - started) / len(group.runs)
    parts = []
    for run in group.runs:
        outcome = _execute_one(run, warm)
        outcome.wall_seconds += share
        parts.append(outcome)
    return GroupOutcome(group.run_id, OK, "", time.perf_counter() - started, None, parts)


def _execute_one(task: RunOrder, warm: WarmState | None = None) -> Outcome:
    """Run one task (from ``warm``, the end of its warm-up, if given)."""
    from commsim.run.runner import simulate

    started = time.perf_counter()
    progress = _Deadline(task.timeout) if task.timeout is not None else None
    try:
        with _alarm(task.timeout):
            result = simulate(task.scenario, seed=task.seed, replication=task.replication,
                              overrides=task.overrides, source=f"run {task.run_id}",
                              progress=progress, warm=warm, daily=task.keep_daily)
    except RunTimeout:
        return Outcome(task.run_id, TIMEOUT, f"run exceeded its time limit of {task.timeout:g} s",
                       time.perf_counter() - started)
    except Exception:
        return Outcome(task.run_id, FAILED, traceback.format_exc(),
                       time.perf_counter() - started)
    if not task.keep_daily:
        result.daily = None  # type: ignore[assignment]  # not sent back
    if not task.keep_hours:
        result.hours = None  # type: ignore[assignment]
    return Outcome(task.run_id, OK, "", time.perf_counter() - started, result)


def default_workers() -> int:
    """One worker per core available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)
