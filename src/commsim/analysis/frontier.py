"""The efficiency frontier and incremental cost-effectiveness ratios (ICERs).

The rules are those of the decision-analytic tools (dampack's ``calculate_icers``;
Drummond et al., *Methods for the Economic Evaluation of Health Care Programmes*,
4th ed., ch. 4):

1. Sort options by cost (ties: larger effect first).
2. **Dominated** (``D``): an option whose effect is no larger than that of a cheaper
   (or equally cheap, listed earlier) option.
3. **Extendedly dominated** (``ED``): among the rest, sorted by effect, an option
   whose ICER against its predecessor is larger than the next option's ICER — a mix
   of its neighbours would buy the same effect for less. Repeat until the ICERs rise.
4. The rest form the **frontier** (``ND``); each frontier option's ICER is against
   the frontier option just below it (the cheapest has none).

>>> f = icers(["A", "B"], [0.0, 10.0], [0.0, 2.0])
>>> f["icer"].tolist()[1]
5.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

#: Columns of a frontier table.
COLUMNS: tuple[str, ...] = ("option", "cost", "effect", "inc_cost", "inc_effect", "icer",
                            "status")
#: Status codes: on the frontier, extendedly dominated, dominated.
FRONTIER, EXTENDED, DOMINATED = "ND", "ED", "D"


def _increments(rows: list[tuple[str, float, float]]) -> list[tuple[float, float, float]]:
    """Incremental cost, effect and ICER of each row against the one before it."""
    out = [(math.nan, math.nan, math.nan)]
    for (_, c0, e0), (_, c1, e1) in zip(rows, rows[1:], strict=False):
        dc, de = c1 - c0, e1 - e0
        out.append((dc, de, dc / de if de else math.inf))
    return out


def icers(options: Sequence[str], cost: Sequence[float],
          effect: Sequence[float]) -> pd.DataFrame:
    """Frontier status and ICERs of options given their mean cost and effect.

    Parameters
    ----------
    options : sequence of str
        Option names (unique).
    cost, effect : sequence of float
        Mean cost (lower is better) and mean effect (higher is better) of each option.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`: frontier options first in increasing cost (the
        cheapest with NaN increments), then extendedly dominated, then dominated ones.

    Raises
    ------
    ValueError
        If the sequences differ in length, a name repeats or a value is not finite.

    """
    if not len(options) == len(cost) == len(effect):
        raise ValueError("options, cost and effect must have the same length")
    if len(set(options)) != len(options):
        raise ValueError("option names must be unique")
    rows = [(str(o), float(c), float(e)) for o, c, e in zip(options, cost, effect, strict=True)]
    if not all(math.isfinite(c) and math.isfinite(e) for _, c, e in rows):
        raise ValueError("cost and effect must be finite")
    rows.sort(key=lambda r: (r[1], -r[2]))
    dominated = {r[0] for i, r in enumerate(rows)
                 if any(rows[j][2] >= r[2] for j in range(i))}
    extended: set[str] = set()
    while True:
        nd = [r for r in rows if r[0] not in dominated | extended]
        inc = _increments(nd)
        new = {nd[i][0] for i in range(1, len(nd) - 1) if inc[i][2] > inc[i + 1][2]}
        if not new:
            break
        extended |= new
    table = [(*r, *i, FRONTIER) for r, i in zip(nd, inc, strict=True)]
    table += [(*r, math.nan, math.nan, math.nan, EXTENDED) for r in rows if r[0] in extended]
    table += [(*r, math.nan, math.nan, math.nan, DOMINATED) for r in rows if r[0] in dominated]
    return pd.DataFrame(table, columns=list(COLUMNS))
