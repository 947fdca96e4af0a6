"""Figure builders: pure functions from results frames to Plotly figures.

Each builder takes plain frames (the results-store layout) and returns a
``plotly.graph_objects.Figure``; none of them reads files or touches the model.
Every axis names its unit and every trace carries a hover template with the
exact values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from commsim.report.data import campaign_spans, daily_bands
from commsim.report.style import (
    CAMPAIGN_FILL,
    axis_title,
    category_colors,
    esc,
    fmt,
    metric_label,
    metric_unit,
    number_format,
)
from commsim.statistics import mean_ci

FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}

#: Daily panels: (title, column, unit, weekly sum?).
DAILY_PANELS: tuple[tuple[str, str, str, bool], ...] = (
    ("Overtime per cadre-week", "overtime_per_cadre", "h per cadre-week", True),
    ("Residents satisfied", "resident_satisfaction", "share of households", False),
    ("Headcount (solid) and vacancies (dotted)", "headcount", "cadres", False),
    ("Backlog of department work", "backlog_hours", "h of queued work", False),
)


def _base_layout(fig: go.Figure, *, height: int, title: str | None = None) -> go.Figure:
    fig.update_layout(
        template="plotly_white", font=FONT, height=height, hovermode="closest",
        margin={"l": 70, "r": 30, "t": 60 if title else 30, "b": 60},
        title={"text": title} if title else None,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    )
    return fig


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {alpha})"


def headline_table_figure(table: pd.DataFrame, baseline: str,
                          colors: Mapping[str, str]) -> go.Figure:
    """Table of scenario × metric: mean, 95% CI and paired difference from baseline.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`commsim.report.data.headline_table`.
    baseline : str
        The reference scenario.
    colors : mapping
        Scenario colours (the scenario cell is tinted with it).

    Returns
    -------
    plotly.graph_objects.Figure

    """
    metrics = list(dict.fromkeys(table["metric"]))
    ordered = table.assign(_m=table["metric"].map({m: i for i, m in enumerate(metrics)}))
    ordered = ordered.sort_values("_m", kind="stable")
    cells: dict[str, list[str]] = {k: [] for k in
                                   ("metric", "unit", "scenario", "n", "mean", "ci", "diff",
                                    "dci")}
    fills: list[str] = []
    scen_fill: list[str] = []
    for row in ordered.itertuples(index=False):
        values = table.loc[table["metric"] == row.metric, ["mean", "ci_low", "ci_high"]]
        spec = number_format(values.to_numpy().ravel())
        cells["metric"].append(esc(metric_label(row.metric)))
        cells["unit"].append(esc(metric_unit(row.metric)))
        cells["scenario"].append(f"<b>{esc(row.scenario)}</b>")
        cells["n"].append(str(int(row.n)))
        cells["mean"].append(fmt(row.mean, spec))
        cells["ci"].append(f"{fmt(row.ci_low, spec)} to {fmt(row.ci_high, spec)}")
        if row.scenario == baseline:
            cells["diff"].append("reference")
            cells["dci"].append("")
        else:
            sign = "+" if row.diff_mean > 0 else ""
            cells["diff"].append(f"{sign}{fmt(row.diff_mean, spec)}")
            cells["dci"].append(f"{fmt(row.diff_ci_low, spec)} to {fmt(row.diff_ci_high, spec)}")
        fills.append("#f4f6f8" if metrics.index(row.metric) % 2 == 0 else "#ffffff")
        scen_fill.append(_rgba(colors.get(row.scenario, "#999999"), 0.18))
    header = ["Metric", "Unit", "Scenario", "Runs", "Mean", "95% CI",
              f"Paired difference from {esc(baseline)}", "95% CI of difference"]
    fig = go.Figure(go.Table(
        columnwidth=[150, 150, 150, 45, 80, 150, 110, 150],
        header={"values": [f"<b>{h}</b>" for h in header], "fill_color": "#dfe5ec",
                "align": "left", "font": {"size": 12}},
        cells={"values": list(cells.values()), "align": "left", "height": 24,
               "fill_color": [fills, fills, scen_fill, fills, fills, fills, fills, fills]},
    ))
    return _base_layout(fig, height=min(110 + 25 * len(ordered), 1400))


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
    fig = make_subplots(rows=nrows, cols=ncols, vertical_spacing=0.32 / max(nrows, 1),
                        horizontal_spacing=0.12,
                        subplot_titles=[esc(metric_label(m)) for m in metrics])
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
                y=these[metric].astype(float), name=esc(scenario), legendgroup=scenario,
                showlegend=k == 0, marker_color=colors.get(scenario), boxpoints="all",
                jitter=0.4, pointpos=0, boxmean=True, customdata=rep.to_numpy(),
                hovertemplate=(f"<b>{esc(scenario)}</b><br>{esc(metric_label(metric))}: "
                               f"%{{y:{spec}}} {esc(metric_unit(metric))}"
                               "<br>replication %{customdata}<extra></extra>"),
            ), row=row, col=col)
        fig.update_yaxes(title_text=esc(metric_unit(metric)), row=row, col=col)
        fig.update_xaxes(showticklabels=False, title_text="scenario", row=row, col=col)
    return _base_layout(fig, height=300 * nrows + 80)


def daily_figure(daily: pd.DataFrame, scenarios: Sequence[str],
                 colors: Mapping[str, str]) -> go.Figure:
    """Daily series, mean over replications with 95% bands, inspection seasons shaded.

    Panels: overtime per cadre-week (trailing 7-day sum), residents satisfied,
    headcount and vacancies, backlog.

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
    panels = [p for p in DAILY_PANELS if p[1] in daily]
    fig = make_subplots(rows=len(panels), cols=1, shared_xaxes=True, vertical_spacing=0.06,
                        subplot_titles=[p[0] for p in panels])
    for r, (_title, column, unit, weekly) in enumerate(panels, start=1):
        series = [(column, "solid")]
        if column == "headcount" and "vacancies" in daily:
            series.append(("vacancies", "dot"))
        for col_name, dash in series:
            bands = daily_bands(daily, col_name, weekly_sum=weekly)
            spec = number_format(bands["mean"])
            for scenario in scenarios:
                b = bands[bands["scenario"] == scenario].dropna(subset=["mean"])
                if b.empty:
                    continue
                colour = colors.get(scenario, "#777777")
                have_band = b["low"].notna().any()
                if have_band:
                    fig.add_trace(go.Scatter(
                        x=np.concatenate([b["day"], b["day"][::-1]]),
                        y=np.concatenate([b["high"], b["low"][::-1]]),
                        fill="toself", fillcolor=_rgba(colour, 0.18), line={"width": 0},
                        hoverinfo="skip", showlegend=False, legendgroup=scenario,
                        name=f"{esc(scenario)} 95% band",
                    ), row=r, col=1)
                label = col_name.replace("_", " ")
                fig.add_trace(go.Scatter(
                    x=b["day"], y=b["mean"], mode="lines", name=esc(scenario),
                    legendgroup=scenario, showlegend=r == 1 and dash == "solid",
                    line={"color": colour, "width": 1.8, "dash": dash},
                    customdata=np.column_stack([b["low"], b["high"], b["n"]]),
                    hovertemplate=(f"<b>{esc(scenario)}</b> · day %{{x}}<br>{esc(label)}: "
                                   f"%{{y:{spec}}} {esc(unit)}<br>95% CI %{{customdata[0]:{spec}}}"
                                   f" to %{{customdata[1]:{spec}}} (%{{customdata[2]}} runs)"
                                   "<extra></extra>"),
                ), row=r, col=1)
        fig.update_yaxes(title_text=esc(unit), row=r, col=1)
    for x0, x1 in campaign_spans(daily):
        fig.add_vrect(x0=x0, x1=x1, fillcolor=CAMPAIGN_FILL, line_width=0, layer="below",
                      row="all", col=1)
    if campaign_spans(daily):
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name="inspection season",
            marker={"symbol": "square", "size": 12, "color": CAMPAIGN_FILL},
            hoverinfo="skip"), row=1, col=1)
    fig.update_xaxes(title_text="day of the simulated year (d)", row=len(panels), col=1)
    return _base_layout(fig, height=230 * len(panels) + 120)


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
    metrics = list(dict.fromkeys(others["metric"]))
    scenarios = list(dict.fromkeys(others["scenario"]))
    ncols = 2 if len(metrics) > 1 else 1
    nrows = max(1, math.ceil(len(metrics) / ncols))
    panel = 70 + 45 * len(scenarios)
    height = (panel + 110) * nrows + 60
    fig = make_subplots(rows=nrows, cols=ncols, horizontal_spacing=0.18,
                        vertical_spacing=min(110 / height, 0.9 / max(nrows - 1, 1)),
                        subplot_titles=[esc(metric_label(m)) for m in metrics])
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
                x=[d], y=[esc(scenario)], mode="markers", name=esc(scenario),
                legendgroup=scenario, showlegend=k == 0,
                marker={"color": colors.get(scenario), "size": 10, "symbol": "diamond"},
                error_x={"type": "data", "symmetric": False,
                         "array": [hi - d if np.isfinite(hi) else 0],
                         "arrayminus": [d - lo if np.isfinite(lo) else 0],
                         "color": colors.get(scenario), "thickness": 2, "width": 6},
                customdata=[[lo, hi]],
                hovertemplate=(f"<b>{esc(scenario)}</b> − {esc(baseline)}<br>"
                               f"{esc(metric_label(metric))}: %{{x:{spec}}} "
                               f"{esc(metric_unit(metric))}<br>95% CI %{{customdata[0]:{spec}}}"
                               f" to %{{customdata[1]:{spec}}}<extra></extra>"),
            ), row=row, col=col)
        fig.add_vline(x=0, line={"color": "#555", "dash": "dash", "width": 1}, row=row, col=col)
        fig.update_xaxes(title_text=f"Δ ({esc(metric_unit(metric))})", row=row,
                         col=col)
        fig.update_yaxes(autorange="reversed", type="category", row=row, col=col,
                         title_text="scenario" if col == 1 else None)
    return _base_layout(fig, height=height)


