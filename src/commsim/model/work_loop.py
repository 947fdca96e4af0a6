"""The work loop every workforce shares, and the queue disciplines it takes (S4).

Cadres, the helpers that gate funding or purchased services buy, and any other
workforce a policy hands work to (:mod:`commsim.model.workforces`) work the same
way: they take their queue in the order a *queue discipline* gives, spend clock
hours on each task at their productivity (standard hours per clock hour) until
the hours are used, and close every task they finish in the ledger under their
own destination. Only the discipline, the productivity and the destination
differ.

A queue discipline is a plain function ``priority(task) -> sort key``: the
queue is sorted by it (ascending, stable) before work starts, as SimPy's stores
take their order as a class attribute (``PutQueue = SortedQueue``) and Ciw's
service disciplines are plain functions. The built-in discipline is
:func:`earliest_deadline` (seed 004: the department that shouts loudest and
latest gets done first; S4); a cadre's discipline is the class attribute
:attr:`commsim.model.agents.cadre.Cadre.priority`, so a subclass changes it in one line.

Examples
--------
>>> from commsim.model.task_ledger import Status, Task, TaskLedger
>>> ledger = TaskLedger()
>>> tasks = [Task(i, 0, 0, 0, "department", False, False, 2.0, 0.0, 0.0, d)
...          for i, d in enumerate((5.0, 1.0))]
>>> for t in tasks:
...     ledger.open(t)
>>> queue = sorted(tasks, key=earliest_deadline)
>>> work_through(queue, 3.0, 1.0, 0, ledger, Status.DONE_BY_CADRE)
(3.0, 1)
>>> [t.remaining for t in tasks]  # the task due on day 1 first, then half the other
[1.0, 0.0]

"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from commsim.model.task_ledger import Status, Task, TaskLedger

#: A queue discipline: a sort key of a task (smaller keys are worked first).
Priority = Callable[[Task], Any]

#: Tolerance below which a remainder of clock hours counts as used up.
_EPS = 1e-12


def earliest_deadline(task: Task) -> float:
    """Earliest deadline first: the default discipline of every workforce (S4)."""
    return task.deadline


_DEADLINE = attrgetter("deadline")


def sort_key(priority: Priority) -> Priority:
    """The key to sort a queue by under ``priority``: the same keys, fetched fast.

    For :func:`earliest_deadline` an attribute getter (the same key for every task, so
    the same order, without a Python call per task); any other discipline as it is.
    """
    return _DEADLINE if priority is earliest_deadline else priority


def work_through(
    queue: Sequence[Task],
    hours: float,
    productivity: float,
    day: int,
    ledger: TaskLedger,
    destination: Status,
    *,
    book: Callable[[Task, float], None] | None = None,
    horizon: float | None = None,
) -> tuple[float, int]:
    """Work up to ``hours`` clock hours through ``queue`` in its order.

    Parameters
    ----------
    queue : sequence of Task
        Pending tasks, already in the order of the workforce's discipline.
    hours : float
        Clock hours available.
    productivity : float
        Standard hours done per clock hour.
    day : int
        Today; a task finished after its deadline day is marked late.
    ledger : TaskLedger
        Where finished tasks are closed.
    destination : Status
        The destination of the tasks this workforce finishes.
    book : callable, optional
        ``book(task, clock_hours)``, called for every stretch of work (hours accounting).
    horizon : float, optional
        Only tasks due on or before this day are worked (deadline pressure); the
        others are skipped, whatever their place in the queue.

    Returns
    -------
    tuple of (float, int)
        Clock hours used and the number of tasks finished. The caller removes the
        finished tasks (status no longer pending) from its queue.

    """
    used = 0.0
    finished = 0
    for task in queue:
        if horizon is not None and task.deadline > horizon:
            continue
        need = task.remaining / productivity
        left = hours - used
        spend = left if left < need else need  # min(need, left), without a call
        if book is not None:
            book(task, spend)
        used += spend
        if spend >= need - _EPS:
            task.remaining = 0.0
            if day > task.deadline:
                task.late = True
            ledger.move(task, destination)
            finished += 1
        else:
            task.remaining -= spend * productivity
        if used >= hours - _EPS:
            break
    return used, finished


def pending(tasks: list[Task]) -> list[Task]:
    """The tasks of ``tasks`` still pending (after a loop finished some)."""
    return [t for t in tasks if t.status == Status.PENDING]
