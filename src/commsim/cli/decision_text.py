"""The decision as a console reads it: what to do, what each option costs, where to start.

``commsim compare`` prints this first: the decision summary of the comparison, the
choice at the willingness to pay (and budget) with every option's hours avoided, cost,
fiscal outlay and net benefit a year, and the communities to start with — the same
content as the one-page brief (:mod:`commsim.brief.content`), as text of at most
:data:`WIDTH` terminal columns.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from commsim.core.i18n import render_table, wrap

if TYPE_CHECKING:
    from commsim.brief.content import Brief, Table

#: Terminal columns the console output keeps within (``--wide`` lifts it).
WIDTH = 100


def add_decision_options(parser: argparse.ArgumentParser) -> None:
    """``--wtp`` and ``--budget``: the terms of the decision and of the priority list."""
    parser.add_argument("--wtp", type=float, default=None, metavar="YUAN",
                        help="value of one overtime hour avoided, yuan (default: the cadres' "
                             "own hourly wage, the model's shadow price)")
    parser.add_argument("--budget", type=float, default=None, metavar="YUAN",
                        help="fiscal outlay a year the district can fund, yuan: which "
                             "communities it reaches first")


def table_lines(table: Table, numeric: set[int], width: int = WIDTH) -> list[str]:
    """A brief table as aligned text under its title, its footnote wrapped to ``width``."""
    if not table.header:
        return []
    left = [i not in numeric for i in range(len(table.header))]
    lines = [table.title, *("  " + x for x in render_table(table.header, table.rows, left))]
    return lines + wrap("  " + table.footnote, width, "  ") if table.footnote else lines


def brief_lines(brief: Brief, *, wide: bool = False) -> list[str]:
    """The brief's decision, options and communities as console lines."""
    width = 10_000 if wide else WIDTH
    lines: list[str] = []
    for i, sentence in enumerate(brief.decision):
        lines += wrap(("" if i == 0 else "  ") + sentence, width, "  ")
    lines += ["", *table_lines(brief.options, {1, 2, 3, 4}, width)]
    if brief.communities.rows:
        lines += ["", *table_lines(brief.communities, {0, 3, 4, 5}, width)]
    return lines
