"""Conservation of work: the fallback for refused and unordered tasks, the rebound curve,
and the full social cost of work turned away."""

from __future__ import annotations

import math

import numpy as np
import pytest

import commsim
from commsim.analysis.inference import paired_difference
from commsim.model import costs
from commsim.model.task_ledger import Status, Task
from commsim.policies.base import Policy
from commsim.policies.rebound import Rebound, leakage
from conftest import build_model


# --- the rebound curve ---------------------------------------------------------------
def test_rebound_curve_is_bounded_and_reaches_its_time_scale() -> None:
    curve = Rebound(0.3, 0.7, 1.5)
    days = np.arange(0, 365 * 30, 30)
    values = np.array([leakage(curve, d) for d in days])
    assert values[0] == pytest.approx(0.3)
    assert np.all(np.diff(values) > 0), "leakage rises toward its limit"
    assert values.max() < 0.7, "it never reaches its limit, let alone certainty"
    # after one time scale, 1 - 1/e of the way from L0 to L∞
    assert leakage(curve, 365 * 1.5) == pytest.approx(0.7 - 0.4 / math.e)
    # the default puts year 1 where the old linear ramp was (0.3 + 0.2)
    assert leakage(curve, 365) == pytest.approx(0.5, abs=0.01)


def test_rebound_curve_can_fall_and_is_a_probability() -> None:
    assert leakage(Rebound(0.9, 0.2, 1.0), 365 * 50) == pytest.approx(0.2)
    assert leakage(Rebound(0.0, 0.0, 1.0), 1000) == 0.0
    assert 0.0 <= leakage(Rebound(1.0, 0.99, 0.05), 10) <= 1.0


def test_gate_and_purchased_services_share_the_street_office_curve() -> None:
    params = commsim.Params.defaults().with_overrides(
        {"street.leakage": 0.1, "street.leakage_limit": 0.5, "street.rebound_years": 2.0,
         "street.leak_delay_days": 4.0}, source="test")
    rng = np.random.default_rng(0)
    gate = commsim.policies.get("admission_gate")(params, rng)
    bought = commsim.policies.get("purchased_services")(params, rng)
    assert gate.rebound() == bought.rebound() == Rebound(0.1, 0.5, 2.0, 4.0)
    assert commsim.policies.get("no_gate")(params, rng).rebound().limit == 0.0


# --- the fallback, against fixed random streams ---------------------------------------
class _Curve(Policy):
    """A test policy with a fixed leakage curve."""

    name = "test_curve"

    def __init__(self, curve: Rebound) -> None:
        super().__init__(commsim.Params.defaults(), np.random.default_rng(0))
        self._curve = curve

    def rebound(self) -> Rebound:
        return self._curve


def _task(model: commsim.CommunityModel, kind: str, deadline_days: float = 5.0) -> Task:
    task = model.pipeline.create(commsim.core.schema.KIND_NAMES.index(kind), 0, 0, "department",
                                 False, False, 4.0, 3, deadline=3 + deadline_days)
    model.ledger.open(task)
    return task


def test_fallback_routes_by_fixed_draws_and_conserves() -> None:
    model = build_model("baseline", overrides={"departments.own_staff_share": 0.5})
    fallback = model.pipeline.fallback
    fallback.rng = np.random.default_rng(42)
    curve = Rebound(0.25, 0.25, 1.0, 2.0)
    outcomes = [fallback.route(_task(model, "data_report"), 3, _Curve(curve), "refused")
                for _ in range(200)]
    draws = np.random.default_rng(42)
    lo, hi = np.searchsorted(model.households.community, [0, 1])
    expected = []
    for _ in range(200):
        leak_u, own_u = draws.random(2)
        expected.append("leaked" if leak_u < 0.25 else "department" if own_u < 0.5
                        else "shortfall")
        # a shortfall of a non-inspected task draws the affected households and complaints
        if expected[-1] == "shortfall":
            draws.integers(lo, hi, 2)
            draws.random(2)
    assert outcomes == expected
    ledger = model.ledger
    assert ledger.refused == 200 and ledger.leaked == outcomes.count("leaked")
    assert ledger.count(Status.DONE_BY_DEPARTMENT) == outcomes.count("department")
    assert ledger.count(Status.SHORTFALL) == outcomes.count("shortfall")
    assert model.stats.department_hours == pytest.approx(4.0 * outcomes.count("department"))
    assert model.pipeline.in_transit() == outcomes.count("leaked")


def test_leaked_work_is_reissued_with_a_new_deadline() -> None:
    model = build_model("baseline")
    task = _task(model, "form", deadline_days=5.0)
    assert model.pipeline.fallback.route(task, 3, _Curve(Rebound(1.0, 0.99, 1.0, 4.0)),
                                     "not_ordered") == "leaked"
    assert task.origin == "leaked" and task.status == Status.PENDING
    assert task.arrival == 7.0 and task.deadline == 12.0, "same lead time from its arrival"
    assert model.ledger.not_ordered == 1


