"""Meeting quota: a cap on the meetings each committee must attend per week.

An example of a policy written outside the package (see ``docs/extending.md``).
Seed 004 complains of street leaders "满足于召开没思路念文件的大会" (content to
call big meetings that only read documents aloud), and several bosses each
demanding their own line first (S10); Beijing's 2019 burden-reduction round
halved meetings. The policy acts at the ``intake`` hook: each community accepts
at most ``meeting.quota_per_week`` non-statutory meeting tasks in each 7-day
block from day 0; further meetings are refused (they count in ``dept_tasks_refused``
and go to the fallback: the department holds the meeting itself or nobody does,
since this policy declares no leakage curve). Statutory meetings pass if
``meeting.exempt_statutory`` is true. The policy counts its refusals into the measured
window's accounts and declares its own summary metric, ``meetings_refused_by_quota``,
reported by every run in which it is active (and per measured year).
"""

from __future__ import annotations

import numpy as np

from commsim import Param, Params
from commsim.core.metrics import summary_metric
from commsim.model.measurement import Window
from commsim.model.task_ledger import Task
from commsim.policies import ACCEPT, Intake, Policy, register


@register
class MeetingQuota(Policy):
    """At most ``meeting.quota_per_week`` meetings per community and week."""

    name = "meeting_quota"
    description = "each committee attends at most a fixed number of meetings a week"
    parameters = (
        Param("meeting.quota_per_week", 2, "meetings/community/week", 0, 50,
              "Beijing 2019 (meetings -50%), assumption",
              "Non-statutory meetings a committee accepts in one 7-day block."),
        Param("meeting.exempt_statutory", True, "flag", source="S7 (statutory duties pass)",
              doc="Whether meetings on the statutory list are exempt from the quota."),
    )

    def __init__(self, params: Params, rng: np.random.Generator) -> None:
        super().__init__(params, rng)
        self.quota = int(params["meeting.quota_per_week"])
        self.exempt_statutory = bool(params["meeting.exempt_statutory"])
        self.week = -1
        self.used: dict[int, int] = {}

    def start_day(self, day: int) -> None:
        """Reset the counts at the start of every 7-day block."""
        if day // 7 != self.week:
            self.week = day // 7
            self.used.clear()

    def intake(self, task: Task, day: int) -> Intake:
        """Accept meetings while the community's weekly quota lasts; refuse the rest."""
        if task.kind_name != "meeting" or (self.exempt_statutory and task.statutory):
            return ACCEPT
        used = self.used.get(task.community, 0)
        if used < self.quota:
            self.used[task.community] = used + 1
            return ACCEPT
        self.count("meetings_refused_by_quota")  # into the measured window's accounts
        return Intake("refuse")


@summary_metric(
    "meetings_refused_by_quota",
    unit="tasks",
    label="Meetings refused by the quota",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    policy="meeting_quota",
    description="Non-statutory meetings a committee refused because its weekly quota was used.",
)
def _meetings_refused_by_quota(window: Window) -> float:
    return window.count("meetings_refused_by_quota")
