"""Benchmarks of one model run (not a test: run with ``make bench``).

Measures, in one invocation on this machine:

1. street-year CPU: baseline, 8 communities, one process, warm-up 0 — the CPU time
   (``time.process_time``) of a 365-day run minus that of a 5-day run, after a first
   short run has paid for imports and compiled kernels; best and median of
   ``--rounds`` pairs; ``street_cpu_lean``: the same without the daily series, as an
   experiment that keeps none runs (not a default measurement);
2. dashboard rate: the live dashboard's model (8 communities, 5 replications, the
   admission gate switched on so every replication has its baseline twin) played for
   ``--dashboard-days`` days as the app plays it, after a first step that builds the
   replications (reported apart): each frame steps the app's render interval of days,
   then builds the four live charts of the first tab as the page receives them.
   Simulated days per second = days / (frames x the app's pause between frames + CPU
   time of the steps and renders); on an otherwise idle core CPU time is the wall time,
   and CPU time is what a busy machine disturbs least;
3. with ``--against REV``: both of the above for the current tree and for commit REV
   (exported with ``git archive`` into a temporary folder and imported from there, in
   child processes, alternating the two ``--rounds`` times), and their ratios;
4. street-year wall time and district-year wall time and peak memory;
5. the whole model versus a bare SimPy loop that serves exactly the same resident
   arrivals (same times, service and patience draws, same number of counter windows):
   the ratio of their wall times and of their CPU times, measured in the same run.

Usage::

    python benchmarks/bench_model.py [--only street_cpu,dashboard] [--against HEAD~1]
                                     [--rounds 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
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


def street_cpu(rounds: int, series: bool = True) -> dict[str, Any]:
    """CPU seconds per simulated street-year: a 365-day minus a 5-day run, one process.

    ``series=False`` measures the run an experiment without outputs makes: the daily
    series not recorded (``simulate(..., daily=False)``).
    """
    def cpu(days: int) -> float:
        started = time.process_time()
        model = CommunityModel.from_scenario(commsim.load_scenario("baseline"), seed=2026,
                                             overrides={"run.days": days,
                                                        "run.warmup_days": 0,
                                                        "run.communities": 8})
        model.record_series = series
        model.run()
        return time.process_time() - started

    cpu(5)  # imports, first use of the compiled kernels: not part of a street-year
    years = [cpu(365) - cpu(5) for _ in range(rounds)]
    return {"best_s": min(years), "median_s": statistics.median(years), "runs": years}


def dashboard_rate(days: int) -> dict[str, Any]:
    """Simulated days per second of the live dashboard (see the module docstring)."""
    import commsim.app.app as app
    from commsim.app import charts
    from commsim.app.model import DashboardModel, default_controls
    from commsim.app.plotly_view import plain

    pause = app.PLAY_INTERVAL_MS / 1000
    per_frame = int(getattr(app, "RENDER_INTERVAL_DAYS", 1))
    live_figure = getattr(charts, "live_figure", None)
    controls = {**default_controls(), "admission_gate": True}
    model = DashboardModel(**controls)
    started = time.process_time()
    model.step()  # the first step builds the other replications (from their warm-ups)
    first_step = time.process_time() - started
    step_cpu = render_cpu = 0.0
    frames = 0
    first = model.day
    while model.day - first < days:
        started = time.process_time()
        for _ in range(min(per_frame, days - (model.day - first))):
            model.step()
        rendered = time.process_time()
        twins = model.all_series(baseline=True) if model.baseline is not None else None
        for key in charts.CHARTS:
            if live_figure is not None:
                plain(live_figure(key, model.all_series(), model.days_total, baseline=twins))
            else:
                plain(charts.live_chart(key, model.all_series(), model.days_total,
                                        baseline=twins).to_plotly_json())
        step_cpu += rendered - started
        render_cpu += time.process_time() - rendered
        frames += 1
    runs = 1 + len(model.replicas) + (model.baseline is not None) + sum(
        twin is not None for _, twin in model.replicas)
    return {"days": days, "models": runs, "communities": model.n_communities,
            "first_step_cpu_s": first_step,
            "days_per_frame": per_frame, "pause_s": pause, "frames": frames,
            "step_cpu_s": step_cpu, "render_cpu_s": render_cpu,
            "days_per_s": days / (frames * pause + step_cpu + render_cpu)}


def _export(rev: str) -> Path:
    """The ``src`` folder of commit ``rev``, exported into a temporary folder."""
    root = Path(__file__).resolve().parents[1]
    data = subprocess.run(["git", "-C", str(root), "archive", rev, "src"],
                          capture_output=True, check=True).stdout
    folder = Path(tempfile.mkdtemp(prefix="commsim-bench-"))
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def against(rev: str, rounds: int, dashboard_days: int) -> dict[str, Any]:
    """Street-year CPU and dashboard rate of this tree and of ``rev``, alternating."""
    here = Path(__file__).resolve().parents[1] / "src"
    trees = {"current": here, rev: _export(rev)}
    out: dict[str, dict[str, list[float]]] = {name: {"street_cpu_s": [], "dashboard_days_per_s":
                                                     []} for name in trees}
    for _ in range(rounds):
        for name, src in trees.items():
            env = {**os.environ, "PYTHONPATH": str(src)}
            child = subprocess.run(
                [sys.executable, __file__, "--child", "--rounds", "1",
                 "--dashboard-days", str(dashboard_days)],
                capture_output=True, text=True, check=True, env=env)
            result = json.loads(child.stdout)
            out[name]["street_cpu_s"].append(result["street_cpu"]["best_s"])
            out[name]["dashboard_days_per_s"].append(result["dashboard"]["days_per_s"])
    summary: dict[str, Any] = {"rev": rev, "rounds": rounds, "runs": out}
    for key in ("street_cpu_s", "dashboard_days_per_s"):
        now, then = (statistics.median(out[name][key]) for name in trees)
        summary[key] = {"current": now, rev: then, "ratio": now / then}
    return summary


def main() -> None:
    """Run the benchmarks and print a table (optionally JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="street-year wall-time runs")
    parser.add_argument("--rounds", type=int, default=3, help="street-year CPU pairs / "
                        "alternations with --against")
    parser.add_argument("--dashboard-days", type=int, default=120)
    parser.add_argument("--against", default=None, help="also measure this commit (a ratio)")
    parser.add_argument("--only", default=None, help="comma-separated: street_cpu, "
                        "street_cpu_lean (no daily series), dashboard, street_year, "
                        "district_year, event_ratio")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", default=None, help="also write the results here")
    args = parser.parse_args()
    if args.child:  # one measurement of the tree on PYTHONPATH, for --against
        print(json.dumps({"street_cpu": street_cpu(args.rounds),
                          "dashboard": dashboard_rate(args.dashboard_days)}))
        return
    wanted = set(args.only.split(",")) if args.only else {
        "street_cpu", "dashboard", "street_year", "district_year", "event_ratio"}
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpu": platform.processor()
                    or platform.machine(), "cores": os.cpu_count(),
                    "load_1min": os.getloadavg()[0]}}
    if "street_cpu" in wanted:
        results["street_cpu"] = street_cpu(args.rounds)
    if "street_cpu_lean" in wanted:
        results["street_cpu_lean"] = street_cpu(args.rounds, series=False)
    if "dashboard" in wanted:
        results["dashboard"] = dashboard_rate(args.dashboard_days)
    if args.against:
        results["against"] = against(args.against, args.rounds, args.dashboard_days)
    if "street_year" in wanted:
        results["street_year"] = street_year(args.repeat)
    if "district_year" in wanted:
        results["district_year"] = district_year()
    if "event_ratio" in wanted:
        results["event_ratio"] = event_ratio()
    results["self_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(results, indent=2))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=2)


if __name__ == "__main__":
    main()
