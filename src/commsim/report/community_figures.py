"""The report's per-community section: which communities are worst off, and who gains.

Reads the store's ``community`` table through
:func:`commsim.analysis.community_ranking.ranking`; labels, units and better
directions come from the store's catalog (:mod:`commsim.report.style`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from commsim.analysis.community_ranking import RANK_METRIC, gains, ranking
from commsim.core.i18n import scenario_name
from commsim.report.style import (
    active_language,
    base_layout,
    esc,
    fmt,
    metric_better,
    metric_label,
    metric_unit,
    number_format,
    rgba,
)
from commsim.report.words import WORDS, say
from commsim.results import Results


def _w(key: str, **fields: object) -> str:
    """The section's phrase ``key`` in the report's language (:mod:`commsim.report.words`)."""
    return say(f"community.{key}", None, **fields) if f"community.{key}" in WORDS else key


def _scenario(name: str) -> str:
    return scenario_name(name, active_language())


#: Worst communities listed per scenario in the ranked table.
TOP = 10
#: Metrics of the ranked table (those the store has), after the ranking metric.
TABLE_METRICS: tuple[str, ...] = ("resident_satisfaction", "turnover_rate")


def _names(part: pd.DataFrame) -> list[str]:
    return [esc(n) for n in part["name"].astype(str)]


def community_table_figure(table: pd.DataFrame, baseline: str, scenarios: Sequence[str],
                           colors: Mapping[str, str], top: int = TOP) -> go.Figure:
    """The ``top`` worst communities of each scenario on the ranking metric.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`~commsim.analysis.community_ranking.ranking`.
    baseline : str
        The reference scenario (others show their paired difference from it).
    scenarios : sequence of str
        Scenario order.
    colors : mapping
        Scenario colours (the scenario cell is tinted with them).
    top : int
        Communities listed per scenario.

    Returns
    -------
    plotly.graph_objects.Figure

    """
    extra = [m for m in TABLE_METRICS if m in table]
    spec = number_format(table[RANK_METRIC].to_numpy())
    columns: dict[str, list[str]] = {k: [] for k in (
        "scenario", "rank", "name", "kind", "households", "posts", "mean", "diff", *extra)}
    fills: list[str] = []
    for scenario in scenarios:
        part = table[table["scenario"] == scenario].head(top)
        for _, values in part.iterrows():
            columns["scenario"].append(f"<b>{esc(_scenario(scenario))}</b>")
            columns["rank"].append(str(int(values["rank"])))
            columns["name"].append(esc(values.get("name", "")))
            kind = str(values.get("kind", "") or "")
            columns["kind"].append(esc(_w(kind) if kind else "–"))
            columns["households"].append(f"{int(values['households']):,}")
            columns["posts"].append(str(int(values["cadre_posts"])))
            columns["mean"].append(fmt(values[RANK_METRIC], spec))
            diff = values.get(f"diff.{RANK_METRIC}")
            if scenario == baseline or diff is None:
                columns["diff"].append(_w("reference") if scenario == baseline else "")
            else:
                low = values.get(f"diff_low.{RANK_METRIC}", np.nan)
                high = values.get(f"diff_high.{RANK_METRIC}", np.nan)
                sign = "+" if diff > 0 else ""
                columns["diff"].append(f"{sign}{fmt(diff, spec)} ({fmt(low, spec)}"
                                       f"{say('to')}{fmt(high, spec)})")
            for key in extra:
                columns[key].append(fmt(values[key], number_format(table[key].to_numpy())))
            fills.append(rgba(colors.get(scenario, "#999999"), 0.12))
    header = [*(_w(k) for k in ("Scenario", "Rank", "Community", "Kind", "Households",
                                 "Posts")),
              _head(RANK_METRIC), f"<b>{esc(_w('diff', base=_scenario(baseline)))}</b>",
              *(_head(m) for m in extra)]
    fig = go.Figure(go.Table(
        columnwidth=[120, 40, 130, 60, 80, 45, 120, 170, *([120] * len(extra))],
        header={"values": [h if "<b>" in h else f"<b>{h}</b>" for h in header],
                "fill_color": "#dfe5ec", "align": "left", "font": {"size": 12}},
        cells={"values": list(columns.values()), "align": "left", "height": 24,
               "fill_color": [fills] * len(columns)},
    ))
    # tall enough for every row: the table never scrolls inside itself
    return base_layout(fig, height=200 + 32 * len(fills))


def _head(key: str) -> str:
    """A column header: the metric's label in bold, then its unit."""
    return f"<b>{esc(metric_label(key))}</b> ({esc(metric_unit(key))})"