def test_a_reviewed_task_keeps_its_lead_time() -> None:
    model = build_model("admission_gate", overrides={
        "gate.strictness": 1.0, "funding.elasticity": 0.0, "gate.review_days": 3.0})
    task = model.pipeline.create(0, 0, 0, "department", False, False, 2.0, 5)
    lead = task.deadline - task.created
    model.pipeline.submit(task, 5)
    assert task.arrival == 8.0 and task.deadline == 8.0 + lead


def test_a_missing_record_is_found_at_inspection() -> None:
    model = build_model("baseline", overrides={
        "departments.own_staff_share": 0.0, "shortfall.detection_probability": 1.0})
    fallback = model.pipeline.fallback
    task = _task(model, "ledger")
    assert fallback.route(task, 3, _Curve(Rebound()), "refused") == "shortfall"
    assert fallback.missing == [task]
    created, fines = model.ledger.created, model.fines.total
    fallback.inspect(10)
    assert model.stats.shortfall_findings == 1
    assert model.ledger.created == created + 1, "a rectification order"
    assert model.fines.total == fines + model.params["inspections.fine_yuan"]
    assert fallback.missing == []


def test_a_service_nobody_delivered_hurts_residents_and_brings_complaints() -> None:
    model = build_model("baseline", overrides={
        "departments.own_staff_share": 0.0, "shortfall.households_affected": 5,
        "residents.complaint_probability": 1.0})
    before = model.households.satisfaction.copy()
    task = _task(model, "field_visit")
    created = model.ledger.created
    assert model.pipeline.fallback.route(task, 3, _Curve(Rebound()), "refused") == "shortfall"
    assert (model.households.satisfaction < before).sum() >= 1
    assert model.stats.shortfall_households == 5
    assert model.ledger.created == created + 5, "every affected household complained"


# --- the full social cost ------------------------------------------------------------
def test_cost_components_add_up_a_year_and_every_hour_has_one_value() -> None:
    model = build_model("combined", overrides={
        "run.days": 40, "cadres.pay_secretary": 3000.0, "cadres.pay_staff": 3000.0,
        "cadres.pay_assigned": 3000.0, "cadres.pay_contract": 3000.0, "cadres.quit_base": 0.0})
    model.run()
    summary = model.summary()
    years = 40 / 365
    parts = costs.components(model)
    assert summary["cost_yuan"] == pytest.approx(sum(parts.values()) / years)
    for key, value in parts.items():
        assert summary[f"cost_{key}_yuan"] == pytest.approx(value / years)
    value = model.params["valuation.value_per_hour"]
    assert summary["cost_overtime_yuan"] == pytest.approx(
        summary["overtime_hours"] / years * value)
    overtime = sum(summary[f"hours_overtime_{d}_per_year"] for d in ("weekday", "restday",
                                                                      "holiday"))
    assert overtime == pytest.approx(summary["overtime_hours"] / years)
    for key in ("department", "shortfall", "expired", "fabricated"):
        assert summary[f"cost_{key}_yuan"] == pytest.approx(
            summary[f"hours_{key}_per_year"] * value)
    # own wage (premium 1): the stored input of valuation.basis = own_wage
    assert summary["overtime_own_wage_yuan"] == pytest.approx(
        summary["overtime_hours"] / years * 3000.0 / model.params["costs.hours_per_month"])
    # fiscal outlay: no shadow value of unpaid hours
    assert summary["fiscal_outlay_yuan"] < summary["cost_yuan"]


REPS = 5
SHORT = {"run.days": 90, "run.communities": 2}


def _summaries(scenario: str, overrides: dict) -> list[dict[str, float]]:
    return [commsim.simulate(scenario, seed=11, replication=r,
                             overrides={**SHORT, **overrides}).summary for r in range(REPS)]


def _moved(summary: dict[str, float]) -> float:
    """Hours a year that went to the departments' staff or nobody."""
    return summary["hours_department_per_year"] + summary["hours_shortfall_per_year"]


@pytest.mark.parametrize(("scenario", "overrides"), [
    ("purchased_services", {"funding.budget_yuan": 0.0}),
    ("admission_gate", {"funding.budget_yuan": 0.0}),
])
def test_turning_work_away_is_not_cheaper_than_baseline(scenario: str, overrides: dict) -> None:
    """The dropped work is paid for by someone or shows as a shortfall (paired, CI-based).

    With one value for every hour, work that only moves costs the same wherever it goes:
    turning it away must not come out clearly cheaper, and the hours turn up with the
    departments' staff or as a shortfall.
    """
    base, policy = _summaries("baseline", {}), _summaries(scenario, overrides)
    diff, low, high = paired_difference([s["cost_yuan"] for s in policy],
                                        [s["cost_yuan"] for s in base])
    assert high > 0, f"{scenario} {overrides}: {diff:+.0f} yuan [{low:+.0f}, {high:+.0f}]"
    diff, low, _ = paired_difference([_moved(s) for s in policy], [_moved(s) for s in base])
    assert low > 0, f"{scenario}: {diff:+.0f} h/yr moved to departments or nobody"
