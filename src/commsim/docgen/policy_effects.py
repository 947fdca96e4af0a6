"""Generate ``docs/policy_effects.md``: every policy's paired effect, year by year.

Runs the policy comparison (``experiments/policy_comparison.toml``: every built-in
scenario, replication ``k`` of each sharing its random streams with replication ``k`` of
the baseline) on the experiments engine, or reads a results store it made earlier, and
writes a Markdown page with

- the headline table over the whole measured window, with cost-effectiveness
  (:mod:`commsim.analysis.headline_results`);
- the decision (:func:`commsim.analysis.decision.decide`: net monetary benefit at the
  planner's willingness to pay, efficiency frontier with ICERs, acceptability curve) and
  the valuation sensitivity, in English and Chinese;
- per policy, metric and measured year, the paired difference from the baseline with its
  95 % interval, and the trend of that difference across the years
  (:mod:`commsim.analysis.yearly_effects`), with a sentence saying what the years show;
- the baseline's stationarity evidence: yearly means, trend across the measured years and
  MSER-5 truncation points (:mod:`commsim.analysis.stationarity`);
- warnings for cells whose replications are too few (:mod:`commsim.analysis.precision`).

::

    python -m commsim.docgen.policy_effects docs/policy_effects.md              # run, then write
    python -m commsim.docgen.policy_effects docs/policy_effects.md --store DIR --readme README.md
    python -m commsim.docgen.policy_effects out.md --set replications=2 --set days=60

``--readme FILE`` also rewrites the headline table between the markers
:data:`START` and :data:`END` of that file; ``--check`` verifies instead of writing (with
``--store``, cheaply).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from commsim.analysis.headline_results import (
    HEADLINE,
    cell,
    decision_markdown,
    headline_markdown,
    run_setting,
    window_years,
)
from commsim.analysis.inference import Bounds
from commsim.analysis.precision import replication_warnings
from commsim.analysis.stationarity import by_year, mser_table, trend, yearly_levels
from commsim.analysis.structure_share import (
    district_means,
    districts,
    structure_shares,
    with_structure,
)
from commsim.analysis.yearly_effects import effect_trends, reading, yearly_comparison
from commsim.core.errors import InputError
from commsim.core.metrics import METRICS
from commsim.docgen.parameters import generated_doc_main
from commsim.results import Results

#: Default experiment specification.
SPEC = "experiments/policy_comparison.toml"
#: Markers around the generated headline table in a README.
START, END = "<!-- headline-table:start -->", "<!-- headline-table:end -->"
#: Baseline metrics whose yearly means the stationarity section shows.
STEADY: tuple[str, ...] = (*HEADLINE, "burnout_share", "mean_weekday_hours", "cost_yuan")


def options(parser: argparse.ArgumentParser) -> None:
    """The options besides ``OUT`` and ``--check``."""
    parser.add_argument("--store", default=None, metavar="DIR",
                        help="render from this results store instead of running the spec")
    parser.add_argument("--spec", default=SPEC, help=f"experiment to run (default {SPEC})")
    parser.add_argument("--set", dest="assignments", action="append", default=[],
                        metavar="KEY=VALUE", help="change a spec field or parameter (repeat)")
    parser.add_argument("--results", default=None, metavar="DIR",
                        help="store folder for a new run (default results/<name>/<time>)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes")
    parser.add_argument("--readme", default=None, metavar="FILE",
                        help=f"also rewrite the headline table between {START} and {END}")


def results_for(args: argparse.Namespace) -> Results:
    """The store named by ``--store``, or a new run of ``--spec`` on the process pool."""
    from commsim import results

    if args.store:
        return results.load(args.store)
    from commsim.core.parameters import parse_assignments
    from commsim.experiments import run
    from commsim.experiments.spec import load_spec

    spec = load_spec(args.spec, parse_assignments(args.assignments))
    structure_grid = spec.design.kind == "grid" and [f.key for f in spec.design.factors] == [
        "run.structure_seed"]
    if (spec.design.kind != "replications" and not structure_grid) or len(spec.scenarios) < 2:
        raise InputError("the policy effects need replicated scenarios against a baseline",
                         key="design.kind", value=spec.design.kind,
                         allowed="replications, or a grid over run.structure_seed alone; two "
                                 "or more scenarios", source=spec.source)
    return run(spec, out=args.results, workers=args.workers,
               made_by="python -m commsim.docgen.policy_effects")


def pages(args: argparse.Namespace) -> dict[Path, str]:
    """Every file the command writes: the page, and the README with ``--readme``."""
    res = results_for(args)
    out = {Path(args.out): render(res)}
    if args.readme:
        path = Path(args.readme)
        block = (headline_markdown(res) + "\n" + structure_markdown(res)
                 + decision_markdown(res))
        out[path] = splice(path.read_text(encoding="utf-8"), block, str(path))
    return out


def splice(document: str, block: str, source: str = "README", *, markers: tuple[str, str] = (
        START, END), key: str = "--readme") -> str:
    """Replace the text between two markers (:data:`START`, :data:`END`) by ``block``."""
    first, last = markers
    head, start, rest = document.partition(first)
    _, end, tail = rest.partition(last)
    if not start or not end:
        name = first.removeprefix("<!--").split(":")[0].strip()
        raise InputError(f"no {name} markers", key=key, value=source,
                         allowed=f"a file holding {first} ... {last}", source=source)
    return f"{head}{first}\n{block}{last}{tail}"


def _ok_rows(res: Results, frame: pd.DataFrame | None) -> pd.DataFrame:
    if frame is None or frame.empty:
        return pd.DataFrame()
    return frame[frame["run_id"].isin(res.ok_runs["run_id"])]


def _flagged(row: pd.Series, labels: dict[str, str]) -> list[str]:
    """Precision warnings of one level row (scenario, metric, mean, interval, n)."""
    found = replication_warnings([row.to_dict()], {str(row["scenario"]): int(row["n"])},
                                 labels)
    return [f"year {int(row['year'])}: {w}" for w in found]


def render(res: Results) -> str:
    """The text of the page for the results store ``res``."""
    base, scenarios = res.baseline, res.scenarios
    yearly = _ok_rows(res, res.yearly)
    n_districts = districts(res.ok_runs)
    if n_districts > 1 and not yearly.empty:  # pair district by district, year by year
        yearly = district_means(with_structure(yearly, res.ok_runs),
                                [c for c in yearly.columns if c in METRICS], ["year"])
    bounds = {m.key: m.bounds for m in METRICS.summaries()}
    labels = {m.key: m.label for m in METRICS.summaries()}
    years = window_years(res)
    lines = [
        "<!-- GENERATED FILE: do not edit by hand. Regenerate with",
        f"     python -m commsim.docgen.policy_effects docs/policy_effects.md (see {SPEC}). -->",
        "", "# Policy effects year by year", "",
        f"Every built-in scenario against `{base}`, paired by replication: replication *k* "
        "of every scenario uses the same random streams (common random numbers), so each "
        "policy's effect is estimated from the difference within each replication. Runs "
        f"measure {years:g} years after a warm-up of "
        f"{int(run_setting(res, 'run.warmup_days'))} days "
        "([warmup.md](warmup.md)); every number is a mean over replications with its "
        "95 % t-interval (kept inside a metric's bounds, `commsim.analysis.inference`).", "",
        "## Whole measured window", "", headline_markdown(res),
        "## Decision", "", decision_markdown(res),
        "## 决策(中文)", "", decision_markdown(res, lang="zh")]
    if yearly.empty:
        return "\n".join([*lines, "The store holds no per-year rows.", ""])
    table = yearly_comparison(yearly, base, scenarios, HEADLINE, bounds)
    trends = effect_trends(yearly, base, scenarios, HEADLINE).set_index(["scenario", "metric"])
    warnings = list(dict.fromkeys(w for _, row in table.iterrows() for w in _flagged(row, labels)))
    lines += _structure(res, scenarios, base, labels)
    lines += _summary(table, trends, scenarios, base)
    lines += _year_tables(table, trends, scenarios, base, labels)
    lines += _stationarity(res, yearly, bounds, labels)
    lines += ["## Precision", ""]
    lines += [f"- {w}" for w in warnings] or [
        "Every scenario-year has at least 10 replications and a 95 % half-width within 10 % "
        "of its mean (`commsim.analysis.precision`)."]
    return "\n".join([*lines, ""])


def structure_markdown(res: Results) -> str:
    """Each effect's structure share as one compact table (empty for one district).

    The README's companion to the headline table: how much of each effect's spread lies
    between the synthetic districts rather than in the replications' noise.
    """
    if districts(res.ok_runs) < 2:
        return ""
    base = res.baseline
    scenarios = [s for s in res.scenarios if s != base]
    shares = structure_shares(res.ok_runs, base, scenarios, HEADLINE)
    labels = {m: METRICS[m].label for m in HEADLINE}
    metrics = [m for m in HEADLINE if m in set(shares["metric"])]
    lines = ["**Structure share of each effect** (between-district variance / total, "
             f"{districts(res.ok_runs)} districts; docs/policy_effects.md has the spreads)", "",
             "| scenario | " + " | ".join(labels[m] for m in metrics) + " |",
             "|---" * (1 + len(metrics)) + "|"]
    table = shares.set_index(["scenario", "metric"])["structure_share"]
    for scenario in scenarios:
        cells = []
        for metric in metrics:
            value = float(table.get((scenario, metric), math.nan))
            cells.append("n/a" if math.isnan(value) else f"{value:.2f}")
        lines.append(f"| `{scenario}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n\n"


def _structure(res: Results, scenarios: Sequence[str], base: str,
               labels: dict[str, str]) -> list[str]:
    """The share of each effect's spread that comes from the district (several districts)."""
    if districts(res.ok_runs) < 2:
        return []
    shares = structure_shares(res.ok_runs, base, scenarios, HEADLINE)
    lines = ["## Structure apart from noise", "",
             f"The runs cover {districts(res.ok_runs)} synthetic districts "
             "(`run.structure_seed`). For each effect (whole window, paired difference from "
             f"`{base}`), *sd within* is the replication spread inside a district, *sd "
             "between* the spread of the districts' true effects (one-way random effects), "
             "and the structure share is between / (between + within) in variance "
             "(`commsim.analysis.structure_share`).", "",
             "| scenario | metric | districts | mean effect | sd within | sd between | "
             "structure share |", "|---|---|---|---|---|---|---|"]
    for row in shares.itertuples():
        metric = str(row.metric)
        lines.append(
            f"| `{row.scenario}` | {labels.get(metric, metric)} | {row.districts} | "
            f"{cell(float(row.effect_mean), math.nan, math.nan, metric, True)} | "
            f"{float(row.sd_within):.3g} | {float(row.sd_between):.3g} | "
            + ("n/a (no spread) |" if math.isnan(float(row.structure_share))
               else f"{float(row.structure_share):.2f} |"))
    return [*lines, ""]


