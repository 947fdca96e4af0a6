"""What the brief says, gathered from a results store (language-ready text, no layout).

:func:`build` reads one store and returns a :class:`Brief`: the decision at the chosen
willingness to pay and budget (:mod:`commsim.analysis.net_benefit`), the three headline
effects of the chosen option with their intervals (the store's comparison table), each
option's cost, fiscal outlay and net benefit a year, the communities to start with
(:mod:`commsim.analysis.community_priority`), the caveats and a one-line provenance.
The page (:mod:`commsim.brief.page`) and the Word file (:mod:`commsim.brief.word_doc`)
lay out the same :class:`Brief`, so both say the same thing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from commsim.analysis.choice import Choice, Option, choose
from commsim.analysis.community_priority import NORM_HOUSEHOLDS_PER_POST, priority
from commsim.analysis.decision import DEFAULT_WTP
from commsim.analysis.precision import MIN_REPLICATIONS
from commsim.analysis.stored import window_years
from commsim.brief.words import say
from commsim.core.i18n import metric_name, missing, money, scenario_name, unit_name
from commsim.results import Results

#: Communities listed on the page (the rest are counted).
MAX_COMMUNITIES = 10
#: The three headline effects the brief shows (those of a store's headline metrics, in
#: this order; a store without them shows its first three headline metrics).
EFFECTS: tuple[str, ...] = ("overtime_hours_per_cadre_week", "resident_satisfaction",
                            "turnover_rate")


@dataclass
class Table:
    """A small table: a title, column headers and rows of text."""

    title: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    footnote: str = ""


@dataclass
class Brief:
    """The brief's content in one language."""

    lang: str
    title: str
    subtitle: str
    decision: list[str]
    effects: Table
    options: Table
    communities: Table
    caveats: list[str]
    provenance: str


def _interval(lo: float, hi: float, lang: str, fmt: Any) -> str:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return missing(lang)
    return f"{fmt(lo)} {'至' if lang == 'zh' else 'to'} {fmt(hi)}"


def _hours(value: float, lang: str) -> str:
    return missing(lang) if not math.isfinite(value) else f"{value:+,.0f}"


def _effects(data: Results, name: str, lang: str) -> Table:
    """The headline metrics of ``name`` against the reference: change and 95 % interval."""
    base = data.baseline
    table = Table(say("effects", lang, name=scenario_name(name, lang),
                      base=scenario_name(base, lang)),
                  [say("col.metric", lang), say("col.change", lang), say("col.ci", lang)])
    comparison = data.comparison
    if comparison is None:
        return table
    rows = comparison[comparison["scenario"] == name].set_index("metric")
    headline = [k for k in data.catalog.headline() if k in rows.index]
    for key in [k for k in EFFECTS if k in headline] or headline[:3]:
        declared = data.catalog.metric(key)
        r = rows.loc[key]
        fmt = (lambda v, d=declared: d.format(float(v), signed=True)) if declared else \
            (lambda v: f"{float(v):+,.3g}")
        lo, hi = float(r["diff_ci_low"]), float(r["diff_ci_high"])
        clear = math.isfinite(lo) and math.isfinite(hi) and (lo > 0 or hi < 0)
        unit = unit_name(declared.unit, lang) if declared else ""
        label = metric_name(declared, lang) if declared else key
        table.rows.append([f"{label} ({unit})" if unit else label,
                           fmt(r["diff_mean"]),
                           f"{_interval(lo, hi, lang, fmt)}; "
                           f"{say('clear' if clear else 'unclear', lang)}"])
    return table


def _options(choice: Choice, lang: str) -> Table:
    """Every option's hours avoided, cost, outlay and net benefit a year, with intervals."""
    per_year = say("per_year", lang)
    table = Table(say("options", lang),
                  [say("col.option", lang), say("col.hours", lang) + per_year,
                   say("col.cost", lang) + per_year, say("col.outlay", lang) + per_year,
                   say("col.nb", lang) + per_year])
    for o in choice.options:
        table.rows.append([scenario_name(o.scenario, lang), _hours(o.hours_avoided[0], lang),
                           money(o.cost[0], lang, signed=True), money(o.outlay[0], lang),
                           money(o.net_benefit[0], lang, signed=True)])
    return table


def _decision(choice: Choice, lang: str) -> list[str]:
    """The decision sentence, then the break-even value of each option."""
    terms = say("terms.wtp", lang, wtp=f"{choice.wtp:,.1f}")
    if choice.budget is not None:
        terms += say("terms.budget", lang, budget=money(choice.budget, lang))
    chosen = choice.option(choice.chosen)
    if chosen is not None:
        nb = chosen.net_benefit
        lines = [say("fund", lang, terms=terms, name=scenario_name(chosen.scenario, lang),
                     nb=money(nb[0], lang), lo=money(nb[1], lang, signed=True),
                     hi=money(nb[2], lang, signed=True),
                     outlay=money(chosen.outlay[0], lang))]
    else:
        within = say("within", lang) if choice.budget is not None else ""
        lines = [say("keep", lang, terms=terms, base=scenario_name(choice.reference, lang),
                     within=within)]
    for o in choice.options:
        hours, cost = o.hours_avoided[0], o.cost[0]
        if hours <= 0:
            continue
        name = scenario_name(o.scenario, lang)
        lines.append(say("breakeven.never", lang, name=name) if cost <= 0 else
                     say("breakeven", lang, name=name, wtp=f"{cost / hours:,.1f}"))
    return lines


