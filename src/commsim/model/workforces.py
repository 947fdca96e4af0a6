"""Work handed to other workforces: one queue per community, worked every working day.

A policy's ``handoff`` hook (:meth:`commsim.policies.base.Policy.handoff`) may send
a task to a workforce the policy declared (:class:`commsim.policies.workforce.Workforce`)
instead of the committee. The task then skips the committee's door (``intake``) and
its helpers (``extra_capacity``); its records are kept like any other task's
(``paperwork_time``). Each working day the workforce works every community's queue
with the work loop cadres and helpers use (:func:`commsim.model.work_loop.work_through`),
in its own discipline, for its hours of the day. A finished task ends in the
destination ``DONE_BY_WORKFORCE`` (the ledger counts it per workforce); the hours go
to the hours table's ``destination`` rows under the workforce's name and their cost
(hours x wage) to ``cost_helpers_yuan``. Work not finished waits in the queue, pending
(conservation of work: ``model.check_invariants()`` counts it).
"""

from __future__ import annotations

import numpy as np

from commsim.model.accounting import RunStats
from commsim.model.task_ledger import Status, Task, TaskLedger
from commsim.model.work_loop import earliest_deadline, pending, sort_key, work_through
from commsim.policies.workforce import Workforce


class WorkforceQueue:
    """The queues of one workforce, one per community.

    Parameters
    ----------
    declaration : Workforce
        What the policy declared.
    communities : int
        Number of communities.
    ledger : TaskLedger
        Where finished tasks are closed.
    stats : RunStats
        Where hours and cost are booked.

    """

    def __init__(self, declaration: Workforce, communities: int, ledger: TaskLedger,
                 stats: RunStats) -> None:
        self.declaration = declaration
        self.name = declaration.name
        self.hours = np.broadcast_to(np.asarray(declaration.hours_per_day, dtype=float),
                                     (communities,)).tolist()
        self.priority = declaration.priority or earliest_deadline
        self.ledger = ledger
        self.stats = stats
        self.queues: list[list[Task]] = [[] for _ in range(communities)]

    def take(self, task: Task) -> None:
        """Put a handed-over (pending) task in its community's queue."""
        self.queues[task.community].append(task)

    def queued_hours(self, community: int) -> float:
        """Clock hours of work waiting in ``community``'s queue."""
        return sum(t.remaining for t in self.queues[community]) / self.declaration.productivity

    def pending(self) -> int:
        """Tasks waiting in every queue."""
        return sum(len(q) for q in self.queues)

    def work_day(self, day: int) -> None:
        """Work every community's queue for the day's hours; book hours, cost and tasks."""
        d = self.declaration
        for community, queue in enumerate(self.queues):
            if not queue or self.hours[community] <= 0:
                continue
            queue.sort(key=sort_key(self.priority))
            used, finished = work_through(queue, self.hours[community], d.productivity, day,
                                          self.ledger, Status.DONE_BY_WORKFORCE)
            self.stats.add_workforce_hours(self.name, used, used * d.wage_per_hour)
            if finished:
                self.ledger.done_by_workforce[self.name] = (
                    self.ledger.done_by_workforce.get(self.name, 0) + finished)
                self.queues[community] = pending(queue)
