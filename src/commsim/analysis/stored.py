"""The decision and its valuation sensitivity of a results store.

Reads only the store (runs, manifest): the parameters each scenario ran with, the
length of the measured window, the scenario order and the reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from commsim.analysis import decision
from commsim.analysis.decision import DEFAULT_WTP, NEEDED, Decision, decision_table
from commsim.analysis.structure_share import STRUCTURE, district_means, districts
from commsim.analysis.valuation import sensitivity
from commsim.core.parameters import SCHEMA
from commsim.core.valuation import BASES

if TYPE_CHECKING:
    from commsim.results import Results


def scenario_params(results: Results, scenario: str) -> Mapping[str, Any]:
    """The parameters a scenario's runs used as the manifest records them (else defaults)."""
    recorded = ((results.manifest.get("scenarios") or {}).get(scenario) or {}).get("params")
    return {**{p.key: p.default for p in SCHEMA}, **(recorded or {})}


def window_years(results: Results) -> float:
    """Length of the measured window in years of 365 days."""
    return float(scenario_params(results, results.baseline)["run.days"]) / 365.0


def decidable(results: Results) -> bool:
    """True for a store of two or more scenarios whose runs hold the decision's metrics.

    A sweep over parameters is not one decision (each design point is its own); a store
    over several synthetic districts is: scenarios pair district by district.
    """
    runs = results.ok_runs
    swept = [c for c in results.param_columns if c != STRUCTURE]
    return len(results.scenarios) > 1 and not swept and all(
        c in runs for c in ("cost_yuan", *NEEDED))


def paired_runs(results: Results) -> pd.DataFrame:
    """The store's successful runs, or one row per district and scenario over districts.

    Over several districts (structure seeds) each row is the replications' mean, so the
    samples pair scenarios district by district.
    """
    runs = results.ok_runs
    if districts(runs) < 2:
        return runs
    numeric = [c for c in runs.select_dtypes("number").columns
               if c not in ("replication", "run_id", STRUCTURE)]
    return district_means(runs, numeric)


def decision_of(results: Results, wtp: float = DEFAULT_WTP,
                budget: float | None = None) -> Decision:
    """:func:`commsim.analysis.decision.decide` on the store's paired replications."""
    table = decision_table(paired_runs(results), window_years(results),
                           options=results.scenarios, reference=results.baseline)
    return decision.decide(table, wtp=wtp, budget=budget)


def sensitivity_of(results: Results, wtp: float = DEFAULT_WTP) -> pd.DataFrame:
    """The valuation sensitivity of the store, every basis (no re-run)."""
    cache: dict[str, Mapping[str, Any]] = {}

    def params(scenario: str) -> Mapping[str, Any]:
        if scenario not in cache:
            cache[scenario] = scenario_params(results, scenario)
        return cache[scenario]

    return sensitivity(paired_runs(results), window_years(results), params, wtp=wtp,
                       bases=BASES, options=results.scenarios)