def _summary(table: pd.DataFrame, trends: pd.DataFrame, scenarios: Sequence[str],
             base: str) -> list[str]:
    lines = ["## What the years show", ""]
    last = int(table["year"].max())
    # what a reading says -> how the summary names it
    changing: dict[tuple[str, str], list[str]] = {("shrinks", "shrink"): [],
                                                  ("grows", "grow"): [],
                                                  ("builds up", "build up"): []}
    for scenario in [s for s in scenarios if s != base]:
        parts = []
        for metric in HEADLINE:
            rows = table[(table["scenario"] == scenario) & (table["metric"] == metric)]
            if rows.empty:
                continue
            t = trends.loc[(scenario, metric)]
            first, final = rows.sort_values("year").iloc[[0, -1]].itertuples()
            said = reading(rows, (t.slope, t.slope_ci_low, t.slope_ci_high))
            for (word, _), found in changing.items():
                if word in said:
                    found.append(f"`{scenario}` on {METRICS[metric].label.lower()}")
            parts.append(
                f"{METRICS[metric].label}: {cell(first.diff_mean, first.diff_ci_low, first.diff_ci_high, metric, True)} in year 1, "  # noqa: E501
                f"{cell(final.diff_mean, final.diff_ci_low, final.diff_ci_high, metric, True)} "
                f"in year {last} — {said}")
        lines.append(f"- **`{scenario}`** — " + "; ".join(parts) + ".")
    summary = [f"effects that {verb} over the years: " + ", ".join(found)
               for (_, verb), found in changing.items() if found]
    lines += ["", "In short: " + ("; ".join(summary) if summary else
                                  "no effect changes across the measured years by more than "
                                  "its 95 % interval allows") + "."]
    lines += ["", "Effects are paired differences from the baseline (a negative overtime or "
              "turnover difference and a positive satisfaction difference are improvements); "
              "\"shrinks\", \"grows\" and \"persists\" read the trend of the paired "
              "difference across the measured years and its 95 % interval.", ""]
    return lines


