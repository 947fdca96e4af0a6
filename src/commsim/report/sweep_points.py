"""A sweep's results per design point: never one mean pooled over the whole grid.

A design point is one combination of the swept parameters' values. A mean over all
points answers no question (it depends on which points the grid happens to hold), so a
sweep report shows each point on its own: with a reference scenario in the grid, the
paired difference of every other scenario from it at the same point and replication
(common random numbers make the pairs comparable), with its 95% interval; with one
scenario only, the mean at each point with its 95% interval.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from commsim.analysis.inference import mean_ci
from commsim.report.style import base_layout, esc, fmt, metric_label, metric_unit, number_format
from commsim.results import Results

#: Columns of :func:`point_table` after the parameter columns.
POINT_COLUMNS: tuple[str, ...] = (
    "point", "scenario", "metric", "n", "mean", "ci_low", "ci_high",
    "n_pairs", "diff_mean", "diff_ci_low", "diff_ci_high",
)


def point_label(values: Mapping[str, object]) -> str:
    """``leakage = 0.3, budget_yuan = 5000``: a design point in words."""
    return ", ".join(f"{k.removeprefix('param.')} = {v:g}" if isinstance(v, (int, float))
                     else f"{k.removeprefix('param.')} = {v}" for k, v in values.items())


#: Designs that sample the parameters from distributions: their runs together estimate
#: an outcome under parameter uncertainty, so their pooled summaries keep their meaning.
SAMPLING_DESIGNS: tuple[str, ...] = ("lhs", "sobol", "morris")


def is_grid(data: Results) -> bool:
    """Whether the runs sweep chosen design points (a grid or a table of points)."""
    design = data.manifest.get("design") if isinstance(data.manifest, dict) else None
    kind = design.get("kind") if isinstance(design, dict) else None
    return bool(data.param_columns) and kind not in SAMPLING_DESIGNS


def paired_runs(data: Results, scenario: str, metrics: Sequence[str]) -> pd.DataFrame:
    """Runs of ``scenario`` with each metric replaced by its difference from the reference.

    Pairs are the runs of the same design point and replication (common random
    numbers); the frame keeps the parameter columns, so any per-point figure of runs
    draws paired differences from it.
    """
    runs = data.ok_runs
    params = data.param_columns
    keys = ["replication", *params] if "replication" in runs else list(params)
    metrics = [m for m in metrics if m in runs]
    these = runs[runs["scenario"] == scenario][[*keys, *metrics]]
    ref = runs[runs["scenario"] == data.baseline][[*keys, *metrics]]
    paired = these.merge(ref, on=keys, suffixes=("", "_ref"))
    for m in metrics:
        paired[m] = paired[m] - paired[f"{m}_ref"]
    return paired[[*keys, *metrics]].assign(scenario=scenario)


def has_reference(data: Results) -> bool:
    """Whether the sweep compares scenarios (the first, or the stated one, is the reference)."""
    return len(data.scenarios) > 1


def point_table(data: Results, metrics: Sequence[str]) -> pd.DataFrame:
    """Per design point, scenario and metric: mean and, against the reference, paired difference.

    Parameters
    ----------
    data : Results
        A sweep's results (runs with ``param.<key>`` columns, ``scenario`` and
        ``replication``).
    metrics : sequence of str
        Summary metrics (those missing from the runs are skipped).

    Returns
    -------
    pandas.DataFrame
        The swept parameter columns, then :data:`POINT_COLUMNS`. ``diff_*`` are the
        mean and 95% t-interval of ``scenario - reference`` over the replications both
        ran at that point (``n_pairs`` of them); NaN for the reference itself and when the
        sweep has one scenario.

    """
    runs = data.ok_runs
    params = data.param_columns
    metrics = [m for m in metrics if m in runs]
    base = data.baseline if has_reference(data) else None
    pair_on = ["replication", *params] if "replication" in runs else list(params)
    reference = runs[runs["scenario"] == base] if base is not None else runs.iloc[:0]
    rows: list[dict[str, object]] = []
    for values, at_point in runs.groupby(params, sort=True, dropna=False):
        point = dict(zip(params, values if isinstance(values, tuple) else (values,),
                         strict=True))
        for scenario in data.scenarios:
            these = at_point[at_point["scenario"] == scenario]
            if these.empty:
                continue
            for metric in metrics:
                declared = data.catalog.metrics.get(metric)
                mean, low, high = mean_ci(these[metric],
                                          bounds=declared.bounds if declared else None)
                diff, n_pairs = (np.nan, np.nan, np.nan), 0
                if base is not None and scenario != base:
                    paired = these[[*pair_on, metric]].merge(
                        reference[[*pair_on, metric]], on=pair_on, suffixes=("", "_ref"))
                    gaps = (paired[metric] - paired[f"{metric}_ref"]).dropna()
                    n_pairs = len(gaps)
                    diff = mean_ci(gaps) if n_pairs else diff
                rows.append({**point, "point": point_label(point), "scenario": scenario,
                             "metric": metric, "n": int(these[metric].notna().sum()),
                             "mean": mean, "ci_low": low, "ci_high": high, "n_pairs": n_pairs,
                             "diff_mean": diff[0], "diff_ci_low": diff[1],
                             "diff_ci_high": diff[2]})
    return pd.DataFrame(rows, columns=[*params, *POINT_COLUMNS])


def _menu(labels: Sequence[str], per_item: Sequence[int]) -> list[dict]:
    total = sum(per_item)
    buttons, start = [], 0
    for label, count in zip(labels, per_item, strict=True):
        visible = [start <= j < start + count for j in range(total)]
        buttons.append({"label": label, "method": "update", "args": [{"visible": visible}]})
        start += count
    return [{"buttons": buttons, "direction": "down", "x": 1.0, "xanchor": "right",
             "y": 1.15, "yanchor": "top", "showactive": True}]


def point_effect_figure(table: pd.DataFrame, reference: str | None,
                        colors: Mapping[str, str]) -> go.Figure:
    """Per design point: paired difference from the reference with 95% CI (or the mean).

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`point_table`.
    reference : str or None
        The reference scenario; ``None`` for a sweep of one scenario (means are drawn).
    colors : mapping
        Scenario colours.

    Returns
    -------
    plotly.graph_objects.Figure
        One row per design point, one marker per scenario; the metric is chosen in a menu.

    """
    metrics = list(dict.fromkeys(table["metric"]))
    fig = go.Figure()
    counts = []
    for i, metric in enumerate(metrics):
        part = table[table["metric"] == metric]
        if reference is not None:
            part = part[part["scenario"] != reference]
        key = "diff" if reference is not None else ""
        mid, low, high = ((f"{key}_mean", f"{key}_ci_low", f"{key}_ci_high") if key
                          else ("mean", "ci_low", "ci_high"))
        spec = number_format(part[[mid, low, high]].to_numpy().ravel())
        unit = esc(metric_unit(metric))
        scenarios = list(dict.fromkeys(part["scenario"]))
        for scenario in scenarios:
            rows = part[part["scenario"] == scenario]
            what = f"{esc(scenario)} − {esc(reference)}" if reference else esc(scenario)
            fig.add_trace(go.Scatter(
                x=rows[mid].astype(float), y=[esc(p) for p in rows["point"]], mode="markers",
                name=esc(scenario), visible=i == 0, marker={"size": 9,
                                                            "color": colors.get(scenario)},
                error_x={"type": "data", "symmetric": False,
                         "array": (rows[high] - rows[mid]).astype(float).fillna(0),
                         "arrayminus": (rows[mid] - rows[low]).astype(float).fillna(0)},
                customdata=rows[[low, high, "n_pairs" if key else "n"]].to_numpy(),
                hovertemplate=(f"<b>{what}</b><br>%{{y}}<br>{esc(metric_label(metric))}: "
                               f"%{{x:{spec}}} {unit}<br>95% CI %{{customdata[0]:{spec}}} to "
                               f"%{{customdata[1]:{spec}}}<br>%{{customdata[2]}} "
                               f"{'pairs' if key else 'runs'}<extra></extra>")))
        counts.append(len(scenarios))
    fig.update_layout(updatemenus=_menu([metric_label(m) for m in metrics], counts))
    first = metrics[0] if metrics else ""
    title = (f"paired difference from {esc(reference)} ({esc(metric_unit(first))}; "
             "the menu changes the metric)" if reference
             else f"mean ({esc(metric_unit(first))}; the menu changes the metric)")
    fig.update_xaxes(title_text=title, zeroline=True, zerolinecolor="#555555")
    fig.update_yaxes(title_text="design point", autorange="reversed", type="category")
    if reference:
        fig.add_vline(x=0, line_dash="dash", line_color="#555555")
    n_points = table["point"].nunique() if len(table) else 1
    fig = base_layout(fig, height=min(220 + 28 * n_points, 1400))
    fig.update_layout(margin={"t": 90})
    return fig


def point_table_figure(table: pd.DataFrame, reference: str | None) -> go.Figure:
    """Every design point as a table row: runs, mean [95% CI], paired difference [95% CI]."""
    header = ["Design point", "Scenario", "Metric", "Unit", "Runs", "Mean", "95% CI"]
    if reference:
        header += [f"Paired difference from {esc(reference)}", "95% CI of difference", "Pairs"]
    cells: list[list[str]] = [[] for _ in header]
    for metric, part in table.groupby("metric", sort=False):
        spec = number_format(part[["mean", "ci_low", "ci_high"]].to_numpy().ravel())
        for row in part.itertuples(index=False):
            values = [esc(row.point), esc(row.scenario), esc(metric_label(str(metric))),
                      esc(metric_unit(str(metric))), str(int(row.n)), fmt(row.mean, spec),
                      f"{fmt(row.ci_low, spec)} to {fmt(row.ci_high, spec)}"]
            if reference:
                is_ref = row.scenario == reference
                values += (["reference", "", ""] if is_ref else [
                    ("+" if row.diff_mean > 0 else "") + fmt(row.diff_mean, spec),
                    f"{fmt(row.diff_ci_low, spec)} to {fmt(row.diff_ci_high, spec)}",
                    str(int(row.n_pairs))])
            for column, value in zip(cells, values, strict=True):
                column.append(value)
    fig = go.Figure(go.Table(
        header={"values": [f"<b>{h}</b>" for h in header], "fill_color": "#dfe5ec",
                "align": "left", "font": {"size": 12}},
        cells={"values": cells, "align": "left", "height": 24}))
    return base_layout(fig, height=min(110 + 25 * len(table), 4000))


def point_sections(data: Results, metrics: Sequence[str],
                   colors: Mapping[str, str]) -> list[tuple[str, str, str, go.Figure]]:
    """The report sections of a grid sweep: ``(key, title, caption, figure)`` each.

    A table of every design point and a figure of the effect (or mean) at each point.
    """
    points = point_table(data, metrics)
    if points.empty:
        return []
    reference = data.baseline if has_reference(data) else None
    n_points = points["point"].nunique()
    if reference is not None:
        what = (f"the paired difference of each scenario from {reference} at the same design "
                "point and replication (common random numbers) with its 95% t-interval")
    else:
        what = "the mean at each design point with its 95% t-interval"
    return [
        ("sweep-points", "Sweep: results per design point",
         f"Each of the {n_points} design points on its own (never pooled over the grid): "
         f"runs, mean and 95% interval per scenario, and {what}.",
         point_table_figure(points, reference)),
        ("sweep-point-effects",
         "Sweep: effect at each design point" if reference else "Sweep: mean at each design point",
         f"One row per design point: {what}; choose the metric in the menu"
         + ("; an interval that crosses the dashed zero line is not distinguishable from no "
            "effect." if reference else "."),
         point_effect_figure(points, reference, colors)),
    ]
