"""The headline table: every metric and cost, one row per scenario, nothing hidden.

Two renderings of the same rows (:func:`headline_rows`): an HTML table for the page —
it grows with its content, so no metric (cost included) is ever below an inner scroll,
and full scenario names wrap instead of being cut — and a Plotly table sized to all its
rows for the PNG/SVG export (:func:`headline_table_figure`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from commsim.report.style import (
    base_layout,
    esc,
    fmt,
    metric_better,
    metric_label,
    metric_unit,
    number_format,
    rgba,
    scenario_label,
)
from commsim.report.words import say

#: Cell keys of a headline row, in column order.
COLUMNS: tuple[str, ...] = ("metric", "better", "unit", "scenario", "n", "mean", "ci", "diff",
                            "dci")
#: Columns shared by the rows of one metric (shown once per metric).
SHARED: tuple[str, ...] = ("metric", "better", "unit")
#: Relative column widths of the exported table (sum 100).
WIDTHS: tuple[int, ...] = (15, 10, 12, 17, 5, 8, 12, 10, 11)


def headline_rows(table: pd.DataFrame, baseline: str) -> list[dict[str, str]]:
    """The rows of the headline table as display text (metric order, then scenario order).

    Each row has the keys of :data:`COLUMNS` plus ``_scenario`` (the scenario's key) and
    ``_first`` (``"1"`` on the first row of a metric).
    """
    metrics = list(dict.fromkeys(table["metric"]))
    ordered = table.assign(_m=table["metric"].map({m: i for i, m in enumerate(metrics)}))
    ordered = ordered.sort_values("_m", kind="stable")
    to = say("to")
    rows = []
    seen: set[str] = set()
    for row in ordered.itertuples(index=False):
        values = table.loc[table["metric"] == row.metric, ["mean", "ci_low", "ci_high"]]
        spec = number_format(values.to_numpy().ravel())
        first = row.metric not in seen
        seen.add(row.metric)
        cells = {"metric": metric_label(row.metric), "better": say(metric_better(row.metric)),
                 "unit": metric_unit(row.metric), "scenario": scenario_label(row.scenario),
                 "n": str(int(row.n)), "mean": fmt(row.mean, spec),
                 "ci": f"{fmt(row.ci_low, spec)}{to}{fmt(row.ci_high, spec)}",
                 "_scenario": str(row.scenario), "_first": "1" if first else ""}
        if row.scenario == baseline:
            cells["diff"], cells["dci"] = say("reference"), ""
        else:
            sign = "+" if row.diff_mean > 0 else ""
            cells["diff"] = f"{sign}{fmt(row.diff_mean, spec)}"
            cells["dci"] = f"{fmt(row.diff_ci_low, spec)}{to}{fmt(row.diff_ci_high, spec)}"
        rows.append(cells)
    return rows


def _header(baseline: str) -> list[str]:
    return [say("col.metric"), say("col.better"), say("col.unit"), say("col.scenario"),
            say("col.runs"), say("col.mean"), say("col.ci"),
            say("col.diff", base=scenario_label(baseline)), say("col.dci")]


def headline_table_html(table: pd.DataFrame, baseline: str, colors: Mapping[str, str]) -> str:
    """The headline table as an HTML ``<table>`` (all text escaped, no inner scroll).

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`commsim.report.data.headline_table`.
    baseline : str
        The reference scenario.
    colors : mapping
        Scenario colours (a swatch before each scenario name).

    Returns
    -------
    str
        HTML fragment.

    """
    rows = headline_rows(table, baseline)
    head = "".join(f"<th>{esc(h)}</th>" for h in _header(baseline))
    span: dict[int, int] = {}
    for i, r in enumerate(rows):
        start = i if r["_first"] else max(span)
        span[start] = span.get(start, 0) + 1
    body = []
    group = 0
    for i, r in enumerate(rows):
        group += 1 if r["_first"] else 0
        swatch = (f'<span class="swatch" style="background:{colors.get(r["_scenario"], "#999")}">'
                  "</span>")
        cells = []
        for k in COLUMNS:
            if k in SHARED:  # metric, direction and unit once per metric
                if r["_first"]:
                    cells.append(f'<td rowspan="{span[i]}" class="{k}">{esc(r[k])}</td>')
            elif k == "scenario":
                cells.append(f'<td class="scenario">{swatch}{esc(r[k])}</td>')
            else:
                cells.append(f'<td class="{k}">{esc(r[k])}</td>')
        cls = "first" if r["_first"] else ""
        body.append(f'<tr class="{cls} g{group % 2}">{"".join(cells)}</tr>')
    return (f'<table class="headline" id="headline-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


#: Pixels per terminal column of a table cell's 12 px text (a CJK character takes two).
COLUMN_PX = 8.5


def wrap(text: str, width_px: float) -> list[str]:
    """``text`` broken into lines that fit a cell ``width_px`` wide.

    Breaks at spaces; a word wider than the cell (``paperless_digital_inspections``, or
    Chinese text, which has no spaces) is broken after ``_`` where possible, else anywhere,
    so no name is ever cut off.
    """
    from commsim.core.i18n import display_width

    limit = max(2, int((width_px - 20) / COLUMN_PX))
    lines: list[str] = []
    for word in text.split(" "):
        pieces = [word]
        while display_width(pieces[-1]) > limit:  # split an over-long word
            rest = pieces.pop()
            cut, used = 0, 0
            for i, ch in enumerate(rest):
                used += display_width(ch)
                if used > limit:
                    break
                cut = i + 1
            under = rest.rfind("_", 0, cut)
            cut = under + 1 if under > 0 else max(cut, 1)
            pieces += [rest[:cut], rest[cut:]]
        for piece in pieces:
            if lines and display_width(lines[-1]) + 1 + display_width(piece) <= limit \
                    and piece is pieces[0]:
                lines[-1] += " " + piece
            else:
                lines.append(piece)
    return lines or [""]


def headline_table_figure(table: pd.DataFrame, baseline: str, colors: Mapping[str, str],
                          width: int = 1100) -> go.Figure:
    """The headline table as a Plotly table tall enough for every row (for PNG/SVG export).

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`commsim.report.data.headline_table`.
    baseline : str
        The reference scenario.
    colors : mapping
        Scenario colours (the scenario cell is tinted with it).
    width : int
        Width in pixels the figure is exported at; row heights allow for wrapped text.

    Returns
    -------
    plotly.graph_objects.Figure

    """
    rows = headline_rows(table, baseline)
    usable = width - 100
    px = [usable * w / sum(WIDTHS) for w in WIDTHS]
    line = 17
    header = [wrap(h, px[i]) for i, h in enumerate(_header(baseline))]
    cells = [[wrap(r[k], px[i]) if r["_first"] or k not in SHARED else [""] for r in rows]
             for i, k in enumerate(COLUMNS)]
    heights = [max(len(column[j]) for column in cells) * line + 16 for j in range(len(rows))]
    header_height = max(map(len, header)) * line + 16
    group, fills, scen_fill = 0, [], []
    for r in rows:
        group += 1 if r["_first"] else 0
        fills.append("#f4f6f8" if group % 2 else "#ffffff")
        scen_fill.append(rgba(colors.get(r["_scenario"], "#999999"), 0.18))
    values = [["<br>".join(f"<b>{esc(x)}</b>" if k == "scenario" else esc(x) for x in lines)
               for lines in column] for k, column in zip(COLUMNS, cells, strict=True)]
    fig = go.Figure(go.Table(
        columnwidth=list(WIDTHS),
        header={"values": ["<br>".join(f"<b>{esc(x)}</b>" for x in h) for h in header],
                "fill_color": "#dfe5ec",
                "align": "left", "font": {"size": 12}, "height": header_height},
        cells={"values": values, "align": "left", "height": line + 16,
               "fill_color": [fills, fills, fills, scen_fill, *([fills] * 5)]},
    ))
    fig = base_layout(fig, height=int(1.1 * (header_height + sum(heights))) + 80)
    fig.update_layout(width=width, margin={"l": 20, "r": 20, "t": 30, "b": 30})
    return fig