def _communities(table: pd.DataFrame, lang: str, budget: float | None) -> Table:
    """The priority list, the most worthwhile communities first."""
    out = Table(say("communities", lang),
                [say("col.rank", lang), say("col.community", lang), say("col.policy", lang),
                 say("col.overtime", lang), say("col.nb", lang) + say("per_year", lang),
                 say("col.per_post", lang), say("col.note", lang)])
    for row in table.head(MAX_COMMUNITIES).itertuples(index=False):
        notes: list[str] = []
        if not row.helped:
            notes.append(say("note.unhelped", lang))
        elif not row.worthwhile:
            notes.append(say("note.not_worth", lang))
        elif budget is not None:
            notes.append(say("note.reached" if row.reached else "note.beyond", lang))
        out.rows.append([str(row.priority), str(row.name),
                         scenario_name(str(row.scenario), lang),
                         f"{row.overtime_diff:+.1f}", money(row.net_benefit, lang, signed=True),
                         f"{row.households_per_post:,.0f}" + ("*" if row.over_norm else ""),
                         "".join(notes)])
    more = len(table) - MAX_COMMUNITIES
    out.footnote = (say("more", lang, n=more) if more > 0 else "") + \
        say("legend", lang, norm=NORM_HOUSEHOLDS_PER_POST)
    return out


def _provenance(data: Results, lang: str) -> str:
    manifest = data.manifest
    versions = manifest.get("versions") or {}
    return say("provenance", lang, version=versions.get("commsim", "?"),
               commit=str(manifest.get("git_commit") or "?")[:7],
               seed=manifest.get("root_seed", "?"), folder=data.path.name,
               date=dt.date.today().isoformat())


def build(data: Results, *, lang: str = "en", wtp: float | None = None,
          budget: float | None = None) -> tuple[Brief, Choice, pd.DataFrame]:
    """The brief of a comparison store, with the decision and the priority list behind it.

    Parameters
    ----------
    data : Results
        A store written by ``commsim compare`` (replications of two or more scenarios).
    lang : {"en", "zh"}
        Language of the text.
    wtp : float, optional
        Yuan per overtime hour avoided (default: the model's shadow price).
    budget : float, optional
        Fiscal outlay a year available, yuan.

    Returns
    -------
    tuple
        The :class:`Brief`, the :class:`~commsim.analysis.net_benefit.Choice` and the
        priority table (:func:`commsim.analysis.community_priority.priority`).

    """
    years = window_years(data)
    runs = data.ok_runs
    choice = choose(runs, years=years, wtp=wtp, budget=budget, scenarios=data.scenarios,
                    reference=data.baseline)
    ranked = priority(data.community, runs, reference=data.baseline, wtp=choice.wtp,
                      years=years, budget=budget) if data.community is not None else \
        pd.DataFrame()
    shown = choice.chosen if choice.chosen != choice.reference else _best(choice.options)
    reps = int(runs.groupby("scenario").size().min()) if not runs.empty else 0
    caveats = [say("caveat.reps", lang, reps=reps)]
    if reps < MIN_REPLICATIONS:
        caveats.insert(0, say("caveat.provisional", lang, min=MIN_REPLICATIONS))
    caveats += [say("caveat.value", lang,
                    source=say("source.default" if choice.wtp == DEFAULT_WTP
                               else "source.given", lang)),
                say("caveat.share", lang), say("caveat.model", lang)]
    community = data.community
    first = community[community["scenario"] == data.baseline] if community is not None else None
    if first is not None and not first.empty:
        first = first[first["replication"] == first["replication"].min()]
        n, households = len(first), int(first["households"].sum())
    else:
        n, households = 0, 0
    brief = Brief(
        lang=lang, title=say("title", lang),
        subtitle=say("subtitle", lang, n=n, households=f"{households:,}",
                     scenarios=len(choice.options), base=scenario_name(data.baseline, lang),
                     reps=reps, days=round(years * 365)),
        decision=_decision(choice, lang),
        effects=_effects(data, shown, lang) if shown else Table("", []),
        options=_options(choice, lang),
        communities=_communities(ranked, lang, budget) if not ranked.empty else Table("", []),
        caveats=caveats, provenance=_provenance(data, lang))
    return brief, choice, ranked


def _best(options: list[Option]) -> str:
    """The option with the best net benefit (shown even when none is positive)."""
    best = max(options, key=lambda o: o.net_benefit[0], default=None)
    return best.scenario if best is not None else ""
