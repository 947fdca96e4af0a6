"""Colours, labels, number formats and the layout shared by every figure."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from commsim.results.catalog import Catalog

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

#: The catalog labels and units come from (see :func:`use_catalog`).
_ACTIVE: list[Catalog] = [Catalog()]
#: The language of labels, units and scenario names (see :func:`use_language`).
_LANGUAGE: list[str] = ["en"]


def use_language(lang: str) -> None:
    """Label metrics, units and built-in scenarios in ``lang`` (``"en"`` or ``"zh"``)."""
    _LANGUAGE[0] = lang


def active_language() -> str:
    """The language labels are written in."""
    return _LANGUAGE[0]


def scenario_label(name: str) -> str:
    """A scenario's name as readers see it (built-in scenarios translated under zh)."""
    from commsim.core.i18n import scenario_name

    return scenario_name(name, _LANGUAGE[0])


def use_catalog(catalog: Catalog) -> None:
    """Make ``catalog`` the one that labels, units and directions are read from.

    ``catalog`` holds a store's metric declarations and parameter units. The report
    calls this with the catalog of the store it renders; without a store the
    declarations made in this process (:data:`commsim.core.metrics.METRICS`) are used.
    """
    _ACTIVE[0] = catalog


def active_catalog() -> Catalog:
    """The catalog labels and units are read from."""
    return _ACTIVE[0]


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
    from commsim.core.i18n import metric_name

    declared = _ACTIVE[0].metric(metric)
    if declared is not None and declared.label:
        return metric_name(declared, _LANGUAGE[0])
    return metric.replace("_", " ").capitalize()


def metric_unit(metric: str) -> str:
    """Unit of a summary metric or a swept parameter column (``"value"`` if unknown)."""
    from commsim.core.i18n import unit_name

    if metric.startswith("param."):
        return _ACTIVE[0].parameter_units.get(metric.removeprefix("param."), "value")
    declared = _ACTIVE[0].metric(metric)
    return unit_name(declared.unit if declared is not None and declared.unit else "value",
                     _LANGUAGE[0])


def metric_better(metric: str) -> str:
    """Which direction of a metric is better: ``"lower"``, ``"higher"`` or ``"neither"``."""
    declared = _ACTIVE[0].metric(metric)
    return declared.better if declared is not None else "neither"


def axis_title(metric: str) -> str:
    """Axis title naming the metric and its unit."""
    if metric.startswith("param."):
        return f"{esc(metric.removeprefix('param.'))} ({esc(metric_unit(metric))})"
    return f"{esc(metric_label(metric))} ({esc(metric_unit(metric))})"


def number_format(values: Sequence[float] | np.ndarray) -> str:
    """A d3 format with about three significant digits at the values' largest magnitude.

    Thousands get separators and no decimals; shares (below 1) three decimals.
    """
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    peak = float(np.abs(x).max()) if x.size else 0.0
    if peak >= 1000:
        return ",.0f"
    if peak >= 100:
        return ",.1f"
    if peak >= 1:
        return ",.2f"
    return ".3f"


def fmt(value: float, spec: str) -> str:
    """Format one number with a d3-like spec (``,.0f``, ``,.2f``, ``.4f``); NaN as an en dash."""
    if value is None or not np.isfinite(value):
        return "–"
    return format(value, spec)


#: Fonts of the page and every figure: Latin system fonts first, then CJK fonts (Noto Sans
#: CJK SC on Linux, from Debian's fonts-noto-cjk; PingFang SC on macOS; Microsoft YaHei on
#: Windows), so Chinese text gets real glyphs, not boxes, wherever the report is opened.
FONT_STACK = ("system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans CJK SC', "
              "'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', "
              "'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif")
#: Font of every figure.
FONT = {"family": FONT_STACK, "size": 13}


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
    if active_language() == "zh":  # 12,000 rather than 12k: k and M are not Chinese units
        fig.update_xaxes(exponentformat="none", separatethousands=True)
        fig.update_yaxes(exponentformat="none", separatethousands=True)
    return fig
