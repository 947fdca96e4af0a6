"""Colours, labels, number formats and the layout shared by every figure."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from commsim.units import METRIC_UNITS

if TYPE_CHECKING:
    import plotly.graph_objects as go

#: Okabe–Ito colour-blind-safe palette; black comes first and goes to the baseline.
OKABE_ITO: tuple[str, ...] = (
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442",
)
#: Paul Tol's muted palette plus a few of his light/dark tones (14 distinct colours), for
#: categories that are not scenarios (task kinds, origins).
TOL_MUTED: tuple[str, ...] = (
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677",
    "#882255", "#AA4499", "#EE8866", "#6699CC", "#BBBBBB", "#000000", "#FFAABB",
)
#: Shading of inspection seasons.
CAMPAIGN_FILL = "rgba(120, 120, 120, 0.15)"

#: Plain-language names of the summary metrics.
METRIC_LABELS: dict[str, str] = {
    "overtime_hours_per_cadre_week": "Overtime per cadre-week",
    "resident_satisfaction": "Residents satisfied",
    "satisfaction_index": "Satisfaction index",
    "turnover_rate": "Cadre turnover",
    "mean_weekday_hours": "Hours per working day",
    "weekend_work_share": "Weeks with weekend work",
    "deadline_miss_rate": "Deadlines missed",
    "fabricated_records": "Fabricated records",
    "resident_wait_hours_mean": "Resident waiting time",
    "dept_tasks_received": "Department tasks received",
    "dept_tasks_refused": "Department tasks refused",
    "admin_time_share": "Administrative share of time",
    "vacancy_days": "Vacant post-days",
    "burnout_share": "Cadres burnt out",
    "cost_yuan": "Cost",
    "days_over_9h_share": "Days over 9 h",
    "late_night_share": "Late-night days",
    "separations": "Separations",
}

#: Metrics of the headline table, forest plot and distributions, in this order.
REPORT_METRICS: tuple[str, ...] = (
    "overtime_hours_per_cadre_week", "resident_satisfaction", "turnover_rate",
    "satisfaction_index", "burnout_share", "deadline_miss_rate", "admin_time_share",
    "cost_yuan",
)


def scenario_colors(scenarios: Sequence[str]) -> dict[str, str]:
    """One Okabe–Ito colour per scenario, in display order (cycled beyond eight).

    Parameters
    ----------
    scenarios : sequence of str
        Scenario names in display order (baseline first).

    Returns
    -------
    dict
        Scenario name to hex colour; the same on every figure of a report.

    """
    return {name: OKABE_ITO[i % len(OKABE_ITO)] for i, name in enumerate(scenarios)}


def category_colors(categories: Sequence[str]) -> dict[str, str]:
    """One colour per hour category (task kind or origin)."""
    return {name: TOL_MUTED[i % len(TOL_MUTED)] for i, name in enumerate(categories)}


def esc(text: object) -> str:
    """HTML-escape any text that came from data (scenario names, descriptions, parameters)."""
    return html.escape(str(text), quote=True)


def metric_label(metric: str) -> str:
    """Plain-language name of a metric (falls back to the column name)."""
    return METRIC_LABELS.get(metric, metric.replace("_", " ").capitalize())


def metric_unit(metric: str) -> str:
    """Unit of a summary metric or a swept parameter column."""
    if metric.startswith("param."):
        try:
            from commsim.parameters import SCHEMA

            return str(SCHEMA[metric.removeprefix("param.")].unit)
        except Exception:  # noqa: BLE001 - unknown parameter: no unit to show
            return "value"
    return METRIC_UNITS.get(metric, "value")


def axis_title(metric: str) -> str:
    """Axis title naming the metric and its unit."""
    if metric.startswith("param."):
        return f"{esc(metric.removeprefix('param.'))} ({esc(metric_unit(metric))})"
    return f"{esc(metric_label(metric))} ({esc(metric_unit(metric))})"


def number_format(values: Sequence[float] | np.ndarray) -> str:
    """A d3 format showing values exactly enough for hover text.

    Large magnitudes get thousands separators and no decimals, shares get four decimals.
    """
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    peak = float(np.abs(x).max()) if x.size else 0.0
    if peak >= 1000:
        return ",.0f"
    if peak >= 10:
        return ",.2f"
    return ".4f"


def fmt(value: float, spec: str) -> str:
    """Format one number with a d3-like spec (``,.0f``, ``,.2f``, ``.4f``); NaN as an en dash."""
    if value is None or not np.isfinite(value):
        return "–"
    return format(value, spec)


#: Font of every figure.
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}


def rgba(hex_colour: str, alpha: float) -> str:
    """CSS ``rgba()`` colour of a hex colour at opacity ``alpha``."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {alpha})"


def base_layout(fig: go.Figure, *, height: int, title: str | None = None) -> go.Figure:
    """Apply the layout every figure shares (template, font, margins, legend on top)."""
    fig.update_layout(
        template="plotly_white", font=FONT, height=height, hovermode="closest",
        margin={"l": 70, "r": 30, "t": 60 if title else 30, "b": 60},
        title={"text": title} if title else None,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    )
    return fig
