"""The task pipeline (commsim.model.task_pipeline): each hook's decision, one task at a time."""

from __future__ import annotations

import numpy as np
import pytest

from commsim.model.task_ledger import Status, Task
from commsim.policies.base import ACCEPT, Intake, Policy
from commsim.policies.workforce import Workforce
from conftest import build_model


class Recorder(Policy):
    """A policy whose decisions are set by the test; it records the hooks called."""

    name = "recorder"

    def __init__(self, params, *, order=True, intake=ACCEPT, handoff=None) -> None:  # noqa: ANN001
        super().__init__(params, np.random.default_rng(0))
        self.order, self.decision, self.target = order, intake, handoff
        self.calls: list[str] = []

    def pricing(self, task: Task) -> bool:
        self.calls.append("pricing")
        return self.order

    def handoff(self, task: Task) -> str | None:
        self.calls.append("handoff")
        return self.target

    def intake(self, task: Task, day: int) -> Intake:
        self.calls.append("intake")
        return self.decision

    def paperwork_time(self, task: Task) -> None:
        self.calls.append("paperwork_time")
        task.hours = task.remaining = task.hours / 2

    def extra_capacity(self, task, community) -> None:  # noqa: ANN001
        self.calls.append("extra_capacity")


def _run(policy: Recorder, day: int = 3, **overrides: float):  # noqa: ANN202
    model = build_model(overrides={"run.days": 20, **overrides})
    model.active_policies = [policy]
    task = model.pipeline.create(0, 0, 0, "department", False, False, 4.0, day)
    model.pipeline.submit(task, day)
    return model, task


def _held(model, task: Task) -> bool:  # noqa: ANN001
    return any(task in c.backlog for c in model.present_cadres())


def test_an_accepted_task_reaches_its_cadre_after_every_hook() -> None:
    model, task = _run(Recorder(build_model().params))
    assert model.active_policies[0].calls == [
        "pricing", "handoff", "intake", "paperwork_time", "extra_capacity"]
    assert task.hours == 2.0 and task.remaining == 2.0
    assert _held(model, task) and task.status == Status.PENDING
    assert task.deadline == 3 + round(float(model.params["tasks.data_report.deadline_days"]))
    model.check_invariants()


def test_a_task_not_ordered_goes_to_the_fallback() -> None:
    model, task = _run(Recorder(build_model().params, order=False),
                       **{"departments.own_staff_share": 1.0})
    assert model.active_policies[0].calls == ["pricing"]
    assert model.ledger.not_ordered == 1 and not _held(model, task)
    assert task.status == Status.DONE_BY_DEPARTMENT
    model.check_invariants()


def test_a_refused_task_goes_to_the_fallback() -> None:
    model, task = _run(Recorder(build_model().params, intake=Intake("refuse")),
                       **{"departments.own_staff_share": 0.0,
                          "shortfall.households_affected": 0})
    assert model.active_policies[0].calls == ["pricing", "handoff", "intake"]
    assert model.ledger.refused == 1 and not _held(model, task)
    assert task.status == Status.SHORTFALL
    model.check_invariants()


def test_a_delayed_task_arrives_later_with_its_lead_time() -> None:
    model, task = _run(Recorder(build_model().params, intake=Intake("leak", 2.0)))
    lead = round(float(model.params["tasks.data_report.deadline_days"]))
    assert task.origin == "leaked" and task.arrival == 5.0 and task.deadline == 5.0 + lead
    assert model.pipeline.in_transit() == 1 and not _held(model, task)
    model.pipeline.release(4)
    assert model.pipeline.in_transit() == 1
    model.pipeline.release(5)
    assert model.pipeline.in_transit() == 0 and _held(model, task)
    model.check_invariants()


def test_a_handed_off_task_goes_to_the_workforce_with_its_records_kept() -> None:
    params = build_model().params
    model = build_model(overrides={"run.days": 20})
    from commsim.model.workforces import WorkforceQueue

    model.workforces["crew"] = WorkforceQueue(Workforce("crew", 1.0, 1.0, 10.0),
                                              model.n_communities, model.ledger, model.stats)
    policy = Recorder(params, handoff="crew")
    model.active_policies = [policy]
    task = model.pipeline.create(0, 0, 0, "department", False, False, 4.0, 3)
    model.pipeline.submit(task, 3)
    assert policy.calls == ["pricing", "handoff", "paperwork_time"]
    assert model.workforces["crew"].queues[0] == [task] and not _held(model, task)
    model.check_invariants()
    policy.target = "nobody"
    with pytest.raises(ValueError, match="'nobody'"):
        model.pipeline.submit(model.pipeline.create(0, 0, 0, "department", False, False, 1.0,
                                                    3), 3)
