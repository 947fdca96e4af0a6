"""One module computes the decision: compare, report and robust all call its ``decide``."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from commsim.analysis import decision
from commsim.analysis.decision import DEFAULT_WTP
from commsim.core.valuation import DESTINATIONS, FIXED, OWN_WAGE_OVERTIME, cost_metric, hours_metric
from commsim.results import Results
from commsim.robust.spec import RobustSpec, robust_spec_from_table

sys.path.insert(0, str(Path(__file__).parents[1] / "functional"))
OVER = "overtime_hours_per_cadre_week"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every call of ``decide`` (its WTP), through the real function."""
    seen: list[float] = []
    real = decision.decide

    def spy(table: pd.DataFrame, wtp: float = DEFAULT_WTP, *a: object, **k: object):
        seen.append(wtp)
        return real(table, wtp, *a, **k)

    monkeypatch.setattr(decision, "decide", spy)
    return seen


def _runs() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for rep in range(3):
        for k, s in enumerate(("baseline", "admission_gate", "purchased_services")):
            hours = {hours_metric(d): 100.0 + 10 * k + rng.uniform(0, 5) for d in DESTINATIONS}
            fixed = {cost_metric(c): 1000.0 * (1 + k) for c in FIXED}
            row = {"scenario": s, "replication": rep, "status": "ok", **hours, **fixed,
                   OWN_WAGE_OVERTIME: 500.0, "fiscal_outlay_yuan": 6000.0 * (1 + k),
                   "overtime_hours": 5000.0 - 800 * k + rng.normal(0, 50),
                   "satisfied_households": 900.0 + 50 * k, "separations": 3.0 - k}
            row["cost_yuan"] = sum(v for key, v in row.items() if key.startswith("cost_"))
            rows.append(row)
    return pd.DataFrame(rows)


def _robust() -> tuple[RobustSpec, pd.DataFrame]:
    """The tiny robust spec of the functional tests and 12 worlds of made-up outcomes."""
    from test_robust_pipeline import TINY

    spec = robust_spec_from_table(TINY, "tiny.toml")
    rng = np.random.default_rng(7)
    rows = []
    for world in range(12):
        inputs = {r.key: rng.uniform(r.low, r.high) for r in (*spec.ranges, *spec.deep)}
        for k, policy in enumerate(spec.policies):
            over = 4 + 10 * inputs[spec.deep[0].key] - k + rng.normal(0, 0.2)
            cost = 1000.0 * k + rng.uniform(0, 100)
            rows.append({"world": world, "policy": policy.name, "status": "ok", **inputs,
                         "cost_yuan": cost, OVER: over, "resident_satisfaction": 0.7,
                         "fiscal_outlay_yuan": cost, "overtime_hours": 100 * over,
                         "satisfied_households": 1000.0, "separations": 2.0})
    return spec, pd.DataFrame(rows)


def _store() -> Results:
    runs = _runs()
    manifest = {"scenarios": {s: {"params": {}} for s in runs["scenario"].unique()},
                "baseline": "baseline"}
    return Results(manifest=manifest, runs=runs)


def test_compare_report_and_robust_call_the_one_decide(calls: list[float]) -> None:
    from commsim.cli.compare import decision_summary
    from commsim.report.summary import decision_html

    store = _store()
    text = decision_summary(store, 40.0, None)
    assert calls and set(calls) >= {40.0} and "Valuation sensitivity" in text
    n = len(calls)
    assert "Efficiency frontier" in decision_html(store, wtp=41.0) and 41.0 in calls[n:]
    spec, tidy = _robust()
    n = len(calls)
    from commsim.robust.analysis import analyse

    result = analyse(tidy, spec, n_boot=20, discovery=False, wtp=42.0)
    assert 42.0 in calls[n:] and result.decision is not None
    assert result.evppi["uncertainty"].iloc[0] == "EVPI" and len(result.evppi) > 1


def test_robust_evppi_ranks_the_input_the_decision_turns_on_first() -> None:
    from commsim.robust.value import evppi_ranking

    spec, tidy = _robust()
    second = tidy["policy"] == spec.policies[1].name
    deep = spec.deep[0].key  # the leakage of refused work (a deep uncertainty)
    # the second option is cheaper exactly when the leakage is below 0.35
    tidy["cost_yuan"] = np.where(second, 4000.0 * (tidy[deep] - 0.35), 0.0)
    tidy = tidy.assign(fiscal_outlay_yuan=tidy["cost_yuan"], overtime_hours=1000.0)
    ranking = evppi_ranking(tidy, spec, wtp=0.0).set_index("uncertainty")
    singles = ranking.loc[[r.key for r in (*spec.ranges, *spec.deep)]]
    assert singles["evppi"].idxmax() == deep
    # knowing the leakage resolves (almost) all the uncertainty there is
    assert singles.loc[deep, "share"] > 0.8 > singles["share"].drop(deep).max()


def test_robust_evppi_leaves_seeds_out() -> None:
    """A seed is a label: no EVPPI row is estimated by regression on its number."""
    import copy

    from test_robust_pipeline import TINY

    from commsim.robust.value import evppi_ranking

    table = copy.deepcopy(TINY)
    table["experiment"]["uncertainties"]["run.structure_seed"] = {"low": 0, "high": 999}
    spec = robust_spec_from_table(table, "tiny.toml")
    _, tidy = _robust()
    tidy["run.structure_seed"] = tidy["world"] * 37 % 1000
    ranking = evppi_ranking(tidy, spec, wtp=0.0)
    assert "run.structure_seed" in {r.key for r in spec.deep}
    assert not ranking["members"].str.contains("structure_seed").any()
    assert "street.leakage" in set(ranking["uncertainty"])
