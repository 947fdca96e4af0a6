"""Comparison figures: pure functions from results frames to Plotly figures.

Each builder takes plain frames (the results-store layout) and returns a
``plotly.graph_objects.Figure``; none of them reads files or touches the model.
Every axis names its unit and every trace carries a hover template with the
exact values. This module holds the scenario-comparison figures (headline
table, distributions, daily bands, forest plot, cadre hours); the sweep and
sensitivity figures live in :mod:`commsim.report.sweep_figures` and are
re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from commsim.core.i18n import metric_name, unit_name, value_name
from commsim.report.data import campaign_spans, daily_bands, hours_per_cadre_week
from commsim.report.headline import headline_table_figure
from commsim.report.style import (
    CAMPAIGN_FILL,
    FONT,
    active_catalog,
    active_language,
    base_layout,
    category_colors,
    esc,
    metric_better,
    metric_label,
    metric_unit,
    number_format,
    rgba,
    scenario_label,
)
from commsim.report.sweep_figures import (
    morris_figure,
    parallel_figure,
    sobol_figure,
    sweep_heatmap,
    sweep_line,
)
from commsim.report.words import say

__all__ = [
    "FONT", "daily_figure", "distribution_figure", "forest_figure",
    "headline_table_figure", "hours_figure", "hours_per_cadre_week", "morris_figure",
    "parallel_figure", "sobol_figure", "sweep_heatmap", "sweep_line",
]

def distribution_figure(runs: pd.DataFrame, metrics: Sequence[str], scenarios: Sequence[str],
                        colors: Mapping[str, str]) -> go.Figure:
    """Box plots (with every run shown) of summary metrics per scenario.

    Parameters
    ----------
    runs : pandas.DataFrame
        Finished runs with ``scenario``, ``replication`` and metric columns.
    metrics : sequence of str
        Metrics, one panel each.
    scenarios : sequence of str
        Scenarios in display order.
    colors : mapping
        Scenario colours.

    Returns
    -------
    plotly.graph_objects.Figure

    """
    metrics = [m for m in metrics if m in runs]
    ncols = 2 if len(metrics) > 1 else 1
    nrows = max(1, math.ceil(len(metrics) / ncols))
    fig = make_subplots(rows=nrows, cols=ncols, vertical_spacing=0.42 / max(nrows, 1),
                        horizontal_spacing=0.12,
                        subplot_titles=[_titled(m) for m in metrics])
    for k, metric in enumerate(metrics):
        row, col = k // ncols + 1, k % ncols + 1
        spec = number_format(runs[metric])
        for scenario in scenarios:
            these = runs[runs["scenario"] == scenario]
            if these.empty:
                continue
            rep = these["replication"] if "replication" in these else pd.Series(
                range(len(these)))
            fig.add_trace(go.Box(
                y=these[metric].astype(float), name=esc(scenario_label(scenario)),
                legendgroup=scenario,
                showlegend=k == 0, marker_color=colors.get(scenario), boxpoints="all",
                jitter=0.4, pointpos=0, boxmean=True, customdata=rep.to_numpy(),
                hovertemplate=(f"<b>{esc(scenario_label(scenario))}</b><br>"
                               f"{esc(metric_label(metric))}: %{{y:{spec}}} "
                               f"{esc(metric_unit(metric))}<br>{say('replication')} "
                               "%{customdata}<extra></extra>"),
            ), row=row, col=col)
        fig.update_yaxes(title_text=esc(metric_unit(metric)), row=row, col=col)
        fig.update_xaxes(type="category", showticklabels=True,
                         tickangle=-25 if len(scenarios) > 3 else 0,
                         automargin=True, row=row, col=col)  # each box names its scenario
    hide_empty_cells(fig, len(metrics), nrows, ncols)
    return base_layout(fig, height=380 * nrows + 80)


def daily_figure(daily: pd.DataFrame, scenarios: Sequence[str],
                 colors: Mapping[str, str]) -> go.Figure:
    """Daily series, mean over replications with 95% bands, inspection seasons shaded.

    One panel per daily series declared ``report=True`` (in the store's catalog, see
    :meth:`commsim.results.catalog.Catalog.report_series`), in declaration order;
    a series declared with ``report_sum_days`` shows each run's trailing sum.

    Parameters
    ----------
    daily : pandas.DataFrame
        Daily series of every finished run.
    scenarios : sequence of str
        Scenarios in display order.
    colors : mapping
        Scenario colours.

    Returns
    -------
    plotly.graph_objects.Figure

    """
    lang = active_language()
    panels = [m for m in active_catalog().report_series() if m.key in daily]
    titles = [metric_name(m, lang) + (say("panel.sum", days=m.report_sum_days)
                                      if m.report_sum_days else "") for m in panels]
    fig = make_subplots(rows=max(1, len(panels)), cols=1, shared_xaxes=True,
                        vertical_spacing=0.06, subplot_titles=[esc(t) for t in titles])
    for r, metric in enumerate(panels, start=1):
        column, unit = metric.key, unit_name(metric.unit, lang)
        bands = daily_bands(daily, column, sum_days=metric.report_sum_days)
        spec = number_format(bands["mean"])
        for scenario in scenarios:
            b = bands[bands["scenario"] == scenario].dropna(subset=["mean"])
            if b.empty:
                continue
            colour = colors.get(scenario, "#777777")
            if b["low"].notna().any():
                fig.add_trace(go.Scatter(
                    x=np.concatenate([b["day"], b["day"][::-1]]),
                    y=np.concatenate([b["high"], b["low"][::-1]]),
                    fill="toself", fillcolor=rgba(colour, 0.18), line={"width": 0},
                    hoverinfo="skip", showlegend=False, legendgroup=scenario,
                    name=f"{esc(scenario_label(scenario))} {say('band')}",
                ), row=r, col=1)
            fig.add_trace(go.Scatter(
                x=b["day"], y=b["mean"], mode="lines", name=esc(scenario_label(scenario)),
                legendgroup=scenario, showlegend=r == 1,
                line={"color": colour, "width": 1.8},
                customdata=np.column_stack([b["low"], b["high"], b["n"]]),
                hovertemplate=(f"<b>{esc(scenario_label(scenario))}</b> · "
                               f"{say('hover.day')}<br>{esc(titles[r - 1])}: "
                               f"%{{y:{spec}}} {esc(unit)}<br>{say('col.ci')} "
                               f"%{{customdata[0]:{spec}}}{say('to')}%{{customdata[1]:{spec}}}"
                               f" ({say('hover.runs')})<extra></extra>"),
            ), row=r, col=1)
        fig.update_yaxes(title_text=esc(unit), row=r, col=1)
    for x0, x1 in campaign_spans(daily):
        fig.add_vrect(x0=x0, x1=x1, fillcolor=CAMPAIGN_FILL, line_width=0, layer="below",
                      row="all", col=1)
    if campaign_spans(daily):
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=say("season"),
            marker={"symbol": "square", "size": 12, "color": CAMPAIGN_FILL},
            hoverinfo="skip"), row=1, col=1)
    fig.update_xaxes(title_text=say("axis.day"), row=max(1, len(panels)), col=1)
    return base_layout(fig, height=230 * max(1, len(panels)) + 120)


def forest_figure(table: pd.DataFrame, baseline: str,
                  colors: Mapping[str, str]) -> go.Figure:
    """Effect of each scenario against baseline: paired mean difference with 95% CI.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`commsim.report.data.headline_table`.
    baseline : str
        The reference scenario (not drawn).
    colors : mapping
        Scenario colours.

    Returns
    -------
    plotly.graph_objects.Figure

    """
    others = table[table["scenario"] != baseline]
    # a metric no scenario has a difference for (e.g. one only a policy records) has no panel
    drawn = others.groupby("metric", sort=False)["diff_mean"].apply(lambda d: d.notna().any())
    others = others[others["metric"].map(drawn)]
    metrics = list(dict.fromkeys(others["metric"]))
    scenarios = list(dict.fromkeys(others["scenario"]))
    ncols = 2 if len(metrics) > 1 else 1
    nrows = max(1, math.ceil(len(metrics) / ncols))
    panel = 70 + 45 * len(scenarios)
    height = (panel + 110) * nrows + 60
    fig = make_subplots(rows=nrows, cols=ncols, horizontal_spacing=0.18,
                        vertical_spacing=min(110 / height, 0.9 / max(nrows - 1, 1)),
                        subplot_titles=[_titled(m) for m in metrics])
    for k, metric in enumerate(metrics):
        row, col = k // ncols + 1, k % ncols + 1
        part = others[others["metric"] == metric]
        spec = number_format(part[["diff_mean", "diff_ci_low", "diff_ci_high"]].to_numpy().ravel())
        for scenario in scenarios:
            p = part[part["scenario"] == scenario]
            if p.empty:
                continue
            d, lo, hi = (float(p[c].iloc[0]) for c in ("diff_mean", "diff_ci_low", "diff_ci_high"))
            fig.add_trace(go.Scatter(
                x=[d], y=[esc(scenario_label(scenario))], mode="markers",
                name=esc(scenario_label(scenario)),
                legendgroup=scenario, showlegend=k == 0,
                marker={"color": colors.get(scenario), "size": 10, "symbol": "diamond"},
                error_x={"type": "data", "symmetric": False,
                         "array": [hi - d if np.isfinite(hi) else 0],
                         "arrayminus": [d - lo if np.isfinite(lo) else 0],
                         "color": colors.get(scenario), "thickness": 2, "width": 6},
                customdata=[[lo, hi]],
                hovertemplate=(f"<b>{esc(scenario_label(scenario))}</b> − "
                               f"{esc(scenario_label(baseline))}<br>"
                               f"{esc(metric_label(metric))}: %{{x:{spec}}} "
                               f"{esc(metric_unit(metric))}<br>{say('col.ci')} "
                               f"%{{customdata[0]:{spec}}}{say('to')}"
                               f"%{{customdata[1]:{spec}}}<extra></extra>"),
            ), row=row, col=col)
        fig.add_vline(x=0, line={"color": "#555", "dash": "dash", "width": 1}, row=row, col=col)
        fig.update_xaxes(title_text=f"Δ ({esc(metric_unit(metric))}){_better(metric)}",
                         row=row, col=col)
        fig.update_yaxes(autorange="reversed", type="category", row=row, col=col,
                         automargin=True, title_text=say("axis.scenario") if col == 1 else None)
    hide_empty_cells(fig, len(metrics), nrows, ncols)
    return base_layout(fig, height=height)


def hide_empty_cells(fig: go.Figure, used: int, nrows: int, ncols: int) -> None:
    """Hide the axes of the grid cells after the first ``used`` (an odd panel count)."""
    for k in range(used, nrows * ncols):
        fig.update_xaxes(visible=False, row=k // ncols + 1, col=k % ncols + 1)
        fig.update_yaxes(visible=False, row=k // ncols + 1, col=k % ncols + 1)


def _better(metric: str) -> str:
    """Axis-title suffix saying which direction of ``metric`` is better (its declaration)."""
    key = {"lower": "better.left", "higher": "better.right"}.get(metric_better(metric))
    return say(key) if key else ""


def _titled(metric: str) -> str:
    """A panel title: the metric's label and which direction of it is better."""
    return esc(say(f"title.{metric_better(metric)}", label=metric_label(metric)))


