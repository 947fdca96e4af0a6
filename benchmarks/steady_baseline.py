"""Baseline after the warm-up: whole-window and per-year means with 95 % CIs.

Usage::

    python benchmarks/steady_baseline.py --replications 10 --years 3 --workers 2

Runs the baseline with the default warm-up for ``--years`` measured years and prints,
for the metrics in :data:`METRICS`, the mean over replications with its t-interval —
for the whole measured window and for each measured year (``RunResult.yearly``).
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

from commsim import simulate
from commsim.analysis.inference import mean_ci

#: Metrics reported (the headline three, both satisfaction measures, the new S6/S11 ones).
METRICS: tuple[str, ...] = (
    "overtime_hours_per_cadre_week", "resident_satisfaction", "resident_satisfaction_all",
    "turnover_rate", "burnout_share", "mean_weekday_hours", "aid_refusal_share",
    "inspection_rating", "fabrications_detected", "fabricated_records",
)


def _one(args: tuple[int, int, int]) -> tuple[dict[str, float], pd.DataFrame]:
    seed, replication, years = args
    result = simulate("baseline", seed=seed, replication=replication,
                      overrides={"run.days": 365 * years})
    return result.summary, result.yearly.assign(replication=replication)


def _row(label: str, frame: pd.DataFrame) -> dict[str, object]:
    row: dict[str, object] = {"window": label}
    for key in METRICS:
        mean, low, high = mean_ci(frame[key])
        row[key] = f"{mean:.4g} [{low:.4g}, {high:.4g}]"
    return row


def main() -> None:
    """Run the replications and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    jobs = [(args.seed, r, args.years) for r in range(args.replications)]
    with ProcessPoolExecutor(max(1, args.workers)) as pool:
        results = list(pool.map(_one, jobs))
    summaries = pd.DataFrame([s for s, _ in results])
    yearly = pd.concat([y for _, y in results])
    rows = [_row("whole window", summaries)]
    rows += [_row(f"year {int(y)}", yearly[yearly["year"] == y])
             for y in sorted(yearly["year"].unique())]
    table = pd.DataFrame(rows).set_index("window").T
    print(table.to_string())


if __name__ == "__main__":
    main()