def _year_tables(table: pd.DataFrame, trends: pd.DataFrame, scenarios: Sequence[str],
                 base: str, labels: dict[str, str]) -> list[str]:
    years = sorted(table["year"].unique())
    lines = ["## Effects by measured year", ""]
    for metric in HEADLINE:
        m = METRICS[metric]
        lines += [f"### {m.label} ({m.unit}), difference from `{base}`", "",
                  "| scenario | " + " | ".join(f"year {y}" for y in years)
                  + " | trend per year |", "|---" * (len(years) + 2) + "|"]
        for scenario in scenarios:
            rows = table[(table["scenario"] == scenario) & (table["metric"] == metric)]
            by = {int(r.year): r for r in rows.itertuples()}
            if scenario == base:
                cells = [cell(by[y].mean, by[y].ci_low, by[y].ci_high, metric) + " (level)"
                         if y in by else "" for y in years]
                lines.append(f"| `{scenario}` | " + " | ".join(cells) + " | |")
                continue
            cells = []
            for y in years:
                r = by.get(y)
                mark = " ‡" if r is not None and _flagged(pd.Series(r._asdict()), labels) else ""
                cells.append("" if r is None else cell(r.diff_mean, r.diff_ci_low,
                                                       r.diff_ci_high, metric, True) + mark)
            t = trends.loc[(scenario, metric)]
            lines.append(f"| `{scenario}` | " + " | ".join(cells) + " | "
                         + cell(t.slope, t.slope_ci_low, t.slope_ci_high, metric, True) + " |")
        lines.append("")
    lines += ["‡ the scenario's own yearly mean misses the precision thresholds (see "
              "Precision below).", ""]
    return lines


