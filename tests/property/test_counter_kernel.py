"""The counter's queue kernel equals the SimPy processes it replaced, bit for bit.

:mod:`commsim.model.counter` runs each counter-day in an event-driven kernel instead
of one SimPy process per resident. The reference below is the previous
implementation (a ``simpy.PriorityResource``, one process per visit and per
blocker). On random days the two must give the same log (same order, same waits,
same outcomes) and the same service hours, including the simultaneous events the
model produces: blockers that start together at the opening of a session and end
at its close, residents who give up at closing time as a blocker leaves, services
cut at a ``latest_end`` equal to closing time, zero-length blocks and services.

The kernel (:func:`~commsim.model.counter.queue_days`) runs as Python or compiled by
Numba (:func:`~commsim.model.counter.compiled_queue_days`, what the model runs when
Numba is installed); both must give the SimPy processes' log on every generated day.
It serves several counters in one call (:class:`~commsim.model.counter.CounterDay`: the
model's communities share a day); served together, each counter's log and hours are
those it has served alone.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np
import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from commsim.model import counter as counter_module
from commsim.model.counter import (
    ABANDONED,
    EMPTY_OFFICE,
    SERVED,
    Counter,
    CounterDay,
    serve_day,
)

#: The kernel as Python, and compiled where Numba is installed.
KERNELS: tuple[str, ...] = ("python", "compiled") if counter_module.compiled_queue_days() \
    else ("python",)


def _serve(counter: Counter, now: float, kernel: str) -> None:
    """Run ``counter``'s day on the Python or the compiled kernel."""
    if kernel == "compiled":
        serve_day(counter, now)
        return
    compiled = counter_module.compiled_queue_days
    counter_module.compiled_queue_days = lambda: None  # type: ignore[assignment]
    try:
        serve_day(counter, now)
    finally:
        counter_module.compiled_queue_days = compiled

OPEN, MORNING_CLOSE, AFTERNOON_OPEN, CLOSE = 8.0, 12.0, 13.5, 17.5


class SimPyCounter:
    """The counter as it was: one SimPy process per visit and per blocker."""

    def __init__(self, env: simpy.Environment, slots: int, speed: float,
                 latest_end: float) -> None:
        self.env = env
        self.latest_end = latest_end
        self.desk = simpy.PriorityResource(env, capacity=slots) if slots > 0 else None
        self.speed = speed
        self.blocked = 0
        self.log: list[tuple[int, int, float, float, bool]] = []
        self.service_hours = 0.0

    def visit(self, household: int, arrive: float, service: float, patience: float,
              close: float, aid: bool) -> Generator[Any, Any, None]:
        env = self.env
        yield env.timeout(arrive - env.now)
        desk = self.desk
        if desk is None or self.blocked >= desk.capacity:
            self.log.append((household, EMPTY_OFFICE, arrive, 0.0, aid))
            return
        req = desk.request(priority=1)
        if not req.triggered:
            yield req | env.timeout(min(patience, close - env.now))
            if not req.triggered:
                req.cancel()
                self.log.append((household, ABANDONED, arrive, env.now - arrive, aid))
                return
        wait = env.now - arrive
        duration = min(service / self.speed, max(0.0, self.latest_end - env.now))
        yield env.timeout(duration)
        desk.release(req)
        self.service_hours += duration
        self.log.append((household, SERVED, arrive, wait, aid))

    def block(self, start: float, duration: float) -> Generator[Any, Any, None]:
        env = self.env
        yield env.timeout(start - env.now)
        desk = self.desk
        if desk is None:
            return
        req = desk.request(priority=0)
        yield req
        self.blocked += 1
        yield env.timeout(duration)
        self.blocked -= 1
        desk.release(req)


def _random_day(seed: int, n_visits: int, n_blocks: int, overrun: float,
                rounded: bool) -> dict[str, Any]:
    """A random counter-day at day 3 of the clock: visits, blockers, speed and hours."""
    rng = np.random.default_rng(seed)
    day0 = 3 * 24.0
    arrive = day0 + np.where(rng.random(n_visits) < 0.5, rng.uniform(OPEN, MORNING_CLOSE, n_visits),
                             rng.uniform(AFTERNOON_OPEN, CLOSE, n_visits))
    if rounded:  # force simultaneous arrivals and events on a coarse grid
        arrive = np.round(arrive * 4) / 4
    service = rng.exponential(0.4, n_visits)
    patience = rng.exponential(0.8, n_visits)
    if rounded:
        service, patience = np.round(service * 4) / 4, np.round(patience * 4) / 4
    aid = rng.random(n_visits) < 0.3
    blocks = []
    for _ in range(n_blocks):
        hours = float(rng.choice([0.0, 1.0, 2.5, 4.0, 8.0, rng.uniform(0, 8)]))
        morning = min(hours, MORNING_CLOSE - OPEN)
        blocks.append((day0 + OPEN, morning))
        if hours > morning:
            blocks.append((day0 + AFTERNOON_OPEN, min(hours - morning, CLOSE - AFTERNOON_OPEN)))
    return {"day0": day0, "arrive": arrive, "service": service, "patience": patience,
            "aid": aid, "blocks": blocks, "speed": float(rng.uniform(0.6, 1.4)),
            "latest_end": day0 + CLOSE + overrun, "close": day0 + CLOSE}


