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

from commsim.results.store import atomic_path
from commsim.robust import figures
from commsim.robust.metrics import Threshold, meets
from commsim.robust.spec import RobustSpec


def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else ""
    if isinstance(v, float):
        return "" if math.isnan(v) else f"{v:.4g}"
    return html.escape(str(v))


def _table(frame: pd.DataFrame, columns: list[str] | None = None) -> str:
    frame = frame[columns] if columns else frame
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{_fmt(v)}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fig(fig: go.Figure | None, key: str) -> str:
    if fig is None:
        return ""
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"fig-{key}",
                       config={"displaylogo": False})


def _ci(a: float, lo: float, hi: float) -> str:
    return f"{a:.3g} [{lo:.3g}, {hi:.3g}]"


def threshold_label(threshold: Threshold) -> str:
    """Readable name of a threshold from its metric declaration, e.g. ``Overtime ... ≤ 8 h``.

    The bound carries the metric's unit unless the metric is a share (a unit of 0-1).
    """
    import commsim.model  # noqa: F401  (declares the core summary metrics)
    from commsim.i18n import metric_name
    from commsim.metrics import METRICS

    decl = METRICS.get(threshold.metric)
    name = metric_name(decl) if decl is not None else threshold.metric
    unit = f" {decl.unit}" if decl is not None and decl.unit and not decl.is_share else ""
    low, high = threshold.low, threshold.high
    if low is not None and high is not None:
        return f"{low:g} ≤ {name} ≤ {high:g}{unit}"
    if high is not None:
        return f"{name} ≤ {high:g}{unit}"
    if low is not None:
        return f"{name} ≥ {low:g}{unit}"
    return f"{name} (any value)"


def satisficing_table(sat: pd.DataFrame, thresholds: Sequence[Threshold]) -> str:
    """The satisficing table: every threshold at once, then each threshold alone."""
    sat = sat.copy()
    columns = ["policy", "worlds", "met", "all thresholds: share [95% CI]"]
    sat[columns[-1]] = [_ci(*v) for v in zip(sat["share"], sat["ci_low"], sat["ci_high"],
                                             strict=True)]
    for t in thresholds:
        m = t.metric
        if f"share_{m}" not in sat:  # a table written before the per-threshold columns
            continue
        header = f"{threshold_label(t)}: share [95% CI]"
        sat[header] = [_ci(*v) for v in zip(sat[f"share_{m}"], sat[f"ci_low_{m}"],
                                            sat[f"ci_high_{m}"], strict=True)]
        columns.append(header)
    return _table(sat, columns)


def discovery_html(spec: RobustSpec, tidy: pd.DataFrame,
                   discovery: dict[str, dict[str, Any]]) -> str:
    """PRIM boxes per policy in words, the trajectories and a scatter per box."""
    rule = " and ".join(str(t) for t in spec.thresholds)
    parts = [f"<p>A policy <em>fails</em> in a world where it does not meet {html.escape(rule)}."
             " PRIM searches the worlds' uncertain inputs for a box where failures "
             "concentrate: <em>coverage</em> is the share of all failures inside the box, "
             "<em>density</em> the share of worlds in the box that fail.</p><ul>"]
    for policy, entry in discovery.items():
        box = entry.get("prim")
        text = f"<b>{html.escape(policy)}</b> fails in {entry['fails']} of {entry['worlds']} worlds"
        if box:
            text += (f"; mostly when {html.escape(box['rule'])} (coverage "
                     f"{box['coverage']:.0%}, density {box['density']:.0%}, "
                     f"{box['cases']} worlds in the box)")
        elif entry["fails"] == 0:
            text += ": it meets the thresholds everywhere"
        elif entry["fails"] == entry["worlds"]:
            text += ": it fails everywhere, so no condition separates failure"
        for leaf in entry.get("cart", [])[:1]:
            text += (f". CART: {html.escape(leaf['rule'])} (density {leaf['density']:.0%}, "
                     f"coverage {leaf['coverage']:.0%})")
        for rule_one, one in entry.get("by_threshold", {}).items():
            if one["prim"]:
                text += (f". Alone, <code>{html.escape(rule_one)}</code> fails in {one['fails']} "
                         f"worlds, mostly when {html.escape(one['prim']['rule'])} (coverage "
                         f"{one['prim']['coverage']:.0%}, density {one['prim']['density']:.0%})")
        parts.append(f"<li>{text}.</li>")
    parts.append("</ul>")
    parts.append(_fig(figures.trajectory_figure(discovery), "trajectories"))
    for i, (policy, entry) in enumerate(discovery.items()):
        if entry.get("prim"):
            part = tidy[tidy["policy"] == policy]
            fails = list(~meets(part, spec.thresholds).to_numpy())
            inputs = [r.key for r in (*spec.ranges, *spec.deep)]
            parts.append(_fig(figures.box_figure(tidy, policy, entry["prim"], fails, inputs),
                              f"box{i}"))
    return "\n".join(parts)


