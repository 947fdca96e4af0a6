"""Choose the warm-up period with MSER-5 (reproduces ``docs/warmup.md``).

Runs the baseline from its cold start (``run.warmup_days = 0``) for several years
and several replications, averages each daily series over replications and applies
MSER-5 (:func:`commsim.analysis.warmup.mser5`) to the replication mean of every series
named in :data:`SERIES`. The default warm-up is the largest truncation point,
rounded up to whole years.

Usage::

    python benchmarks/warmup_analysis.py --replications 10 --years 6 --workers 2 \
        --out results/warmup

Writes ``replication_means.csv`` (day, series) and ``truncation.csv`` (series, MSER-5
truncation in days of the raw and of the deseasonalised series, Welch moving average at
day 0, at the truncation point and at the end) to ``--out`` and prints the yearly means
and the table as Markdown. ``--means FILE`` re-analyses a saved ``replication_means.csv``
without simulating.
"""

from __future__ import annotations

import argparse
import math
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from commsim import simulate
from commsim.analysis.warmup import deseasonalise, mser5, welch_average

#: Daily series whose start-up transient decides the warm-up.
SERIES: tuple[str, ...] = (
    "backlog_hours", "mean_exhaustion", "resident_satisfaction", "resident_satisfaction_all",
    "headcount",
)


def _one(args: tuple[str, int, int, int]) -> pd.DataFrame:
    scenario, seed, replication, days = args
    result = simulate(scenario, seed=seed, replication=replication,
                      overrides={"run.warmup_days": 0, "run.days": days})
    frame = result.daily[["day", *SERIES]].copy()
    frame["replication"] = replication
    return frame


def replication_means(
    scenario: str, replications: int, years: int, seed: int, workers: int
) -> pd.DataFrame:
    """Daily series from a cold start, averaged over replications (one row per day)."""
    jobs = [(scenario, seed, r, years * 365) for r in range(replications)]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            frames = list(pool.map(_one, jobs))
    else:
        frames = [_one(job) for job in jobs]
    return pd.concat(frames).groupby("day")[list(SERIES)].mean().reset_index()


def truncation_table(means: pd.DataFrame, window: int = 30) -> pd.DataFrame:
    """MSER-5 truncation point of every series (raw and deseasonalised), with Welch's average."""
    rows = []
    for name in SERIES:
        series = means[name].to_numpy()
        d = mser5(series)
        smooth = welch_average(series, window)
        rows.append({"series": name, "mser5_days": d,
                     "mser5_deseasonalised_days": mser5(deseasonalise(means["day"], series)),
                     "welch_at_truncation": float(smooth[min(d, len(smooth) - 1)]),
                     "welch_day_0": float(smooth[0]),
                     "welch_last": float(smooth[-1])})
    return pd.DataFrame(rows)


def _markdown(table: pd.DataFrame) -> str:
    cells = [[f"{v:.4g}" if isinstance(v, float) else str(v) for v in row]
             for row in table.itertuples(index=False)]
    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells])


def main() -> None:
    """Run the analysis and print the truncation table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("results/warmup"))
    parser.add_argument("--means", type=Path, default=None,
                        help="re-analyse a replication_means.csv written earlier")
    args = parser.parse_args()
    if args.means is not None:
        means = pd.read_csv(args.means)
    else:
        means = replication_means(args.scenario, args.replications, args.years, args.seed,
                                  args.workers)
    table = truncation_table(means)
    args.out.mkdir(parents=True, exist_ok=True)
    means.to_csv(args.out / "replication_means.csv", index=False)
    yearly = means.assign(year=means["day"] // 365 + 1).groupby("year")[list(SERIES)].mean()
    print(yearly.to_string(float_format=lambda v: f"{v:.4g}"), end="\n\n")
    table.to_csv(args.out / "truncation.csv", index=False)
    print(_markdown(table))
    longest = int(table[["mser5_days", "mser5_deseasonalised_days"]].to_numpy().max())
    print(f"\nlongest truncation {longest} days -> warm-up "
          f"{365 * max(1, math.ceil(longest / 365))} days (rounded up to whole years)")


if __name__ == "__main__":
    main()
