"""Benchmarks of the experiment layer (issue 3), ratios measured in one run.

1. Parallel efficiency of the local process pool: the same street-scale runs
   (>= 1 s each) serially in one process and on the pool with one worker per core;
   efficiency = T_serial / (workers * T_pool).
2. The same runs of the street scenario through commsim's runner, Mesa's
   ``batch_run`` and EMA Workbench's ``MultiprocessingEvaluator`` (each with one
   process per core): wall time and peak memory (resident set of the whole process
   tree, sampled every 50 ms). Mesa and EMA Workbench are benchmark-only installs
   (``pip install -e '.[bench]'``; mesa is a dependency anyway); a tool that is not
   installed is reported as skipped.
3. Dask ``LocalCluster`` vs the local process pool, same runs.
4. Memory as runs grow: peak memory of 100 vs 400 small runs (series stream to disk).

Usage::

    python benchmarks/bench_experiments.py [--runs 60] [--days 365] [--communities 8]
        [--only efficiency,tools,dask,memory] [--markdown docs/performance_experiments.md]

The numbers go to stdout as a Markdown table (and to ``--markdown`` if given).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

from commsim.experiments import DaskExecutor, ProcessExecutor, SerialExecutor, run
from commsim.experiments.executors import default_workers
from commsim.experiments.spec import spec_from_table
from commsim.model import HEADLINE_METRICS

SCENARIO = "baseline"
SEED = 2026


class PeakMemory:
    """Peak resident memory of this process and all its descendants."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            try:
                procs = [me, *me.children(recursive=True)]
            except psutil.Error:
                procs = [me]
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure(label: str, fn: Callable[[], Any]) -> dict[str, Any]:
    """Wall time and peak memory of ``fn()``."""
    with PeakMemory() as mem:
        started = time.perf_counter()
        fn()
        wall = time.perf_counter() - started
    row = {"label": label, "wall_s": wall, "peak_mib": mem.peak / 2**20}
    print(f"  {label:<40} {wall:8.1f} s  {row['peak_mib']:8.0f} MiB", flush=True)
    return row


def _spec(runs: int, days: int, communities: int, outputs: list[str],
          warmup_days: int | None = None) -> Any:
    table: dict[str, Any] = {"name": "bench", "scenarios": [SCENARIO], "replications": runs,
                             "seed": SEED, "days": days, "communities": communities,
                             "outputs": outputs}
    if warmup_days is not None:
        table["params"] = {"run.warmup_days": warmup_days}
    return spec_from_table(table, source="benchmark")


def commsim_runner(runs: int, days: int, communities: int, executor: Any,
                   outputs: list[str] | None = None,
                   warmup_days: int | None = None) -> Callable[[], Any]:
    """commsim's sweep runner into a throw-away results store (default warm-up unless given)."""
    spec = _spec(runs, days, communities, ["daily", "hours"] if outputs is None else outputs,
                 warmup_days)

    def go() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            run(spec, out=Path(tmp) / "store", executor=executor, progress=False)

    return go


# -- Mesa batch_run ---------------------------------------------------------------------------
def mesa_batch_run(runs: int, days: int, communities: int, workers: int) -> Callable[[], Any]:
    """Mesa's ``batch_run`` over the same replications (results kept in memory, as it does)."""
    from bench_adapters import BatchModel
    from mesa.batchrunner import batch_run

    def go() -> None:
        batch_run(BatchModel, parameters={"replication": list(range(runs)), "days": days,
                                          "communities": communities},
                  number_processes=workers, rng=[None], max_steps=days,
                  data_collection_period=-1, display_progress=False)

    return go


# -- EMA Workbench ----------------------------------------------------------------------------
def ema_evaluator(runs: int, days: int, communities: int, workers: int) -> Callable[[], Any]:
    """EMA Workbench's ``MultiprocessingEvaluator`` over the same replications."""
    from bench_adapters import ema_function
    from ema_workbench import (
        Constant,
        IntegerParameter,
        Model,
        MultiprocessingEvaluator,
        ScalarOutcome,
    )
    from ema_workbench.em_framework.points import Sample

    def go() -> None:
        model = Model("commsim", function=ema_function)
        model.uncertainties = [IntegerParameter("replication", 0, max(1, runs - 1))]
        model.constants = [Constant("days", days), Constant("communities", communities)]
        model.outcomes = [ScalarOutcome(m) for m in HEADLINE_METRICS]
        samples = [Sample(replication=i) for i in range(runs)]
        with MultiprocessingEvaluator(model, n_processes=workers) as evaluator:
            evaluator.perform_experiments(scenarios=samples)

    return go


