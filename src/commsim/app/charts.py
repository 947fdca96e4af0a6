"""Plotly figures of the live dashboard (pure functions of daily-series frames).

A frame may hold several replications (column ``replication``): each chart then draws
the median over replications as a line and the range they span as a band, for the
settings on screen (blue) and for the baseline twins (black).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from commsim.app.formatting import number, signed
from commsim.app.words import tr
from commsim.core.i18n import unit_name
from commsim.report.style import (
    CAMPAIGN_FILL,
    FONT_STACK,
    active_catalog,
    active_language,
    metric_label,
    metric_unit,
    rgba,
)

CURRENT_COLOUR = "#0072B2"   # Okabe–Ito blue: the settings on screen
BASELINE_COLOUR = "#000000"  # black: the status quo, as in the report
FONT = {"family": FONT_STACK, "size": 12}  # CJK fonts too: the dashboard speaks Chinese
#: Width of a live chart in pixels (two side by side fit a laptop screen beside the sidebar).
CHART_WIDTH = 470
#: A light template spelled out: validating plotly's named templates costs ~70 ms a chart.
AXIS = {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8",
        "ticks": "", "automargin": True, "separatethousands": True, "exponentformat": "none"}
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


def band(daily: pd.DataFrame, column: str, weekly: bool = False) -> pd.DataFrame:
    """Per day: median over replications and the range they span.

    Parameters
    ----------
    daily : pandas.DataFrame
        Daily series with ``day`` and, for several replications, ``replication``.
    column : str
        The series.
    weekly : bool
        First turn each replication's series into a trailing 7-day sum.

    Returns
    -------
    pandas.DataFrame
        Columns ``day, median, low, high, n``.

    """
    frame = daily if "replication" in daily else daily.assign(replication=0)
    if "day" not in frame:
        frame = frame.assign(day=frame.groupby("replication").cumcount())
    fast = _rectangular_band(frame, column, weekly)
    if fast is not None:
        return fast
    values = frame[column].astype(float)
    if weekly:
        values = values.groupby(frame["replication"]).transform(
            lambda v: v.rolling(7, min_periods=1).sum())
    grouped = frame.assign(_v=values).groupby("day", sort=True)["_v"]
    out = grouped.agg(median="median", low="min", high="max", n="count").reset_index()
    return out[["day", "median", "low", "high", "n"]]


def _rectangular_band(frame: pd.DataFrame, column: str, weekly: bool) -> pd.DataFrame | None:
    """:func:`band` in whole arrays, when every replication covers the same days in order.

    That is how :meth:`commsim.run.live.LiveModel.all_series` lays replications out (one
    block each, cut to a common day); anything else (or a missing value) returns None and
    takes the general path. The trailing 7-day sum adds the shifted series, as a rolling
    sum does.
    """
    reps = frame["replication"].to_numpy()
    k = len(np.unique(reps))
    if k == 0 or len(frame) % k:
        return None
    days = frame["day"].to_numpy().reshape(k, -1)
    if not ((reps.reshape(k, -1) == reps.reshape(k, -1)[:, :1]).all()
            and (days == days[:1]).all() and (np.diff(days[0]) > 0).all()):
        return None
    values = frame[column].to_numpy(dtype=float).reshape(k, -1)
    if np.isnan(values).any():
        return None
    if weekly:
        summed = values.copy()
        for lag in range(1, 7):
            summed[:, lag:] += values[:, :-lag]
        values = summed
    return pd.DataFrame({"day": days[0], "median": np.median(values, axis=0),
                         "low": values.min(axis=0), "high": values.max(axis=0),
                         "n": np.full(days.shape[1], k)})


def _band_traces(stats: pd.DataFrame, run_name: str, label: str, colour: str, dash: str,
                 unit: str, legend: str) -> tuple[dict, dict]:
    """A filled band (the replications' range) and the median line over it."""
    days = stats["day"].to_numpy()
    n = int(stats["n"].max()) if len(stats) else 0
    area = {"type": "scatter", "mode": "lines", "fill": "toself",
            "x": np.concatenate([days, days[::-1]]),
            "y": np.concatenate([stats["high"].to_numpy(), stats["low"].to_numpy()[::-1]]),
            "fillcolor": rgba(colour, 0.14), "line": {"width": 0}, "hoverinfo": "skip",
            "name": f"{tr('band', n=n)} · {run_name}", "legendgroup": legend,
            "showlegend": False}
    line = {"type": "scatter", "mode": "lines", "x": days, "y": stats["median"].to_numpy(),
            "customdata": stats[["low", "high"]].to_numpy(),
            "name": f"{label} · {run_name}", "legendgroup": legend,
            "line": {"color": colour, "dash": dash, "width": 2},
            "hovertemplate": (f"{run_name}<br>{tr('hover.day')}<br>{label}: "
                              f"{tr('hover.median')} %{{y:,.3f}} {unit}<br>{tr('band', n=n)} "
                              f"%{{customdata[0]:,.3f}}{tr('hover.to')}"
                              "%{customdata[1]:,.3f}<extra></extra>")}
    return area, line


def campaign_shapes(daily: pd.DataFrame, xref: str = "x", yref: str = "y domain") -> list[dict]:
    """Grey rectangles over inspection seasons (``campaign`` days), as layout shapes."""
    if daily.empty or "campaign" not in daily:
        return []
    days = np.unique(daily.loc[daily["campaign"].astype(bool), "day"].to_numpy())
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
    """One live chart as a Plotly figure (see :func:`live_figure`)."""
    return go.Figure(live_figure(key, daily, days, baseline=baseline), skip_invalid=True)


@cache
def _template() -> dict[str, Any]:
    """The chart template as a figure's JSON carries it (what Plotly makes of TEMPLATE)."""
    layout = go.Figure(layout={"template": TEMPLATE}).to_plotly_json()["layout"]
    return dict(layout["template"])


def live_figure(key: str, daily: pd.DataFrame, days: int, *,
                baseline: pd.DataFrame | None = None) -> dict[str, Any]:
    """One live chart: median and range over replications (and the baseline twins').

    The figure as a plain dict (``data`` and ``layout``), what the dashboard sends to the
    page; :func:`live_chart` wraps it in a validated Plotly figure.

    Parameters
    ----------
    key : str
        One of :data:`CHARTS`.
    daily : pandas.DataFrame
        The settings' daily series so far (every replication, see :func:`band`).
    days : int
        Days in the run (fixes the x range so the chart grows left to right).
    baseline : pandas.DataFrame, optional
        The baseline twins' series, drawn in black.

    Returns
    -------
    dict
        Bands first, then the median lines (named ``"<label> · <run>"``).

    """
    _, series, unit, weekly = CHARTS[key]
    title, unit = tr(f"chart.{key}"), unit_name(unit, active_language())
    runs = [(tr("run.current"), daily, CURRENT_COLOUR)]
    if baseline is not None:
        runs.append((tr("run.baseline"), baseline, BASELINE_COLOUR))
    areas, lines = [], []
    for run_name, frame, colour in runs:
        for column, _english, dash in series:
            if column not in frame:
                continue
            label = tr(f"series.{column}")
            area, line = _band_traces(band(frame, column, weekly), run_name, label, colour,
                                      dash, unit, f"{run_name}:{column}")
            if baseline is None:
                line["name"] = label
            areas.append(area)
            lines.append(line)
    layout: dict[str, Any] = {
        "title": {"text": title, "font": {"size": 14}, "x": 0.02, "xanchor": "left"},
        "template": _template(), "font": FONT,
        "margin": {"l": 55, "r": 15, "t": 40, "b": 45 if baseline is None else 115},
        "height": 300 if baseline is None else 370, "width": CHART_WIDTH,
        "uirevision": key,
        # below the axis: above it, two runs' entries would cover the title
        # under the day axis's title, not on it
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.3,
                   "yanchor": "top"} if baseline is not None else
        {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},
        "showlegend": baseline is not None or len(series) > 1,
        "xaxis": {**AXIS, "title": {"text": tr("axis.day")},
                  "range": [-0.5, max(days, 1) - 0.5]},
        "yaxis": {**AXIS, "title": {"text": unit}, "rangemode": "tozero"},
        "plot_bgcolor": "white", "paper_bgcolor": "white", "hovermode": "closest",
    }
    shapes = campaign_shapes(daily)
    if shapes:  # as Plotly's figure would: no empty list of shapes
        layout["shapes"] = shapes
    return {"data": areas + lines, "layout": layout}


