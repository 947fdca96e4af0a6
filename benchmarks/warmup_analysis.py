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
without simulating. ``--effects STORE`` runs nothing: it reads the store of
``experiments/warmup_check.toml`` (headline policies after two warm-up lengths in ten
districts) and prints, per policy and metric, the effect after each warm-up and whether
the longer one moves it by more than the default's 95 % half-width over districts.
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


def effect_shift(runs: pd.DataFrame, metrics: list[str], baseline: str) -> pd.DataFrame:
    """Per policy and metric: the effect after each warm-up and the shift between them.

    Effects are paired differences from ``baseline`` within a district, warm-up length and
    replication, averaged over replications; the interval is over districts (Student t).

    Parameters
    ----------
    runs : pandas.DataFrame
        ``runs.parquet`` of a store with ``param.run.warmup_days`` and
        ``param.run.structure_seed`` design factors.
    metrics : list of str
        The metrics to compare (the store's spec lists them).
    baseline : str
        The reference scenario.

    Returns
    -------
    pandas.DataFrame
        ``scenario, metric, effect_short, half_width, effect_long, shift, moves``:
        ``moves`` when ``|shift|`` (the mean over districts of long minus short) exceeds
        the default's (shorter warm-up's) half-width.
    """
    from scipy import stats

    warm, district = "param.run.warmup_days", "param.run.structure_seed"
    short, long_ = sorted(runs[warm].unique())[:2]
    keys = [warm, district, "replication"]
    base = runs[runs["scenario"] == baseline].set_index(keys)[metrics]
    rows = []
    for scenario, group in runs[runs["scenario"] != baseline].groupby("scenario"):
        diff = group.set_index(keys)[metrics] - base
        per = diff.groupby(level=[warm, district]).mean()
        for metric in metrics:
            a, b = per.loc[short, metric], per.loc[long_, metric]
            n = len(a)
            half = float(stats.t.ppf(0.975, n - 1) * a.std(ddof=1) / math.sqrt(n))
            shift = float((b - a.reindex(b.index)).mean())
            rows.append({"scenario": scenario, "metric": metric,
                         "effect_short": float(a.mean()), "half_width": half,
                         "effect_long": float(b.mean()), "shift": shift,
                         "moves": abs(shift) > half})
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
    parser.add_argument("--effects", type=Path, default=None, metavar="STORE",
                        help="run nothing: compare the headline effects of a store of "
                             "experiments/warmup_check.toml between its two warm-ups")
    args = parser.parse_args()
    if args.effects is not None:
        from commsim.results.store import read_manifest

        manifest = read_manifest(args.effects)
        shift = effect_shift(pd.read_parquet(args.effects / "runs.parquet"),
                             list(manifest["metrics"]), str(manifest["baseline"]))
        print(_markdown(shift))
        print(f"\n{int(shift['moves'].sum())} of {len(shift)} effects move by more than "
              "their half-width")
        return
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