def hours_per_cadre_week(hours: pd.DataFrame, runs: pd.DataFrame,
                         daily: pd.DataFrame | None) -> tuple[pd.DataFrame, str]:
    """Mean cadre hours per category and scenario, per cadre-week where possible.

    Parameters
    ----------
    hours : pandas.DataFrame
        ``run_id``/``scenario``/``replication``, ``dimension``, ``category``, ``hours``.
    runs : pandas.DataFrame
        Finished runs (``mean_headcount`` is used to normalise).
    daily : pandas.DataFrame or None
        Daily series (its length gives each run's days).

    Returns
    -------
    tuple
        Frame ``scenario, dimension, category, hours`` (mean over runs) and its unit.

    """
    key = ["run_id"] if "run_id" in hours and "run_id" in runs else ["scenario", "replication"]
    frame = hours.copy()
    unit = "h per run"
    if "mean_headcount" in runs and daily is not None and not daily.empty:
        days = daily.groupby(key).size().rename("_days").reset_index()
        norm = runs[[*key, "mean_headcount"]].merge(days, on=key)
        frame = frame.merge(norm, on=key)
        cadre_weeks = frame["mean_headcount"].astype(float) * frame["_days"] / 7
        frame["hours"] = frame["hours"].astype(float) / cadre_weeks.where(cadre_weeks > 0)
        unit = "h per cadre-week"
    elif "run_id" in frame and "run_id" in runs:
        frame = frame[frame["run_id"].isin(runs["run_id"])]
    group = list(dict.fromkeys([*key, "scenario", "dimension", "category"]))
    per_run = frame.groupby(group, as_index=False)["hours"].sum()
    n_runs = per_run.groupby("scenario")[key[-1]].nunique()
    total = per_run.groupby(["scenario", "dimension", "category"], as_index=False)["hours"].sum()
    total["hours"] = total["hours"] / total["scenario"].map(n_runs)
    return total, unit


def hours_figure(mean_hours: pd.DataFrame, unit: str, dimension: str,
                 scenarios: Sequence[str]) -> go.Figure:
    """Stacked bars of where cadre hours go, one bar per scenario.

    Parameters
    ----------
    mean_hours : pandas.DataFrame
        First element of :func:`hours_per_cadre_week`.
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
        fig.add_trace(go.Bar(
            y=[esc(s) for s in names], x=values, orientation="h", name=esc(category),
            marker_color=colours[category],
            hovertemplate=(f"<b>%{{y}}</b><br>{esc(category)}: %{{x:{spec}}} {esc(unit)}"
                           "<extra></extra>"),
        ))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text=f"cadre hours ({esc(unit)})")
    fig.update_yaxes(title_text="scenario", autorange="reversed", type="category")
    return _base_layout(fig, height=160 + 45 * len(names))


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
    fig = _base_layout(fig, height=520)
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
    return _base_layout(fig, height=420)


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
    fig = _base_layout(fig, height=480)
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
    fig = _base_layout(fig, height=480)
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
    fig = _base_layout(fig, height=460)
    fig.update_layout(margin={"t": 90})
    return fig