def comparison_chart(daily: pd.DataFrame, baseline: pd.DataFrame, days: int) -> go.Figure:
    """The four live series of the settings next to the baseline, in a 2 × 2 grid.

    Parameters
    ----------
    daily, baseline : pandas.DataFrame
        Daily series of the settings' replications and of their baseline twins.
    days : int
        Days in the run.

    Returns
    -------
    plotly.graph_objects.Figure
        Per panel and run a band (range over replications) and a median line.

    """
    keys = list(CHARTS)
    fig = make_subplots(rows=2, cols=2, subplot_titles=[tr(f"chart.{k}") for k in keys],
                        vertical_spacing=0.24, horizontal_spacing=0.1)
    for i, key in enumerate(keys):
        row, col = i // 2 + 1, i % 2 + 1
        _, series, unit, weekly = CHARTS[key]
        unit = unit_name(unit, active_language())
        column = series[0][0]
        label = tr(f"series.{column}")
        for run_name, frame, colour in ((tr("run.current"), daily, CURRENT_COLOUR),
                                        (tr("run.baseline"), baseline, BASELINE_COLOUR)):
            if column not in frame:
                continue
            area, line = _band_traces(band(frame, column, weekly), run_name, label, colour,
                                      "solid", unit, run_name)
            line.update(name=run_name, showlegend=i == 0)
            fig.add_trace(go.Scatter(area), row=row, col=col)
            fig.add_trace(go.Scatter(line), row=row, col=col)
        fig.update_yaxes(title_text=unit, rangemode="tozero", row=row, col=col, **AXIS)
        fig.update_xaxes(title_text=tr("axis.day"), range=[-0.5, max(days, 1) - 0.5], row=row,
                         col=col, **AXIS)
    fig.update_layout(template=TEMPLATE, font=FONT, height=660, width=2 * CHART_WIDTH,
                      uirevision="compare", plot_bgcolor="white", paper_bgcolor="white",
                      margin={"l": 55, "r": 15, "t": 90, "b": 45},
                      legend={"orientation": "h", "y": 1.12, "yanchor": "bottom", "x": 0.5,
                              "xanchor": "center"})
    return fig


