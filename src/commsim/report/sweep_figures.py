"""Sweep and sensitivity figures: pure functions from results frames to Plotly figures.

Heatmap and parallel coordinates over swept parameters, the one-parameter line
chart, and the Sobol and Morris sensitivity charts. Like
:mod:`commsim.report.figures`, every builder takes plain frames and returns a
``plotly.graph_objects.Figure``, every axis names its unit and every trace
carries a hover template with the exact values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from commsim.analysis.inference import mean_ci
from commsim.report.style import (
    axis_title,
    base_layout,
    esc,
    metric_label,
    metric_unit,
    number_format,
)


def _visibility_menu(labels: Sequence[str], per_item: int,
                     titles: Sequence[dict] | None = None) -> list[dict]:
    buttons = []
    n = len(labels)
    for i, label in enumerate(labels):
        visible = [j // per_item == i for j in range(n * per_item)]
        args: list = [{"visible": visible}]
        if titles is not None:
            args.append(titles[i])
        buttons.append({"label": label, "method": "update", "args": args})
    return [{"buttons": buttons, "direction": "down", "x": 1.0, "xanchor": "right",
             "y": 1.18, "yanchor": "top", "showactive": True}]


def _grid_values(values: pd.Series, max_levels: int = 12, bins: int = 8) -> tuple[pd.Series, bool]:
    """Swept values as they are when few, else the centres of equal-width bins.

    Returns the values and whether they were binned.
    """
    if values.nunique() <= max_levels:
        return values, False
    edges = np.linspace(values.min(), values.max(), bins + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    idx = np.clip(np.digitize(values, edges[1:-1]), 0, bins - 1)
    return pd.Series(centres[idx], index=values.index), True


def sweep_heatmap(runs: pd.DataFrame, x: str, y: str, metrics: Sequence[str]) -> go.Figure:
    """Heatmap of the mean of each metric over two swept parameters (metric chosen in a menu).

    Parameters
    ----------
    runs : pandas.DataFrame
        Finished runs with ``param.<key>`` columns.
    x, y : str
        The two parameter columns.
    metrics : sequence of str
        Metrics offered in the drop-down menu (first shown).

    Returns
    -------
    plotly.graph_objects.Figure

    """
    metrics = [m for m in metrics if m in runs]
    gx, binned_x = _grid_values(runs[x].astype(float))
    gy, binned_y = _grid_values(runs[y].astype(float))
    frame = runs.assign(_x=gx, _y=gy)
    fig = go.Figure()
    for i, metric in enumerate(metrics):
        grid = frame.groupby(["_y", "_x"])[metric].agg(["mean", "count"]).reset_index()
        z = grid.pivot(index="_y", columns="_x", values="mean")
        n = grid.pivot(index="_y", columns="_x", values="count")
        spec = number_format(grid["mean"])
        xs = z.columns.to_numpy() if binned_x else [f"{v:g}" for v in z.columns]
        ys = z.index.to_numpy() if binned_y else [f"{v:g}" for v in z.index]
        fig.add_trace(go.Heatmap(
            x=xs, y=ys, z=z.to_numpy(),
            customdata=n.to_numpy(), colorscale="Viridis", visible=i == 0,
            colorbar={"title": {"text": esc(metric_unit(metric)), "side": "right"}},
            name=esc(metric_label(metric)),
            hovertemplate=(f"{esc(x.removeprefix('param.'))} = %{{x}}<br>"
                           f"{esc(y.removeprefix('param.'))} = %{{y}}<br>"
                           f"{esc(metric_label(metric))}: %{{z:{spec}}} "
                           f"{esc(metric_unit(metric))}<br>mean of %{{customdata}} runs"
                           "<extra></extra>"),
        ))
    binned = " (bin centres)"
    fig.update_xaxes(title_text=axis_title(x) + (binned if binned_x else ""),
                     type="linear" if binned_x else "category")
    fig.update_yaxes(title_text=axis_title(y) + (binned if binned_y else ""),
                     type="linear" if binned_y else "category")
    fig.update_layout(updatemenus=_visibility_menu([metric_label(m) for m in metrics], 1))
    fig = base_layout(fig, height=520)
    fig.update_layout(margin={"t": 90})
    return fig


def sweep_line(runs: pd.DataFrame, x: str, metrics: Sequence[str],
               scenarios: Sequence[str], colors: Mapping[str, str]) -> go.Figure:
    """Mean and 95% CI of metrics against one swept parameter, per scenario.

    Parameters
    ----------
    runs : pandas.DataFrame
        Finished runs.
    x : str
        The parameter column.
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
    fig = make_subplots(rows=1, cols=len(metrics), horizontal_spacing=0.08,
                        subplot_titles=[esc(metric_label(m)) for m in metrics])
    for k, metric in enumerate(metrics, start=1):
        spec = number_format(runs[metric])
        for scenario in scenarios:
            these = runs[runs["scenario"] == scenario]
            rows = [(v, *mean_ci(g[metric])) for v, g in these.groupby(x)]
            if not rows:
                continue
            arr = np.array(rows, dtype=float)
            fig.add_trace(go.Scatter(
                x=arr[:, 0], y=arr[:, 1], mode="lines+markers", name=esc(scenario),
                legendgroup=scenario, showlegend=k == 1,
                line={"color": colors.get(scenario)},
                error_y={"type": "data", "symmetric": False,
                         "array": np.nan_to_num(arr[:, 3] - arr[:, 1]),
                         "arrayminus": np.nan_to_num(arr[:, 1] - arr[:, 2])},
                customdata=arr[:, 2:4],
                hovertemplate=(f"<b>{esc(scenario)}</b><br>{esc(x.removeprefix('param.'))}"
                               f" = %{{x}}<br>{esc(metric_label(metric))}: %{{y:{spec}}} "
                               f"{esc(metric_unit(metric))}<br>95% CI %{{customdata[0]:{spec}}}"
                               f" to %{{customdata[1]:{spec}}}<extra></extra>"),
            ), row=1, col=k)
        fig.update_xaxes(title_text=axis_title(x), row=1, col=k)
        fig.update_yaxes(title_text=esc(metric_unit(metric)), row=1, col=k)
    return base_layout(fig, height=420)


