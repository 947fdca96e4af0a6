"""Return to sender: where refused or unordered work goes (conservation of work).

A task a department needs done does not vanish because a gate refused it or a
price made the department stop ordering it. Seed 000 on the admission system:
"《准入制度》,迄今为止,一直没有运行" (it has so far never run); seed 003 forbids
shifting unapproved work onto the community "以任何形式" (in any form), which implies
that it happens. That work turned away comes back informally through the street
office is from the domain notes, not the seeds; reports from Anshan (2021) describe
the cycle "加压—减负—再加压—再减负" (pressure, relief, pressure again): after each
round of burden reduction the burdens creep back. Seed 000 says where the work
comes from: "政府有些职能部门把本应属于他们的工作都推到社区来做" — some government
departments push work that properly belongs to them down to the community (S2). Work a
committee refuses, or a department declines to pay for under purchased services
("对于需要取得社区支持的,还要采取“购买式服务”的方式来实现", seed 000, S8), is still
the department's work: someone does it, or nobody does.

Every refusal (``intake`` returns ``"refuse"``), every task a department does not
order (``pricing`` returns False: price response or an empty budget) goes through
:class:`Fallback`, one mechanism for every policy, which sends it to exactly one
place:

1. **leaks back** to the committee informally with probability ``L(t)`` of the
   policy that turned it away (:func:`leakage`, the policy's own parameters). It
   reaches the committee after the policy's detour delay and is *re-issued with a
   new deadline* (the same lead time, counted from its arrival); it is done by
   cadres, unpaid, without helpers;
2. otherwise it is **done by the department's own staff** with probability
   ``departments.own_staff_share``: ``departments.own_staff_hours_ratio`` hours
   per standard hour, valued at ``departments.staff_wage_per_hour``
   (status ``DONE_BY_DEPARTMENT``);
3. otherwise it is **not done at all** (status ``SHORTFALL``), with consequences:
   an inspected record (ledger, form, inspection preparation) that nobody kept is
   found at the street office's next inspection with probability
   ``shortfall.detection_probability`` — a fine on the cadre who holds the line
   and a rectification order, as for a failed record (S6, S10); any other service
   that was not delivered (a report, a visit, a supervision duty, a meeting)
   reaches ``shortfall.households_affected`` households of the community as a
   failed experience (performance 0), each of whom complains to the hotline with
   ``residents.complaint_probability`` (S11, S12). The value of the work not done
   counts in the full social cost at ``shortfall.value_per_hour``
   (:mod:`commsim.model.costs`).

Draws come from the ``fallback`` stream only, so policies' own streams and the
department and resident streams stay aligned across scenarios.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from commsim.core.metrics import summary_metric
from commsim.model.task_ledger import Status, Task
from commsim.policies.rebound import leakage

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel
    from commsim.model.measurement import Window
    from commsim.model.task_pipeline import TaskPipeline
    from commsim.policies.base import Policy


class Fallback:
    """Routes refused and unordered tasks to one destination each.

    Parameters
    ----------
    model : CommunityModel
        The model, from which the fallback binds what it uses once: the ledger,
        accounts, fine book, measurement window, households, street office and
        communities.
    pipeline : TaskPipeline
        Where work that leaks back, complaints and rectification orders go.

    """

    def __init__(self, model: CommunityModel, pipeline: TaskPipeline) -> None:
        p = model.params
        self.pipeline = pipeline
        self.ledger = model.ledger
        self.stats = model.stats
        self.fines = model.fines
        self.measurement = model.measurement
        self.households = model.households
        self.street_office = model.street_office
        self.communities = model.communities
        self.fine = float(p["inspections.fine_yuan"])
        self.rng = model.streams["fallback"]
        self.own_share = float(p["departments.own_staff_share"])
        self.own_ratio = float(p["departments.own_staff_hours_ratio"])
        self.affected = int(p["shortfall.households_affected"])
        self.detection = float(p["shortfall.detection_probability"])
        self.complaint = float(p["residents.complaint_probability"])
        #: Shortfalls of inspected records awaiting the next inspection.
        self.missing: list[Task] = []

    def route(self, task: Task, day: int, policy: Policy, reason: str) -> str:
        """Send a refused (``reason="refused"``) or unordered task to its destination.

        The task must be open in the ledger (pending). Returns ``"leaked"``,
        ``"department"`` or ``"shortfall"``.
        """
        ledger = self.ledger
        if reason == "refused":
            ledger.refused += 1
        else:
            ledger.not_ordered += 1
        leak_u, own_u = self.rng.random(2)
        curve = policy.rebound()
        if leak_u < leakage(curve, self.measurement.policy_day(day)):
            ledger.leaked += 1
            self.stats.leaked_by_policy[policy.name] += 1
            task.origin = "leaked"
            self.pipeline.send_informally(task, day, curve.delay_days)
            return "leaked"
        if own_u < self.own_share:
            self.stats.department_hours += task.hours * self.own_ratio
            task.remaining = 0.0
            ledger.move(task, Status.DONE_BY_DEPARTMENT)
            return "department"
        ledger.move(task, Status.SHORTFALL)
        self.stats.shortfall_hours += task.hours
        if task.inspected:
            self.missing.append(task)
        else:
            self._residents_affected(task, day)
        return "shortfall"

    def _residents_affected(self, task: Task, day: int) -> None:
        """A service not delivered: some households feel it, and some complain."""
        if self.affected <= 0:
            return
        households = self.households
        lo, hi = np.searchsorted(households.community, [task.community, task.community + 1])
        if hi <= lo:
            return
        chosen = self.rng.integers(lo, hi, self.affected)
        households.experience(chosen, np.zeros(len(chosen)))
        self.stats.shortfall_households += len(chosen)
        for _ in range(int((self.rng.random(len(chosen)) < self.complaint).sum())):
            self.pipeline.complaint(task.community, day)

    def inspect(self, day: int) -> None:
        """At an inspection: missing records are found, fined and ordered rectified (S6).

        Called by the street office on inspection days.
        """
        missing, self.missing = self.missing, []
        if not missing:
            return
        found = self.rng.random(len(missing)) < self.detection
        for task, hit in zip(missing, found, strict=True):
            if not hit:
                continue
            self.street_office.failed_records += 1
            self.stats.shortfall_findings += 1
            cadre = self.communities[task.community].owner(task)
            if cadre is not None:
                self.fines.impose(cadre, day, self.fine)
            self.pipeline.rectification(task, day)


def reissue(task: Task, arrival: float) -> None:
    """Move ``task``'s arrival to ``arrival`` and its deadline with it (same lead time)."""
    lead = task.deadline - task.arrival
    task.arrival = arrival
    task.deadline = arrival + lead


