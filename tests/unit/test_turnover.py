"""Turnover (commsim.model.turnover): quits, vacancies and hires, against fixed draws."""

from __future__ import annotations

import numpy as np

from commsim.model.task_ledger import Task
from conftest import build_model


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
