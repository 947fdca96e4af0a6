"""Benchmarks of one model run (not a test: run with ``make bench``).

Measures, in one invocation on this machine:

1. street-year: baseline, 8 communities (~20,000 households), 365 days, one process;
2. district-year: 50 communities, 139,000 households, 365 days — wall time and peak
   memory (max RSS of a fresh child process);
3. the whole model versus a bare SimPy loop that serves exactly the same resident
   arrivals (same times, service and patience draws, same number of counter windows):
   the ratio of their wall times and of their CPU times (``time.process_time``, which a
   busy machine disturbs less), measured in the same run. The time per SimPy event is
   also given, but since the counter runs each day in one SimPy process (one event per
   counter-day instead of several per visit) it no longer compares like with like.

Usage::

    python benchmarks/bench_model.py [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from typing import Any

import simpy

import commsim
from commsim.model import CommunityModel
from commsim.model.visits import VisitFlow

DISTRICT = {"run.communities": 50, "street.households_per_community": 2780}


def _events(env: simpy.Environment) -> int:
    """Events scheduled so far (SimPy numbers every event it schedules)."""
    return next(env._eid)  # noqa: SLF001 (SimPy's own event counter)


def street_year(repeat: int) -> dict[str, Any]:
    """Wall time of the baseline street-year, best and median of ``repeat`` runs."""
    times = []
    for rep in range(repeat):
        started = time.perf_counter()
        commsim.simulate("baseline", seed=2026, replication=rep)
        times.append(time.perf_counter() - started)
    return {"best_s": min(times), "median_s": statistics.median(times), "runs": repeat}


def district_year() -> dict[str, Any]:
    """Wall time and peak RSS of a district-year, measured in a fresh child process."""
    code = (
        "import time, resource, commsim\n"
        "t = time.perf_counter()\n"
        f"commsim.simulate('baseline', seed=2026, overrides={DISTRICT!r})\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    return {"wall_s": float(out[0]), "peak_rss_mb": int(out[1]) / 1024,
            "households": 50 * DISTRICT["street.households_per_community"]}


def event_ratio() -> dict[str, Any]:
    """Whole model vs a bare SimPy loop over the same arrivals (wall and CPU time)."""
    captured: list[tuple[int, float, float, float, float]] = []
    original = VisitFlow.draw

    def capture(self: VisitFlow, day: int) -> dict[str, Any]:
        visits = original(self, day)
        (m_open, m_close), (a_open, a_close) = self.model.calendar.sessions
        morning = m_close - m_open
        for comm, clock, service, patience in zip(
            visits["community"].tolist(), visits["clock"].tolist(),
            visits["service"].tolist(), visits["patience"].tolist(), strict=True,
        ):
            start = day * 24.0
            arrive = start + (m_open + clock if clock < morning else a_open + clock - morning)
            captured.append((comm, arrive, service, patience, start + a_close))
        return visits

    model = CommunityModel(commsim.load_scenario("baseline").params(), seed=2026)
    VisitFlow.draw = capture  # type: ignore[method-assign]
    try:
        started, cpu = time.perf_counter(), time.process_time()
        model.run()
        model_time = time.perf_counter() - started
        model_cpu = time.process_time() - cpu
    finally:
        VisitFlow.draw = original  # type: ignore[method-assign]
    model_events = _events(model.env)

    windows = int(model.params["cadres.counter_windows"])
    env = simpy.Environment()
    desks = [simpy.Resource(env, capacity=windows) for _ in range(model.n_communities)]

    def visit(desk: simpy.Resource, arrive: float, service: float, patience: float,
              close: float):  # noqa: ANN202
        yield env.timeout(arrive - env.now)
        with desk.request() as req:
            result = yield req | env.timeout(min(patience, close - env.now))
            if req in result:
                yield env.timeout(service)

    # Same arrivals, fed day by day as the model does.
    by_day: dict[int, list[tuple[int, float, float, float, float]]] = {}
    for row in captured:
        by_day.setdefault(int(row[1] // 24), []).append(row)
    started, cpu = time.perf_counter(), time.process_time()
    for day in sorted(by_day):
        for comm, arrive, service, patience, close in by_day[day]:
            env.process(visit(desks[comm], arrive, service, patience, close))
        env.run(until=(day + 1) * 24.0)
    bare_time = time.perf_counter() - started
    bare_cpu = time.process_time() - cpu
    bare_events = _events(env)
    per_model = model_time / model_events
    per_bare = bare_time / bare_events
    return {"visits": len(captured), "model_s": model_time, "bare_s": bare_time,
            "whole_ratio": model_time / bare_time, "model_cpu_s": model_cpu,
            "bare_cpu_s": bare_cpu, "cpu_ratio": model_cpu / bare_cpu,
            "model_events": model_events, "bare_events": bare_events,
            "model_us_per_event": per_model * 1e6, "bare_us_per_event": per_bare * 1e6,
            "per_event_ratio": per_model / per_bare}


def main() -> None:
    """Run all benchmarks and print a table (optionally JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", default=None, help="also write the results here")
    args = parser.parse_args()
    results = {
        "machine": {"python": platform.python_version(), "cpu": platform.processor()
                    or platform.machine(), "cores": __import__("os").cpu_count(),
                    "load_1min": __import__("os").getloadavg()[0]},
        "street_year": street_year(args.repeat),
        "district_year": district_year(),
        "event_ratio": event_ratio(),
        "self_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(results, indent=2))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=2)


if __name__ == "__main__":
    main()
