"""Invariants as property tests: tasks are conserved, hours add up, bounds hold.

Over random small parameter draws and random policy combinations, after every
simulated day:

* every task created is pending or in exactly one destination (done by cadres,
  helpers or the department, a shortfall, expired), and the pending ones are
  exactly the tasks held by cadres, orphaned by vacancies or in transit — none
  lost, none counted twice; tracked task by task, every closed task was closed
  once, into one destination;
* hours booked by activity equal hours worked, and no hours are negative;
* exhaustion, satisfaction and expectations stay in their ranges;
* summary shares lie in [0, 1].

Hypothesis runs derandomized (a fixed sequence of examples) so that CI is stable;
raise ``max_examples`` locally to search harder.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commsim import SCHEMA, SUMMARY_METRICS, CommunityModel, Params
from commsim.core.metrics import METRICS
from commsim.model.task_ledger import DESTINATIONS, Status, Task
from conftest import SHARE_METRICS, build_model

POLICY_SETS = st.lists(
    st.sampled_from(["no_gate", "admission_gate", "purchased_services", "paperless"]),
    min_size=1, max_size=4, unique=True,
)

PROPERTY_SETTINGS = settings(
    max_examples=15, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _share(lo: float = 0.0, hi: float = 1.0) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def _up_to_top(key: str, lo: float = 0.0) -> st.SearchStrategy[float]:
    """Floats from ``lo`` to the top of ``key``'s declared range (extremes included)."""
    return _share(lo, float(SCHEMA[key].high))


@st.composite
def configurations(draw: st.DrawFn) -> tuple[dict[str, Any], list[str], int]:
    """Random small runs: parameters, policies and a seed."""
    overrides: dict[str, Any] = {
        "run.days": draw(st.integers(10, 45)),
        "run.communities": draw(st.integers(1, 2)),
        "run.start_weekday": draw(st.integers(0, 6)),
        "street.households_per_community": draw(st.integers(100, 1500)),
        "street.relay_multiplier": draw(_share(1.0, 3.0)),
        "cadres.per_community": draw(st.integers(1, 9)),
        "cadres.counter_windows": draw(st.integers(1, 4)),
        "cadres.overtime_horizon_days": draw(st.integers(0, 14)),
        "cadres.expiry_days": draw(st.integers(0, 10)),
        "cadres.quit_base": draw(_share(0.0, 5.0)),
        "cadres.vacancy_days": draw(_share(0.0, 30.0)),
        "cadres.exhaustion_gain": draw(_share(0.0, 1.0)),
        "cadres.fatigue_loss": draw(_up_to_top("cadres.fatigue_loss")),
        "departments.tasks_per_community_day": draw(_share(0.0, 25.0)),
        "departments.urgent_share": draw(_share()),
        "departments.overlap.aid.probability": draw(_share()),
        "departments.overlap.civilised_city.probability": draw(_share()),
        "departments.count": draw(st.integers(1, 21)),
        "run.structure_seed": draw(st.integers(0, 2**16)),
        "staffing.households_per_worker": draw(st.sampled_from([0, 100, 300])),
        "street.office_budget_yuan": draw(_share(0.0, 150000.0)),
        "residents.hostile_share": draw(_share()),
        "cadres.share_assigned": draw(_share(0.0, 0.5)),
        "cadres.share_contract": draw(_share(0.0, 0.5)),
        "inspections.per_year": draw(st.integers(0, 12)),
        "inspections.campaign_days": draw(st.integers(0, 40)),
        "inspections.fabrication_probability": draw(_share()),
        "residents.visits_ordinary": draw(_share(0.0, 10.0)),
        "residents.visits_elderly": draw(_share(0.0, 30.0)),
        "residents.visits_low_income": draw(_share(0.0, 60.0)),
        "residents.service_hours": draw(_share(0.05, 2.0)),
        "residents.patience_hours": draw(_share(0.05, 8.0)),
        "residents.return_probability": draw(_share()),
        "residents.complaint_probability": draw(_share()),
        "residents.aid_share": draw(_share()),
        "gate.strictness": draw(_share()),
        "funding.elasticity": draw(_share(0.0, 5.0)),
        "purchased.compliance": draw(_share()),
        "street.leakage": draw(_share()),
        "street.leakage_limit": draw(_share(0.0, 0.99)),
        "street.rebound_years": draw(_share(0.05, 5.0)),
        "departments.own_staff_share": draw(_share()),
        "shortfall.detection_probability": draw(_share()),
        "shortfall.households_affected": draw(st.integers(0, 10)),
        "gate.review_days": draw(_share(0.0, 10.0)),
        "street.leak_delay_days": draw(_share(0.0, 10.0)),
        "funding.price_per_hour": draw(_share(0.0, 300.0)),
        "funding.budget_yuan": draw(_share(0.0, 50000.0)),
        "helpers.admin_pull_share": draw(_share()),
        "paperless.digital_acceptance": draw(_share()),
        "paperless.unconnected_systems": draw(st.integers(1, 5)),
    }
    return overrides, draw(POLICY_SETS), draw(st.integers(0, 2**16))


