"""Work handed to other workforces (commsim.model.workforces, commsim.policies.workforce)."""

from __future__ import annotations

import pytest

from commsim.model.accounting import RunStats
from commsim.model.task_ledger import Status, Task, TaskLedger
from commsim.model.workforces import WorkforceQueue
from commsim.policies.workforce import Workforce


def _queue(hours: float | list[float], priority=None):  # noqa: ANN001, ANN202
    ledger, stats = TaskLedger(), RunStats()
    queue = WorkforceQueue(Workforce("grid", hours, 0.5, 20.0, priority), 2, ledger, stats)
    return queue, ledger, stats


def _task(uid: int, community: int, hours: float, deadline: float) -> Task:
    return Task(uid, 0, 0, community, "department", False, False, hours, 0.0, 0.0, deadline)


def test_each_community_queue_is_worked_for_its_hours_and_booked() -> None:
    queue, ledger, stats = _queue([4.0, 0.0])
    tasks = [_task(1, 0, 1.0, 9.0), _task(2, 0, 1.0, 2.0), _task(3, 1, 1.0, 1.0)]
    for task in tasks:
        ledger.open(task)
        queue.take(task)
    assert queue.pending() == 3 and queue.queued_hours(0) == pytest.approx(4.0)
    queue.work_day(0)
    # 4 clock hours at productivity 0.5 = both tasks of community 0; community 1 has no hours
    assert [t.status for t in tasks] == [Status.DONE_BY_WORKFORCE] * 2 + [Status.PENDING]
    assert ledger.done_by_workforce == {"grid": 2}
    assert ledger.count(Status.DONE_BY_WORKFORCE) == 2 and ledger.balanced()
    assert stats.workforce_hours["grid"] == pytest.approx(4.0)
    assert stats.workforce_cost["grid"] == pytest.approx(80.0)
    assert queue.pending() == 1 and queue.queues[0] == []
    rows = {(r["dimension"], r["category"]): r["hours"] for r in stats.hours_table()}
    assert rows[("destination", "grid")] == pytest.approx(4.0)


def test_the_queue_follows_its_discipline() -> None:
    queue, ledger, _ = _queue(2.0, priority=lambda t: -t.deadline)  # latest deadline first
    first, second = _task(1, 0, 1.0, 1.0), _task(2, 0, 1.0, 5.0)
    for task in (first, second):
        ledger.open(task)
        queue.take(task)
    queue.work_day(0)
    assert second.status == Status.DONE_BY_WORKFORCE and first.status == Status.PENDING


@pytest.mark.parametrize("bad", [
    {"name": "cadres"}, {"name": "not a name"}, {"hours_per_day": -1.0},
    {"productivity": 0.0}, {"wage_per_hour": -5.0}, {"hours_per_day": [1.0, -1.0]},
])
def test_a_bad_declaration_is_refused(bad: dict) -> None:
    fields = {"name": "grid", "hours_per_day": 1.0, "productivity": 1.0, "wage_per_hour": 1.0}
    with pytest.raises(ValueError, match="workforce"):
        Workforce(**{**fields, **bad})
