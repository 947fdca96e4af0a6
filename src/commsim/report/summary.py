"""The report's opening: the decision and the cost-effectiveness plane.

The decision (:func:`commsim.analysis.decision.decide`, the same one ``commsim compare``
prints) is the efficiency frontier, net monetary benefit at the planner's willingness to
pay, the acceptability curve, the budget-constrained choice and the valuation
sensitivity of the stored runs; the plane places every scenario by the overtime it
avoids a year and what it costs a year against the reference, both with 95 % intervals,
so "which is best, at what cost" is answered before any other figure.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from commsim.analysis import cost_effectiveness
from commsim.analysis import decision_words as words
from commsim.analysis.decision import DEFAULT_WTP
from commsim.analysis.stored import decidable, decision_of, sensitivity_of, window_years
from commsim.report.data import ResultsData, headline_table
from commsim.report.style import (
    active_language,
    base_layout,
    esc,
    scenario_colors,
    scenario_label,
)

#: Effect on the plane's x axis (a year of the window) and the cost on its y axis.
EFFECT, COST = "overtime_hours", "cost_yuan"

PLANE_WORDS: dict[str, dict[str, str]] = {
    "x": {"en": "overtime hours avoided against {base} (h a year, whole street) · better →",
          "zh": "相对{base}减少的加班时长(小时/年,全街道)· 更好 →"},
    "y": {"en": "extra full social cost against {base} (yuan a year)",
          "zh": "相对{base}增加的全社会成本(元/年)"},
    "hover": {"en": "{name}<br>overtime avoided: %{{x:,.0f}} h<br>extra cost: %{{y:,.0f}} yuan"
                    "<br>{ratio}<extra></extra>",
              "zh": "{name}<br>减少加班:%{{x:,.0f}}小时<br>增加成本:%{{y:,.0f}}元"
                    "<br>{ratio}<extra></extra>"},
    "ratio": {"en": "{value:,.1f} yuan per overtime hour avoided",
              "zh": "每减少1小时加班{value:,.1f}元"},
    "title": {"en": "Cost-effectiveness plane", "zh": "成本效益平面图"},
    "caption": {"en": "Each scenario's overtime avoided and extra cost against {base}, paired "
                      "by replication with 95% intervals; right is better, lower is cheaper, "
                      "and the slope from the origin is the cost per overtime hour avoided.",
                "zh": "各情景相对{base}减少的加班和增加的成本(按重复运行配对,含95%置信区间);"
                      "越靠右越好,越靠下越省钱,从原点出发的斜率即每减少1小时加班的成本。"},
}


def plane_word(key: str, **fields: object) -> str:
    """A phrase of the plane in the report's language."""
    entry = PLANE_WORDS[key]
    return entry.get(active_language(), entry["en"]).format(**fields)


def applies(data: ResultsData) -> bool:
    """True for a comparison of two or more scenarios without swept parameters."""
    return len(data.scenarios) > 1 and not data.param_columns


def decision_html(data: ResultsData, wtp: float = DEFAULT_WTP,
                  budget: float | None = None) -> str:
    """The decision as HTML: verdict, options, frontier, CEAC and valuation sensitivity."""
    if not decidable(data):
        return ""
    lang = active_language()
    decision = decision_of(data, wtp, budget)
    parts = [*words.tables(decision, lang, scenario_label),
             words.sensitivity_table(sensitivity_of(data, wtp), decision.reference, lang,
                                     scenario_label)]
    verdict = "".join(f'<p class="verdict">{esc(v)}</p>'
                      for v in words.verdict(decision, lang, scenario_label))
    rule = words.say("rule", lang, ref=scenario_label(decision.reference),
                     sample=words.say("replication", lang))
    return (f'<div class="decision">{verdict}{words.as_html(parts)}'
            f'<p class="caption">{esc(rule)}</p></div>')


def plane_figure(data: ResultsData) -> go.Figure:
    """Cost-effectiveness plane: overtime avoided (x) against extra cost (y), with 95% CIs."""
    base = data.baseline
    colors = scenario_colors(data.scenarios)
    table = headline_table(data, [EFFECT, COST])
    years = window_years(data)
    ratios = cost_effectiveness.table(data.ok_runs, base, scenarios=data.scenarios,
                                      years=years)
    fig = go.Figure()
    for scenario in data.scenarios:
        if scenario == base:
            continue
        rows = table[table["scenario"] == scenario].set_index("metric")
        if EFFECT not in rows.index or COST not in rows.index:
            continue
        e, c = rows.loc[EFFECT], rows.loc[COST]
        x, y = -float(e["diff_mean"]) / years, float(c["diff_mean"])
        hit = ratios[(ratios["scenario"] == scenario)
                     & (ratios["measure"] == cost_effectiveness.MEASURES[0][0])]
        ratio = float(hit["ratio"].iloc[0]) if not hit.empty else math.nan
        name = esc(scenario_label(scenario))
        fig.add_trace(go.Scatter(
            # no text at the points (labels of nearby options overlap): the legend and
            # the hover name them
            x=[x], y=[y], mode="markers", name=name, legendgroup=scenario,
            marker={"color": colors[scenario], "size": 12},
            error_x=_error(x, -float(e["diff_ci_high"]) / years,
                           -float(e["diff_ci_low"]) / years, colors[scenario]),
            error_y=_error(y, float(c["diff_ci_low"]), float(c["diff_ci_high"]),
                           colors[scenario]),
            hovertemplate=plane_word("hover", name=name, ratio=esc(
                plane_word("ratio", value=ratio) if math.isfinite(ratio) else "")),
        ))
    for axis in ("x", "y"):
        getattr(fig, f"add_{'v' if axis == 'x' else 'h'}line")(
            **{axis: 0}, line={"color": "#555", "dash": "dash", "width": 1})
    fig.update_xaxes(title_text=esc(plane_word("x", base=scenario_label(base))),
                     zeroline=False)
    fig.update_yaxes(title_text=esc(plane_word("y", base=scenario_label(base))),
                     zeroline=False, tickformat=",.0f")
    return base_layout(fig, height=460)


def _error(mid: float, low: float, high: float, colour: str) -> dict[str, object]:
    """An asymmetric error bar from ``low`` to ``high`` around ``mid`` (none if unknown)."""
    ok = math.isfinite(low) and math.isfinite(high)
    return {"type": "data", "symmetric": False, "array": [max(high - mid, 0) if ok else 0],
            "arrayminus": [max(mid - low, 0) if ok else 0], "color": colour, "thickness": 2,
            "width": 6}

