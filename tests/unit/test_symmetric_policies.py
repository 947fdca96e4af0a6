"""The admission gate and purchased services are built symmetrically (issue 17, item 1).

One purse decides which non-statutory work a department pays for, one definition says
what a paid yuan buys, one street-office curve brings turned-away work back. At full
strictness (gate) and full compliance (purchased services), with the gate's own review
delay and running cost set to zero, the two policies are the same mechanism: they turn
away the same tasks and buy the same hours per yuan.
"""

from __future__ import annotations

import numpy as np
import pytest

import commsim
from commsim.policies.funding import Funding, bought_hours
from conftest import build_model

SAME = {"run.days": 60, "run.communities": 2, "gate.strictness": 1.0,
        "purchased.compliance": 1.0, "gate.review_days": 0.0, "gate.running_cost_yuan": 0.0}


def _run(scenario: str, **overrides: float) -> tuple[commsim.CommunityModel, dict]:
    model = build_model(scenario, seed=5, overrides={**SAME, **overrides})
    model.run()
    return model, model.summary()


def _bank(model: commsim.CommunityModel) -> tuple[float, float]:
    """Helper hours banked so far (admin, desk) summed over the communities."""
    return (sum(c.admin_bank for c in model.communities),
            sum(c.desk_bank for c in model.communities))


@pytest.mark.parametrize("budget", [0.0, 5000.0, 1e6])
def test_full_strictness_and_full_compliance_turn_away_the_same_work(budget: float) -> None:
    gate_model, gate = _run("admission_gate", **{"funding.budget_yuan": budget})
    paid_model, paid = _run("purchased_services", **{"funding.budget_yuan": budget})
    turned_away = gate["dept_tasks_refused"]
    assert turned_away > 0, "the test must exercise the gate"
    assert turned_away == paid["dept_tasks_not_ordered"]
    assert gate["dept_tasks_not_ordered"] == paid["dept_tasks_refused"] == 0
    for key in ("dept_tasks_leaked", "dept_tasks_done_by_department", "dept_tasks_shortfall",
                "cost_helpers_yuan", "overtime_hours_per_cadre_week", "resident_satisfaction"):
        assert gate[key] == paid[key], key
    assert gate_model.funding.pay_probability == paid_model.funding.pay_probability


def test_a_funded_task_buys_the_same_hours_per_yuan_on_both_routes() -> None:
    bought: dict[str, tuple[float, float, float]] = {}
    for scenario in ("admission_gate", "purchased_services"):
        model = build_model(scenario, overrides={**SAME, "funding.elasticity": 0.0})
        model.active_policies = model.policies
        task = model.pipeline.create(0, 0, 0, "department", False, False, 4.0, 1)
        before = _bank(model)
        model.pipeline.submit(task, 1)
        after = _bank(model)
        policy = model.policies[0]
        bought[scenario] = (policy.payments_yuan, after[0] - before[0], after[1] - before[1])
    assert bought["admission_gate"] == pytest.approx(bought["purchased_services"])
    yuan, admin, desk = bought["admission_gate"]
    params = commsim.Params.defaults()
    assert yuan == pytest.approx(4.0 * params["funding.price_per_hour"])
    assert (admin + desk) / yuan == pytest.approx(1 / params["helpers.cost_per_hour"])
    assert admin / (admin + desk) == pytest.approx(params["helpers.admin_pull_share"])


def test_office_budget_buys_hours_by_the_same_definition() -> None:
    params = commsim.Params.defaults().with_overrides({"helpers.admin_pull_share": 0.25}, "t")
    admin, desk = bought_hours(350.0, params)
    assert (admin, desk) == pytest.approx((2.5, 7.5))
    model = build_model("baseline", overrides={
        "street.office_budget_yuan": 130000.0, "helpers.admin_pull_share": 0.25})
    before = _bank(model)
    workday = int(np.flatnonzero(model.calendar.workday)[0])
    commsim.model.staffing_norm.bank_office_helpers(model, workday)
    admin, desk = (a - b for a, b in zip(_bank(model), before, strict=True))
    assert desk == pytest.approx(3 * admin) and admin > 0


def test_one_purse_per_run_decides_once_per_task() -> None:
    model = build_model("combined")
    gate, paid = (p for p in model.policies if hasattr(p, "funding"))
    assert gate.funding is paid.funding is model.funding
    purse = Funding(commsim.Params.defaults(), np.random.default_rng(1))
    task = model.pipeline.create(0, 0, 0, "department", False, False, 1.0, 1)
    first = purse.pays(task)
    assert all(purse.pays(task) == first for _ in range(20)), "the same answer every time"


def test_compliance_lets_work_through_unpaid() -> None:
    _, some = _run("purchased_services", **{"purchased.compliance": 0.5})
    _, full = _run("purchased_services")
    assert some["dept_tasks_not_ordered"] < full["dept_tasks_not_ordered"]
    _, none = _run("purchased_services", **{"purchased.compliance": 0.0})
    assert none["dept_tasks_not_ordered"] == 0 and none["cost_helpers_yuan"] == 0


# --- the staffing norm and office budget as scenarios (issue 17, item 2) ----------------
def test_staffing_norm_scenario_sets_posts_by_households() -> None:
    from commsim.model.staffing_norm import posts_per_community

    model = build_model("staffing_norm", overrides={"run.communities": 4})
    sizes = np.array([len(c.cadres) for c in model.communities])
    households = np.bincount(model.households.community, minlength=4)
    assert sizes.tolist() == posts_per_community(households, model.params).tolist()
    combined = commsim.load_scenario("staffing_norm_gate")
    assert combined.policies == ("admission_gate",) or list(combined.policies) == [
        "admission_gate"]
    assert combined.overrides["staffing.households_per_worker"] == 300


def test_total_overtime_is_a_headline_beside_the_per_cadre_figure() -> None:
    from commsim.analysis.headline_results import HEADLINE
    from commsim.core.metrics import METRICS

    keys = [m.key for m in METRICS.headline()]
    per_cadre = keys.index("overtime_hours_per_cadre_week")
    assert keys[per_cadre + 1] == "overtime_hours"
    assert HEADLINE[:2] == ("overtime_hours_per_cadre_week", "overtime_hours")
