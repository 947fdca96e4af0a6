"""The one work loop (commsim.model.work_loop) and the cadres' use of it (Cadre.work)."""

from __future__ import annotations

import pytest

from commsim.core.schema import KIND_NAMES
from commsim.model.task_ledger import Status, Task, TaskLedger
from commsim.model.work_loop import earliest_deadline, pending, work_through
from conftest import build_model

FORM = KIND_NAMES.index("form")
REPORT = KIND_NAMES.index("data_report")  # not an inspected record
LEDGER = KIND_NAMES.index("ledger")


def _task(uid: int, hours: float, deadline: float, kind: int = FORM) -> Task:
    return Task(uid, kind, 0, 0, "department", False, False, hours, 0.0, 0.0, deadline)


def _open(*tasks: Task) -> TaskLedger:
    ledger = TaskLedger()
    for task in tasks:
        ledger.open(task)
    return ledger


def test_the_loop_works_the_queue_in_its_order_until_the_hours_are_used() -> None:
    a, b, c = _task(1, 2.0, 9.0), _task(2, 1.0, 3.0), _task(3, 4.0, 5.0)
    ledger = _open(a, b, c)
    booked: list[tuple[int, float]] = []
    queue = sorted([a, b, c], key=earliest_deadline)
    used, finished = work_through(queue, 3.0, 1.0, 0, ledger, Status.DONE_BY_CADRE,
                                  book=lambda t, h: booked.append((t.uid, h)))
    assert (used, finished) == (3.0, 1)
    assert booked == [(2, 1.0), (3, 2.0)]  # b (due day 3) done, then half of c
    assert (b.status, c.status, a.status) == (Status.DONE_BY_CADRE, Status.PENDING,
                                              Status.PENDING)
    assert c.remaining == 2.0 and a.remaining == 2.0
    assert pending(queue) == [c, a]
    assert ledger.count(Status.DONE_BY_CADRE) == 1 and ledger.balanced()


def test_productivity_converts_clock_hours_into_standard_hours() -> None:
    task = _task(1, 3.0, 9.0)
    ledger = _open(task)
    used, finished = work_through([task], 2.0, 0.5, 0, ledger, Status.DONE_BY_HELPERS)
    assert (used, finished) == (2.0, 0)
    assert task.remaining == pytest.approx(2.0)  # 2 clock hours at 0.5 = 1 standard hour
    used, finished = work_through([task], 10.0, 0.5, 0, ledger, Status.DONE_BY_HELPERS)
    assert used == pytest.approx(4.0) and finished == 1
    assert task.status == Status.DONE_BY_HELPERS


def test_the_horizon_skips_later_tasks_whatever_their_place() -> None:
    later, due = _task(1, 1.0, 10.0), _task(2, 1.0, 2.0)
    ledger = _open(later, due)
    # a discipline that puts the later task first: the horizon still skips it
    used, finished = work_through([later, due], 5.0, 1.0, 0, ledger, Status.DONE_BY_CADRE,
                                  horizon=3.0)
    assert (used, finished) == (1.0, 1)
    assert later.status == Status.PENDING and due.status == Status.DONE_BY_CADRE


def test_work_finished_after_its_deadline_is_late() -> None:
    overdue, fresh = _task(1, 1.0, 2.0), _task(2, 1.0, 9.0)
    ledger = _open(overdue, fresh)
    work_through([overdue, fresh], 5.0, 1.0, 4, ledger, Status.DONE_BY_CADRE)
    assert overdue.late and not fresh.late
    assert ledger.late_done == 1


def test_no_hours_no_work() -> None:
    task = _task(1, 1.0, 2.0)
    ledger = _open(task)
    assert work_through([task], 0.0, 1.0, 0, ledger, Status.DONE_BY_CADRE) == (0.0, 0)
    assert task.remaining == 1.0


def test_a_cadre_works_its_backlog_in_its_discipline_and_books_the_hours() -> None:
    model = build_model(overrides={"run.days": 1})
    cadre = model.present_cadres()[0]
    cadre.backlog.clear()
    prod = cadre.productivity
    early, record = _task(10**6, 2.0, 1.0), _task(10**6 + 1, 2.0, 4.0, kind=LEDGER)
    for task in (record, early):
        task.community = cadre.community
        model.ledger.open(task)
        cadre.assign(task, 0)
    before = dict(model.stats.hours_by_kind)
    used = cadre.work(2.0 / prod, 0)
    assert used == pytest.approx(2.0 / prod)
    assert early.status == Status.DONE_BY_CADRE and record.status == Status.PENDING
    assert cadre.backlog == [record]
    assert model.stats.hours_by_kind["form"] - before.get("form", 0.0) == pytest.approx(used)


def test_a_subclass_changes_the_discipline_in_one_line() -> None:
    from commsim.model.agents.cadre import Cadre

    class RecordsFirst(Cadre):
        priority = staticmethod(lambda task: (not task.inspected, task.deadline))

    model = build_model(overrides={"run.days": 1})
    cadre = model.present_cadres()[0]
    cadre.__class__ = RecordsFirst
    cadre.backlog.clear()
    early = _task(10**6, 2.0, 1.0, kind=REPORT)
    record = _task(10**6 + 1, 2.0, 4.0, kind=LEDGER)
    assert record.inspected and not early.inspected
    for task in (early, record):
        model.ledger.open(task)
        cadre.assign(task, 0)
    cadre.work(2.0 / cadre.productivity, 0)
    assert record.status == Status.DONE_BY_CADRE and early.status == Status.PENDING
