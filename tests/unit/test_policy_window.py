"""Policies are introduced at the end of the warm-up; their totals and costs count the
measured window only, once, and each measured year gets its own share; office budgets
are a cost component counted once."""

from __future__ import annotations

import pytest

from commsim import simulate
from commsim.model import costs
from commsim.policies.rebound import Rebound, leakage
from conftest import build_model

FAST = {"street.households_per_community": 400, "run.communities": 2}


def test_policies_do_not_act_during_the_warm_up() -> None:
    model = build_model("purchased_services", overrides={**FAST, "run.warmup_days": 30,
                                                         "run.days": 30})
    for _ in range(30):
        model.step()
    policy = model.policies[0]
    assert model.active_policies == []
    assert policy.payments_yuan == 0.0, "no payment in the status quo before the policy"
    assert model.ledger.not_ordered == 0 and model.ledger.refused == 0
    model.step()  # the first measured day: the policy is introduced
    assert model.active_policies == model.policies
    model.run()
    assert policy.payments_yuan > 0
    summary = model.summary()
    assert summary["cost_helpers_yuan"] == pytest.approx(policy.payments_yuan * 365 / 30)


def test_warm_up_is_shared_by_every_scenario_of_a_replication() -> None:
    """Before the policy, a policy scenario and the baseline follow one trajectory."""
    runs = [simulate(name, seed=4, overrides={**FAST, "run.warmup_days": 40, "run.days": 20})
            for name in ("baseline", "admission_gate", "purchased_services")]
    columns = ["backlog_hours", "mean_exhaustion", "headcount"]
    warm = [r.daily.loc[~r.daily["measured"], columns].to_numpy() for r in runs]
    for other in warm[1:]:
        assert (other == warm[0]).all()


def test_rebound_clock_starts_at_the_policy_introduction() -> None:
    model = build_model("admission_gate", overrides={**FAST, "run.warmup_days": 400,
                                                     "run.days": 5})
    assert model.measurement.policy_day(400) == 0
    assert model.measurement.policy_day(765) == 365
    curve = model.policies[0].rebound()
    assert isinstance(curve, Rebound)
    # on the first measured day the leakage is L0, not the value two years into the creep
    assert leakage(curve, model.measurement.policy_day(400)) == pytest.approx(
        float(model.params["street.leakage"]))


def test_policy_costs_count_the_measured_window_only() -> None:
    """Running costs are per measured day: no warm-up day is charged.

    (How the window's costs split into measured years is checked, with every other
    metric, by ``tests/property/test_yearly.py``.)
    """
    result = simulate("combined", seed=5, overrides={**FAST, "run.warmup_days": 60,
                                                     "run.days": 60})
    whole = result.summary
    for key in ("cost_helpers_yuan", "cost_systems_yuan", "cost_administration_yuan",
                "cost_office_yuan", "cost_yuan"):
        assert whole[key] > 0, key
    communities = FAST["run.communities"]
    assert whole["cost_systems_yuan"] == pytest.approx(20000.0 * communities)  # yuan a year


def test_office_budget_is_a_cost_counted_once() -> None:
    """Helpers bought from office funds cost their budget, once, not under helpers too."""
    rich = {**FAST, "run.days": 60, "street.office_budget_yuan": 150000.0}
    model = build_model("baseline", overrides=rich)
    assert model.office_helper_hours.sum() > 0, "the spare budget buys helper hours"
    model.run()
    summary = model.summary()
    assert summary["cost_office_yuan"] == pytest.approx(150000.0 * 2)  # yuan a year
    assert summary["cost_helpers_yuan"] == 0.0
    assert summary["cost_yuan"] == pytest.approx(sum(costs.components(model).values())
                                                 * 365 / 60)
    poor = build_model("baseline", overrides={**rich, "street.office_budget_yuan": 30000.0})
    poor.run()
    assert summary["cost_office_yuan"] - poor.summary()["cost_office_yuan"] == pytest.approx(
        120000.0 * 2)
