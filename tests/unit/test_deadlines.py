"""Deadlines (commsim.model.deadlines): late work, fines for it, expiry — against fixed draws."""

from __future__ import annotations

from collections import deque
from types import SimpleNamespace

from commsim.core.parameters import Params
from commsim.model.deadlines import Deadlines
from commsim.model.inspections import FineBook
from commsim.model.task_ledger import Status, Task, TaskLedger


class Draws:
    """A fixed stream: ``random()`` returns the given values in turn."""

    def __init__(self, *values: float) -> None:
        self.values = list(values)

    def random(self) -> float:
        return self.values.pop(0)


def _setup(*deadlines: float, draws: tuple[float, ...] = ()):  # noqa: ANN202
    params = Params.defaults().with_overrides(
        {"cadres.expiry_days": 3, "cadres.fine_probability": 0.5, "cadres.fine_yuan": 100.0},
        "test")
    ledger, fines = TaskLedger(), FineBook()
    tasks = [Task(i, 0, 0, 0, "department", False, False, 1.0, 0.0, 0.0, d)
             for i, d in enumerate(deadlines)]
    for task in tasks:
        ledger.open(task)
    cadre = SimpleNamespace(backlog=list(reversed(tasks)), fines=deque())
    return Deadlines(params, Draws(*draws), ledger, fines), cadre, tasks, ledger, fines


def test_missed_work_is_late_once_and_fined_with_the_fine_probability() -> None:
    deadlines, cadre, (a, b, c), _, fines = _setup(1.0, 2.0, 9.0, draws=(0.4, 0.6))
    deadlines.check([cadre], 0)  # the evening of day 0: nothing is due yet
    assert not (a.late or b.late or c.late)
    deadlines.check([cadre], 1)  # the evening of day 1: a's deadline day has ended
    assert a.late and not b.late and not c.late
    deadlines.check([cadre], 2)
    assert b.late and not c.late
    assert fines.count == 1 and fines.total == 100.0  # 0.4 < 0.5 fines a; 0.6 spares b
    assert cadre.fines == deque([(1, 100.0)])
    assert [t.uid for t in cadre.backlog] == [0, 1, 2]  # sorted by deadline
    deadlines.check([cadre], 3)  # no new late task: no draw needed (the stream is empty)


def test_work_expires_after_the_expiry_days() -> None:
    deadlines, cadre, (a, b), ledger, _ = _setup(1.0, 3.0, draws=(0.9, 0.9))
    deadlines.check([cadre], 4)
    assert a.status == Status.PENDING  # 3 days overdue (cadres.expiry_days): not yet
    deadlines.check([cadre], 5)
    assert a.status == Status.EXPIRED and b.status == Status.PENDING
    assert cadre.backlog == [b] and ledger.count(Status.EXPIRED) == 1
    assert ledger.balanced()
