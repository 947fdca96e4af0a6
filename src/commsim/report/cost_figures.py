"""The report's cost-effectiveness section: a table and the cost-effectiveness plane.

Both read the store's ``cost_effectiveness`` table (:mod:`commsim.analysis.cost_effectiveness`),
or compute it from the runs of an older store: per scenario and measure the paired mean
cost difference from the reference and the paired mean effect, each with its 95 %
interval, and their ratio with its delta-method interval. The plane puts the effect on the
x axis and the cost difference on the y axis, so the lower right quadrant (cheaper and
better) holds dominant policies and the upper left (dearer and worse) dominated ones.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from commsim.analysis.cost_effectiveness import MEASURES
from commsim.analysis.headline_results import effectiveness
from commsim.report.style import (
    active_language,
    base_layout,
    esc,
    fmt,
    number_format,
    rgba,
    scenario_label,
)
from commsim.report.words import say as report_say
from commsim.results import Results

#: The section's words in English and Chinese (``{field}`` placeholders).
WORDS: dict[str, dict[str, str]] = {
    "yuan_per_overtime_hour_avoided": {"en": "yuan per overtime hour avoided",
                                       "zh": "每减少1小时加班的成本(元)"},
    "yuan_per_satisfied_household_gained": {"en": "yuan a year per satisfied household gained",
                                            "zh": "每增加1户满意家庭每年的成本(元)"},
    "x.yuan_per_overtime_hour_avoided": {"en": "overtime hours avoided (whole street, a year)",
                                         "zh": "减少的加班时长(小时/年,全街道)"},
    "x.yuan_per_satisfied_household_gained": {"en": "satisfied households gained",
                                              "zh": "增加的满意户数"},
    "y.year": {"en": "Δ full social cost (yuan a year)", "zh": "全社会成本差(元/年)"},
    "better": {"en": "better →", "zh": "更好 →"},
    "title.table": {"en": "Cost-effectiveness", "zh": "成本效益"},
    "title.plane": {"en": "Cost-effectiveness plane, both measures",
                    "zh": "成本效益平面图(两种效果)"},
    "caption.table": {
        "en": "Against {base}, paired by replication: the difference in full social cost "
              "(cost_yuan, yuan a year), the effect (overtime hours avoided a year; satisfied "
              "households gained) and their ratio with a delta-method 95% interval, with no "
              "ratio where the effect's interval contains 0 (the cost per unit of an effect "
              "that may be nil is unbounded).",
        "zh": "相对{base}按重复运行配对:全社会成本差、效果(减少的加班时长;增加的满意户数)及二者"
              "之比(delta法95%置信区间);效果的置信区间包含0时不给出比值(效果可能为零时单位成本"
              "无界)。"},
    "caption.plane": {
        "en": "Each scenario's paired cost difference from {base} against its effect, with 95% "
              "intervals on both: lower right (cheaper and better) dominates, upper left "
              "(dearer and worse) is dominated, and the slope from the origin is the cost per "
              "unit of effect.",
        "zh": "各情景相对{base}的配对成本差与效果(均含95%置信区间):右下(更省且更好)为占优,"
              "左上(更贵且更差)为劣势,从原点出发的斜率即单位效果的成本。"},
    "head": {"en": "Measure|Scenario|Pairs|Δ cost vs {base} (95% CI)|Effect (95% CI)|Ratio|"
                   "95% CI of ratio|Reading",
             "zh": "效果指标|情景|配对数|相对{base}的成本差(95%置信区间)|效果(95%置信区间)|比值|"
                   "比值95%置信区间|解读"},
    "not estimable": {"en": "not estimable", "zh": "无法估计"},
}
#: Readings of :func:`commsim.analysis.cost_effectiveness.reading` in Chinese.
READINGS_ZH: dict[str, str] = {
    "dominant: cheaper and better": "占优:更省且更好",
    "better at no distinguishable extra cost": "更好,成本差异不明显",
    "better at extra cost (trade-off)": "更好但更贵(需权衡)",
    "cheaper but worse (trade-off)": "更省但更差(需权衡)",
    "worse at no distinguishable cost difference": "更差,成本差异不明显",
    "dominated: dearer and worse": "劣势:更贵且更差",
    "no effect distinguishable from 0: ratio not estimable": "效果与0无法区分:比值无法估计",
}


def say(key: str, **fields: object) -> str:
    """A phrase of the section in the report's language."""
    entry = WORDS[key]
    return entry.get(active_language(), entry["en"]).format(**fields)


def _reading(text: str) -> str:
    return READINGS_ZH.get(text, text) if active_language() == "zh" else text


def _ci(low: float, high: float, spec: str) -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return say("not estimable")
    return f"{fmt(low, spec)}{report_say('to')}{fmt(high, spec)}"


