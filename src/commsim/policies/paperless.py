"""Paperless working (无纸化办公), seed point S5.

"无纸化办公提了好几年了,可是到现在,社区的居干除了要在电脑上忙碌,还要加班加点的出
成摞的纸质的软件资料,因为上面各项工作考核要看的是纸质资料而不是电脑,所以,无纸化办公
也就变成了一句空谈。" — paperless office has been proposed for years, yet cadres,
besides working on computers, work overtime printing stacks of paper records,
because inspections look at paper, not computers; paperless became empty talk
(seed 000; press: "paper and electronic versions both — workload doubled"). Mechanisms, per task:

* the paperwork part of a task is entered digitally at ``digital_time_ratio`` of
  its paper time, once per unconnected system (each re-entry costs
  ``reentry_ratio`` of the first: "one home visit entered into 3 systems");
* with probability ``digital_acceptance`` the requester or inspection accepts
  digital records and the paper part is dropped;
* otherwise paper is kept as well and the work grows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commsim.core.parameters import Param
from commsim.core.schema import KIND_NAMES
from commsim.policies import register
from commsim.policies.base import Policy

if TYPE_CHECKING:
    from commsim.model.task_ledger import Task


@register
class Paperless(Policy):
    """Digital records replace paper only where inspections accept them."""

    name = "paperless"
    description = "digital ledgers; paper dropped only where inspections accept digital (S5)"
    parameters = (
        Param("paperless.digital_acceptance", 0.1, "share", 0, 1, "S5 (inspectors want paper)",
              "Share of requesters and inspections that accept digital records."),
        Param("paperless.digital_time_ratio", 0.5, "ratio", 0, 2, "assumption",
              "Time to enter a record digitally relative to keeping it on paper."),
        Param("paperless.unconnected_systems", 3, "count", 1, 20,
              "press reports (one visit entered into 3 systems)",
              "Systems a digital record must be entered into."),
        Param("paperless.reentry_ratio", 0.25, "ratio", 0, 1, "assumption",
              "Time of each extra entry relative to the first."),
        Param("paperless.system_cost_yuan", 20000.0, "yuan/community/yr", 0, 1e7, "assumption",
              "Yearly cost of the digital systems per community."),
    )

    def __init__(self, params, rng) -> None:  # noqa: ANN001 (see Policy)
        super().__init__(params, rng)
        systems = int(params["paperless.unconnected_systems"])
        self._digital = float(params["paperless.digital_time_ratio"]) * (
            1 + (systems - 1) * float(params["paperless.reentry_ratio"])
        )
        self._acceptance = float(params["paperless.digital_acceptance"])
        self._paper_share = [float(params[f"tasks.{k}.paper_share"]) for k in KIND_NAMES]

    def paperwork_time(self, task: Task) -> None:
        """Replace or double the paper part of the task's hours."""
        accepted = self.rng.random() < self._acceptance
        paper = task.hours * self._paper_share[task.kind]
        digital = paper * self._digital
        task.hours += digital - (paper if accepted else 0.0)
        task.remaining = task.hours

    def cost_components(self, days: int, communities: int) -> dict[str, float]:
        """Running cost of the digital systems."""
        return {"systems": self.params["paperless.system_cost_yuan"] * communities * days / 365}
