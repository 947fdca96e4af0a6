"""The report's cost-effectiveness section: a table and the cost-effectiveness plane.

Both read the store's ``cost_effectiveness`` table (:mod:`commsim.cost_effectiveness`),
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

from commsim.cost_effectiveness import MEASURES
from commsim.headline_results import effectiveness
from commsim.report.style import base_layout, esc, fmt, number_format, rgba
from commsim.results import Results

#: Axis titles of the plane's effect axis, by measure.
EFFECT_AXES: dict[str, str] = {
    "yuan_per_overtime_hour_avoided": "overtime hours avoided (whole street, window)",
    "yuan_per_satisfied_household_gained": "satisfied households gained",
}
#: Axis titles of the plane's cost axis, by whether the measure takes cost per year.
COST_AXES: dict[bool, str] = {False: "Δ full social cost (yuan, window)",
                              True: "Δ full social cost (yuan a year)"}


def _ci(low: float, high: float, spec: str) -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return "not estimable"
    return f"{fmt(low, spec)} to {fmt(high, spec)}"


def table_figure(ce: pd.DataFrame, baseline: str, colors: Mapping[str, str]) -> go.Figure:
    """Table: per scenario and measure, cost difference, effect and ratio with 95 % CIs."""
    units = {m.name: m.unit for m in MEASURES}
    cols: dict[str, list[str]] = {k: [] for k in ("measure", "scenario", "n", "cost", "effect",
                                                  "ratio", "ci", "reading")}
    fills: list[str] = []
    for row in ce.itertuples(index=False):
        c_spec = number_format([row.cost_diff, row.cost_ci_low, row.cost_ci_high])
        e_spec = number_format([row.effect_diff, row.effect_ci_low, row.effect_ci_high])
        r_spec = number_format([row.ratio, row.ci_low, row.ci_high])
        cols["measure"].append(esc(units.get(row.measure, row.measure)))
        cols["scenario"].append(f"<b>{esc(row.scenario)}</b>")
        cols["n"].append(str(int(row.n)))
        cols["cost"].append(f"{fmt(row.cost_diff, c_spec)} "
                            f"({_ci(row.cost_ci_low, row.cost_ci_high, c_spec)})")
        cols["effect"].append(f"{fmt(row.effect_diff, e_spec)} "
                              f"({_ci(row.effect_ci_low, row.effect_ci_high, e_spec)})")
        cols["ratio"].append(fmt(row.ratio, r_spec) if np.isfinite(row.ci_low) else "–")
        cols["ci"].append(_ci(row.ci_low, row.ci_high, r_spec))
        cols["reading"].append(esc(row.reading))
        fills.append(rgba(colors.get(row.scenario, "#999999"), 0.15))
    header = ["Measure", "Scenario", "Pairs", f"Δ cost vs {esc(baseline)} (95% CI)",
              "Effect (95% CI)", "Ratio", "95% CI of ratio", "Reading"]
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
                        subplot_titles=[esc(m.unit) for m in measures])
    for k, m in enumerate(measures, start=1):
        part = ce[ce["measure"] == m.name]
        for row in part.itertuples(index=False):
            x, y = float(row.effect_diff), float(row.cost_diff)
            fig.add_trace(go.Scatter(
                x=[x], y=[y], mode="markers", name=esc(row.scenario),
                legendgroup=row.scenario, showlegend=k == 1,
                marker={"color": colors.get(row.scenario), "size": 11},
                error_x=_bar(x, row.effect_ci_low, row.effect_ci_high, colors.get(row.scenario)),
                error_y=_bar(y, row.cost_ci_low, row.cost_ci_high, colors.get(row.scenario)),
                hovertemplate=(f"<b>{esc(row.scenario)}</b><br>effect %{{x:,.1f}}<br>"
                               f"Δ cost %{{y:,.0f}} yuan<br>{esc(row.reading)}<extra></extra>"),
            ), row=1, col=k)
        fig.add_vline(x=0, line={"color": "#555", "dash": "dash", "width": 1}, row=1, col=k)
        fig.add_hline(y=0, line={"color": "#555", "dash": "dash", "width": 1}, row=1, col=k)
        fig.update_xaxes(title_text=esc(EFFECT_AXES.get(m.name, m.effect)) + " →  better",
                         row=1, col=k)
        fig.update_yaxes(title_text=esc(COST_AXES[m.per_year]), row=1, col=k)
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
    base = data.baseline
    return [
        ("cost-effectiveness", "Cost-effectiveness",
         f"Against {base}, paired by replication: the difference in full social cost "
         "(cost_yuan), the effect (overtime hours avoided; satisfied households gained) and "
         "their ratio with a delta-method 95% interval, with no ratio where the effect's "
         "interval contains 0 (the cost per unit of an effect that may be nil is unbounded).",
         table_figure(ce, base, colors)),
        ("cost-effectiveness-plane", "Cost-effectiveness plane",
         f"Each scenario's paired cost difference from {base} against its effect, with 95% "
         "intervals on both: lower right (cheaper and better) dominates, upper left (dearer "
         "and worse) is dominated, and the slope from the origin is the cost per unit of "
         "effect.",
         plane_figure(ce, colors)),
    ]
