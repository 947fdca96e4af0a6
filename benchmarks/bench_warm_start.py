"""Benchmark of the warm start (issue 18, item 1): what sharing a replication's warm-up saves.

Measured in one run, on one machine, at street scale (8 communities, the default
1,095-day warm-up):

1. Per-run costs in this process: simulating the warm-up, capturing it, starting a
   scenario from it, and one measured year (365 days) from there.
2. A scaled-down ``make demo``: the six demo scenarios x ``--reps`` replications with
   one measured year, on the process pool, from scratch (every run its own warm-up) and
   with the warm start (one warm-up per replication), then once more with the warm-ups
   read from the cache (what ``make demo`` run again costs), and ``commsim report`` on
   the store. Wall time and CPU time (this process and its workers); the CPU time is
   the fairer figure on a machine shared with other work, whose load is printed.
3. Projections from the per-run costs of (1) and the pool's measured efficiency: the
   full ``make demo`` (6 x 20, one year) and the README's policy comparison
   (``experiments/policy_comparison.toml``: 6 x 20, five measured years), before and after.

Usage::

    python benchmarks/bench_warm_start.py [--reps 2] [--workers 2] [--skip-demo]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

from commsim.experiments import ProcessExecutor, run
from commsim.experiments.spec import spec_from_table
from commsim.inputs.scenario import load_scenario
from commsim.model import CommunityModel
from commsim.run.warm_start import CACHE_ENV, capture, start_from, warm_state

DEMO = ["baseline", "admission_gate", "purchased_services", "paperless",
        "paperless_digital_inspections", "combined"]
SEED = 2026


class TreeCpu:
    """CPU seconds used by this process and every descendant while the block runs.

    Pool workers are children of the forkserver, not of this process, so the kernel's
    count of reaped children misses them: each descendant's CPU time is sampled every
    ``interval`` seconds and its last sample kept (a worker's last fraction of an
    interval before it exits is lost).
    """

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        try:
            procs = me.children(recursive=True)
        except psutil.Error:
            procs = []
        for proc in procs:
            with contextlib.suppress(psutil.Error):
                t = proc.cpu_times()
                self.seen[proc.pid] = t.user + t.system

    def _poll(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> TreeCpu:
        self._sample()
        self.before = dict(self.seen)
        t = psutil.Process().cpu_times()
        self.own = t.user + t.system
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        t = psutil.Process().cpu_times()
        self.seconds = (t.user + t.system - self.own) + sum(
            cpu - self.before.get(pid, 0.0) for pid, cpu in self.seen.items())


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall and CPU seconds (this process and its descendants) of ``fn()``, and its value."""
    with TreeCpu() as cpu:
        wall = time.perf_counter()
        value = fn()
        wall = time.perf_counter() - wall
    return wall, cpu.seconds, value


def per_run_costs() -> dict[str, float]:
    """Seconds of the warm-up, its capture, a start from it and a measured year (in-process)."""
    params = load_scenario("combined").params({"run.days": 365}, "benchmark")
    wall, _, state = timed(lambda: warm_state(params, CommunityModel, SEED, 0, cache=False))
    model = start_from(state, params, ("admission_gate",), CommunityModel, SEED, 0)
    capture_s, _, _ = timed(lambda: capture(model))
    start_s, _, model = timed(lambda: start_from(state, params, load_scenario(
        "combined").policies, CommunityModel, SEED, 0))
    year_s, _, _ = timed(model.run)
    return {"warmup_s": wall, "capture_s": capture_s, "start_s": start_s, "year_s": year_s,
            "state_mib": len(state.data) / 2**20, "warmup_days": float(params["run.warmup_days"])}


