"""The Dask executor: runs on a Dask cluster, with a bound on every wait.

Either an existing scheduler by address (``tcp://host:8786``, also how
``dask-jobqueue`` and Kubernetes clusters are reached) or a ``LocalCluster``
started for the run. :meth:`DaskExecutor.open` connects and waits for a worker
before the sweep writes anything; the connection, the wait for a first worker
and any later spell without workers are each bounded in time, and end in
:class:`ClusterError` (one line, exit status 2; finished runs stay in the
store for ``--resume``). A run that ends its worker (a crash, ``os._exit``, the
out-of-memory killer) is treated as the process pool treats it: re-run alone, and
recorded as failed once it has ended workers ``max_attempts`` times while running
alone. On a ``LocalCluster`` started for the run, Dask gives up on a task at the
first death of its worker (``distributed.scheduler.allowed-failures`` = 0) and
commsim counts the deaths itself, so such a run fails within a few worker restarts
instead of cycling the cluster's workers until none is left.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

from commsim.core.errors import InputError
from commsim.experiments.worker import FAILED, Outcome, RunOrder, default_workers, execute

Worker = Callable[[RunOrder], Outcome]
#: Seconds between checks of the cluster while waiting for results.
POLL_SECONDS = 0.05


class ClusterError(InputError):
    """The Dask cluster cannot be reached, has no workers, or lost all of them."""





def check_address(address: str) -> None:
    """Refuse a scheduler address that Dask cannot parse, before connecting."""
    from distributed.comm import parse_address

    try:
        scheme, location = parse_address(address, strict=True)
    except (ValueError, TypeError) as exc:
        raise ClusterError(f"not a Dask scheduler address ({exc})", key="--scheduler",
                           value=address, allowed="tcp://HOST:PORT, tls://HOST:PORT or 'local'",
                           source="command line") from None
    if scheme not in ("tcp", "tls", "inproc", "ucx", "ws", "wss") or not location:
        raise ClusterError("not a Dask scheduler address", key="--scheduler", value=address,
                           allowed="tcp://HOST:PORT, tls://HOST:PORT or 'local'",
                           source="command line")


class DaskExecutor:
    """Run tasks on a Dask cluster: an existing scheduler, or a ``LocalCluster``.

    Parameters
    ----------
    address : str, optional
        Scheduler address of an existing cluster; ``None`` or ``"local"`` starts a
        ``LocalCluster`` with ``workers`` single-threaded worker processes for the run.
    workers : int, optional
        Workers of the ``LocalCluster`` (default: one per core).
    worker : callable
        Importable top-level function ``RunOrder -> Outcome``.
    allowed_failures : int, optional
        Worker deaths the scheduler of a started ``LocalCluster`` tolerates per task
        before giving up on it (default 0: commsim counts the deaths, see
        ``max_attempts``). An existing scheduler keeps its own setting.
    max_attempts : int
        Worker deaths, while running alone, after which a run is recorded as failed
        (as for the process pool).
    connect_timeout : float
        Seconds to reach the scheduler (``distributed.comm.timeouts.connect``).
    worker_timeout : float
        Seconds the cluster may be without workers: at the start and at any later time.

    """

    name = "dask"

    def __init__(self, address: str | None = None, workers: int | None = None,
                 worker: Worker = execute, allowed_failures: int | None = None,
                 connect_timeout: float = 10.0, worker_timeout: float = 60.0,
                 max_attempts: int = 3) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise InputError("the Dask executor needs dask.distributed",
                             key="--scheduler", value=address,
                             allowed="install the extra: pip install 'commsim[dask]'",
                             source="command line") from None
        self.address = None if address in (None, "", "local") else address
        self.workers = workers or default_workers()
        self.worker = worker
        self.allowed_failures = allowed_failures
        self.max_attempts = max_attempts
        self.connect_timeout = connect_timeout
        self.worker_timeout = worker_timeout
        self._client: Any = None
        self._cluster: Any = None

    # -- connection ---------------------------------------------------------------------
    def _allowed_failures(self) -> int:
        """Worker deaths the scheduler tolerates per task before ``KilledWorker``."""
        if self.allowed_failures is not None:
            return self.allowed_failures
        if self.address is None:
            return 0
        import dask

        return int(dask.config.get("distributed.scheduler.allowed-failures", 3))

    def open(self) -> None:
        """Start or reach the cluster and wait for a worker, each within its time limit."""
        if self._client is not None:
            return
        if self.address is None:
            self._start_local()
        else:
            self._connect(self.address)

    def _start_local(self) -> None:
        import dask
        from distributed import Client, LocalCluster

        config: dict[str, Any] = {
            # a run is pure Python on one core: no statistical profiler sampling it
            "distributed.worker.profile.enabled": False,
            "distributed.admin.system-monitor.interval": "2s",
        }
        config["distributed.scheduler.allowed-failures"] = self._allowed_failures()
        # Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 in its workers so that freed
        # memory goes back to the system at once; a model run allocates and frees small
        # blocks all the time, and with that setting it spent its time trimming the heap
        # (runs measured 1.5-1.7x slower than on the process pool). None unsets it (Dask's
        # documented override); the other variables (single-threaded BLAS) are kept.
        config["distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"] = None
        with dask.config.set(config):
            # Dask serves its diagnostics page even with dashboard_address=None (it then
            # takes :8787 and warns on stderr when another cluster holds it): a free
            # loopback port never collides and is never reachable from elsewhere.
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                         processes=True, dashboard_address="127.0.0.1:0",
                                         silence_logs=logging.CRITICAL)
        self._client = Client(self._cluster)

    def _connect(self, address: str) -> None:
        check_address(address)
        client = self._handshake(address)
        try:
            client.wait_for_workers(1, timeout=self.worker_timeout)
        except (TimeoutError, OSError):
            client.close()
            raise ClusterError(f"the Dask scheduler has no workers after "
                               f"{self.worker_timeout:g} s", key="--scheduler", value=address,
                               allowed="a scheduler with at least one worker",
                               source="command line") from None
        self._client = client
        self.workers = max(1, sum(client.nthreads().values()))

    def _handshake(self, address: str) -> Any:
        """A client of ``address``, or :class:`ClusterError` after ``connect_timeout`` s.

        Dask's own timeouts bound the TCP connection, not a server that accepts it
        and never answers (or answers with bytes that are not Dask's): the client
        is therefore made in a daemon thread that is abandoned at the deadline.
        """
        import dask
        from distributed import Client

        timeout = f"{self.connect_timeout:g}s"
        box: dict[str, Any] = {}

        def connect() -> None:
            try:
                with dask.config.set({"distributed.comm.timeouts.connect": timeout}):
                    box["client"] = Client(address, timeout=timeout)
            except BaseException as exc:  # noqa: BLE001 - reported below, in this thread
                box["error"] = exc

        thread = threading.Thread(target=connect, name="commsim-dask-connect", daemon=True)
        thread.start()
        thread.join(self.connect_timeout + 1.0)
        if "client" in box:
            return box["client"]
        why = type(box["error"]).__name__ if "error" in box else "no answer"
        # MemoryError: a server that is not Dask answers with bytes read as a frame size
        raise ClusterError(f"cannot reach a Dask scheduler within {timeout} ({why})",
                           key="--scheduler", value=address,
                           allowed="a running Dask scheduler's address", source="command line")

    def close(self) -> None:
        """Disconnect (and stop a ``LocalCluster`` started for the run)."""
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    # -- running ------------------------------------------------------------------------
    def map_unordered(self, tasks: Iterable[RunOrder]) -> Iterator[tuple[RunOrder, Outcome]]:
        """Submit ``tasks`` to the cluster with a bounded window; yield as they finish."""
        from distributed import KilledWorker

        opened_here = self._client is None
        self.open()
        try:
            yield from self._drive(self._client, iter(tasks), KilledWorker)
        finally:
            if opened_here:
                self.close()

    def _workers_alive(self, client: Any) -> int:
        try:
            return len(client.nthreads())
        except (OSError, TimeoutError):
            return 0

    def _drive(self, client: Any, source: Iterator[RunOrder],
               killed_worker: type[Exception]) -> Iterator[tuple[RunOrder, Outcome]]:
        """Submit with a bounded window; re-run runs lost with a worker alone, like the pool.

        Dask charges every task on a worker that dies; a run it gives up on
        (``KilledWorker``) while other runs were in flight becomes a suspect and
        is re-run alone once the others are done: only a run that kills workers
        ``max_attempts`` times while running alone is recorded as failed (each
        ``KilledWorker`` stands for ``allowed-failures + 1`` deaths). While waiting, the cluster is
        checked: without any worker for ``worker_timeout`` seconds the sweep ends
        with :class:`ClusterError`.
        """
        from distributed import as_completed

        window = 2 * max(self.workers, 1)
        queue = as_completed([])
        inflight: dict[str, tuple[RunOrder, bool]] = {}
        suspects: collections.deque[RunOrder] = collections.deque()
        exhausted = False
        deaths: collections.Counter[int] = collections.Counter()  # while running alone
        per_kill = self._allowed_failures() + 1

        def submit(task: RunOrder, alone: bool) -> None:
            future = client.submit(self.worker, task, pure=False)
            inflight[future.key] = (task, alone)
            queue.add(future)

        def fill() -> None:
            nonlocal exhausted
            if suspects:
                if not inflight:
                    submit(suspects.popleft(), True)
                return
            while not exhausted and len(inflight) < window:
                task = next(source, None)
                if task is None:
                    exhausted = True
                else:
                    submit(task, False)

        fill()
        while inflight:
            self._await_ready(client, queue)
            future = next(queue)
            task, alone = inflight.pop(future.key)
            outcome: Outcome | None
            try:
                outcome = self._result(client, future)
            except killed_worker as exc:
                outcome = None
                if not alone:
                    suspects.append(task)
                else:
                    deaths[task.run_id] += per_kill
                    if deaths[task.run_id] >= self.max_attempts:
                        outcome = Outcome(task.run_id, FAILED,
                                          f"Dask worker died {deaths[task.run_id]} times "
                                          f"running this run alone: {exc}")
                    else:
                        suspects.appendleft(task)
            except Exception as exc:  # noqa: BLE001 - e.g. a task that cannot be unpickled
                outcome = Outcome(task.run_id, FAILED, f"{type(exc).__name__}: {exc}")
            future.release()
            if outcome is not None:
                yield task, outcome
            fill()

    def _result(self, client: Any, future: Any) -> Outcome:
        """The future's result, waiting in short steps while checking the cluster.

        A future that looked finished can return to "pending" when the worker holding its
        result dies; with no worker left it would then wait for ever. Waiting in steps and
        checking the workers turns that into :class:`ClusterError` after ``worker_timeout``.
        """
        empty_since: float | None = None
        while True:
            try:
                return cast(Outcome, future.result(timeout=POLL_SECONDS * 10))
            except TimeoutError:
                pass
            now = time.monotonic()
            if self._workers_alive(client):
                empty_since = None
                continue
            empty_since = empty_since or now
            if now - empty_since >= self.worker_timeout:
                raise self._empty_cluster()

    def _await_ready(self, client: Any, queue: Any) -> None:
        """Wait until a result is ready; :class:`ClusterError` if the cluster stays empty."""
        empty_since: float | None = None
        checked = time.monotonic()
        while not queue.has_ready():
            time.sleep(POLL_SECONDS)
            now = time.monotonic()
            if now - checked < 1.0:
                continue
            checked = now
            if self._workers_alive(client):
                empty_since = None
                continue
            empty_since = empty_since or now
            if now - empty_since >= self.worker_timeout:
                raise self._empty_cluster()

    def _empty_cluster(self) -> ClusterError:
        return ClusterError(
            f"the Dask cluster has had no workers for {self.worker_timeout:g} s; "
            "finished runs are kept in the store", key="--scheduler",
            value=self.address or "local",
            allowed="a cluster with workers (then run again with --resume)",
            source="command line")