def _stationarity(res: Results, yearly: pd.DataFrame, bounds: Mapping[str, Bounds],
                  labels: dict[str, str]) -> list[str]:
    base = res.baseline
    metrics = [m for m in STEADY if m in yearly]
    levels = yearly_levels(yearly, base, metrics, bounds)
    years = sorted(levels["year"].unique())
    lines = ["## Baseline stationarity", "",
             f"Yearly means of `{base}` after the warm-up, and the trend across the measured "
             "years (per replication the least-squares slope on the year, then its mean "
             "over replications with a 95 % t-interval). A steady state shows no trend "
             "distinguishable from 0.", "",
             "| metric | " + " | ".join(f"year {y}" for y in years) + " | trend per year |",
             "|---" * (len(years) + 2) + "|"]
    steady = []
    for metric in metrics:
        part = levels[levels["metric"] == metric].set_index("year")
        cells = [cell(part.loc[y, "mean"], part.loc[y, "ci_low"], part.loc[y, "ci_high"],
                      metric) if y in part.index else "" for y in years]
        slope = trend(by_year(yearly, base, metric))
        if metric in HEADLINE:
            steady.append((labels.get(metric, metric), slope))
        lines.append(f"| {labels.get(metric, metric)} | " + " | ".join(cells) + " | "
                     + cell(*slope, metric, True) + " |")
    drifting = [name for name, (_, lo, hi) in steady if lo > 0 or hi < 0]
    lines += ["", ("No headline metric of the baseline has a trend distinguishable from 0 "
                   "across the measured years." if not drifting else
                   "Trend distinguishable from 0 across the measured years: "
                   + ", ".join(drifting) + ".") if len(years) > 1 else
              "Only one measured year: no trend can be estimated.", ""]
    lines += _mser_lines(res)
    return lines


def _mser_lines(res: Results) -> list[str]:
    daily = _ok_rows(res, res.daily)
    if daily.empty or "day" not in daily:
        return ["The store keeps no daily series: no MSER-5 check.", ""]
    warmup = int(run_setting(res, "run.warmup_days"))
    table = mser_table(daily, res.baseline)
    lines = [f"MSER-5 (`commsim.analysis.warmup.mser5`) on the replication-mean daily series of "
             f"`{res.baseline}`: days it would discard from the cold start (the warm-up here "
             f"is {warmup} days) and from the first measured day, on the raw series and with "
             "the day-of-year profile removed (inspections make the series seasonal).", "",
             "| series | from the cold start | deseasonalised | measured days only | "
             "deseasonalised |", "|---|---|---|---|---|"]
    for row in table.itertuples(index=False):
        values = ["n/a" if v != v else f"{int(v)}" for v in row[1:]]
        lines.append(f"| {row.series} | " + " | ".join(values) + " |")
    longest = table[["from_start", "from_start_deseasonalised"]].max().max()
    verdict = ("within the warm-up" if longest <= warmup else
               "beyond the warm-up: the warm-up may be too short for this model")
    lines += ["", f"Longest truncation from the cold start: {longest:.0f} days, {verdict}.", ""]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check`` verify) the page; 1 if stale, 2 on bad input (one line)."""
    import sys

    try:
        return generated_doc_main(argv, module="commsim.docgen.policy_effects",
                                  out="docs/policy_effects.md", text=pages,
                                  registry="the policy comparison's results", options=options)
    except InputError as exc:
        sys.stderr.write(f"commsim.docgen.policy_effects: error: {exc}\n")
        return InputError.exit_status


if __name__ == "__main__":
    raise SystemExit(main())
