"""Admission gate (准入制度), seed point S7.

"对区所属各职能部门和其他有关单位的工作事宜,要进社区的,均需实行准入审批 ...
采用“权随责走,费随事转”这一工作机制" — work of district departments that is to
enter communities needs admission approval, under the rule "power follows
responsibility, money follows the task" — yet "《准入制度》,迄今为止,一直没有运行"
(the admission system has never run; seed 000, also 001–003). Mechanisms:

* statutory duties (``task.statutory``) pass;
* other work is screened with probability ``gate.strictness``; unscreened work
  slips through as before;
* screened work is accepted after a review delay only if the department brings
  funding (``gate.funding_share``); the money buys helper hours;
* unfunded work is refused and goes to :mod:`commsim.model.fallback`: it leaks back
  informally through the street office (as "requests", with a new deadline) with
  probability ``L(t) = L∞ - (L∞ - L0)·exp(-t/τ)`` — ``gate.leakage`` (L0) creeping
  toward ``gate.leakage_limit`` (L∞ < 1) with time scale ``gate.rebound_years``
  (τ): "加压—减负—再加压—再减负", burdens come back after each reduction round
  (Anshan 2021) — or is done by the department's own staff, or not at all.

The defaults of L∞ and τ are assumptions: τ = 1.5 years puts the leakage at
0.50 after one year, the value the earlier linear ramp (0.3 + 0.2/yr) reached
then, and L∞ = 0.7 keeps three in ten refusals refused for good.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commsim.core.metrics import summary_metric
from commsim.core.parameters import Param
from commsim.policies import register
from commsim.policies.base import ACCEPT, Intake, Policy
from commsim.policies.rebound import Rebound

if TYPE_CHECKING:
    from commsim.model.community import Community
    from commsim.model.measurement import Window
    from commsim.model.task_ledger import Task


@register
class AdmissionGate(Policy):
    """Statutory list; other work refused unless funded; refused work leaks back."""

    name = "admission_gate"
    description = "statutory list; other work refused unless it brings funding (S7)"
    parameters = (
        Param("gate.strictness", 0.9, "probability", 0, 1, "S7 (never run), assumption",
              "Chance a non-statutory task is actually screened."),
        Param("gate.funding_share", 0.2, "share", 0, 1, "S7 (费随事转), assumption",
              "Share of screened tasks whose department brings funding and staff."),
        Param("gate.leakage", 0.3, "probability", 0, 1, "domain.md (leaks via street office)",
              "L0: chance a refused task comes back informally at the start."),
        Param("gate.leakage_limit", 0.7, "probability", 0, 0.99,
              "Anshan 2021 (加压—减负—再加压), assumption",
              "L∞: the leakage the rebound creeps toward (never certainty)."),
        Param("gate.rebound_years", 1.5, "yr", 0.05, 50,
              "Anshan 2021 (rebound), assumption (0.50 after one year)",
              "τ: time scale of the rebound, L(t) = L∞ - (L∞ - L0)·exp(-t/τ)."),
        Param("gate.leak_delay_days", 2.0, "day", 0, 60, "assumption",
              "Days a leaked task takes to come back through the street office."),
        Param("gate.review_days", 3.0, "day", 0, 60, "S7 (approval), assumption",
              "Review delay before approved non-statutory work reaches the committee."),
        Param("gate.helper_hours_per_hour", 1.0, "h/h", 0, 5, "S7 (money follows the task)",
              "Helper hours bought per standard hour of a funded task."),
        Param("gate.helper_cost_per_hour", 35.0, "yuan/h", 0, 1000, "assumption",
              "Cost of one funded helper hour."),
        Param("gate.running_cost_yuan", 5000.0, "yuan/community/yr", 0, 1e6, "assumption",
              "Cost of running the approval procedure."),
    )

    def __init__(self, params, rng) -> None:  # noqa: ANN001 (see Policy)
        super().__init__(params, rng)
        self._funded: set[int] = set()
        self.funded_hours = 0.0

    def intake(self, task: Task, day: int) -> Intake:
        """Screen non-statutory work; accept funded work after review; refuse or leak."""
        screened_u, funded_u = self.rng.random(2)
        if task.statutory or screened_u >= self.params["gate.strictness"]:
            return ACCEPT
        if funded_u < self.params["gate.funding_share"]:
            self._funded.add(task.uid)
            return Intake("accept", float(self.params["gate.review_days"]))
        return Intake("refuse")

    def rebound(self) -> Rebound:
        """Refused work leaks back through the street office, more so over time."""
        p = self.params
        return Rebound(float(p["gate.leakage"]), float(p["gate.leakage_limit"]),
                       float(p["gate.rebound_years"]), float(p["gate.leak_delay_days"]))

    def extra_capacity(self, task: Task, community: Community) -> None:
        """Funding that came with an approved task buys helper hours for admin work."""
        if task.uid in self._funded:
            self._funded.discard(task.uid)
            if task.funded:
                return
            task.funded = True
            hours = task.hours * self.params["gate.helper_hours_per_hour"]
            self.funded_hours += hours
            community.add_helper_hours(admin=hours)

    def cost_components(self, days: int, communities: int) -> dict[str, float]:
        """Funded helper hours and the running cost of the approval procedure."""
        return {"helpers": self.funded_hours * self.params["gate.helper_cost_per_hour"],
                "administration": self.params["gate.running_cost_yuan"] * communities * days
                / 365}


@summary_metric(
    "gate_leaked_tasks",
    unit="tasks",
    label="Refused tasks that leaked back",
    label_zh="拒收后回流任务数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    policy="admission_gate",
    description="Tasks the gate refused that came back informally through the street office.",
)
def _gate_leaked_tasks(window: Window) -> float:
    return float(window.stats.leaked_by_policy.get(AdmissionGate.name, 0))
