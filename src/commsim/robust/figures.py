"""Plotly figures of the robust-decision report (calibration, regret, satisficing, PRIM, Pareto).

Every figure takes the report's language ``lang``; its titles, axes, legends and hover
texts come from :mod:`commsim.robust.words` and metric names from
:mod:`commsim.robust.labels`. Policy and metric values in the frames passed in are shown
as they are (the report names them for its language first).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from commsim.report.style import FONT
from commsim.robust.labels import box_rule, metric_label
from commsim.robust.words import say

#: Okabe-Ito colour-blind-safe palette.
PALETTE = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7",
           "#F0E442")
_LAYOUT: dict[str, Any] = {"template": "simple_white", "font": FONT,
                           "margin": {"l": 60, "r": 20, "t": 50, "b": 50}}


def narrowing_figure(narrowing: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Each calibrated parameter: its prior range (grey) and the ensemble's range (blue)."""
    fig = go.Figure()
    for i, row in narrowing.reset_index(drop=True).iterrows():
        width = row["prior_high"] - row["prior_low"]
        lo = (row["low"] - row["prior_low"]) / width
        hi = (row["high"] - row["prior_low"]) / width
        med = (row["median"] - row["prior_low"]) / width
        name = row["parameter"]
        fig.add_trace(go.Scatter(x=[0, 1], y=[name, name], mode="lines", showlegend=i == 0,
                                 name=say("fig.prior", lang),
                                 line={"color": "#BBBBBB", "width": 10}))
        fig.add_trace(go.Scatter(
            x=[lo, hi], y=[name, name], mode="lines", showlegend=i == 0,
            name=say("fig.ensemble_range", lang), line={"color": PALETTE[5], "width": 10},
            hovertext=say("fig.narrow.hover", lang, name=name, low=row["low"],
                          high=row["high"], plow=row["prior_low"], phigh=row["prior_high"])))
        fig.add_trace(go.Scatter(x=[med], y=[name], mode="markers", showlegend=i == 0,
                                 name=say("fig.ensemble_median", lang),
                                 marker={"color": "#000000", "symbol": "line-ns-open",
                                         "size": 14}))
    fig.update_layout(title=say("fig.narrow.title", lang),
                      xaxis_title=say("fig.narrow.x", lang),
                      height=120 + 40 * len(narrowing), **_LAYOUT)
    return fig


