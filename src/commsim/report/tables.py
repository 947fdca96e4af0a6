"""Tables of the report as HTML: headers never cut, rows never scrolled, no blank space.

A Plotly table has a fixed height and fixed column widths: long (Chinese) headers are
cut and short tables leave a gap below. The report draws every table as HTML instead;
the Plotly figure is kept for the PNG/SVG export only. :func:`figure_table_html` turns a
figure holding one ``go.Table`` into that HTML (its cells are already escaped HTML), and
:func:`priority_section` is the report's "communities first" list
(:mod:`commsim.analysis.community_priority`, laid out as the brief lays it out).
"""

from __future__ import annotations

import re
from typing import Any

import plotly.graph_objects as go

from commsim.core.i18n import display_width
from commsim.report.style import active_language, esc

#: CSS of the report's data tables.
CSS = """
table.data { border-collapse: collapse; width: 100%; font-size: .9rem; margin: 8px 0; }
table.data th { background: #dfe5ec; text-align: left; padding: 5px 8px;
       vertical-align: bottom; }
table.data td { padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top;
       font-variant-numeric: tabular-nums; }
table.data td.num, table.data th.num { text-align: right; white-space: nowrap; }
table.data .short { white-space: nowrap; }
p.foot { color: var(--muted); font-size: .88rem; margin: 2px 0 8px; }
"""


def is_table(figure: go.Figure) -> bool:
    """True when ``figure`` holds exactly one Plotly table."""
    return len(figure.data) == 1 and isinstance(figure.data[0], go.Table)


def _column(values: Any, n: int) -> list[Any]:
    items = list(values) if isinstance(values, (list, tuple)) else [values] * n
    return items + [items[-1] if items else ""] * (n - len(items))


#: Cells of at most this many terminal columns never wrap (a name, a number, a rank).
SHORT = 12


def _short(html: object) -> str:
    """``class="short"`` for a cell whose text is short enough to keep on one line."""
    text = re.sub(r"<[^>]+>", "", str(html))
    return ' class="short"' if display_width(text) <= SHORT else ""


def figure_table_html(figure: go.Figure) -> str:
    """The Plotly table of ``figure`` as an HTML table, with its cell fill colours."""
    table = figure.data[0]
    header = list(table.header.values or [])
    columns = [list(c) for c in (table.cells.values or [])]
    n = max((len(c) for c in columns), default=0)
    fills = table.cells.fill.color if table.cells.fill is not None else None
    fill_rows = _column(fills[0] if isinstance(fills, (list, tuple)) and fills and
                        isinstance(fills[0], (list, tuple)) else fills, n) if fills else [""] * n
    head = "".join(f"<th{_short(h)}>{h}</th>" for h in header)
    body = []
    for i in range(n):
        style = f' style="background:{fill_rows[i]}"' if fill_rows[i] else ""
        cells = "".join(f"<td{_short(c[i])}>{c[i]}</td>" if i < len(c) else "<td></td>"
                        for c in columns)
        body.append(f"<tr{style}>{cells}</tr>")
    return (f'<table class="data"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def brief_table_html(table: Any, numeric: frozenset[int]) -> str:
    """A :class:`commsim.brief.content.Table` as HTML (numbers right-aligned)."""
    def cell(tag: str, i: int, text: str) -> str:
        cls = ' class="num"' if i in numeric else ""
        return f"<{tag}{cls}>{esc(text)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(table.header))
    body = "".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>"
                   for row in table.rows)
    foot = f'<p class="foot">{esc(table.footnote)}</p>' if table.footnote else ""
    return (f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
            f"</table>{foot}")


def priority_section(data: Any) -> tuple[str, str, str, str] | None:
    """``(key, title, caption, html)`` of the choice and the communities to start with.

    ``None`` when the store is not a comparison with community rows.
    """
    from commsim.brief.content import build
    from commsim.report.words import say

    if data.comparison is None or len(data.scenarios) < 2 or data.community is None:
        return None
    lang = active_language()
    brief, _, _ = build(data, lang=lang)
    decision = "".join(f"<p>{esc(line)}</p>" for line in brief.decision)
    html = (f'<div class="decision">{decision}</div>'
            f"<h3>{esc(brief.options.title)}</h3>"
            + brief_table_html(brief.options, frozenset({1, 2, 3, 4}))
            + f"<h3>{esc(brief.communities.title)}</h3>"
            + brief_table_html(brief.communities, frozenset({0, 3, 4, 5})))
    return "priority", say("priority"), say("priority.caption"), html
