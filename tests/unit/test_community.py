"""The committee's helpers (Community.spend_helper_hours): the shared loop on the pooled backlog."""

from __future__ import annotations

import pytest

from commsim.core.schema import KIND_NAMES
from commsim.model.task_ledger import Status, Task
from conftest import build_model


def _model_with_backlog():  # noqa: ANN202 - a model and its tasks
    model = build_model(overrides={"run.days": 1, "helpers.max_hours_per_day": 4.0,
                                   "helpers.productivity": 0.5})
    community = model.communities[0]
    cadres = community.present()
    for cadre in cadres:
        cadre.backlog.clear()
    form, meeting = KIND_NAMES.index("form"), KIND_NAMES.index("meeting")
    tasks = [
        Task(10**6, form, 0, 0, "department", False, False, 1.0, 0.0, 0.0, 5.0),
        Task(10**6 + 1, form, 0, 0, "department", False, False, 1.0, 0.0, 0.0, 2.0),
        Task(10**6 + 2, meeting, 0, 0, "department", False, False, 1.0, 1.0, 0.0, 1.0),
        Task(10**6 + 3, form, 0, 0, "department", False, False, 3.0, 0.0, 0.0, 3.0),
    ]
    for i, task in enumerate(tasks):
        model.ledger.open(task)
        cadres[i % len(cadres)].backlog.append(task)
    return model, community, tasks


def test_helpers_work_desk_tasks_of_every_cadre_in_deadline_order() -> None:
    model, community, (late_form, first_form, meeting, big_form) = _model_with_backlog()
    community.add_helper_hours(admin=10.0)
    community.spend_helper_hours(0)
    # 4 clock hours (the daily cap) at productivity 0.5 = 2 standard hours:
    # the form due on day 2 (1 h), then a third of the 3-hour form due on day 3
    assert first_form.status == Status.DONE_BY_HELPERS
    assert big_form.status == Status.PENDING and big_form.remaining == pytest.approx(2.0)
    assert late_form.status == Status.PENDING and late_form.remaining == 1.0
    assert meeting.status == Status.PENDING and meeting.remaining == 1.0  # away: not theirs
    assert community.admin_bank == pytest.approx(6.0)
    assert model.stats.workforce_hours["helpers"] == pytest.approx(4.0)
    held = [t for c in community.present() for t in c.backlog]
    assert first_form not in held and len(held) == 3
    model.check_invariants()


def test_helpers_spend_only_banked_hours() -> None:
    model, community, tasks = _model_with_backlog()
    community.spend_helper_hours(0)
    assert all(t.status == Status.PENDING for t in tasks)
    community.add_helper_hours(admin=1.0)
    community.spend_helper_hours(0)
    assert community.admin_bank == pytest.approx(0.0)
    assert tasks[1].remaining == pytest.approx(0.5)
