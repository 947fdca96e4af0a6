"""The residents' counter: a service desk with impatient customers on the SimPy clock.

Residents arrive in office hours, queue for a free cadre, give up after an
exponential patience, and find the office empty when every cadre is away
(meetings, field visits, urgent department work pre-empt the counter: S1, S4,
S10). With no department work, Poisson arrivals and exponential service this is
exactly an M/M/c(+M) queue, which ``tests/verification/test_verification.py`` checks
against Erlang C and Little's law. Every visit ends in one of three outcomes
(:data:`SERVED`, :data:`ABANDONED`, :data:`EMPTY_OFFICE`).

Away work is modelled by *blockers*: high-priority requests that hold a desk
slot for the time a cadre is away. Residents have the lower priority.

How it runs
-----------
The queue discipline is that of a SimPy ``PriorityResource`` with one process per
resident (request, then ``request | timeout(patience)``) and one per blocker, and
the outcomes are the same, event for event and bit for bit, including the order of
simultaneous events (closing time, blockers that end at the close of a session)
and the order of the log. Instead of a SimPy process per visitor, each counter-day
is one SimPy process that, when the clock reaches the start of the day, runs the
day's queue in :func:`serve_day` (an event-driven c-server kernel on a ``heapq``,
mirroring SimPy's scheduling order) and then holds the counter until its last
event. Nothing else in the model touches the counter during the day, so its whole
day is known once its visits and blockers are registered.
``tests/property/test_counter_kernel.py`` compares the kernel with the SimPy
processes it replaces on random days.

:func:`queue_day` is the kernel; where Numba is installed the model runs the same
source compiled (:func:`compiled_queue_day`: equal bit for bit, about ten times
faster). ``COMMSIM_KERNEL=python`` runs it as Python.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from heapq import heapify, heappop, heappush
from typing import Any

import numpy as np
import simpy
from numpy.typing import ArrayLike

from commsim.model.compiled import compiled

#: Outcome codes of a visit: served, gave up waiting, found the office unmanned.
SERVED, ABANDONED, EMPTY_OFFICE = 0, 1, 2

BLOCKER_PRIORITY = 0
RESIDENT_PRIORITY = 1

# Kernel event kinds (each stands for the SimPy event that would carry it).
_BLOCK_START, _ARRIVE, _GRANTED, _PATIENCE, _RESUME, _SERVICE_END, _BLOCK_END, _RELEASE = range(8)


class Counter:
    """One community's counter for one day, and the log of its visits.

    Parameters
    ----------
    env : simpy.Environment
        The shared clock (hours).
    slots : int
        Desk slots: cadres present plus any contracted desk worker.
    speed : float
        Mean productivity of the people at the desk (service time is divided by it).
    quality : float
        Perceived quality of service today, 0–1 (eroded by work pressure).
    latest_end : float
        Clock time by which every service ends (closing time plus the overrun
        a cadre will give; the last resident is served briefly, not turned away).

    Notes
    -----
    Register the day's blockers (:meth:`block`) and visits (:meth:`visit`,
    :meth:`add_visits`) before the clock reaches the start of the day; the log
    (``hh``, ``outcome``, ``arrive``, ``wait``, ``aid``: numpy arrays in the order the
    visits ended) and ``service_hours`` are complete once the clock has passed the
    counter's last event.

    """

    __slots__ = ("env", "slots", "speed", "quality", "latest_end", "hh", "outcome",
                 "arrive", "wait", "aid", "service_hours", "_blocks", "_visits", "_started")

    def __init__(
        self, env: simpy.Environment, slots: int, speed: float, quality: float = 1.0,
        latest_end: float = float("inf"),
    ) -> None:
        self.env = env
        self.slots = slots
        self.latest_end = latest_end
        self.speed = speed
        self.quality = quality
        self.hh = np.zeros(0, dtype=np.int64)
        self.outcome = np.zeros(0, dtype=np.int64)
        self.arrive = np.zeros(0)
        self.wait = np.zeros(0)
        self.aid = np.zeros(0, dtype=bool)
        self.service_hours = 0.0
        self._blocks: list[tuple[float, float]] = []
        self._visits: list[tuple[np.ndarray, ...]] = []  # registered batches of visits
        self._started = False

    def block(self, start: float, duration: float) -> None:
        """Hold one slot from ``start`` for ``duration`` hours (absolute clock, hours)."""
        self._blocks.append((start, duration))
        self._start()

    def visit(self, household: int, arrive: float, service: float, patience: float,
              close: float, aid: bool) -> None:
        """Register one resident's visit (absolute times in hours).

        The resident leaves unserved after ``patience`` hours or at ``close``.
        """
        self.add_visits([household], [arrive], [service], [patience], [close], [aid])

    def add_visits(self, household: ArrayLike, arrive: ArrayLike, service: ArrayLike,
                   patience: ArrayLike, close: ArrayLike, aid: ArrayLike) -> None:
        """Register many visits at once, in the order SimPy would have started them."""
        self._visits.append((np.asarray(household, dtype=np.int64),
                             *(np.asarray(v, dtype=np.float64)
                               for v in (arrive, service, patience, close)),
                             np.asarray(aid, dtype=bool)))
        self._start()

    def registered(self) -> tuple[np.ndarray, ...]:
        """The visits registered so far: household, arrive, service, patience, close, aid."""
        if len(self._visits) == 1:
            return self._visits[0]
        if not self._visits:
            return (np.zeros(0, dtype=np.int64), *(np.zeros(0) for _ in range(4)),
                    np.zeros(0, dtype=bool))
        return tuple(np.concatenate(column) for column in zip(*self._visits, strict=True))

    def _start(self) -> None:
        if not self._started:
            self._started = True
            self.env.process(self._day())

    def _day(self) -> Generator[Any, Any, None]:
        """The SimPy process of the counter's day: run the queue, hold until its last event."""
        env = self.env
        last = serve_day(self, env.now)
        if last > env.now:
            yield env.timeout(last - env.now)

    def log(self, who: ArrayLike, outcome: ArrayLike, wait: ArrayLike) -> None:
        """Set the day's log from the kernel's: visit indices, outcomes and waits in order."""
        household, arrive, _, _, _, aid = self.registered()
        who = np.asarray(who, dtype=np.int64)
        self.hh = household[who]
        self.outcome = np.asarray(outcome, dtype=np.int64)
        self.arrive = arrive[who]
        self.wait = np.asarray(wait, dtype=np.float64)
        self.aid = aid[who]