def _installed(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def main() -> None:
    """Run the selected benchmarks and print a Markdown table of the measured ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="runs per tool (default 60)")
    parser.add_argument("--efficiency-runs", type=int, default=12,
                        help="runs for the parallel-efficiency measurement (default 12)")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--communities", type=int, default=8)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--only", default="efficiency,tools,dask,memory",
                        help="comma-separated subset of: efficiency, tools, dask, memory")
    parser.add_argument("--markdown", default=None, help="also write the table here")
    args = parser.parse_args()
    only = set(args.only.split(","))
    w, days, comm = args.workers, args.days, args.communities
    lines = [f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"load (1 min) at start {os.getloadavg()[0]:.2f}; runs of the `{SCENARIO}` "
             f"scenario, {comm} communities x {days} days, {w} worker(s).", "",
             "| measurement | value |", "| --- | --- |"]
    if "efficiency" in only:
        n = args.efficiency_runs
        print(f"parallel efficiency ({n} runs)", flush=True)
        serial = measure("commsim serial", commsim_runner(n, days, comm, SerialExecutor()))
        pool = measure(f"commsim process pool ({w})",
                       commsim_runner(n, days, comm, ProcessExecutor(w)))
        eff = serial["wall_s"] / (w * pool["wall_s"])
        per_run = serial["wall_s"] / n
        lines += [f"| mean run time (serial) | {per_run:.2f} s |",
                  f"| {n} runs serial / pool of {w} | {serial['wall_s']:.1f} s / "
                  f"{pool['wall_s']:.1f} s |",
                  f"| parallel efficiency, {w} workers (target >= 85 %) | {100 * eff:.0f} % |"]
    if "tools" in only or "dask" in only:
        n = args.runs
        print(f"{n} runs per tool", flush=True)
        pool = measure(f"commsim runner, process pool ({w})",
                       commsim_runner(n, days, comm, ProcessExecutor(w)))
        lines.append(f"| commsim runner, {n} runs (daily + hours to disk) | "
                     f"{pool['wall_s']:.1f} s, peak {pool['peak_mib']:.0f} MiB |")
        if "tools" in only:
            others = []
            if _installed("mesa"):
                others.append(measure(f"mesa batch_run ({w})",
                                      mesa_batch_run(n, days, comm, w)))
            else:
                lines.append("| mesa batch_run | not installed |")
            if _installed("ema_workbench"):
                others.append(measure(f"EMA MultiprocessingEvaluator ({w})",
                                      ema_evaluator(n, days, comm, w)))
            else:
                lines.append("| EMA Workbench | not installed (pip install -e .[bench]) |")
            for other in others:
                lines.append(f"| {other['label']}, {n} runs | {other['wall_s']:.1f} s, peak "
                             f"{other['peak_mib']:.0f} MiB |")
            if others:
                best_t = min(o["wall_s"] for o in others)
                best_m = min(o["peak_mib"] for o in others)
                lines += [f"| commsim wall time / best other (target <= 1) | "
                          f"{pool['wall_s'] / best_t:.2f} |",
                          f"| commsim peak memory / best other (target <= 1) | "
                          f"{pool['peak_mib'] / best_m:.2f} |"]
        if "dask" in only and _installed("distributed"):
            dask = measure(f"commsim Dask LocalCluster ({w})",
                           commsim_runner(n, days, comm, DaskExecutor(None, w)))
            lines += [f"| Dask LocalCluster, {n} runs | {dask['wall_s']:.1f} s |",
                      f"| Dask LocalCluster / process pool (target <= 1.15) | "
                      f"{dask['wall_s'] / pool['wall_s']:.2f} |"]
    if "memory" in only:
        # the store's memory, not the model's: no warm-up, so 400 runs take seconds
        print("memory as runs grow (serial, 30-day runs of one community, no warm-up)",
              flush=True)
        peaks = {}
        for n in (100, 400):
            peaks[n] = measure(f"commsim serial, {n} small runs",
                               commsim_runner(n, 30, 1, SerialExecutor(),
                                              warmup_days=0))["peak_mib"]
        lines.append(f"| peak memory, 100 vs 400 small runs (flat: ratio ~1) | "
                     f"{peaks[100]:.0f} / {peaks[400]:.0f} MiB = {peaks[400] / peaks[100]:.2f} |")
    table = "\n".join(lines)
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
