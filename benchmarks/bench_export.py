"""Time ``commsim export`` of a district-sized store (not a test: run it by hand).

A store of the size a planner's comparison makes — 5 scenarios x 20 replications of an
11-community district over 365 measured days after a 365-day warm-up (36,500 measured
daily rows, 73,000 with the warm-up) — is built by repeating the frames of a small real
store (``--source``, from ``commsim compare --out``) with new run numbers, then
exported as xlsx in English and Chinese. Wall and CPU seconds are printed (CPU time is
the honest figure on a shared machine).

Usage::

    python benchmarks/bench_export.py --source results/small [--runs 100] [--days 730]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from commsim import results
from commsim.results import Results
from commsim.results.export import export


def grown(source: Results, runs: int, days: int, communities: int) -> Results:
    """``source``'s frames repeated to ``runs`` runs of ``days`` days and ``communities``."""
    base = source.runs
    reps = -(-runs // len(base))
    new_runs = pd.concat([base.assign(run_id=base["run_id"] + k * len(base),
                                      replication=base["replication"] + k * 1000)
                          for k in range(reps)], ignore_index=True).head(runs)
    daily = source.daily
    one = daily[daily["run_id"] == daily["run_id"].iloc[0]]
    one = pd.concat([one] * (-(-days // len(one))), ignore_index=True).head(days)
    one = one.assign(day=range(days), measured=[d >= days // 2 for d in range(days)])
    new_daily = pd.concat([one.assign(run_id=r.run_id, scenario=r.scenario,
                                      replication=r.replication)
                           for r in new_runs.itertuples()], ignore_index=True)
    comm = source.community
    first = comm[comm["run_id"] == comm["run_id"].iloc[0]]
    first = pd.concat([first] * (-(-communities // len(first))), ignore_index=True)
    first = first.head(communities).assign(community=range(communities))
    new_comm = pd.concat([first.assign(run_id=r.run_id, scenario=r.scenario,
                                       replication=r.replication)
                          for r in new_runs.itertuples()], ignore_index=True)
    hours = source.hours
    h1 = hours[hours["run_id"] == hours["run_id"].iloc[0]]
    new_hours = pd.concat([h1.assign(run_id=r.run_id, scenario=r.scenario,
                                     replication=r.replication)
                           for r in new_runs.itertuples()], ignore_index=True)
    return Results(source.path, manifest=source.manifest, runs=new_runs, daily=new_daily,
                   community=new_comm, hours=new_hours, comparison=source.comparison,
                   cost_effectiveness=source.cost_effectiveness)


def main() -> None:
    """Build the store, export it and print the times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="a small store of commsim compare")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--communities", type=int, default=11)
    args = parser.parse_args()
    store = grown(results.load(args.source), args.runs, args.days, args.communities)
    print(f"{len(store.runs)} runs, {len(store.daily):,} daily rows "
          f"({int(store.daily['measured'].sum()):,} measured), {len(store.community):,} "
          "community rows")
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("en", "zh"):
            wall, cpu = time.perf_counter(), time.process_time()
            export(store, "xlsx", Path(tmp) / f"{lang}.xlsx", lang=lang)
            print(f"xlsx {lang}: {time.perf_counter() - wall:.1f} s wall, "
                  f"{time.process_time() - cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