def fit_figure(fit: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Each target: its interval and the ensemble's 5-95 % range and mean."""
    fig = make_subplots(rows=1, cols=len(fit), subplot_titles=list(fit["metric"]))
    target, ensemble = say("fig.target", lang), say("fig.ensemble", lang)
    for j, row in enumerate(fit.itertuples(), start=1):
        lo = row.low if math.isfinite(row.low) else min(row.p05, row.mean) * 0.9
        hi = row.high if math.isfinite(row.high) else max(row.p95, row.mean) * 1.1
        fig.add_trace(go.Bar(x=[target], y=[hi - lo], base=[lo], marker_color="#DDDDDD",
                             showlegend=j == 1, name=say("fig.target_interval", lang)),
                      row=1, col=j)
        fig.add_trace(go.Scatter(
            x=[ensemble], y=[row.mean], mode="markers", showlegend=j == 1,
            name=say("fig.ensemble_mean", lang), marker={"color": PALETTE[5], "size": 10},
            error_y={"type": "data", "symmetric": False, "array": [row.p95 - row.mean],
                     "arrayminus": [row.mean - row.p05]}), row=1, col=j)
    fig.update_layout(title=say("fig.fit.title", lang), height=360, **_LAYOUT)
    return fig


def regret_figure(summary: pd.DataFrame, lang: str = "en") -> go.Figure:
    """90th-percentile regret per policy and outcome with bootstrap intervals."""
    metrics = list(dict.fromkeys(summary["metric"]))
    fig = make_subplots(rows=1, cols=len(metrics), subplot_titles=metrics,
                        shared_yaxes=True)
    for j, m in enumerate(metrics, start=1):
        part = summary[summary["metric"] == m]
        fig.add_trace(go.Bar(
            y=part["policy"], x=part["pct_regret"], orientation="h", showlegend=False,
            marker_color=[PALETTE[3] if v else PALETTE[2] for v in part["minimax"]],
            error_x={"type": "data", "symmetric": False,
                     "array": part["pct_high"] - part["pct_regret"],
                     "arrayminus": part["pct_regret"] - part["pct_low"]},
            hovertext=[say("fig.max_regret", lang, v=v) for v in part["max_regret"]]),
            row=1, col=j)
    fig.update_layout(title=say("fig.regret.title", lang),
                      height=160 + 28 * summary["policy"].nunique(), **_LAYOUT)
    return fig


def satisficing_figure(sat: pd.DataFrame, rule: str, lang: str = "en") -> go.Figure:
    """Share of worlds meeting every threshold, with exact binomial intervals."""
    fig = go.Figure(go.Bar(
        y=sat["policy"], x=sat["share"], orientation="h", marker_color=PALETTE[3],
        error_x={"type": "data", "symmetric": False, "array": sat["ci_high"] - sat["share"],
                 "arrayminus": sat["share"] - sat["ci_low"]},
        hovertext=[say("fig.met_of", lang, met=m, worlds=n)
                   for m, n in zip(sat["met"], sat["worlds"], strict=True)]))
    fig.update_layout(title=say("fig.sat.title", lang, rule=rule),
                      xaxis={"range": [0, 1], "title": say("fig.share_worlds", lang)},
                      height=160 + 28 * len(sat), **_LAYOUT)
    return fig


def trajectory_figure(discovery: Mapping[str, Mapping[str, Any]], lang: str = "en",
                      labels: Mapping[str, str] | None = None) -> go.Figure:
    """PRIM peeling trajectories (coverage vs density), the chosen box marked.

    ``labels`` maps a policy to the name shown (default: the policy itself).
    """
    labels = labels or {}
    fig = go.Figure()
    for i, (policy, entry) in enumerate(discovery.items()):
        box = entry.get("prim")
        if not box:
            continue
        traj = pd.DataFrame(box["trajectory"])
        colour = PALETTE[i % len(PALETTE)]
        fig.add_trace(go.Scatter(x=traj["coverage"], y=traj["density"], mode="lines+markers",
                                 name=labels.get(policy, policy), line={"color": colour},
                                 hovertext=[say("fig.step", lang, step=s, mass=m, dims=r)
                                            for s, m, r in zip(traj["step"], traj["mass"],
                                                               traj["res_dim"], strict=True)]))
        fig.add_trace(go.Scatter(x=[box["coverage"]], y=[box["density"]], mode="markers",
                                 showlegend=False, marker={"color": colour, "size": 14,
                                                           "symbol": "star"},
                                 hovertext=box_rule(box, lang)))
    fig.update_layout(title=say("fig.traj.title", lang), xaxis_title=say("fig.coverage", lang),
                      yaxis_title=say("fig.density", lang), height=420, **_LAYOUT)
    return fig


def box_figure(tidy: pd.DataFrame, policy: str, box: Mapping[str, Any],
               fails: Sequence[bool], inputs: Sequence[str], lang: str = "en",
               label: str | None = None) -> go.Figure | None:
    """The worlds of one policy on the box's two first restricted dimensions.

    With one restricted dimension the second axis is the first other uncertain input;
    ``label`` is the policy's name as shown (default: ``policy``).
    """
    dims = list(box["limits"])[:2]
    if not dims:
        return None
    part = tidy[tidy["policy"] == policy]
    xk = dims[0]
    yk = dims[1] if len(dims) > 1 else next((c for c in inputs if c != xk), xk)
    colours = ["#D55E00" if f else "#009E73" for f in fails]
    fig = go.Figure(go.Scatter(x=part[xk], y=part[yk], mode="markers",
                               marker={"color": colours, "size": 9},
                               hovertext=[say("fig.fails" if f else "fig.meets", lang)
                                          for f in fails],
                               showlegend=False))
    lim = box["limits"]
    x0, x1 = (max(lim[xk][0], part[xk].min()), min(lim[xk][1], part[xk].max()))
    y0, y1 = ((max(lim[yk][0], part[yk].min()), min(lim[yk][1], part[yk].max()))
              if yk in lim else (part[yk].min(), part[yk].max()))
    fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, line={"color": "#D55E00"},
                  fillcolor="rgba(213, 94, 0, 0.08)")
    fig.update_layout(title=say("fig.box.title", lang, policy=label or policy),
                      xaxis_title=xk, yaxis_title=yk, height=380, **_LAYOUT)
    return fig


def pareto_figure(pareto: pd.DataFrame, evaluations: pd.DataFrame, levers: Sequence[str],
                  outcomes: Sequence[str], lang: str = "en") -> go.Figure:
    """The Pareto front (overtime vs satisfaction, colour = cost); hover: lever settings."""
    x, y = outcomes[1] if len(outcomes) > 1 else outcomes[0], \
        outcomes[2] if len(outcomes) > 2 else outcomes[0]
    colour = outcomes[0]
    names = {m: metric_label(m, lang, unit=True) for m in outcomes}

    def hover(frame: pd.DataFrame) -> list[str]:
        return ["<br>".join([f"{k} = {row[k]:.4g}" for k in levers]
                            + [f"{names[m]} = {row[m]:.4g}" for m in outcomes])
                for _, row in frame.iterrows()]

    fig = go.Figure()
    fig.add_trace(go.Scatter(x=evaluations[x], y=evaluations[y], mode="markers",
                             name=say("fig.evaluated", lang),
                             marker={"color": "#CCCCCC", "size": 7},
                             hovertext=hover(evaluations), hoverinfo="text"))
    fig.add_trace(go.Scatter(
        x=pareto[x], y=pareto[y], mode="markers", name=say("fig.pareto", lang),
        marker={"size": 13, "color": pareto[colour], "colorscale": "Viridis",
                "showscale": True, "colorbar": {"title": names[colour]}},
        hovertext=hover(pareto), hoverinfo="text",
        customdata=[json.dumps({k: float(v) for k, v in row.items()})
                    for _, row in pareto[list(levers)].iterrows()]))
    fig.update_layout(title=say("fig.pareto.title", lang),
                      xaxis_title=names[x], yaxis_title=names[y], height=480, **_LAYOUT)
    return fig