# --- where refused and unordered work went ---------------------------------------------
@summary_metric(
    "dept_tasks_leaked",
    unit="tasks",
    label="Refused work leaked back",
    label_zh="回流任务数",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    description="Refused or unordered tasks that came back to the committee informally, "
                "with a new deadline (leakage with rebound).",
)
def _dept_tasks_leaked(window: Window) -> float:
    return float(window.ledger.leaked)


@summary_metric(
    "dept_tasks_done_by_department",
    unit="tasks",
    label="Done by the department",
    label_zh="部门自办任务数",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    description="Refused or unordered tasks the departments' own staff did.",
)
def _dept_tasks_done_by_department(window: Window) -> float:
    return float(window.ledger.count(Status.DONE_BY_DEPARTMENT))


@summary_metric(
    "dept_tasks_shortfall",
    unit="tasks",
    label="Service shortfall",
    label_zh="无人办理任务数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    description="Refused or unordered tasks nobody did (a service shortfall).",
)
def _dept_tasks_shortfall(window: Window) -> float:
    return float(window.ledger.count(Status.SHORTFALL))


@summary_metric(
    "shortfall_findings",
    unit="records",
    label="Missing records found",
    label_zh="检查发现缺失台账数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    description="Inspected records nobody kept that an inspection found (fine and "
                "rectification order).",
)
def _shortfall_findings(window: Window) -> float:
    return float(window.stats.shortfall_findings)
