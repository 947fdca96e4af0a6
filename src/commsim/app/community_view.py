"""The dashboard's per-community view: which communities of the live run are worst off.

One horizontal bar per community of the run on screen (overtime per cadre-week so far,
worst at the top), with the baseline twin's value for the same community beside it.
The rows come from :meth:`commsim.run.live.LiveModel.communities` as plain data; labels and
units from the metric declarations (:mod:`commsim.report.style`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import solara
from mesa.visualization.utils import update_counter

from commsim.analysis.community_ranking import RANK_METRIC, worst_first
from commsim.app.charts import AXIS, BASELINE_COLOUR, CURRENT_COLOUR, FONT, TEMPLATE
from commsim.app.words import tr
from commsim.report.style import esc, metric_label, metric_unit


def community_chart(current: pd.DataFrame, baseline: pd.DataFrame | None = None,
                    metric: str = RANK_METRIC) -> go.Figure:
    """Bars of ``metric`` per community, worst first; the baseline twin's beside them.

    Parameters
    ----------
    current : pandas.DataFrame
        Community rows of the run on screen (``name`` and the metric).
    baseline : pandas.DataFrame, optional
        The baseline twin's rows (same communities), drawn in black.
    metric : str
        The metric of the bars.

    Returns
    -------
    plotly.graph_objects.Figure

    """
    order = current.sort_values(metric, ascending=not worst_first(metric), kind="stable")
    names = [esc(n) for n in order["name"].astype(str)]
    unit = metric_unit(metric)
    traces: list[dict[str, Any]] = [{
        "type": "bar", "orientation": "h", "y": names, "x": order[metric].to_numpy(float),
        "name": tr("run.current"), "marker": {"color": CURRENT_COLOUR},
        "hovertemplate": f"%{{y}}<br>%{{x:.2f}} {esc(unit)}<extra>{tr('run.current')}</extra>",
    }]
    if baseline is not None and not baseline.empty:
        twin = baseline.set_index(baseline["name"].astype(str))[metric]
        traces.append({
            "type": "bar", "orientation": "h", "y": names,
            "x": twin.reindex(order["name"].astype(str)).to_numpy(float),
            "name": tr("run.baseline"), "marker": {"color": BASELINE_COLOUR, "opacity": 0.55},
            "hovertemplate": f"%{{y}}<br>%{{x:.2f}} {esc(unit)}<extra>{tr('run.baseline')}"
                             "</extra>",
        })
    layout = {
        "title": {"text": tr("communities.title", label=esc(metric_label(metric))),
                  "font": {"size": 14}, "x": 0.02, "xanchor": "left"},
        "template": TEMPLATE, "font": FONT, "barmode": "group", "uirevision": "communities",
        "height": max(260, 90 + 24 * len(names) * (2 if len(traces) > 1 else 1)),
        "margin": {"l": 110, "r": 20, "t": 50, "b": 45},
        "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0,
                   "yanchor": "bottom"},
        "xaxis": {**AXIS, "title": {"text": esc(unit)}, "rangemode": "tozero"},
        "yaxis": {**AXIS, "autorange": "reversed", "type": "category"},
        "plot_bgcolor": "white", "paper_bgcolor": "white",
    }
    return go.Figure({"data": traces, "layout": layout}, skip_invalid=True)


@solara.component
def CommunityView(model: Any, visible: bool = True) -> None:  # noqa: N802 - a component
    """The live run's communities ranked by overtime so far, next to the baseline twins.

    Nothing is computed while the tab is hidden.
    """
    update_counter.get()
    if not visible:
        return
    if model.measured_day == 0:
        solara.Text(tr("communities.start"))
        return
    current = model.communities_so_far()
    twin = model.baseline_communities() if getattr(model, "baseline", None) else None
    solara.FigurePlotly(community_chart(current, twin))
