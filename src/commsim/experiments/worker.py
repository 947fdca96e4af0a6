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
        The run to execute.

    Returns
    -------
    Outcome
        Status ``ok`` with summary, daily series and hours; ``failed`` with the
        traceback; or ``timeout``.

    """
    from commsim.run.runner import simulate

    started = time.perf_counter()
    if task.plugins:
        try:
            from commsim.inputs.plugins import load_plugins

            load_plugins(task.plugins)
        except Exception:
            return Outcome(task.run_id, FAILED, traceback.format_exc())
    progress = _Deadline(task.timeout) if task.timeout is not None else None
    try:
        with _alarm(task.timeout):
            result = simulate(task.scenario, seed=task.seed, replication=task.replication,
                              overrides=task.overrides, source=f"run {task.run_id}",
                              progress=progress)
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
