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
and the order of the log. Instead of a SimPy process per visitor, the day's
counters (:class:`CounterDay`: the model's communities share one) are one SimPy
process that, when the clock reaches the start of the day, runs each counter's
queue in :func:`serve_counters` (an event-driven c-server kernel on a ``heapq``,
mirroring SimPy's scheduling order) and then holds until the last event. Nothing
else in the model touches a counter during the day, and counters do not touch each
other, so each whole day is known once its visits and blockers are registered.
``tests/property/test_counter_kernel.py`` compares the kernel with the SimPy
processes it replaces on random days.

:func:`queue_days` is the kernel; where Numba is installed the model runs the same
source compiled (:func:`compiled_queue_days`: equal bit for bit, about ten times
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
                 "arrive", "wait", "aid", "service_hours", "day", "_blocks", "_visits",
                 "_started")

    def __init__(
        self, env: simpy.Environment, slots: int, speed: float, quality: float = 1.0,
        latest_end: float = float("inf"), day: CounterDay | None = None,
    ) -> None:
        self.env = env
        self.day = day
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
        """Join the day's counters (a day of its own if none was given) once."""
        if not self._started:
            self._started = True
            if self.day is None:
                self.day = CounterDay(self.env)
            self.day.add(self)


class CounterDay:
    """The counters of one day, served together when the clock reaches them.

    Every counter registered with the same day is served in one call of the kernel
    (:func:`serve_counters`) by one SimPy process, which then holds until the last
    counter's last event. The counters do not interact, so each one's log and service
    hours are those it would have on its own; one call instead of one per community
    saves the per-call work (a street's eight counters: one kernel call a day).

    Parameters
    ----------
    env : simpy.Environment
        The shared clock.

    """

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self.counters: list[Counter] = []

    def add(self, counter: Counter) -> None:
        """Serve ``counter`` with the others (its first registration calls this)."""
        if not self.counters:
            self.env.process(self._run())
        self.counters.append(counter)

    def _run(self) -> Generator[Any, Any, None]:
        """The SimPy process of the day: run every queue, hold until the last event."""
        env = self.env
        last = serve_counters(self.counters, env.now)
        if last > env.now:
            yield env.timeout(last - env.now)


def serve_day(counter: Counter, now: float) -> float:
    """Run one counter's registered day from clock ``now``; return its last event's time."""
    return serve_counters([counter], now)


def serve_counters(counters: list[Counter], now: float) -> float:
    """Run the counters' registered days from clock ``now``; return the last event's time.

    Runs :func:`queue_days` on the registered blockers and visits of every counter —
    compiled by Numba where it is installed (see :func:`compiled_queue_days`), else
    as Python — then sets each counter's log and adds its day's service hours.
    """
    registered = [c.registered() for c in counters]
    household, arrive, service, patience, close, aid = (
        np.concatenate(column) for column in zip(*registered, strict=True))
    blocks = [b for c in counters for b in c._blocks]  # noqa: SLF001 (the kernel's input)
    sizes = [len(r[0]) for r in registered]
    visit_end = np.cumsum(sizes)
    block_end = np.cumsum([len(c._blocks) for c in counters])  # noqa: SLF001
    slots = np.array([c.slots for c in counters], dtype=np.int64)
    speed = np.array([c.speed for c in counters], dtype=np.float64)
    latest_end = np.array([c.latest_end for c in counters], dtype=np.float64)
    block_start = np.array([b[0] for b in blocks], dtype=np.float64)
    block_hours = np.array([b[1] for b in blocks], dtype=np.float64)
    kernel = compiled_queue_days() or queue_days
    who, outcome, wait, service_hours, last = kernel(
        block_start, block_hours, block_end, arrive, service, patience, close, visit_end,
        slots, speed, latest_end, float(now))
    # ``who`` numbers each counter's visits from 0; its log is its own slice
    first = visit_end - sizes
    index = who + np.repeat(first, sizes)
    hh, arrived, helped = household[index], arrive[index], aid[index]
    for k, counter in enumerate(counters):
        lo, hi = int(first[k]), int(visit_end[k])
        counter.hh, counter.arrive, counter.aid = hh[lo:hi], arrived[lo:hi], helped[lo:hi]
        counter.outcome, counter.wait = outcome[lo:hi], wait[lo:hi]
        counter.service_hours += float(service_hours[k])
    return float(last.max()) if len(last) else float(now)


def queue_days(block_start: Any, block_hours: Any, block_end: Any, arrive: Any, service: Any,
               patience: Any, close: Any, visit_end: Any, slots: Any, speed: Any,
               latest_end: Any, now: float) -> tuple[Any, Any, Any, Any, Any]:
    """The counter-day kernel: event-driven c-server queues with priorities and reneging.

    Serves several counters, one after the other: counter ``k`` has the blockers up to
    ``block_end[k]`` and the visits up to ``visit_end[k]`` (after the previous
    counter's), ``slots[k]`` desk slots, service speed ``speed[k]`` and services cut at
    ``latest_end[k]``. For each, every heap entry is ``(time, sequence, kind, who)``:
    the sequence number plays the part of SimPy's event id, so simultaneous events are
    handled in the order SimPy would handle them. ``who`` is a resident's index within
    the counter's visits, or ``-1 - j`` for its blocker ``j``. The columns are float
    arrays, run by Python or compiled by Numba: this one source serves both.

    Returns
    -------
    tuple
        The log — which visit ended, its outcome and its wait, in the order the visits
        ended, each counter's visits in its own slice (every visit ends once) — then
        each counter's service hours and the time of its last event.

    """
    counters = len(visit_end)
    total = visit_end[-1] if counters > 0 else 0
    log_who = np.zeros(total, dtype=np.int64)
    log_out = np.zeros(total, dtype=np.int64)
    log_wait = np.zeros(total, dtype=np.float64)
    hours = np.zeros(counters, dtype=np.float64)
    ends = np.zeros(counters, dtype=np.float64)
    for k in range(counters):
        v0 = visit_end[k - 1] if k > 0 else 0
        b0 = block_end[k - 1] if k > 0 else 0
        n = visit_end[k] - v0
        nb = block_end[k] - b0
        capacity = slots[k]
        logged = v0  # where this counter's next log entry goes
        # Initial events: every process's first timeout, created in order (blockers first).
        heap = [(now + (block_start[b0 + j] - now), j, _BLOCK_START, -1 - j)
                for j in range(nb)]
        for i in range(n):
            heap.append((now + (arrive[v0 + i] - now), nb + i, _ARRIVE, i))
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
                        log_who[logged] = who
                        log_out[logged] = EMPTY_OFFICE
                        log_wait[logged] = 0.0
                        logged += 1
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
                    log_who[logged] = who
                    log_out[logged] = SERVED
                    log_wait[logged] = waited[who]
                    logged += 1
                continue
            elif kind == _PATIENCE or (kind == _GRANTED and who >= 0):
                if not resumed[who]:  # the resident's `request | timeout` fires
                    resumed[who] = True
                    heappush(heap, (t, seq, _RESUME, who))
                    seq += 1
                continue
            elif kind == _GRANTED:  # a blocker takes its slot
                blocked += 1
                heappush(heap, (t + block_hours[b0 - 1 - who], seq, _BLOCK_END, who))
                seq += 1
                continue
            elif kind == _RESUME:
                if not granted[who]:
                    gone[who] = True
                    log_who[logged] = who
                    log_out[logged] = ABANDONED
                    log_wait[logged] = t - arrive[v0 + who]
                    logged += 1
                    continue
                start_service = who
            # A request was made or a slot released: the head of the queue gets a free
            # slot (SimPy's _trigger_put grants at most one request per call).
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
                    heappush(heap, (t + min(patience[v0 + who], close[v0 + who] - t), seq,
                                    _PATIENCE, who))
                    seq += 1
                    continue
                start_service = who  # a free slot: served at once
            waited[start_service] = t - arrive[v0 + start_service]
            d = min(service[v0 + start_service] / speed[k],
                    max(0.0, latest_end[k] - t))
            duration[start_service] = d
            heappush(heap, (t + d, seq, _SERVICE_END, start_service))
            seq += 1
        if logged != visit_end[k]:
            raise RuntimeError("a counter's visits did not each end once")
        hours[k] = service_hours
        ends[k] = t
    return log_who, log_out, log_wait, hours, ends


def compiled_queue_days() -> Callable[..., tuple[Any, ...]] | None:
    """:func:`queue_days` compiled by Numba, or None (see :mod:`commsim.model.compiled`).

    The same statements on the same float arrays: the same heap entries, tie order and
    floating-point operations, so the logs, the waits and the service hours are those
    of the Python run bit for bit (``tests/property/test_counter_kernel.py``), in
    about a tenth of the time.
    """
    return compiled(queue_days)
