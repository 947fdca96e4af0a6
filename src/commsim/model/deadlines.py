"""Deadlines: late work, fines for it, and work dropped long after its deadline (S6, S10).

Every evening each cadre's backlog is checked against the day: a task whose
deadline day has ended becomes late, and with probability
``cadres.fine_probability`` the cadre is fined ``cadres.fine_yuan`` (through the
run's :class:`~commsim.model.inspections.FineBook`); a task more than
``cadres.expiry_days`` overdue expires undone. A late task still counts as done
late when finished (``deadline_miss_rate``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from commsim.core.metrics import summary_metric
from commsim.model.accounting import safe_ratio
from commsim.model.task_ledger import Status, TaskLedger
from commsim.model.work_loop import earliest_deadline, pending, sort_key

if TYPE_CHECKING:
    import numpy as np

    from commsim.core.parameters import Params
    from commsim.model.agents.cadre import Cadre
    from commsim.model.inspections import FineBook
    from commsim.model.measurement import Window


class Deadlines:
    """The evening check of every backlog against its deadlines.

    Parameters
    ----------
    params : Params
        The run's parameters (``cadres.expiry_days``, ``cadres.fine_probability``,
        ``cadres.fine_yuan``).
    rng : numpy.random.Generator
        The ``fines`` stream.
    ledger : TaskLedger
        Where expired tasks are closed.
    fines : FineBook
        Where fines are imposed.

    """

    def __init__(self, params: Params, rng: np.random.Generator, ledger: TaskLedger,
                 fines: FineBook) -> None:
        self.expiry = int(params["cadres.expiry_days"])
        self.fine_probability = float(params["cadres.fine_probability"])
        self.fine = float(params["cadres.fine_yuan"])
        self.rng = rng
        self.ledger = ledger
        self.fines = fines

    def check(self, cadres: Iterable[Cadre], day: int) -> None:
        """Mark work that missed today's deadline late (maybe fined); drop long-overdue work."""
        rng = self.rng
        ledger = self.ledger
        by_deadline = sort_key(earliest_deadline)
        for cadre in cadres:
            expired = False
            cadre.backlog.sort(key=by_deadline)
            for task in cadre.backlog:
                if task.deadline > day:
                    break
                if not task.late:
                    task.late = True
                    if rng.random() < self.fine_probability:
                        self.fines.impose(cadre, day, self.fine)
                if day > task.deadline + self.expiry:
                    ledger.move(task, Status.EXPIRED)
                    expired = True
            if expired:
                cadre.backlog = pending(cadre.backlog)


@summary_metric(
    "deadline_miss_rate",
    report=True,
    unit="share of closed tasks",
    label="Deadlines missed",
    label_zh="逾期任务占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description="Share of closed department tasks finished late or expired.",
)
def _deadline_miss_rate(window: Window) -> float:
    return safe_ratio(
        window.ledger.late_done + window.ledger.count(Status.EXPIRED),
        window.ledger.count(Status.DONE) + window.ledger.count(Status.EXPIRED),
    )


@summary_metric(
    "dept_tasks_expired",
    unit="tasks",
    label="Department tasks expired",
    label_zh="过期任务数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    description="Department tasks that passed their deadline undone.",
)
def _dept_tasks_expired(window: Window) -> float:
    return float(window.ledger.count(Status.EXPIRED))
