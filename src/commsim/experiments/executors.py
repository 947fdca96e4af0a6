"""Executors: one interface, three ways to run many simulations.

Every executor takes an iterable of :class:`~commsim.experiments.worker.RunOrder`
and yields ``(task, outcome)`` pairs as runs finish, in whatever order they
finish. The sweep driver sorts by ``run_id`` before writing, so the tables do
not depend on the executor or the completion order.

- :class:`SerialExecutor`: in this process, one run after another.
- :class:`ProcessExecutor`: a local pool of spawned processes (the default, one
  per core). A worker that dies (killed, out of memory, segfault) breaks the
  pool; the pool is rebuilt and the runs that were in flight are run again, up
  to ``max_attempts`` times each, after which they are recorded as failed.
- :class:`~commsim.experiments.cluster.DaskExecutor`: a Dask cluster (see
  :mod:`commsim.experiments.cluster`).
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from commsim.core.errors import InputError
from commsim.experiments.worker import (
    FAILED,
    Outcome,
    RunOrder,
    default_workers,
    execute,
    watch_parent,
)
from commsim.inputs.endpoints import check_scheduler

Worker = Callable[[RunOrder], Outcome]


class Executor(Protocol):
    """The interface every executor implements."""

    name: str
    workers: int

    def map_unordered(self, tasks: Iterable[RunOrder]) -> Iterator[tuple[RunOrder, Outcome]]:
        """Run ``tasks``; yield each with its outcome as soon as it is done."""
        ...


class SerialExecutor:
    """Run every task in this process, one after another."""

    name = "serial"

    def __init__(self, worker: Worker = execute) -> None:
        self.worker = worker
        self.workers = 1

    def map_unordered(self, tasks: Iterable[RunOrder]) -> Iterator[tuple[RunOrder, Outcome]]:
        """Run ``tasks`` in order."""
        for task in tasks:
            yield task, self.worker(task)


class ProcessExecutor:
    """A local pool of spawned worker processes that survives dying workers.

    Parameters
    ----------
    workers : int, optional
        Worker processes (default: one per core).
    max_attempts : int
        How often a run may kill the worker running it (running alone) before it is
        recorded as failed.
    worker : callable
        Importable top-level function ``RunOrder -> Outcome`` (default :func:`execute`).
    start_method : {"forkserver", "spawn"}, optional
        How worker processes start (default forkserver where available, else spawn).

    """

    name = "process"

    def __init__(self, workers: int | None = None, max_attempts: int = 3,
                 worker: Worker = execute, start_method: str | None = None) -> None:
        self.workers = workers or default_workers()
        self.max_attempts = max_attempts
        self.worker = worker
        methods = multiprocessing.get_all_start_methods()
        self.start_method = start_method or ("forkserver" if "forkserver" in methods
                                             else "spawn")

    def _pool(self) -> ProcessPoolExecutor:
        # Never plain fork (the parent may run threads; mesa's batch_run switches the
        # default to spawn). A forkserver that has imported the model once forks each
        # worker ready to run, so starting and rebuilding the pool costs no re-import.
        ctx = multiprocessing.get_context(self.start_method)
        if self.start_method == "forkserver":
            ctx.set_forkserver_preload(["commsim.experiments.worker", "commsim.run.runner"])
        return ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=watch_parent,
                                   initargs=(os.getpid(),))

    def map_unordered(self, tasks: Iterable[RunOrder]) -> Iterator[tuple[RunOrder, Outcome]]:
        """Run ``tasks`` on the pool; rebuild it and re-run lost runs when a worker dies.

        When a worker dies, every run in flight is lost and becomes a suspect.
        Suspects are then re-run one at a time, so a death while a suspect runs
        alone is charged to that run only; innocent runs are never charged.
        """
        source = iter(tasks)
        suspects: collections.deque[RunOrder] = collections.deque()
        unsent: collections.deque[RunOrder] = collections.deque()  # taken, pool broke on submit
        deaths: collections.Counter[int] = collections.Counter()  # while running alone
        known: set[int] = set()  # run ids that were ever lost
        window = 2 * self.workers
        inflight: dict[Future[Outcome], RunOrder] = {}
        pool = self._pool()
        exhausted = False

        def submit(task: RunOrder) -> bool:
            # a worker may die while the caller holds the generator (e.g. flushing the
            # journal): the pool is then broken before this submit, not during a wait
            try:
                inflight[pool.submit(self.worker, task)] = task
            except BrokenProcessPool:
                return False
            return True

        try:
            while True:
                broken = False
                if suspects:
                    if not inflight:
                        task = suspects.popleft()
                        if not submit(task):
                            suspects.appendleft(task)
                            broken = True
                else:
                    while not broken and (unsent or not exhausted) and len(inflight) < window:
                        fresh = unsent.popleft() if unsent else next(source, None)
                        if fresh is None:
                            exhausted = True
                        elif not submit(fresh):
                            unsent.appendleft(fresh)
                            broken = True
                if not inflight and not broken:
                    return
                isolated = len(inflight) == 1 and next(iter(inflight.values())).run_id in known
                if not broken:
                    done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                    for future in done:
                        try:
                            outcome = future.result()
                        except BrokenProcessPool:
                            broken = True
                        else:
                            yield inflight.pop(future), outcome
                if not broken:
                    continue
                pool.shutdown(wait=True, cancel_futures=True)
                lost = []
                for future, task in inflight.items():
                    if future.done() and not future.cancelled() and future.exception() is None:
                        yield task, future.result()
                    else:
                        lost.append(task)
                inflight.clear()
                for task in lost:
                    known.add(task.run_id)
                    if isolated:
                        deaths[task.run_id] += 1
                    if deaths[task.run_id] >= self.max_attempts:
                        yield task, Outcome(
                            task.run_id, FAILED,
                            f"worker process died {self.max_attempts} times running this run")
                    else:
                        suspects.append(task)
                pool = self._pool()
        except BaseException:  # interrupted (Ctrl-C, SIGTERM) or abandoned by the caller
            stop_workers(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the pool's workers now: a run in flight is abandoned, not waited for.

    The pool is then shut down as one whose workers died, releasing its queues and
    semaphores (nothing is left for the resource tracker to warn about).
    """
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(OSError, AttributeError):
            process.terminate()


def make_executor(kind: str | None = None, workers: int | None = None,
                  scheduler: str | None = None) -> Executor:
    """Build an executor from command-line style options.

    Parameters
    ----------
    kind : {"serial", "process", "dask"}, optional
        Default: ``"dask"`` if ``scheduler`` is given, else ``"process"``.
    workers : int, optional
        Worker count (default one per core).
    scheduler : str, optional
        Dask scheduler address, or ``"local"`` for a ``LocalCluster``.

    """
    if workers is not None and workers < 1:
        raise InputError("workers must be at least 1", key="--workers", value=workers,
                         allowed="integer >= 1", source="command line")
    check_scheduler(kind, scheduler)  # the address form, and a scheduler only for dask
    if kind is None:
        kind = "dask" if scheduler else "process"
    if kind == "serial":
        return SerialExecutor()
    if kind == "process":
        return ProcessExecutor(workers)
    if kind == "dask":
        from commsim.experiments.cluster import DaskExecutor

        return DaskExecutor(scheduler, workers)
    raise InputError("unknown executor", key="--executor", value=kind,
                     allowed="serial, process, dask", source="command line")