def _runs(summaries: Mapping[str, float] | Sequence[Mapping[str, float]]) -> list[Mapping]:
    return [summaries] if isinstance(summaries, Mapping) else list(summaries)


def comparison_table(current: Mapping[str, float] | Sequence[Mapping[str, float]],
                     baseline: Mapping[str, float] | Sequence[Mapping[str, float]],
                     metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """Summary metrics so far: settings, baseline, paired difference and its range.

    Parameters
    ----------
    current, baseline : dict or sequence of dict
        Summary metrics of each replication of the settings and of its baseline twin
        (replication ``i`` of one is paired with replication ``i`` of the other).
    metrics : sequence of str, optional
        Metrics to show (default: headline metrics, then those declared for reports,
        including metrics that active plugins declare).

    Returns
    -------
    pandas.DataFrame
        Columns metric, unit, current, baseline, difference (means over replications),
        low and high (the range of the paired differences) and n.

    """
    if metrics is None:
        metrics = active_catalog().report_metrics()
    ours, theirs = _runs(current), _runs(baseline)
    rows = []
    for m in metrics:
        pairs = [(float(a[m]), float(b[m])) for a, b in zip(ours, theirs, strict=False)
                 if m in a and m in b]
        if not pairs:
            continue
        arr = np.array(pairs)
        diff = arr[:, 0] - arr[:, 1]
        rows.append({"metric": metric_label(m), "unit": metric_unit(m),
                     "current": float(arr[:, 0].mean()), "baseline": float(arr[:, 1].mean()),
                     "difference": float(diff.mean()), "low": float(diff.min()),
                     "high": float(diff.max()), "n": len(pairs)})
    return pd.DataFrame(rows, columns=["metric", "unit", "current", "baseline", "difference",
                                       "low", "high", "n"])


def table_rows(table: pd.DataFrame) -> list[tuple[str, str, str, str, str, str]]:
    """The comparison table as display strings (money in yuan and 万元, no exponents).

    Returns
    -------
    list of tuple
        metric, unit, current, baseline, difference, range of the paired differences.

    """
    out = []
    for r in table.itertuples(index=False):
        unit = str(r.unit)
        spread = (f"{signed(r.low, unit)}{tr('hover.to')}{signed(r.high, unit)}" if r.n > 1
                  else tr("one.replication"))
        out.append((str(r.metric), unit, number(r.current, unit), number(r.baseline, unit),
                    signed(r.difference, unit), spread))
    return out
