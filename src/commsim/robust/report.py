"""The robust-decision report: one self-contained HTML page (plotly.js inline, offline).

Sections: calibrated ranges and fits, regret and satisficing tables with confidence
intervals and the ranking's stability, PRIM boxes per policy in words and figures, and
the Pareto front of the policy search. How to read them: ``docs/decisions.md``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from commsim.analysis import decision_words as words
from commsim.core.i18n import scenario_name
from commsim.report.style import FONT_STACK
from commsim.results.store import atomic_path
from commsim.robust import figures
from commsim.robust.labels import (
    box_rule,
    criterion_label,
    metric_label,
    policy_label,
    provenance_rows,
    threshold_label,
    thresholds_text,
)
from commsim.robust.metrics import Threshold, meets
from commsim.robust.spec import RobustSpec
from commsim.robust.words import header, say

__all__ = ["discovery_html", "render", "satisficing_table", "threshold_label", "write_report"]


def _fmt(v: Any, lang: str = "en") -> str:
    if isinstance(v, bool):
        return say("yes", lang) if v else ""
    if isinstance(v, float):
        return "" if math.isnan(v) else f"{v:.4g}"
    return html.escape(str(v))


def _table(frame: pd.DataFrame, columns: list[str] | None = None, lang: str = "en") -> str:
    frame = frame[columns] if columns else frame
    head = "".join(f"<th>{html.escape(header(str(c), lang))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{_fmt(v, lang)}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fig(fig: go.Figure | None, key: str) -> str:
    if fig is None:
        return ""
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"fig-{key}",
                       config={"displaylogo": False})


def _ci(a: float, lo: float, hi: float) -> str:
    return f"{a:.3g} [{lo:.3g}, {hi:.3g}]"


def _scenarios(spec: RobustSpec) -> dict[str, str]:
    """Policy option -> the name of its scenario."""
    return {p.name: p.scenario.name for p in spec.policies}


def _named(frame: pd.DataFrame, lang: str, scenarios: dict[str, str] | None = None
           ) -> pd.DataFrame:
    """``frame`` with policy, metric and criterion values as readers name them in ``lang``."""
    if lang == "en":
        return frame
    frame = frame.copy()
    scenarios = scenarios or {}
    if "policy" in frame:
        frame["policy"] = [policy_label(str(v), lang, scenarios.get(str(v)))
                           for v in frame["policy"]]
    if "metric" in frame:
        frame["metric"] = [metric_label(str(v), lang) for v in frame["metric"]]
    if "criterion" in frame:
        frame["criterion"] = [criterion_label(str(v), lang) for v in frame["criterion"]]
    return frame


def satisficing_table(sat: pd.DataFrame, thresholds: Sequence[Threshold],
                      lang: str = "en") -> str:
    """The satisficing table: every threshold at once, then each threshold alone.

    Parameters
    ----------
    sat : pandas.DataFrame
        :func:`commsim.robust.metrics.satisficing` (policy names as readers see them).
    thresholds : sequence of Threshold
        The spec's thresholds, one column each.
    lang : {"en", "zh"}
        Language of the headers.

    """
    sat = sat.copy()
    all_header = say("col.all", lang)
    columns = ["policy", "worlds", "met", all_header]
    sat[all_header] = [_ci(*v) for v in zip(sat["share"], sat["ci_low"], sat["ci_high"],
                                            strict=True)]
    for t in thresholds:
        m = t.metric
        if f"share_{m}" not in sat:  # a table written before the per-threshold columns
            continue
        one = say("col.one", lang, label=threshold_label(t, lang))
        sat[one] = [_ci(*v) for v in zip(sat[f"share_{m}"], sat[f"ci_low_{m}"],
                                         sat[f"ci_high_{m}"], strict=True)]
        columns.append(one)
    return _table(sat, columns, lang)


def discovery_html(spec: RobustSpec, tidy: pd.DataFrame,
                   discovery: dict[str, dict[str, Any]], lang: str = "en") -> str:
    """PRIM boxes per policy in words, the trajectories and a scatter per box."""
    named = {str(t): t for t in spec.thresholds}
    scenarios = _scenarios(spec)
    parts = [say("disc.lede", lang, rule=html.escape(thresholds_text(spec.thresholds, lang))),
             "<ul>"]
    labels = {}
    for policy, entry in discovery.items():
        labels[policy] = policy_label(policy, lang, scenarios.get(policy))
        box = entry.get("prim")
        text = say("disc.fails", lang, policy=html.escape(labels[policy]),
                   fails=entry["fails"], worlds=entry["worlds"])
        if box:
            text += say("disc.box", lang, rule=html.escape(box_rule(box, lang)),
                        coverage=box["coverage"], density=box["density"], cases=box["cases"])
        elif entry["fails"] == 0:
            text += say("disc.never", lang)
        elif entry["fails"] == entry["worlds"]:
            text += say("disc.always", lang)
        for leaf in entry.get("cart", [])[:1]:
            text += say("disc.cart", lang, rule=html.escape(box_rule(leaf, lang)),
                        density=leaf["density"], coverage=leaf["coverage"])
        for rule_one, one in entry.get("by_threshold", {}).items():
            if one["prim"]:
                shown = threshold_label(named[rule_one], lang) \
                    if lang != "en" and rule_one in named else rule_one
                text += say("disc.alone", lang, threshold=html.escape(shown),
                            fails=one["fails"], rule=html.escape(box_rule(one["prim"], lang)),
                            coverage=one["prim"]["coverage"], density=one["prim"]["density"])
        parts.append(f"<li>{text}{say('disc.end', lang)}</li>")
    parts.append("</ul>")
    parts.append(_fig(figures.trajectory_figure(discovery, lang, labels), "trajectories"))
    for i, (policy, entry) in enumerate(discovery.items()):
        if entry.get("prim"):
            part = tidy[tidy["policy"] == policy]
            fails = list(~meets(part, spec.thresholds).to_numpy())
            inputs = [r.key for r in (*spec.ranges, *spec.deep)]
            parts.append(_fig(figures.box_figure(tidy, policy, entry["prim"], fails, inputs,
                                                 lang, labels[policy]), f"box{i}"))
    return "\n".join(parts)


def _calibration(calibration: dict[str, Any], lang: str) -> list[str]:
    """Section 1: the waves, the calibrated ranges and the fit to the targets."""
    fit = _named(calibration["fit"], lang)
    return [f"<h2>{say('cal', lang)}</h2>",
            f"<p>{say('cal.lede', lang, n=len(calibration['ensemble']))}</p>",
            _table(pd.DataFrame(calibration["manifest"].get("waves", [])), lang=lang),
            f"<h3>{say('cal.ranges', lang)}</h3>",
            _table(calibration["narrowing"], lang=lang),
            _fig(figures.narrowing_figure(calibration["narrowing"], lang), "narrowing"),
            f"<h3>{say('cal.fit', lang)}</h3>",
            _table(fit, ["metric", "low", "high", "mean", "p05", "p95", "share_inside",
                         "source"], lang),
            _fig(figures.fit_figure(fit, lang), "fit")]


def _decision(spec: RobustSpec, tidy: pd.DataFrame, analysis: Any, lang: str) -> list[str]:
    """The decision across worlds and the EVPPI ranking (nothing for an older store)."""
    decision = getattr(analysis, "decision", None)
    if decision is None:
        return []
    scenarios = _scenarios(spec)

    def name(option: str) -> str:
        return policy_label(option, lang, scenarios.get(option))

    parts = words.tables(decision, lang, name)
    if not analysis.evppi.empty:
        parts.append(words.evppi_table(analysis.evppi, lang))
    verdict = "".join(f"<p><b>{html.escape(v)}</b></p>"
                      for v in words.verdict(decision, lang, name, sample="world"))
    rule = words.say("rule", lang, ref=name(decision.reference),
                     sample=words.say("world", lang))
    return [f"<h2>{say('decision', lang)}</h2>",
            f"<p>{say('decision.lede', lang, worlds=tidy['world'].nunique())}</p>",
            verdict, words.as_html(parts), f"<p>{html.escape(rule)}</p>"]


def _analysis(spec: RobustSpec, tidy: pd.DataFrame, analysis: Any, lang: str) -> list[str]:
    """Sections 2-4: regret, satisficing with the ranking's stability, scenario discovery."""
    reg = _named(analysis.regret_summary, lang, _scenarios(spec))
    reg["mean_regret_ci"] = [_ci(*v) for v in zip(reg["mean_regret"], reg["mean_low"],
                                                  reg["mean_high"], strict=True)]
    reg["pct_regret_ci"] = [_ci(*v) for v in zip(reg["pct_regret"], reg["pct_low"],
                                                 reg["pct_high"], strict=True)]
    table = reg.rename(columns={"mean_regret": "_mean", "pct_regret": "_pct"}).rename(
        columns={"mean_regret_ci": "mean_regret", "pct_regret_ci": "pct_regret"})
    lede = say("regret.lede", lang, worlds=tidy["world"].nunique(),
               policies=tidy["policy"].nunique())
    s = [*_decision(spec, tidy, analysis, lang),
         f"<h2>{say('regret', lang)}</h2>", f"<p>{lede}</p>",
         _table(table, ["metric", "policy", "worlds", "mean_regret", "pct_regret",
                        "max_regret", "minimax"], lang),
         _fig(figures.regret_figure(reg, lang), "regret")]
    if not analysis.satisficing.empty:
        sat = _named(analysis.satisficing, lang, _scenarios(spec))
        s += [f"<h2>{say('sat', lang)}</h2>", f"<p>{say('sat.lede', lang)}</p>",
              satisficing_table(sat, spec.thresholds, lang),
              _fig(figures.satisficing_figure(sat, thresholds_text(spec.thresholds, lang),
                                              lang), "satisficing"),
              f"<h3>{say('stability', lang)}</h3><p>{say('stability.lede', lang)}</p>",
              _table(_named(analysis.stability, lang, _scenarios(spec)),
                     ["criterion", "policy", "score", "share_first", "mean_rank"], lang)]
    if analysis.discovery:
        s += [f"<h2>{say('discovery', lang)}</h2>",
              discovery_html(spec, tidy, analysis.discovery, lang)]
    return s