def parallel_figure(runs: pd.DataFrame, params: Sequence[str],
                    metrics: Sequence[str]) -> go.Figure:
    """Parallel coordinates over every swept parameter and the headline metrics.

    Lines are coloured by the first metric; drag along an axis to filter runs.

    Parameters
    ----------
    runs : pandas.DataFrame
        Finished runs.
    params : sequence of str
        Swept parameter columns.
    metrics : sequence of str
        Metric columns (the first colours the lines).

    Returns
    -------
    plotly.graph_objects.Figure

    """
    metrics = [m for m in metrics if m in runs]
    dims = [{"label": esc(p.removeprefix("param.")) + f" ({esc(metric_unit(p))})",
             "values": runs[p].astype(float).to_numpy()} for p in params]
    dims += [{"label": f"{esc(metric_label(m))} ({esc(metric_unit(m))})",
              "values": runs[m].astype(float).to_numpy()} for m in metrics]
    colour = runs[metrics[0]].astype(float).to_numpy() if metrics else None
    fig = go.Figure(go.Parcoords(
        dimensions=dims,
        line={"color": colour, "colorscale": "Viridis", "showscale": True,
              "colorbar": {"title": {"text": esc(metric_unit(metrics[0])) if metrics else ""}}},
        labelangle=-15,
    ))
    fig = base_layout(fig, height=480)
    fig.update_layout(margin={"l": 90, "r": 90, "t": 110, "b": 40})
    return fig


def sobol_figure(sobol: pd.DataFrame) -> go.Figure:
    """First-order and total Sobol indices per parameter with 95% CI bars (metric menu).

    Parameters
    ----------
    sobol : pandas.DataFrame
        ``metric, parameter, S1, S1_conf, ST, ST_conf``.

    Returns
    -------
    plotly.graph_objects.Figure

    """
    metrics = list(dict.fromkeys(sobol["metric"]))
    fig = go.Figure()
    for i, metric in enumerate(metrics):
        part = sobol[sobol["metric"] == metric].sort_values("ST", ascending=False)
        names = [esc(p) for p in part["parameter"]]
        for index, colour, label in (("S1", "#0072B2", "first-order S1"),
                                     ("ST", "#E69F00", "total-order ST")):
            fig.add_trace(go.Bar(
                x=names, y=part[index].astype(float), name=label, marker_color=colour,
                visible=i == 0, legendgroup=index, showlegend=True,
                error_y={"type": "data", "array": part[f"{index}_conf"].astype(float),
                         "visible": True},
                customdata=part[f"{index}_conf"].astype(float).to_numpy(),
                hovertemplate=(f"{esc(metric_label(metric))}<br>%{{x}}<br>{index} = "
                               "%{y:.4f} ± %{customdata:.4f} (95% CI)<extra></extra>"),
            ))
    fig.update_layout(barmode="group",
                      updatemenus=_visibility_menu([metric_label(m) for m in metrics], 2))
    fig.update_yaxes(title_text="Sobol index (share of output variance, 0-1)")
    fig.update_xaxes(title_text="parameter")
    fig = base_layout(fig, height=480)
    fig.update_layout(margin={"t": 90})
    return fig


def morris_figure(morris: pd.DataFrame) -> go.Figure:
    """Morris screening: mean absolute elementary effect against its spread (metric menu).

    Parameters
    ----------
    morris : pandas.DataFrame
        ``metric, parameter, mu_star, mu_star_conf, sigma``.

    Returns
    -------
    plotly.graph_objects.Figure

    """
    metrics = list(dict.fromkeys(morris["metric"]))
    fig = go.Figure()
    titles = []
    for i, metric in enumerate(metrics):
        part = morris[morris["metric"] == metric]
        spec = number_format(part["mu_star"])
        unit = esc(metric_unit(metric))
        fig.add_trace(go.Scatter(
            x=part["mu_star"].astype(float), y=part["sigma"].astype(float),
            mode="markers+text", text=[esc(p) for p in part["parameter"]],
            textposition="top center", visible=i == 0, name=esc(metric_label(metric)),
            marker={"size": 10, "color": "#0072B2"},
            error_x={"type": "data", "array": part["mu_star_conf"].astype(float)},
            hovertemplate=(f"%{{text}}<br>μ* = %{{x:{spec}}} {unit}<br>σ = %{{y:{spec}}} "
                           f"{unit}<extra></extra>"),
        ))
        titles.append({"xaxis.title.text": f"μ*, mean |elementary effect| ({unit})",
                       "yaxis.title.text": f"σ of elementary effects ({unit})"})
    fig.update_layout(updatemenus=_visibility_menu([metric_label(m) for m in metrics], 1,
                                                   titles), showlegend=False)
    if metrics:
        unit0 = esc(metric_unit(metrics[0]))
        fig.update_xaxes(title_text=f"μ*, mean |elementary effect| ({unit0})")
        fig.update_yaxes(title_text=f"σ of elementary effects ({unit0})")
    fig = base_layout(fig, height=460)
    fig.update_layout(margin={"t": 90})
    return fig