def render(spec: RobustSpec, *, provenance: dict[str, Any], calibration: dict[str, Any],
           tidy: pd.DataFrame | None = None, analysis: Any = None,
           search: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> str:
    """The report as one HTML document."""
    s: list[str] = [f"<h1>Robust decisions: {html.escape(spec.name)}</h1>",
                    f"<p>{html.escape(spec.description)}</p>", "<h2>Provenance</h2>",
                    _table(pd.DataFrame({"item": list(provenance),
                                         "value": [str(v) for v in provenance.values()]}))]
    s += ["<h2>1. Calibration: plausible worlds</h2>",
          f"<p>{len(calibration['ensemble'])} plausible worlds, history matching with a "
          "Gaussian-process emulator; waves:</p>",
          _table(pd.DataFrame(calibration["manifest"].get("waves", []))),
          "<h3>Calibrated ranges</h3>",
          _table(calibration["narrowing"]), _fig(figures.narrowing_figure(
              calibration["narrowing"]), "narrowing"),
          "<h3>Fit to the targets</h3>",
          _table(calibration["fit"], ["metric", "low", "high", "mean", "p05", "p95",
                                      "share_inside", "source"]),
          _fig(figures.fit_figure(calibration["fit"]), "fit")]
    if analysis is not None and tidy is not None:
        reg = analysis.regret_summary.copy()
        reg["mean regret [95% CI]"] = [_ci(*v) for v in zip(reg["mean_regret"], reg["mean_low"],
                                                             reg["mean_high"], strict=True)]
        reg["p90 regret [95% CI]"] = [_ci(*v) for v in zip(reg["pct_regret"], reg["pct_low"],
                                                            reg["pct_high"], strict=True)]
        s += ["<h2>2. Regret</h2>",
              f"<p>{tidy['world'].nunique()} worlds x {tidy['policy'].nunique()} policy "
              "options, common random numbers within a world. Regret is a policy's shortfall "
              "against the best option in the same world; minimax marks the option whose "
              "largest regret is smallest.</p>",
              _table(reg, ["metric", "policy", "worlds", "mean regret [95% CI]",
                           "p90 regret [95% CI]", "max_regret", "minimax"]),
              _fig(figures.regret_figure(analysis.regret_summary), "regret")]
        if not analysis.satisficing.empty:
            rule = " and ".join(str(t) for t in spec.thresholds)
            s += ["<h2>3. Satisficing</h2>",
                  "<p>Share of worlds in which each option meets every threshold, then each "
                  "threshold alone (95 % Clopper-Pearson intervals): the threshold with the "
                  "smallest share is the one that binds.</p>",
                  satisficing_table(analysis.satisficing, spec.thresholds),
                  _fig(figures.satisficing_figure(analysis.satisficing, rule), "satisficing"),
                  "<h3>Stability of the ranking</h3><p>Share of 1,000 bootstrap resamples of "
                  "the worlds in which each option ranks first.</p>",
                  _table(analysis.stability, ["criterion", "policy", "score", "share_first",
                                              "mean_rank"])]
        if analysis.discovery:
            s += ["<h2>4. Scenario discovery: where each policy fails</h2>",
                  discovery_html(spec, tidy, analysis.discovery)]
    if search is not None:
        evals, pareto = search
        levers = [r.key for r in spec.search_levers]
        s += ["<h2>5. Policy search: the robust Pareto front</h2>",
              f"<p>{spec.algorithm.upper()} over the levers of <code>"
              f"{html.escape(spec.search_scenario.name if spec.search_scenario else '')}"
              f"</code>; {len(evals)} settings evaluated, each in {spec.search_worlds} worlds; "
              f"objectives: the {spec.statistic} over worlds.</p>",
              _fig(figures.pareto_figure(pareto, evals, levers, list(spec.outcomes)), "pareto"),
              _table(pareto)]
    body = "\n".join(s)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Robust decisions: {html.escape(spec.name)}</title>
<script type="text/javascript">{get_plotlyjs()}</script>
<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}}
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
