"""Fault-injecting worker functions for the executor tests (importable by spawned workers)."""

from __future__ import annotations

import dataclasses
import os
import signal
from pathlib import Path

from commsim.experiments.worker import Outcome, RunOrder, execute


def fail_run_1(task: RunOrder) -> Outcome:
    """Run 1 raises inside the model call (an unknown parameter)."""
    if task.run_id == 1:
        task = dataclasses.replace(task, overrides={**task.overrides, "no.such.key": 1})
    return execute(task)


def marker_scenario(folder: Path) -> Path:
    """A baseline-like scenario file whose description is the path of a marker file.

    Worker processes may have been started before the test (forkserver), so the
    marker path travels with the task, not through the environment.
    """
    path = folder / "marked.toml"
    path.write_text(f'name = "marked"\ndescription = "{folder / "marker"}"\n'
                    'policies = ["no_gate"]\n')
    return path


def kill_worker(task: RunOrder) -> Outcome:
    """Run 1 kills its worker once (marker file); run 3 kills its worker every time."""
    marker = Path(task.scenario.description)
    if task.run_id == 3 or (task.run_id == 1 and not marker.exists()):
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return execute(task)


def quick(task: RunOrder) -> Outcome:
    """A run that does no simulation (executor tests that need many fast runs)."""
    return Outcome(task.run_id, "ok", "", 0.0, None)


def exit_run_1(task: RunOrder) -> Outcome:
    """Run 1 ends its worker process with ``os._exit`` after a moment, every time."""
    if task.run_id == 1:
        import time

        time.sleep(0.3)
        os._exit(1)
    return quick(task)


def exit_at_run_2(task: RunOrder) -> Outcome:
    """Run 2 ends its worker process (started without a nanny: it does not come back)."""
    if task.run_id == 2:
        os._exit(1)
    import time

    time.sleep(0.2)
    return quick(task)


class Crash:
    """An executor that runs ``n`` runs serially, then fails as a killed sweep would."""

    name, workers = "crash", 1

    def __init__(self, n: int) -> None:
        self.n = n

    def map_unordered(self, tasks):  # noqa: ANN001, ANN201 - the executor protocol
        for i, task in enumerate(tasks):
            if i == self.n:
                raise KeyboardInterrupt
            yield task, execute(task)