def hours_figure(mean_hours: pd.DataFrame, unit: str, dimension: str,
                 scenarios: Sequence[str]) -> go.Figure:
    """Stacked bars of where cadre hours go, one bar per scenario.

    Parameters
    ----------
    mean_hours : pandas.DataFrame
        First element of :func:`commsim.report.data.hours_per_cadre_week`.
    unit : str
        Its unit.
    dimension : str
        ``"kind"`` (task kind or activity) or ``"origin"`` (who asked for the work).
    scenarios : sequence of str
        Scenarios in display order.

    Returns
    -------
    plotly.graph_objects.Figure

    """
    part = mean_hours[mean_hours["dimension"] == dimension]
    order = (part.groupby("category")["hours"].sum().sort_values(ascending=False).index.tolist())
    colours = category_colors(order)
    names = [s for s in scenarios if s in set(part["scenario"])]
    spec = number_format(part["hours"])
    fig = go.Figure()
    for category in order:
        c = part[part["category"] == category].set_index("scenario")["hours"]
        values = [float(c.get(s, 0.0)) for s in names]
        shown = value_name(category, active_language())
        fig.add_trace(go.Bar(
            y=[esc(scenario_label(s)) for s in names], x=values, orientation="h",
            name=esc(shown),
            marker_color=colours[category],
            hovertemplate=(f"<b>%{{y}}</b><br>{esc(shown)}: %{{x:{spec}}} "
                           f"{esc(unit_name(unit, active_language()))}<extra></extra>"),
        ))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text=esc(say("axis.hours", unit=unit_name(unit, active_language()))))
    fig.update_yaxes(title_text=say("axis.scenario"), autorange="reversed", type="category",
                     automargin=True)
    return base_layout(fig, height=160 + 45 * len(names))
