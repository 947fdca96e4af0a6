"""Net benefit per year at a willingness to pay, and the fiscal outlay each policy needs.

The decision a planner takes from a comparison: at a willingness to pay ``λ`` yuan for
each cadre overtime hour avoided, scenario ``s`` is worth

``NB(s) = λ · ΔE(s) − ΔC(s)``  (yuan a year)

against the reference, where ``ΔE`` is overtime hours avoided a year (whole street) and
``ΔC`` the difference in full social cost a year (``cost_yuan``, every component of
:mod:`commsim.model.costs`). Both are paired by replication (common random numbers), so
``NB`` gets a 95 % interval from the per-replication values. The scenario with the
largest positive mean ``NB`` is chosen; when none is positive the reference stays.

A *budget* limits the choice to scenarios whose **fiscal outlay** a year — the new money
the policies themselves cost (``cost_helpers_yuan + cost_systems_yuan +
cost_administration_yuan``: contracts and funded helpers, digital systems, running an
approval procedure) — fits within it. Wages, overtime and the other components are
costs the street bears already; the outlay is what a district budget must find.

Without a given ``λ`` the default is the model's own shadow price of an overtime hour in
the reference scenario: ``cost_overtime_yuan / overtime_hours`` (the cadre's hourly wage
times ``costs.overtime_premium``), read from the stored runs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from commsim.analysis.inference import by_replication, mean_ci

#: Full social cost (whole street, over the measured window).
COST = "cost_yuan"
#: Overtime hours (whole street, over the measured window): the effect valued at ``λ``.
EFFECT = "overtime_hours"
#: Components of the full social cost that are the policies' own new spending.
OUTLAY: tuple[str, ...] = ("cost_helpers_yuan", "cost_systems_yuan", "cost_administration_yuan")
#: Shadow cost of the overtime, for the default willingness to pay.
OVERTIME_COST = "cost_overtime_yuan"


@dataclass(frozen=True)
class Option:
    """One scenario against the reference, a year of the measured window.

    Every field is a ``(mean, low, high)`` triple of a paired difference (95 % interval),
    except ``scenario``.
    """

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
    chosen: str  # the reference when no option has a positive net benefit within budget

    def option(self, scenario: str) -> Option | None:
        """The option of ``scenario`` (``None`` for the reference)."""
        return next((o for o in self.options if o.scenario == scenario), None)


def default_wtp(runs: pd.DataFrame, reference: str) -> float:
    """Shadow price of an overtime hour in ``reference``: overtime cost / overtime hours."""
    ok = runs[(runs["scenario"] == reference)
              & ((runs["status"] == "ok") if "status" in runs else True)]
    hours = float(ok[EFFECT].sum()) if EFFECT in ok else 0.0
    if hours <= 0 or OVERTIME_COST not in ok:
        return math.nan
    return float(ok[OVERTIME_COST].sum()) / hours


def window_years(manifest: Mapping[str, Any]) -> float:
    """Length of a store's measured window in years (``run.days`` its scenarios ran with).

    Read from the resolved parameters the manifest records per scenario, else from the
    spec's overrides, else the parameter's default.
    """
    for entry in (manifest.get("scenarios") or {}).values():
        params = entry.get("params") if isinstance(entry, Mapping) else None
        if isinstance(params, Mapping) and "run.days" in params:
            return float(params["run.days"]) / 365.0
    spec = manifest.get("spec") or {}
    days = (spec.get("params") or {}).get("run.days")
    if days is None:
        from commsim.core.parameters import SCHEMA

        days = SCHEMA["run.days"].default
    return float(days) / 365.0


def outlay_column(runs: pd.DataFrame) -> pd.Series:
    """Fiscal outlay of each run over its window (sum of :data:`OUTLAY` present)."""
    present = [c for c in OUTLAY if c in runs]
    return runs[present].sum(axis=1) if present else pd.Series(0.0, index=runs.index)


def decide(runs: pd.DataFrame, *, years: float, wtp: float | None = None,
           budget: float | None = None, scenarios: Sequence[str] | None = None,
           reference: str | None = None) -> Choice:
    """The scenario with the best net benefit a year at ``wtp``, within ``budget``.

    Parameters
    ----------
    runs : pandas.DataFrame
        A store's runs (``scenario``, ``replication``, ``status``, ``cost_yuan``,
        ``overtime_hours`` and the outlay components).
    years : float
        Length of the measured window in years (costs and hours are over the window).
    wtp : float, optional
        Yuan per overtime hour avoided (default :func:`default_wtp`).
    budget : float, optional
        Largest fiscal outlay a year a chosen scenario may need, yuan.
    scenarios : sequence of str, optional
        Scenario order; the first is the reference unless ``reference`` is given.
    reference : str, optional
        The reference scenario.

    Returns
    -------
    Choice

    """
    frame = runs.assign(_outlay=outlay_column(runs))
    order, base, wide = by_replication(frame, [COST, EFFECT, "_outlay"], scenarios, reference)
    lam = default_wtp(frame, base) if wtp is None else float(wtp)
    options = []
    for s in order:
        if s == base or s not in wide[COST] or base not in wide[COST]:
            continue
        per_year = {k: (wide[k][s] - wide[k][base]).to_numpy(float) / years
                    for k in (COST, EFFECT, "_outlay")}
        hours = -per_year[EFFECT]
        options.append(Option(s, mean_ci(hours), mean_ci(per_year[COST]),
                              mean_ci(per_year["_outlay"]),
                              mean_ci(lam * hours - per_year[COST])))
    fits = [o for o in options if budget is None or o.outlay[0] <= budget]
    best = max(fits, key=lambda o: o.net_benefit[0], default=None)
    chosen = best.scenario if best is not None and best.net_benefit[0] > 0 else base
    return Choice(base, lam, budget, years, options, chosen)