def serve_day(counter: Counter, now: float) -> float:
    """Run the counter's registered day from clock ``now``; return the last event's time.

    Runs :func:`queue_day` on the registered blockers and visits — compiled by Numba
    where it is installed (see :func:`compiled_queue_day`), else as Python — then
    sets the counter's log and adds the day's service hours.
    """
    blocks = counter._blocks  # noqa: SLF001 (the kernel belongs to the class)
    _, arrive, service, patience, close, _ = counter.registered()
    compiled = compiled_queue_day()
    if compiled is None:  # Python runs fastest on lists
        columns: tuple[Any, ...] = ([b[0] for b in blocks], [b[1] for b in blocks],
                                    *(c.tolist() for c in (arrive, service, patience, close)))
        kernel: Callable[..., tuple[Any, ...]] = queue_day
    else:
        columns = (np.array([b[0] for b in blocks], dtype=np.float64),
                   np.array([b[1] for b in blocks], dtype=np.float64),
                   arrive, service, patience, close)
        kernel = compiled
    who, outcome, wait, service_hours, last = kernel(
        *columns, int(counter.slots), float(counter.speed), float(counter.latest_end),
        float(now))
    counter.service_hours += service_hours
    counter.log(who, outcome, wait)
    return float(last)


def queue_day(block_start: Any, block_hours: Any, arrive: Any, service: Any, patience: Any,
              close: Any, capacity: int, speed: float, latest_end: float,
              now: float) -> tuple[Any, Any, Any, float, float]:
    """The counter-day kernel: an event-driven c-server queue with priorities and reneging.

    Each heap entry is ``(time, sequence, kind, who)``: the sequence number plays the
    part of SimPy's event id, so simultaneous events are handled in the order SimPy
    would handle them. ``who`` is a resident's index, or ``-1 - j`` for blocker ``j``.
    The columns are lists (run by Python) or float arrays (compiled by Numba): this
    one source serves both.

    Returns
    -------
    tuple
        The log — which visit ended, its outcome and its wait, in the order the
        visits ended — then the service hours and the last event's time.

    """
    n = len(arrive)
    nb = len(block_start)
    log_who = [0 for _ in range(0)]  # typed empty lists (Numba infers their types)
    log_out = [0 for _ in range(0)]
    log_wait = [0.0 for _ in range(0)]
    # Initial events: every process's first timeout, created in order (blockers first).
    heap = [(now + (block_start[j] - now), j, _BLOCK_START, -1 - j) for j in range(nb)]
    for i in range(n):
        heap.append((now + (arrive[i] - now), nb + i, _ARRIVE, i))
    heapify(heap)
    seq = nb + n
    queue = [(0, 0.0, 0, 0) for _ in range(0)]  # (priority, request time, order, who)
    granted = [False] * n
    resumed = [False] * n  # the resident's `request | timeout` has fired
    gone = [False] * n  # gave up: their request left the queue
    duration = [0.0] * n
    waited = [0.0] * n
    users = 0  # slots held
    blocked = 0  # slots held by blockers
    service_hours = 0.0
    t = now
    while len(heap) > 0:
        t, _, kind, who = heappop(heap)
        start_service = -1
        if kind in (_ARRIVE, _BLOCK_START):
            if capacity <= 0 or (kind == _ARRIVE and blocked >= capacity):
                if kind == _ARRIVE:  # every slot blocked, or none: the office is empty
                    log_who.append(who)
                    log_out.append(EMPTY_OFFICE)
                    log_wait.append(0.0)
                continue
            priority = RESIDENT_PRIORITY if who >= 0 else BLOCKER_PRIORITY
            heappush(queue, (priority, t, seq, who))
            seq += 1
        elif kind in (_SERVICE_END, _BLOCK_END):
            users -= 1
            heappush(heap, (t, seq, _RELEASE, 0))
            seq += 1
            if who < 0:
                blocked -= 1
            else:
                service_hours += duration[who]
                log_who.append(who)
                log_out.append(SERVED)
                log_wait.append(waited[who])
            continue
        elif kind == _PATIENCE or (kind == _GRANTED and who >= 0):
            if not resumed[who]:  # the resident's `request | timeout` fires
                resumed[who] = True
                heappush(heap, (t, seq, _RESUME, who))
                seq += 1
            continue
        elif kind == _GRANTED:  # a blocker takes its slot
            blocked += 1
            heappush(heap, (t + block_hours[-1 - who], seq, _BLOCK_END, who))
            seq += 1
            continue
        elif kind == _RESUME:
            if not granted[who]:
                gone[who] = True
                log_who.append(who)
                log_out.append(ABANDONED)
                log_wait.append(t - arrive[who])
                continue
            start_service = who
        # A request was made or a slot released: the head of the queue gets a free slot
        # (SimPy's _trigger_put grants at most one request per call).
        if kind != _RESUME:
            head = -2
            while len(queue) > 0 and queue[0][3] >= 0 and gone[queue[0][3]]:
                heappop(queue)
            if len(queue) > 0 and users < capacity:
                head = heappop(queue)[3]
                users += 1
                if head >= 0:
                    granted[head] = True
                if head != who or kind != _ARRIVE:
                    heappush(heap, (t, seq, _GRANTED, head))
                    seq += 1
            if kind != _ARRIVE:
                continue
            if head != who:  # wait, until served or out of patience
                heappush(heap, (t + min(patience[who], close[who] - t), seq, _PATIENCE, who))
                seq += 1
                continue
            start_service = who  # a free slot: served at once
        waited[start_service] = t - arrive[start_service]
        d = min(service[start_service] / speed, max(0.0, latest_end - t))
        duration[start_service] = d
        heappush(heap, (t + d, seq, _SERVICE_END, start_service))
        seq += 1
    return log_who, log_out, log_wait, service_hours, t


def compiled_queue_day() -> Callable[..., tuple[Any, ...]] | None:
    """:func:`queue_day` compiled by Numba, or None (see :mod:`commsim.model.compiled`).

    The same statements on float arrays: the same heap entries, tie order and
    floating-point operations, so the log, the waits and the service hours are those
    of the Python run bit for bit (``tests/property/test_counter_kernel.py``), in
    about a tenth of the time.
    """
    return compiled(queue_day)