def _search(spec: RobustSpec, search: tuple[pd.DataFrame, pd.DataFrame], lang: str) -> list[str]:
    """Section 5: the policy search's Pareto front."""
    evals, pareto = search
    levers = [r.key for r in spec.search_levers]
    scenario = spec.search_scenario.name if spec.search_scenario else ""
    lede = say("search.lede", lang, algorithm=spec.algorithm.upper(),
               scenario=html.escape(scenario if lang == "en" else scenario_name(scenario, lang)),
               n=len(evals), worlds=spec.search_worlds,
               statistic=say(f"statistic.{spec.statistic}", lang))
    shown = pareto if lang == "en" else pareto.rename(
        columns={m: metric_label(m, lang, unit=True) for m in spec.outcomes})
    return [f"<h2>{say('search', lang)}</h2>", f"<p>{lede}</p>",
            _fig(figures.pareto_figure(pareto, evals, levers, list(spec.outcomes), lang),
                 "pareto"),
            _table(shown, lang=lang)]


def render(spec: RobustSpec, *, provenance: dict[str, Any], calibration: dict[str, Any],
           tidy: pd.DataFrame | None = None, analysis: Any = None,
           search: tuple[pd.DataFrame, pd.DataFrame] | None = None, lang: str = "en") -> str:
    """The report as one HTML document.

    Parameters
    ----------
    spec : RobustSpec
        The specification (name, thresholds, policies, search).
    provenance : dict
        Rows of the provenance table (keys as :func:`commsim.robust.pipeline.report_provenance`
        writes them; translated under ``lang``).
    calibration : dict
        :func:`commsim.robust.calibrate.load_calibration`.
    tidy, analysis : optional
        The experiment's outcomes and :class:`commsim.robust.analysis.Analysis`.
    search : tuple, optional
        ``(evaluations, pareto)`` of the policy search.
    lang : {"en", "zh"}
        Language of headings, paragraphs, tables and figures.

    """
    keys, values = provenance_rows(provenance, lang)
    title = html.escape(say("title", lang, name=spec.name))
    s: list[str] = [f"<h1>{title}</h1>", f"<p>{html.escape(spec.description)}</p>",
                    f"<h2>{say('provenance', lang)}</h2>",
                    _table(pd.DataFrame({"item": keys, "value": values}), lang=lang)]
    s += _calibration(calibration, lang)
    if analysis is not None and tidy is not None:
        s += _analysis(spec, tidy, analysis, lang)
    if search is not None:
        s += _search(spec, search, lang)
    body = "\n".join(s)
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}"><head><meta charset="utf-8">
<title>{title}</title>
<script type="text/javascript">{get_plotlyjs()}</script>
<style>body{{font-family:{FONT_STACK};max-width:1100px;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse;margin:1em 0;font-size:90%}}
td,th{{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}}</style>
</head><body>
{body}
</body></html>"""


def write_report(text: str, out: str | Path) -> Path:
    """Write the report atomically."""
    out = Path(out)
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return out