def table_figure(ce: pd.DataFrame, baseline: str, colors: Mapping[str, str]) -> go.Figure:
    """Table: per scenario and measure, cost difference, effect and ratio with 95 % CIs."""
    cols: dict[str, list[str]] = {k: [] for k in ("measure", "scenario", "n", "cost", "effect",
                                                  "ratio", "ci", "reading")}
    fills: list[str] = []
    for row in ce.itertuples(index=False):
        c_spec = number_format([row.cost_diff, row.cost_ci_low, row.cost_ci_high])
        e_spec = number_format([row.effect_diff, row.effect_ci_low, row.effect_ci_high])
        r_spec = number_format([row.ratio, row.ci_low, row.ci_high])
        cols["measure"].append(esc(say(row.measure) if row.measure in WORDS else row.measure))
        cols["scenario"].append(f"<b>{esc(scenario_label(row.scenario))}</b>")
        cols["n"].append(str(int(row.n)))
        cols["cost"].append(f"{fmt(row.cost_diff, c_spec)} "
                            f"({_ci(row.cost_ci_low, row.cost_ci_high, c_spec)})")
        cols["effect"].append(f"{fmt(row.effect_diff, e_spec)} "
                              f"({_ci(row.effect_ci_low, row.effect_ci_high, e_spec)})")
        cols["ratio"].append(fmt(row.ratio, r_spec) if np.isfinite(row.ci_low) else "–")
        cols["ci"].append(_ci(row.ci_low, row.ci_high, r_spec))
        cols["reading"].append(esc(_reading(row.reading)))
        fills.append(rgba(colors.get(row.scenario, "#999999"), 0.15))
    header = [esc(h) for h in say("head", base=scenario_label(baseline)).split("|")]
    fig = go.Figure(go.Table(
        columnwidth=[150, 210, 45, 180, 160, 70, 140, 220],
        header={"values": [f"<b>{h}</b>" for h in header], "fill_color": "#dfe5ec",
                "align": "left", "font": {"size": 12}},
        cells={"values": list(cols.values()), "align": "left", "height": 24,
               "fill_color": [fills] * len(cols)},
    ))
    return base_layout(fig, height=min(120 + 64 * len(ce), 1600))


def plane_figure(ce: pd.DataFrame, colors: Mapping[str, str]) -> go.Figure:
    """Cost difference against effect per scenario, with paired 95 % intervals on both axes."""
    measures = [m for m in MEASURES if (ce["measure"] == m.name).any()]
    fig = make_subplots(rows=1, cols=max(1, len(measures)), horizontal_spacing=0.14,
                        subplot_titles=[esc(say(m.name)) for m in measures])
    for k, m in enumerate(measures, start=1):
        part = ce[ce["measure"] == m.name]
        for row in part.itertuples(index=False):
            x, y = float(row.effect_diff), float(row.cost_diff)
            name = esc(scenario_label(row.scenario))
            fig.add_trace(go.Scatter(
                x=[x], y=[y], mode="markers", name=name,
                legendgroup=row.scenario, showlegend=k == 1,
                marker={"color": colors.get(row.scenario), "size": 11},
                error_x=_bar(x, row.effect_ci_low, row.effect_ci_high, colors.get(row.scenario)),
                error_y=_bar(y, row.cost_ci_low, row.cost_ci_high, colors.get(row.scenario)),
                hovertemplate=(f"<b>{name}</b><br>%{{x:,.1f}}<br>Δ %{{y:,.0f}}<br>"
                               f"{esc(_reading(row.reading))}<extra></extra>"),
            ), row=1, col=k)
        fig.add_vline(x=0, line={"color": "#555", "dash": "dash", "width": 1}, row=1, col=k)
        fig.add_hline(y=0, line={"color": "#555", "dash": "dash", "width": 1}, row=1, col=k)
        fig.update_xaxes(title_text=esc(say(f"x.{m.name}") + " · " + say("better")),
                         row=1, col=k)
        fig.update_yaxes(title_text=esc(say("y.year")),
                         row=1, col=k)
    base_layout(fig, height=500)
    fig.update_layout(margin={"t": 100}, legend={"y": 1.14})
    return fig


def _bar(centre: float, low: float, high: float, color: str | None) -> dict[str, object]:
    return {"type": "data", "symmetric": False,
            "array": [high - centre if np.isfinite(high) else 0],
            "arrayminus": [centre - low if np.isfinite(low) else 0],
            "color": color, "thickness": 1.5, "width": 5}


def sections(data: Results, colors: Mapping[str, str]
             ) -> list[tuple[str, str, str, go.Figure]]:
    """The section's figures as ``(key, title, caption, figure)``; none without a reference.

    Parameters
    ----------
    data : Results
        Loaded results.
    colors : mapping
        Scenario colours.

    """
    if len(data.scenarios) < 2 or "cost_yuan" not in data.ok_runs:
        return []
    ce = effectiveness(data)
    if ce.empty:
        return []
    shown = scenario_label(data.baseline)
    return [
        ("cost-effectiveness", say("title.table"), say("caption.table", base=shown),
         table_figure(ce, data.baseline, colors)),
        ("cost-effectiveness-plane", say("title.plane"), say("caption.plane", base=shown),
         plane_figure(ce, colors)),
    ]
