"""Valuation sensitivity: the decision under every documented valuation, side by side.

The stored runs hold every fixed cost component, the hours of each unpaid or unpriced
destination and the own-wage overtime value (:mod:`commsim.core.valuation`), so the
full social cost of each run under any basis is recomputed from the store — no model
is re-run. For each basis the table gives the best option at the planner's WTP and
each option's mean paired cost difference from the reference (its sign decides
whether the option is "dearer" or "cheaper" as valued).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from commsim.analysis import decision as decision_module
from commsim.analysis.decision import DEFAULT_WTP, decision_table
from commsim.core.valuation import BASES, social_cost


def revalued(runs: pd.DataFrame, params: Callable[[str], Mapping[str, Any]], basis: str,
             option: str = "scenario") -> pd.Series:
    """Full social cost of every run under ``basis``, yuan a year.

    ``params(option)`` gives the parameters the option's runs used (values per hour,
    premiums, wages).
    """
    return pd.Series([social_cost(row, params(str(row[option])), basis)
                      for row in runs.to_dict("records")], index=runs.index, dtype=float)


def sensitivity(runs: pd.DataFrame, years: float, params: Callable[[str], Mapping[str, Any]],
                *, wtp: float = DEFAULT_WTP, bases: Sequence[str] = BASES,
                option: str = "scenario", sample: str = "replication",
                options: Sequence[str] | None = None) -> pd.DataFrame:
    """Best option and each option's mean cost difference from the reference, per basis.

    Returns
    -------
    pandas.DataFrame
        One row per basis: ``basis``, ``best`` (largest mean net benefit at ``wtp``) and,
        for every option after the reference, its mean paired difference in full social
        cost (yuan a year) in a column named after it.

    """
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    rows = []
    for basis in bases:
        frame = ok.assign(cost_yuan=revalued(ok, params, basis, option))
        decision = decision_module.decide(decision_table(frame, years, option=option, sample=sample,
                                         options=options), wtp=wtp, wtps=())
        means = decision.means.set_index("option")["cost"]
        ref = decision.reference
        rows.append({"basis": basis, "best": decision.best,
                     **{o: float(means[o] - means[ref]) for o in decision.options[1:]}})
    return pd.DataFrame(rows)
