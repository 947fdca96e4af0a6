"""The decision of :mod:`commsim.analysis.decision` with paired intervals, for the brief.

:func:`choose` runs :func:`~commsim.analysis.decision.decide` on a store's runs and adds
what a one-page brief quotes: for every option against the reference, per year, the
overtime hours avoided, the full social cost difference, the extra fiscal outlay and the
net benefit at the willingness to pay, each as a mean with its 95 % interval over the
paired replications (:func:`commsim.analysis.inference.mean_ci`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from commsim.analysis.decision import DEFAULT_WTP, PRICED, decide, decision_table
from commsim.analysis.inference import mean_ci


@dataclass(frozen=True)
class Option:
    """One option against the reference, a year: ``(mean, low, high)`` of each."""

    scenario: str
    hours_avoided: tuple[float, float, float]
    cost: tuple[float, float, float]
    outlay: tuple[float, float, float]
    net_benefit: tuple[float, float, float]


@dataclass(frozen=True)
class Choice:
    """The decision: the options, the chosen scenario, and the terms it was taken on."""

    reference: str
    wtp: float
    budget: float | None
    years: float
    options: list[Option]
    chosen: str  # the reference when nothing beats it (within the budget)

    def option(self, scenario: str) -> Option | None:
        """The option of ``scenario`` (``None`` for the reference)."""
        return next((o for o in self.options if o.scenario == scenario), None)


def choose(runs: pd.DataFrame, *, years: float, wtp: float | None = None,
           budget: float | None = None, scenarios: Sequence[str] | None = None,
           reference: str | None = None) -> Choice:
    """The decision at ``wtp`` (default :data:`~commsim.analysis.decision.DEFAULT_WTP`).

    The chosen scenario is the decision's best within ``budget`` (its best without one);
    the options carry the paired intervals a brief quotes.
    """
    table = decision_table(runs, years, options=scenarios, reference=reference)
    lam = DEFAULT_WTP if wtp is None else float(wtp)
    decision = decide(table, lam, budget)
    ref = decision.reference
    wide = {c: table.pivot(index="sample", columns="option", values=c)
            for c in ("cost", "fiscal", PRICED)}
    options = []
    for name in decision.options[1:]:
        hours = wide[PRICED][name].to_numpy(float)
        cost = (wide["cost"][name] - wide["cost"][ref]).to_numpy(float)
        outlay = (wide["fiscal"][name] - wide["fiscal"][ref]).to_numpy(float)
        options.append(Option(name, mean_ci(hours), mean_ci(cost), mean_ci(outlay),
                              mean_ci(lam * hours - cost)))
    chosen = decision.within_budget if budget is not None else decision.best
    return Choice(ref, lam, budget, years, options, chosen or ref)
