"""Deadlines: late work, fines for it, and work dropped long after its deadline (S6, S10).

Every evening each cadre's backlog is checked against the day: a task whose
deadline day has ended becomes late, and with probability
``cadres.fine_probability`` the cadre is fined ``cadres.fine_yuan`` (through the
run's :class:`~commsim.model.inspections.FineBook`); a task more than
``cadres.expiry_days`` overdue expires undone. A late task still counts as done
late when finished (``deadline_miss_rate``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commsim.core.metrics import summary_metric
from commsim.model.accounting import safe_ratio
from commsim.model.task_ledger import Status

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel
    from commsim.model.measurement import Window


def check_deadlines(model: CommunityModel, day: int) -> None:
    """Mark work that missed today's deadline late (maybe fined); drop long-overdue work."""
    p = model.params
    expiry = int(p["cadres.expiry_days"])
    fine_p = float(p["cadres.fine_probability"])
    fine = float(p["cadres.fine_yuan"])
    rng = model.streams["fines"]
    ledger = model.ledger
    for cadre in model.present_cadres():
        expired = False
        cadre.backlog.sort(key=_deadline)
        for task in cadre.backlog:
            if task.deadline > day:
                break
            if not task.late:
                task.late = True
                if rng.random() < fine_p:
                    model.fines.impose(cadre, day, fine)
            if day > task.deadline + expiry:
                ledger.move(task, Status.EXPIRED)
                expired = True
        if expired:
            cadre.backlog = [t for t in cadre.backlog if t.status == Status.PENDING]


def _deadline(task: object) -> float:
    return task.deadline  # type: ignore[attr-defined]


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