def community_multiples_figure(table: pd.DataFrame, baseline: str, scenarios: Sequence[str],
                               colors: Mapping[str, str]) -> go.Figure:
    """Small multiples: one panel per scenario, communities on one shared axis.

    The reference panel shows each community's mean of the ranking metric with its
    95 % interval; every other panel its paired difference from the reference (a
    policy's gain or loss per community). Communities are ordered worst first under
    the reference, so a row reads across the policies.
    """
    ref = table[table["scenario"] == baseline]
    order = list(ref["name"].astype(str)) if not ref.empty else \
        list(dict.fromkeys(table["name"].astype(str)))
    fig = make_subplots(rows=1, cols=len(scenarios), shared_yaxes=True,
                        horizontal_spacing=0.03 if len(scenarios) > 3 else 0.06,
                        subplot_titles=[esc(_scenario(s)) for s in scenarios])
    unit = esc(metric_unit(RANK_METRIC))
    arrow = {"lower": say("better.left"), "higher": say("better.right")}.get(
        metric_better(RANK_METRIC), "")
    for k, scenario in enumerate(scenarios):
        part = table[table["scenario"] == scenario]
        part = part.set_index(part["name"].astype(str)).reindex(order)
        is_ref = scenario == baseline or f"diff.{RANK_METRIC}" not in part
        value = part[RANK_METRIC] if is_ref else part[f"diff.{RANK_METRIC}"]
        low = part[f"ci_low.{RANK_METRIC}"] if is_ref else part[f"diff_low.{RANK_METRIC}"]
        high = part[f"ci_high.{RANK_METRIC}"] if is_ref else part[f"diff_high.{RANK_METRIC}"]
        x, lo, hi = (s.to_numpy(float) for s in (value, low, high))
        spec = number_format(x)
        color = colors.get(scenario, "#555555")
        fig.add_trace(go.Scatter(
            x=x, y=[esc(n) for n in order], mode="markers", name=esc(_scenario(scenario)),
            showlegend=False, marker={"color": color, "size": 8},
            error_x={"type": "data", "symmetric": False,
                     "array": np.nan_to_num(hi - x), "arrayminus": np.nan_to_num(x - lo),
                     "color": color, "thickness": 1.5, "width": 3},
            customdata=np.column_stack([lo, hi]),
            hovertemplate=(f"<b>%{{y}}</b> · {esc(_scenario(scenario))}<br>"
                           + ("" if is_ref else f"− {esc(_scenario(baseline))}: ")
                           + f"%{{x:{spec}}} {unit}<br>{esc(say('col.ci'))} "
                             f"%{{customdata[0]:{spec}}}{say('to')}"
                             f"%{{customdata[1]:{spec}}}<extra></extra>"),
        ), row=1, col=k + 1)
        if not is_ref:
            fig.add_vline(x=0, line={"color": "#555", "dash": "dash", "width": 1},
                          row=1, col=k + 1)
        fig.update_xaxes(title_text=(unit if is_ref else f"Δ {unit}{arrow}"),
                         row=1, col=k + 1)
    fig.update_yaxes(autorange="reversed", type="category", automargin=True)
    return base_layout(fig, height=max(260, 110 + 18 * len(order)))


def gain_sentence(table: pd.DataFrame, scenario: str, baseline: str, n: int = 3) -> str:
    """"Under X, A, B and C gain most" (the largest paired improvements on the metric)."""
    ranked = gains(table, scenario)
    best = ranked[ranked["gain"] > 0].head(n)
    if best.empty:
        return _w("gain.none", scenario=_scenario(scenario), base=_scenario(baseline))
    unit = metric_unit(RANK_METRIC)
    spec = number_format(best["gain"].to_numpy())
    names = ", ".join(_w("gain.item", name=name, gain=fmt(gain, spec), unit=unit)
                      for name, gain in zip(best["name"].astype(str), best["gain"], strict=True))
    return _w("gain", scenario=_scenario(scenario), names=names)


def community_sections(data: Results, colors: Mapping[str, str]
                       ) -> list[tuple[str, str, str, go.Figure]]:
    """The per-community figures the store supports, as (key, title, caption, figure).

    Empty when the store has no community table (stores written before it existed), and
    for sweeps: pooling a community over design points would mean nothing.
    """
    if data.param_columns:
        return []
    community = data.community
    if community is None or community.empty or RANK_METRIC not in community:
        return []
    if "run_id" in community and "status" in data.runs:
        community = community[community["run_id"].isin(data.ok_runs["run_id"])]
    scenarios = [s for s in data.scenarios if s in set(community["scenario"])]
    base = data.baseline if data.baseline in scenarios else scenarios[0]
    table = ranking(community, baseline=base, scenarios=scenarios,
                    declarations=data.catalog.metrics)
    label = metric_label(RANK_METRIC)
    label = label.lower() if active_language() == "en" else label
    n = int(table["replications"].min())
    others = [s for s in scenarios if s != base]
    side = _w("left" if metric_better(RANK_METRIC) == "lower" else "right")
    told = " ".join(gain_sentence(table, s, base) for s in others)
    shown = _scenario(base)
    top = min(TOP, int(table.groupby("scenario").size().max()))
    sections = [(
        "communities", _w("title"),
        f"{_w('caption', n=top, label=label, reps=n, base=shown)} {told}".strip(),
        community_table_figure(table, base, scenarios, colors))]
    sections.append((
        "community-multiples", _w("multiples"),
        _w("multiples.caption", base=shown, label=label, side=side),
        community_multiples_figure(table, base, scenarios, colors)))
    return sections
