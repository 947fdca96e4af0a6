"""Plotly figures of the live dashboard (pure functions of daily-series frames)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from commsim.app.words import tr
from commsim.i18n import unit_name
from commsim.report.style import (
    CAMPAIGN_FILL,
    FONT_STACK,
    active_catalog,
    active_language,
    metric_label,
    metric_unit,
)

CURRENT_COLOUR = "#0072B2"   # Okabe–Ito blue: the settings on screen
BASELINE_COLOUR = "#000000"  # black: the status quo, as in the report
FONT = {"family": FONT_STACK, "size": 12}  # CJK fonts too: the dashboard speaks Chinese
#: Width of a live chart in pixels (two side by side fit a laptop screen beside the sidebar).
CHART_WIDTH = 470
#: A light template spelled out: validating plotly's named templates costs ~70 ms a chart.
AXIS = {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8",
        "ticks": "", "automargin": True}
TEMPLATE = "none"

#: Live charts: key -> (title, [(column, label, dash)], unit, weekly sum?).
CHARTS: dict[str, tuple[str, list[tuple[str, str, str]], str, bool]] = {
    "overtime": ("Overtime per cadre-week",
                 [("overtime_per_cadre", "overtime (trailing 7 days)", "solid")],
                 "h per cadre-week", True),
    "satisfaction": ("Residents satisfied",
                     [("resident_satisfaction", "share satisfied", "solid")],
                     "share of households", False),
    "headcount": ("Headcount and vacancies",
                  [("headcount", "headcount", "solid"), ("vacancies", "vacancies", "dot")],
                  "cadres", False),
    "backlog": ("Backlog of department work",
                [("backlog_hours", "queued work", "solid")], "h of queued work", False),
}
def _values(daily: pd.DataFrame, column: str, weekly: bool) -> np.ndarray:
    values = daily[column].astype(float)
    if weekly:
        values = values.rolling(7, min_periods=1).sum()
    return values.to_numpy()


def campaign_shapes(daily: pd.DataFrame, xref: str = "x", yref: str = "y domain") -> list[dict]:
    """Grey rectangles over inspection seasons (``campaign`` days), as layout shapes."""
    if daily.empty or "campaign" not in daily:
        return []
    days = daily.loc[daily["campaign"].astype(bool), "day"].to_numpy()
    spans: list[list[int]] = []
    for d in days:
        if spans and d == spans[-1][1] + 1:
            spans[-1][1] = d
        else:
            spans.append([d, d])
    return [{"type": "rect", "xref": xref, "yref": yref, "x0": a - 0.5, "x1": b + 0.5,
             "y0": 0, "y1": 1, "fillcolor": CAMPAIGN_FILL, "line": {"width": 0},
             "layer": "below"} for a, b in spans]


def live_chart(key: str, daily: pd.DataFrame, days: int, *,
               baseline: pd.DataFrame | None = None) -> go.Figure:
    """One live chart of the current run (and optionally the baseline twin).

    Parameters
    ----------
    key : str
        One of :data:`CHARTS`.
    daily : pandas.DataFrame
        The current run's daily series so far.
    days : int
        Days in the run (fixes the x range so the chart grows left to right).
    baseline : pandas.DataFrame, optional
        The baseline twin's series, drawn in black.

    Returns
    -------
    plotly.graph_objects.Figure

    """
    _, series, unit, weekly = CHARTS[key]
    title, unit = tr(f"chart.{key}"), unit_name(unit, active_language())
    runs = [(tr("run.current"), daily, CURRENT_COLOUR)]
    if baseline is not None:
        runs.append((tr("run.baseline"), baseline, BASELINE_COLOUR))
    traces = []
    for run_name, frame, colour in runs:
        for column, label, dash in series:
            if column not in frame:
                continue
            traces.append({
                "type": "scatter", "mode": "lines",
                "x": frame["day"].to_numpy() if "day" in frame else np.arange(len(frame)),
                "y": _values(frame, column, weekly),
                "name": f"{label} · {run_name}" if baseline is not None else label,
                "line": {"color": colour, "dash": dash, "width": 2},
                "hovertemplate": (f"{run_name}<br>day %{{x}}<br>{label}: %{{y:.3f}} {unit}"
                                  "<extra></extra>"),
            })
    layout = {
        "title": {"text": title, "font": {"size": 14}, "x": 0.02, "xanchor": "left"},
        "template": TEMPLATE, "font": FONT,
        "margin": {"l": 55, "r": 15, "t": 40, "b": 45}, "height": 300, "width": CHART_WIDTH,
        "uirevision": key,
        "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0,
                   "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.6)"},
        "showlegend": baseline is not None or len(series) > 1,
        "shapes": campaign_shapes(daily),
        "xaxis": {**AXIS, "title": {"text": tr("axis.day")},
                  "range": [-0.5, max(days, 1) - 0.5]},
        "yaxis": {**AXIS, "title": {"text": unit}, "rangemode": "tozero"},
        "plot_bgcolor": "white", "paper_bgcolor": "white", "hovermode": "closest",
    }
    return go.Figure({"data": traces, "layout": layout}, skip_invalid=True)


def comparison_chart(daily: pd.DataFrame, baseline: pd.DataFrame, days: int) -> go.Figure:
    """The four live series of the current settings next to the baseline, in a 2 × 2 grid.

    Parameters
    ----------
    daily, baseline : pandas.DataFrame
        Daily series of the current run and of its baseline twin.
    days : int
        Days in the run.

    Returns
    -------
    plotly.graph_objects.Figure

    """
    keys = list(CHARTS)
    fig = make_subplots(rows=2, cols=2, subplot_titles=[tr(f"chart.{k}") for k in keys],
                        vertical_spacing=0.16, horizontal_spacing=0.1)
    for i, key in enumerate(keys):
        row, col = i // 2 + 1, i % 2 + 1
        _, series, unit, weekly = CHARTS[key]
        unit = unit_name(unit, active_language())
        column, label, _ = series[0]
        for run_name, frame, colour in ((tr("run.current"), daily, CURRENT_COLOUR),
                                        (tr("run.baseline"), baseline, BASELINE_COLOUR)):
            if column not in frame:
                continue
            fig.add_trace(go.Scatter(
                x=frame["day"].to_numpy(), y=_values(frame, column, weekly), mode="lines",
                name=run_name, legendgroup=run_name, showlegend=i == 0,
                line={"color": colour, "width": 2},
                hovertemplate=(f"{run_name}<br>day %{{x}}<br>{label}: %{{y:.3f}} {unit}"
                               "<extra></extra>"),
            ), row=row, col=col)
        fig.update_yaxes(title_text=unit, rangemode="tozero", row=row, col=col, **AXIS)
        fig.update_xaxes(title_text=tr("axis.day"), range=[-0.5, max(days, 1) - 0.5], row=row,
                         col=col, **AXIS)
    fig.update_layout(template=TEMPLATE, font=FONT, height=620, width=2 * CHART_WIDTH,
                      uirevision="compare", plot_bgcolor="white", paper_bgcolor="white",
                      margin={"l": 55, "r": 15, "t": 90, "b": 45},
                      legend={"orientation": "h", "y": 1.12, "yanchor": "bottom", "x": 0.5,
                              "xanchor": "center"})
    return fig


def comparison_table(current: dict[str, float], baseline: dict[str, float],
                     metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """Summary metrics so far: current settings, baseline and the difference.

    Parameters
    ----------
    current, baseline : dict
        Summary metrics of the two runs.
    metrics : sequence of str, optional
        Metrics to show (default: headline metrics, then those declared for reports,
        including metrics that active plugins declare).

    Returns
    -------
    pandas.DataFrame
        Columns metric, unit, current, baseline, difference.

    """
    if metrics is None:
        metrics = active_catalog().report_metrics()
    rows = []
    for m in metrics:
        if m in current and m in baseline:
            a, b = float(current[m]), float(baseline[m])
            rows.append({"metric": metric_label(m), "unit": metric_unit(m),
                         "current": round(a, 4), "baseline": round(b, 4),
                         "difference": round(a - b, 4)})
    return pd.DataFrame(rows, columns=["metric", "unit", "current", "baseline", "difference"])