def demo(reps: int, workers: int, folder: Path) -> list[dict[str, Any]]:
    """The demo's scenarios x ``reps``: from scratch, warm, warm from the cache, then report."""
    spec = spec_from_table({"name": "demo", "scenarios": DEMO, "replications": reps,
                            "seed": SEED, "communities": 8, "days": 365},
                           source="benchmark")
    rows = []
    # set before the first pool: its workers are forked from a server that keeps this value
    os.environ[CACHE_ENV] = str(folder / "cache")
    for i, (label, warm) in enumerate((("from scratch (before)", False),
                                       ("warm start (after)", True),
                                       ("warm start, cached warm-ups (demo again)", True))):
        out = folder / f"store{i}"
        wall, cpu, _ = timed(lambda out=out, warm=warm: run(
            spec, out=out, executor=ProcessExecutor(workers), progress=False,
            warm_start=warm))
        rows.append({"what": label, "wall_s": wall, "cpu_s": cpu, "store": out})
        print(f"  {label:<44} {wall:7.1f} s wall  {cpu:7.1f} s CPU  "
              f"(load {os.getloadavg()[0]:.1f})", flush=True)
    report = [sys.executable, "-m", "commsim.cli", "report", str(rows[1]["store"]),
              "-o", str(folder / "report.html")]
    wall, cpu, _ = timed(lambda: subprocess.run(report, check=True, capture_output=True))
    rows.append({"what": "commsim report of that store", "wall_s": wall, "cpu_s": cpu})
    print(f"  {'commsim report':<44} {wall:7.1f} s wall  {cpu:7.1f} s CPU", flush=True)
    return rows


def projection(scratch_cpu: float, warm_cpu: float, cached_cpu: float, reps: int,
               warmup_days: float) -> dict[str, float]:
    """CPU seconds per warm-up and per one-year run, from the three demo runs' CPU times.

    ``warmup`` = (warm - cached) / reps (the warm-ups are all the cached run skips);
    ``run`` = cached / (6 reps) (a run from the warm state: start, one year, packaging);
    ``per_day`` = warmup / warm-up days (the price of each further measured day).
    ``check`` compares the run from scratch with 6 reps (warmup + run).
    """
    warmup = (warm_cpu - cached_cpu) / reps
    run_s = cached_cpu / (6 * reps)
    return {"warmup": warmup, "run": run_s, "per_day": warmup / warmup_days,
            "check": scratch_cpu / (6 * reps * (warmup + run_s))}


def projected(costs: dict[str, float], years: int, reps: int = 20,
              scenarios: int = 6) -> tuple[float, float, float]:
    """CPU seconds of ``scenarios`` x ``reps`` runs of ``years`` years: before, after, cached."""
    run_s = costs["run"] + (years - 1) * 365 * costs["per_day"]
    after_cached = scenarios * reps * run_s
    return (scenarios * reps * (costs["warmup"] + run_s), reps * costs["warmup"] + after_cached,
            after_cached)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    print(f"# Warm start — {platform.node()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}\n")
    costs = per_run_costs()
    print("Per-run costs (one process, 8 communities):")
    for key, value in costs.items():
        print(f"  {key:<12} {value:8.3f}")
    if args.skip_demo:
        return
    print(f"\nScaled-down make demo: 6 scenarios x {args.reps} replications, "
          f"{args.workers} workers:")
    with tempfile.TemporaryDirectory() as tmp:
        rows = demo(args.reps, args.workers, Path(tmp))
    scratch, warm, cached = rows[0], rows[1], rows[2]
    print(f"  saving: {scratch['wall_s'] / warm['wall_s']:.2f}x wall, "
          f"{scratch['cpu_s'] / warm['cpu_s']:.2f}x CPU (cached warm-ups: "
          f"{scratch['cpu_s'] / cached['cpu_s']:.2f}x CPU)")
    split = projection(scratch["cpu_s"], warm["cpu_s"], cached["cpu_s"], args.reps,
                       costs["warmup_days"])
    print(f"  CPU per warm-up {split['warmup']:.2f} s, per one-year run from it "
          f"{split['run']:.2f} s; from scratch / (warm-up + run): {split['check']:.2f}")
    print(f"\nProjections: CPU seconds / {args.workers} cores (a quiet machine, full "
          "parallel efficiency):")
    for name, years in (("make demo (6 x 20, 1 year)", 1),
                        ("policy comparison (6 x 20, 5 years)", 5)):
        before, after, again = (c / args.workers / 60 for c in projected(split, years))
        print(f"  {name:<38} before {before:5.1f} min  after {after:5.1f} min "
              f"({before / after:.2f}x)  cached warm-ups {again:5.1f} min")


if __name__ == "__main__":
    main()
