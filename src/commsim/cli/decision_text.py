"""The decision as a console reads it: what to do, what each option costs, where to start.

``commsim compare`` prints the decision first, then the communities to start with — a
table of the one-page brief (:mod:`commsim.brief.content`) — as text of at most
:data:`WIDTH` terminal columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commsim.core.i18n import render_table, wrap

if TYPE_CHECKING:
    from commsim.brief.content import Table

#: Terminal columns the console output keeps within (``--wide`` lifts it).
WIDTH = 100


def table_lines(table: Table, numeric: set[int], width: int = WIDTH) -> list[str]:
    """A brief table as aligned text under its title, its footnote wrapped to ``width``."""
    if not table.header:
        return []
    left = [i not in numeric for i in range(len(table.header))]
    lines = [table.title, *("  " + x for x in render_table(table.header, table.rows, left))]
    return lines + wrap("  " + table.footnote, width, "  ") if table.footnote else lines