def check_day(model: CommunityModel) -> None:
    """Every invariant that must hold at the end of any day."""
    model.check_invariants()
    ledger, stats = model.ledger, model.stats
    names = set(model.policy_names)
    if "admission_gate" not in names:
        assert ledger.refused == 0, "only the gate refuses work"
    office_funds = bool(model.office_helper_hours.any())  # S13: office budget above running costs
    if not names & {"admission_gate", "purchased_services"} and not office_funds:
        assert ledger.count(Status.OUTSOURCED) == 0, "helpers exist only if paid for"
    if not names & {"admission_gate", "purchased_services"}:
        assert ledger.count(Status.DONE_BY_DEPARTMENT) == 0, "nothing was turned away"
        assert ledger.count(Status.SHORTFALL) == 0, "nothing was turned away"
    if "purchased_services" not in names:
        assert ledger.not_ordered == 0, "only a price makes departments order less"
    # tasks held: each exactly once, each pending, none with negative work left
    cadres = model.present_cadres()
    held = [t for c in cadres for t in c.backlog]
    held += [t for c in model.communities for t in c.orphans]
    held += [entry[-1] for entry in getattr(model.pipeline, "_transit", [])]
    assert len({t.uid for t in held}) == len(held), "a task is held twice"
    assert all(t.status == Status.PENDING for t in held)
    assert all(t.remaining >= -1e-9 for t in held)
    assert len(held) == ledger.count(Status.PENDING)
    # hours
    assert stats.total_hours >= 0
    assert all(v >= -1e-9 for v in stats.hours_by_kind.values()), dict(stats.hours_by_kind)
    assert all(v >= -1e-9 for v in stats.hours_by_origin.values())
    assert math.isclose(sum(stats.hours_by_origin.values()), stats.total_hours,
                        rel_tol=1e-9, abs_tol=1e-6)
    for cadre in cadres:
        assert cadre.hours_today >= 0 and cadre.overtime_today >= 0
        assert cadre.overtime_today <= cadre.hours_today + 1e-9
        assert cadre.hours_today <= 24.0 + 1e-9
        assert 0.0 <= cadre.exhaustion <= 1.0
        assert cadre.productivity > 0
    assert len(cadres) <= model.n_posts
    # residents
    households = model.households
    assert households.satisfaction.min() >= 0 and households.satisfaction.max() <= 100
    assert households.expectation.min() >= 0 and households.expectation.max() <= 1
    assert stats.served + stats.abandoned + stats.empty == stats.visits
    assert stats.wait_sum >= 0
    # fixed aid quotas (S11): never more grants than places
    visits = model.visits
    if hasattr(visits, "aid_left"):
        assert (visits.aid_left >= 0).all() and (visits.aid_left <= visits.aid_places).all()
        assert int(visits.aid_granted.sum()) == int((visits.aid_places - visits.aid_left).sum())


def check_summary(model: CommunityModel) -> None:
    """Bounds of the summary metrics and of the daily series."""
    summary = model.summary()
    assert list(summary)[:len(SUMMARY_METRICS)] == list(SUMMARY_METRICS)
    policy_metrics = list(summary)[len(SUMMARY_METRICS):]
    assert all(METRICS[k].policy in model.policy_names for k in policy_metrics)
    for name, value in summary.items():
        assert math.isfinite(value), name
        assert value >= 0, name
    for name in SHARE_METRICS:  # (floating-point sums may round a share of 1 up by an ulp)
        assert 0.0 <= summary[name] <= 1.0 + 1e-12, (name, summary[name])
    assert 0.0 <= summary["satisfaction_index"] <= 100.0
    assert summary["served_share"] + summary["empty_office_share"] <= 1.0 + 1e-12
    assert summary["mean_headcount"] <= model.n_posts
    assert summary["dept_tasks_refused"] <= summary["dept_tasks_received"]
    daily = model.daily()
    assert len(daily) == model.day
    for column in ("resident_satisfaction", "burnout_share", "mean_exhaustion"):
        assert daily[column].between(0, 1).all(), column
    assert daily["satisfaction_index"].between(0, 100).all()
    for column in ("backlog_hours", "overtime_per_cadre", "mean_hours", "mean_wait_hours",
                   "visits_today", "vacancies"):
        assert (daily[column] >= 0).all(), column
    for column in ("tasks_received", "tasks_done", "separations"):
        assert daily[column].is_monotonic_increasing, column


def check_paid_and_actual_hours(model: CommunityModel, worked_before: float,
                                separations_before: int) -> None:
    """Overtime is actual minus paid hours; today's hours are what the cadres worked."""
    day = model.day - 1
    workday = bool(model.calendar.workday[day])
    cadres = model.present_cadres()
    for cadre in cadres:
        paid = model.calendar.paid_hours if workday else 0.0
        assert math.isclose(cadre.hours_today - cadre.overtime_today, paid, abs_tol=1e-9)
    if model.stats.separations == separations_before:  # (a cadre who quit booked hours too)
        worked = sum(c.hours_today for c in cadres)
        assert math.isclose(model.stats.total_hours - worked_before, worked, rel_tol=1e-9,
                            abs_tol=1e-9)


