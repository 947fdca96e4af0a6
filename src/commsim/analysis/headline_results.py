"""The headline table and the decision of a policy comparison as Markdown (the README's).

One row per scenario: the three headline metrics, the full social cost and the fiscal
outlay per year, each as the mean over replications with its 95 % interval and, for
every scenario but the reference, the paired difference from it; then the two
cost-effectiveness ratios of :mod:`commsim.analysis.cost_effectiveness` with their
delta-method intervals. :func:`decision_markdown` adds the decision of
:func:`commsim.analysis.decision.decide` (verdict at the planner's willingness to pay,
options, efficiency frontier with ICERs, acceptability curve) and the valuation
sensitivity, in English or Chinese. Everything is computed from a results store, so the
tables can be regenerated from the store they describe.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from commsim.analysis import cost_effectiveness
from commsim.analysis import decision_words as words
from commsim.analysis.decision import DEFAULT_WTP
from commsim.analysis.inference import compare
from commsim.analysis.stored import (
    decidable,
    decision_of,
    scenario_params,
    sensitivity_of,
    window_years,
)
from commsim.analysis.structure_share import district_means, districts
from commsim.core.i18n import scenario_name
from commsim.core.metrics import METRICS, format_number
from commsim.results import Results

#: Metrics of the headline table (whole measured window).
HEADLINE: tuple[str, ...] = ("overtime_hours_per_cadre_week", "overtime_hours",
                             "resident_satisfaction", "turnover_rate")
#: Column heads of the headline table.
HEADS: dict[str, str] = {
    "overtime_hours_per_cadre_week": "Overtime (h per cadre-week)",
    "overtime_hours": "Overtime, all cadres (h per year)",
    "resident_satisfaction": "Satisfied, households with contact (share)",
    "turnover_rate": "Cadre turnover (per year)",
}
#: Column of the full social cost per year (``cost_yuan``, yuan a year).
COST_PER_YEAR = "cost_yuan_per_year"
#: Cost columns of the headline table: full social cost and fiscal outlay, yuan a year.
COSTS: dict[str, str] = {COST_PER_YEAR: "Full social cost (yuan/yr)",
                         "fiscal_outlay_yuan": "Fiscal outlay (yuan/yr)"}
#: Headline totals over the window shown per year (the window's total / its years).
PER_YEAR: tuple[str, ...] = ("overtime_hours",)


def run_setting(results: Results, key: str) -> Any:
    """A run parameter of the reference scenario as the store records it (else the default)."""
    return scenario_params(results, results.baseline)[key]


def _per_year(results: Results) -> float:
    """Divisor that makes the store's ``cost_yuan`` yuan a year (older stores: the window)."""
    declared = (results.manifest.get("metric_declarations") or {}).get("cost_yuan") or {}
    unit = declared.get("unit") if isinstance(declared, dict) else None
    return window_years(results) if unit == "yuan" else 1.0


def whole_window(results: Results) -> pd.DataFrame:
    """Comparison of the headline metrics and the cost per year over the measured window.

    Returns
    -------
    pandas.DataFrame
        :data:`commsim.analysis.inference.COMPARISON_COLUMNS`; cost in yuan a year
        (:data:`COST_PER_YEAR`), the totals of :data:`PER_YEAR` per year.

    """
    runs = results.ok_runs.copy()
    metrics = [m for m in HEADLINE if m in runs]
    if districts(runs) > 1:  # several districts: pair district by district
        runs = district_means(runs, [*metrics, "cost_yuan", "fiscal_outlay_yuan"])
    years = window_years(results)
    for total in PER_YEAR:
        if total in runs:
            runs[total] = runs[total] / years
    if "cost_yuan" in runs:
        runs[COST_PER_YEAR] = runs["cost_yuan"] / _per_year(results)
        metrics.append(COST_PER_YEAR)
    if "fiscal_outlay_yuan" in runs:
        metrics.append("fiscal_outlay_yuan")
    bounds = {m.key: m.bounds for m in METRICS.summaries()}
    bounds[COST_PER_YEAR] = (0.0, None)
    return compare(runs, metrics, results.baseline, scenarios=results.scenarios, bounds=bounds)


def effectiveness(results: Results) -> pd.DataFrame:
    """The store's cost-effectiveness table, or one computed from its runs (older stores)."""
    stored = results.cost_effectiveness
    runs = results.ok_runs
    if districts(runs) > 1:  # the engine's table pairs across districts: recompute by district
        runs, stored = district_means(runs, _ce_columns()), None
    if stored is not None and not stored.empty:
        return stored
    return cost_effectiveness.table(runs, results.baseline,
                                    scenarios=results.scenarios, years=window_years(results))


def _ce_columns() -> list[str]:
    """Run columns the cost-effectiveness table reads."""
    return list(dict.fromkeys(["cost_yuan", *(m.effect for m in cost_effectiveness.MEASURES)]))


def _num(value: float, metric: str, signed: bool = False) -> str:
    declared = METRICS.get(metric)
    text = format_number(value, signed=signed, integer=bool(declared and declared.integer))
    return text.replace("-", "−")


def cell(mean: float, low: float, high: float, metric: str = "", signed: bool = False) -> str:
    """``mean [low, high]`` for a Markdown table (``n/a`` parts where missing)."""
    if math.isnan(low) or math.isnan(high):
        return _num(mean, metric, signed)
    return (f"{_num(mean, metric, signed)} [{_num(low, metric, signed)}, "
            f"{_num(high, metric, signed)}]")