def _counter(env: simpy.Environment, slots: int, day: dict[str, Any], first: int = 0,
             batch: CounterDay | None = None, start: bool = False) -> Counter:
    """A counter with ``day`` registered (households numbered from ``first``).

    ``start=False`` registers without starting its process (served by a direct call).
    """
    counter = Counter(env, slots, day["speed"], 1.0, day["latest_end"], day=batch)
    counter._started = not start  # not started: no process, no day to join
    n = len(day["arrive"])
    for begin, hours in day["blocks"]:
        if start:
            counter.block(begin, hours)
        else:
            counter._blocks.append((begin, hours))
    counter.add_visits(list(range(first, first + n)), day["arrive"].tolist(),
                       day["service"].tolist(), day["patience"].tolist(), [day["close"]] * n,
                       day["aid"].tolist())
    return counter


def _log(counter: Counter) -> list[tuple[Any, ...]]:
    return list(zip(counter.hh.tolist(), counter.outcome.tolist(), counter.arrive.tolist(),
                    counter.wait.tolist(), counter.aid.tolist(), strict=True))


def _day(seed: int, slots: int, n_visits: int, n_blocks: int, overrun: float,
         rounded: bool, kernel: str = "python") -> tuple[list[Any], list[Any], float, float]:
    """One random day on the SimPy processes and on ``kernel``, at day 3 of the clock."""
    day = _random_day(seed, n_visits, n_blocks, overrun, rounded)
    day0, arrive, service, patience = day["day0"], day["arrive"], day["service"], day["patience"]
    env = simpy.Environment(initial_time=day0)
    old = SimPyCounter(env, slots, day["speed"], day["latest_end"])
    for start, hours in day["blocks"]:
        env.process(old.block(start, hours))
    for i in range(n_visits):
        env.process(old.visit(i, float(arrive[i]), float(service[i]), float(patience[i]),
                              day["close"], bool(day["aid"][i])))
    env.run(until=day0 + 24.0)

    new = _counter(simpy.Environment(initial_time=day0), slots, day)
    _serve(new, day0, kernel)
    return old.log, _log(new), old.service_hours, new.service_hours


@settings(max_examples=300, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1), slots=st.integers(0, 4), n_visits=st.integers(0, 120),
       n_blocks=st.integers(0, 5), overrun=st.sampled_from([0.0, 0.5, 1.0]),
       rounded=st.booleans(), kernel=st.sampled_from(KERNELS))
def test_kernel_equals_simpy_processes(seed: int, slots: int, n_visits: int, n_blocks: int,
                                       overrun: float, rounded: bool, kernel: str) -> None:
    old_log, new_log, old_hours, new_hours = _day(seed, slots, n_visits, n_blocks, overrun,
                                                  rounded, kernel)
    assert new_log == old_log
    assert new_hours == old_hours


@pytest.mark.parametrize("kernel", KERNELS)
def test_busy_day_with_every_outcome(kernel: str) -> None:
    old_log, new_log, old_hours, new_hours = _day(0, 2, 400, 4, 0.0, True, kernel)
    outcomes = {entry[1] for entry in old_log}
    assert outcomes == {SERVED, ABANDONED, EMPTY_OFFICE}
    assert new_log == old_log and new_hours == old_hours


def test_the_model_runs_the_compiled_kernel_where_numba_is_installed() -> None:
    pytest.importorskip("numba")
    assert "compiled" in KERNELS


def test_a_counter_day_on_the_simpy_clock_uses_the_kernel() -> None:
    """Registered through ``block`` and ``visit``, the day runs when the clock starts."""
    day0 = 3 * 24.0

    def counter(env: simpy.Environment) -> Counter:
        c = Counter(env, 2, 1.0, 1.0, day0 + CLOSE + 0.5)
        c.block(day0 + OPEN, 1.5)
        for i, arrive in enumerate((9.0, 9.0, 9.25, 9.5)):
            c.visit(7 + i, day0 + arrive, 0.5, 1.0, day0 + CLOSE, i % 2 == 0)
        return c

    env = simpy.Environment(initial_time=day0)
    on_clock = counter(env)
    env.run(until=day0 + 24.0)
    direct = counter(simpy.Environment(initial_time=day0))
    serve_day(direct, day0)
    assert sorted(on_clock.hh.tolist()) == [7, 8, 9, 10]
    for name in ("hh", "outcome", "arrive", "wait", "aid"):
        assert getattr(on_clock, name).tolist() == getattr(direct, name).tolist()
    assert on_clock.service_hours == direct.service_hours == 2.0


@settings(max_examples=60, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1), slots=st.lists(st.integers(0, 4), min_size=1, max_size=6),
       visits=st.integers(0, 60), rounded=st.booleans())
def test_counters_served_together_as_each_alone(seed: int, slots: list[int], visits: int,
                                                rounded: bool) -> None:
    """A day's counters served in one call on the clock: each as if it were alone."""
    days = [_random_day(seed + k, (visits * (k + 1)) % 61, k % 4, 0.5 * (k % 3), rounded)
            for k in range(len(slots))]
    day0 = days[0]["day0"]
    env = simpy.Environment(initial_time=day0)
    together = CounterDay(env)
    counters = [_counter(env, n, day, first=1000 * k, batch=together, start=True)
                for k, (n, day) in enumerate(zip(slots, days, strict=True))]
    env.run(until=day0 + 24.0)
    for k, (n, day) in enumerate(zip(slots, days, strict=True)):
        alone = _counter(simpy.Environment(initial_time=day0), n, day, first=1000 * k)
        serve_day(alone, day0)
        assert _log(counters[k]) == _log(alone)
        assert counters[k].service_hours == alone.service_hours
        assert len(counters[k].hh) == len(day["arrive"])  # every visit ends once