class DestinationLog:
    """Records, task by task, every task opened and the one destination it ends in."""

    def __init__(self, model: CommunityModel) -> None:
        self.opened: set[int] = set()
        self.closed: dict[int, Status] = {}
        ledger = model.ledger
        open_, move = ledger.open, ledger.move

        def logged_open(task: Task) -> None:
            assert task.uid not in self.opened, f"{task!r} opened twice"
            self.opened.add(task.uid)
            open_(task)

        def logged_move(task: Task, status: Status) -> None:
            assert status in DESTINATIONS, f"{task!r} moved to {status!r}"
            assert task.uid not in self.closed, f"{task!r} ended twice"
            self.closed[task.uid] = status
            move(task, status)

        ledger.open, ledger.move = logged_open, logged_move  # type: ignore[method-assign]

    def check(self, model: CommunityModel) -> None:
        """Closed tasks were opened; every open task is closed once or held pending."""
        assert set(self.closed) <= self.opened
        held = [t.uid for c in model.present_cadres() for t in c.backlog]
        held += [t.uid for c in model.communities for t in c.orphans]
        held += [entry[-1].uid for entry in model.pipeline._transit]
        assert sorted(held) == sorted(self.opened - set(self.closed)), "a task went missing"
        for status in DESTINATIONS:
            assert model.ledger.count(status) == sum(s == status for s in self.closed.values())


@PROPERTY_SETTINGS
@given(configurations())
def test_invariants_hold_every_day(config: tuple[dict[str, Any], list[str], int]) -> None:
    overrides, policy_names, seed = config
    params = Params.defaults().with_overrides(overrides, source="hypothesis")
    model = CommunityModel(params, policies=policy_names, seed=seed)
    log = DestinationLog(model)
    for _ in range(int(params["run.days"])):
        worked, separations = model.stats.total_hours, model.stats.separations
        model.step()
        check_day(model)
        log.check(model)
        check_paid_and_actual_hours(model, worked, separations)
    check_summary(model)


@pytest.mark.parametrize("scenario", ["baseline", "combined"])
def test_invariants_hold_in_a_stressed_scenario(scenario: str) -> None:
    """Defaults plus an inspection, heavy quits and short expiry, day by day."""
    model = build_model(scenario, seed=5, overrides={
        "run.days": 60, "run.communities": 2, "inspections.per_year": 12,
        "cadres.quit_base": 3.0, "cadres.vacancy_days": 10, "cadres.expiry_days": 3})
    for _ in range(60):
        worked, separations = model.stats.total_hours, model.stats.separations
        model.step()
        check_day(model)
        check_paid_and_actual_hours(model, worked, separations)
    check_summary(model)
    assert model.street_office.inspections_held >= 1
    assert model.ledger.count(Status.DONE) > 0


def test_the_invariant_check_detects_a_lost_or_doubled_task() -> None:
    model = build_model("baseline", seed=1)
    for _ in range(5):
        model.step()
    model.check_invariants()
    model.ledger.by_status[Status.DONE] += 1  # a task counted twice
    with pytest.raises(AssertionError):
        model.check_invariants()
    model.ledger.by_status[Status.DONE] -= 1
    cadre = next(c for c in model.present_cadres() if c.backlog)
    lost = cadre.backlog.pop()  # a pending task that nobody holds any more
    with pytest.raises(AssertionError):
        model.check_invariants()
    cadre.backlog.append(lost)
    model.ledger.refused += 1  # a refused task that went nowhere
    with pytest.raises(AssertionError):
        model.check_invariants()
    model.ledger.refused -= 1
    model.stats.total_hours += 1.0  # an hour worked but not booked
    with pytest.raises(AssertionError):
        model.check_invariants()


# --- extremes and fixed bugs (regression tests) ---------------------------------------
def test_the_most_tiring_settings_in_range_run() -> None:
    """Full exhaustion at the top of the fatigue range leaves productivity above zero."""
    model = build_model("baseline", seed=0, overrides={
        "run.days": 30, "cadres.fatigue_loss": SCHEMA["cadres.fatigue_loss"].high,
        "cadres.exhaustion_gain": SCHEMA["cadres.exhaustion_gain"].high,
        "cadres.newcomer_productivity": SCHEMA["cadres.newcomer_productivity"].low,
        "cadres.quit_base": 5.0, "cadres.vacancy_days": 0})
    for _ in range(30):
        model.step()
        check_day(model)
    check_summary(model)
    assert max(c.exhaustion for c in model.present_cadres()) == 1.0


def test_every_visit_drawn_is_evaluated() -> None:
    model = build_model("baseline", seed=0, overrides={
        "run.days": 10, "residents.service_hours": 4.0, "residents.patience_hours": 8.0,
        "calendar.office_close": 20.0, "cadres.counter_windows": 7})
    drawn = 0
    draw = model.visits.draw

    def counting(day: int) -> dict:
        nonlocal drawn
        visits = draw(day)
        drawn += len(visits["household"])
        return visits

    model.visits.draw = counting
    model.run()
    assert drawn > 0
    assert model.stats.visits == drawn, f"{drawn - model.stats.visits} of {drawn} visits lost"