def _ratio_cell(row: pd.Series | None) -> str:
    if row is None:
        return ""
    if math.isnan(row["ratio"]) or math.isnan(row["ci_low"]):
        return f"n/e ({row['reading']})" if "not estimable" in row["reading"] else \
            f"{_num(row['ratio'], '')} (no CI)"
    return f"{cell(row['ratio'], row['ci_low'], row['ci_high'], '')}; {row['reading']}"


def headline_markdown(results: Results) -> str:
    """The headline table with its caption, as Markdown (ends in a newline)."""
    table = whole_window(results).set_index(["scenario", "metric"])
    ce = effectiveness(results)
    ratios = {(r["scenario"], r["measure"]): r for _, r in ce.iterrows()}
    base = results.baseline
    costs = [c for c in COSTS if c in set(table.index.get_level_values("metric"))]
    heads = [HEADS.get(m, METRICS[m].label) for m in HEADLINE] + [COSTS[c] for c in costs]
    measures = cost_effectiveness.MEASURES
    lines = ["| scenario | " + " | ".join(heads) + " | "
             + " | ".join(m.unit.capitalize() for m in measures) + " |",
             "|---" * (1 + len(heads) + len(measures)) + "|"]
    for scenario in results.scenarios:
        cells = [f"`{scenario}`"]
        for metric in [*HEADLINE, *costs]:
            if (scenario, metric) not in table.index:
                cells.append("")
                continue
            row = table.loc[(scenario, metric)]
            text = cell(row["mean"], row["ci_low"], row["ci_high"], metric)
            if scenario != base:
                text += "<br>Δ " + cell(row["diff_mean"], row["diff_ci_low"],
                                        row["diff_ci_high"], metric, signed=True)
            cells.append(text)
        for m in measures:
            cells.append("reference" if scenario == base
                         else _ratio_cell(ratios.get((scenario, m.name))))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n\n" + caption(results) + "\n"


def caption(results: Results) -> str:
    """Where the numbers come from: size, pairing, window, seed, date and commit."""
    m = results.manifest
    counts = results.ok_runs.groupby("scenario").size()
    n_districts = districts(results.ok_runs)
    reps = int(counts.min()) // n_districts if len(counts) else 0
    commit = str(m.get("git_commit") or "")[:10] or "unknown commit"
    date = str(m.get("ended") or m.get("started") or "")[:10]
    wall = m.get("sweep_wall_seconds")
    took = f", {float(wall) / 60:.0f} min wall time" if isinstance(wall, (int, float)) else ""
    workers = (m.get("executor") or {}).get("workers")
    on = f" on {workers} worker(s)" if workers else ""
    over = (f"over {n_districts} synthetic districts (`run.structure_seed`; each the mean of "
            f"{reps} replications; the interval covers the districts' spread as well as the "
            "noise) per scenario; Δ = paired difference "
            f"from `{results.baseline}` (same district and replications, common random "
            "numbers) [95 % CI]. ") if n_districts > 1 else (
            f"over {reps} replication{'s' if reps != 1 else ''} per scenario; Δ = paired "
            f"difference from `{results.baseline}` (same replication, common random "
            "numbers) [95 % CI]. ")
    return (f"{interim(results)}Mean [95 % CI] {over}"
            f"{int(run_setting(results, 'run.communities'))} communities, warm-up "
            f"{int(run_setting(results, 'run.warmup_days'))} days, then "
            f"{window_years(results):g} measured years; full social cost (`cost_yuan`, "
            f"valuation `{run_setting(results, 'valuation.basis')}`) and fiscal outlay "
            "(`fiscal_outlay_yuan`: what budgets pay) per year; n/e: not estimable, the "
            "effect's interval contains 0. "
            f"Seed {m.get('root_seed', '?')}, measured {date} at commit {commit}{took}{on}.")


def interim(results: Results) -> str:
    """A warning sentence if the store has not finished (its runs so far are shown)."""
    if results.complete:
        return ""
    m = results.manifest
    spec = m.get("spec") or {}
    planned = int(spec.get("replications", 0)) * len(m.get("scenarios") or {})
    return (f"**Interim:** the results store is {results.status}; {len(results.ok_runs)} of "
            f"{planned or '?'} planned runs had finished. ")


def decision_markdown(results: Results, wtp: float = DEFAULT_WTP, budget: float | None = None,
                      lang: str = "en") -> str:
    """The decision of the store and its valuation sensitivity as Markdown (may be empty).

    The verdict at ``wtp`` (and ``budget``), the options table, the efficiency frontier
    with ICERs for each effect, the acceptability curve and the best option and cost
    differences under every valuation basis, in ``lang``.
    """
    if not decidable(results):
        return ""
    decision = decision_of(results, wtp, budget)

    def name(s: str) -> str:
        return f"`{s}`" if lang == "en" else scenario_name(s, lang)

    parts = [*words.tables(decision, lang, name),
             words.sensitivity_table(sensitivity_of(results, wtp), decision.reference, lang,
                                     name)]
    # over several synthetic districts the paired samples are the districts' means
    sample = "district" if districts(results.ok_runs) >= 2 else "replication"
    rule = words.say("rule", lang, ref=name(decision.reference), sample=words.say(sample, lang))
    return "\n".join([" ".join(words.verdict(decision, lang, name, sample=sample)), "",
                      words.as_markdown(parts), rule, ""])
