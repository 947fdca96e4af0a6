"""Turnover (commsim.model.turnover): quits, vacancies and hires, against fixed draws."""

from __future__ import annotations

import numpy as np

from commsim import load_scenario
from commsim.model import CommunityModel
from commsim.model.task_ledger import Task
from conftest import SMALL, build_model


class Draws:
    """A fixed ``cadres`` stream: ``random(n)`` returns the given array."""

    def __init__(self, values: list[float]) -> None:
        self.values = np.array(values)

    def random(self, n: int) -> np.ndarray:
        assert n == len(self.values)
        return self.values


def test_a_cadre_quits_when_the_draw_is_below_the_hazard_and_the_work_stays() -> None:
    model = build_model(overrides={"run.days": 3, "cadres.vacancy_days": 0.0})
    community = model.communities[0]
    posts = len(community.cadres)
    leaver = community.cadres[1]
    assert leaver is not None
    task = Task(10**6, 0, 0, 0, "department", False, False, 1.0, 0.0, 0.0, 5.0)
    model.ledger.open(task)
    leaver.backlog = [task]
    turnover = model.turnover
    turnover.quit_rng = Draws([1.0] + [0.0] + [1.0] * (posts - 2))  # only post 1 draws 0
    turnover.quit_or_stay(0)
    assert community.cadres[1] is None
    assert model.stats.separations == 1
    assert community.vacant_until[1] == 1  # no vacancy time: open from tomorrow
    assert any(task in c.backlog for c in community.present())  # a colleague has it now
    assert leaver.backlog == []
    model.check_invariants()
    turnover.hire(1)
    hired = community.cadres[1]
    assert hired is not None and hired is not leaver
    assert hired.tenure_days == 0 and hired.role == community.roles[1]
    assert model.stats.recruitment == float(model.params["cadres.recruitment_cost"])


def test_nobody_quits_when_every_draw_is_one() -> None:
    model = build_model(overrides={"run.days": 3})
    model.turnover.quit_rng = Draws([1.0] * model.n_posts)
    model.turnover.quit_or_stay(0)
    assert model.stats.separations == 0
    assert all(c is not None for comm in model.communities for c in comm.cadres)


def test_work_of_an_empty_committee_waits_for_the_next_hire() -> None:
    model = build_model(overrides={"run.days": 3, "cadres.vacancy_days": 5.0})
    community = model.communities[0]
    model.turnover.quit_rng = Draws([0.0] * model.n_posts)
    model.turnover.quit_or_stay(0)
    assert community.present() == []
    task = Task(10**6, 0, 0, 0, "department", False, False, 1.0, 0.0, 0.0, 5.0)
    model.ledger.open(task)
    community.deliver(task, 1)
    assert community.orphans == [task]
    first = min(community.vacant_until)
    model.turnover.hire(first)
    assert community.orphans == []
    assert any(task in c.backlog for c in community.present())


def _decisions(model, draws: list[float]) -> list[bool]:
    """Which posts fall vacant on day 0 with the given draws (the model is not reused)."""
    model.turnover.quit_rng = Draws(draws)
    model.turnover.quit_or_stay(0)
    return [c is None for comm in model.communities for c in comm.cadres]


def test_the_stay_limits_decide_as_the_quit_probability_does() -> None:
    """The built-in path (log-hazard against the draw's limit, no exponentials) quits a
    cadre exactly when the draw is below ``Cadre.quit_hazard`` -- checked a hair either
    side of every cadre's probability, and against a subclass that takes the other path."""
    from commsim.model.agents.cadre import Cadre

    class SameHazard(Cadre):
        def quit_hazard(self, day: int) -> float:
            return super().quit_hazard(day)

    overrides = {"run.days": 3, "run.communities": 2, "cadres.quit_base": 5.0}
    probe = build_model(seed=4, overrides=overrides)
    cadres = [c for comm in probe.communities for c in comm.cadres]
    probs = [c.quit_hazard(0) for c in cadres]
    assert all(0.01 < p < 0.99 for p in probs)  # a base high enough to make quits likely
    for factor, quits in ((1 - 1e-9, True), (1 + 1e-9, False)):
        draws = [p * factor for p in probs]
        assert _decisions(build_model(seed=4, overrides=overrides), draws) == [quits] * len(
            probs)
    mixed = [p * (1 - 1e-9) if i % 2 else p * (1 + 1e-9) for i, p in enumerate(probs)]
    own = _decisions(build_model(seed=4, overrides=overrides), mixed)

    class WithSameHazard(CommunityModel):
        cadre_class = SameHazard

    other = _decisions(WithSameHazard.from_scenario(
        load_scenario("baseline"), seed=4, overrides={**SMALL, **overrides}), mixed)
    assert own == other == [bool(i % 2) for i in range(len(probs))]
