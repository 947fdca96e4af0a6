"""The residents' counter: a SimPy service desk with impatient customers.

Residents arrive in office hours, queue for a free cadre, give up after an
exponential patience, and find the office empty when every cadre is away
(meetings, field visits, urgent department work pre-empt the counter: S1, S4,
S10). With no department work, Poisson arrivals and exponential service this is
exactly an M/M/c(+M) queue, which ``tests/verification/test_verification.py`` checks
against Erlang C and Little's law. Every visit ends in one of three outcomes
(:data:`SERVED`, :data:`ABANDONED`, :data:`EMPTY_OFFICE`).

Away work is modelled by *blockers*: high-priority requests that hold a desk
slot for the time a cadre is away. Residents have the lower priority.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import simpy

#: Outcome codes of a visit: served, gave up waiting, found the office unmanned.
SERVED, ABANDONED, EMPTY_OFFICE = 0, 1, 2

BLOCKER_PRIORITY = 0
RESIDENT_PRIORITY = 1


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

    """

    __slots__ = ("env", "desk", "speed", "quality", "latest_end", "blocked", "hh", "outcome",
                 "arrive", "wait", "aid", "service_hours")

    def __init__(
        self, env: simpy.Environment, slots: int, speed: float, quality: float = 1.0,
        latest_end: float = float("inf"),
    ) -> None:
        self.env = env
        self.latest_end = latest_end
        self.desk = simpy.PriorityResource(env, capacity=slots) if slots > 0 else None
        self.speed = speed
        self.quality = quality
        self.blocked = 0
        self.hh: list[int] = []
        self.outcome: list[int] = []
        self.arrive: list[float] = []
        self.wait: list[float] = []
        self.aid: list[bool] = []
        self.service_hours = 0.0

    def visit(
        self, household: int, arrive: float, service: float, patience: float, close: float,
        aid: bool,
    ) -> Generator[Any, Any, None]:
        """SimPy process of one resident's visit (absolute times in hours).

        The resident leaves unserved after ``patience`` hours or at ``close``.
        """
        env = self.env
        yield env.timeout(arrive - env.now)
        desk = self.desk
        if desk is None or self.blocked >= desk.capacity:
            self._log(household, EMPTY_OFFICE, arrive, 0.0, aid)
            return
        req = desk.request(priority=RESIDENT_PRIORITY)
        if not req.triggered:
            yield req | env.timeout(min(patience, close - env.now))
            if not req.triggered:
                req.cancel()
                self._log(household, ABANDONED, arrive, env.now - arrive, aid)
                return
        wait = env.now - arrive
        duration = min(service / self.speed, max(0.0, self.latest_end - env.now))
        yield env.timeout(duration)
        desk.release(req)
        self.service_hours += duration
        self._log(household, SERVED, arrive, wait, aid)

    def block(self, start: float, duration: float) -> Generator[Any, Any, None]:
        """SimPy process holding one slot from ``start`` for ``duration`` hours."""
        env = self.env
        yield env.timeout(start - env.now)
        desk = self.desk
        if desk is None:
            return
        req = desk.request(priority=BLOCKER_PRIORITY)
        yield req
        self.blocked += 1
        yield env.timeout(duration)
        self.blocked -= 1
        desk.release(req)

    def _log(self, household: int, outcome: int, arrive: float, wait: float, aid: bool) -> None:
        self.hh.append(household)
        self.outcome.append(outcome)
        self.arrive.append(arrive)
        self.wait.append(wait)
        self.aid.append(aid)
