"""Admission gate (准入制度), seed point S7.

"对区所属各职能部门和其他有关单位的工作事宜,要进社区的,均需实行准入审批 ...
采用“权随责走,费随事转”这一工作机制" — work of district departments that is to
enter communities needs admission approval, under the rule "power follows
responsibility, money follows the task" — yet "《准入制度》,迄今为止,一直没有运行"
(the admission system has never run; seed 000, also 001–003). Mechanisms:

* statutory duties (``task.statutory``) pass;
* other work is screened with probability ``gate.strictness``; unscreened work
  slips through as before;
* screened work is accepted after a review delay (``gate.review_days``) only if the
  department brings the money (:class:`~commsim.policies.funding.Funding`: the same
  price, price response and budget as under purchased services); the money buys
  helper hours as any funded hour does (:func:`~commsim.policies.funding.bought_hours`);
* work the department does not pay for is refused and goes to
  :mod:`commsim.model.fallback`: it leaks back informally through the street office
  (:func:`~commsim.policies.rebound.street_rebound`, the one leakage mechanism of
  every built-in policy), or is done by the department's own staff, or not at all.

What remains the gate's own: the screening (``gate.strictness``), the review delay
and the running cost of the approval procedure (``gate.running_cost_yuan``, an
assumption). At full strictness and the same funding parameters, the gate turns
away exactly the work purchased services at full compliance turn away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commsim.core.metrics import summary_metric
from commsim.core.parameters import Param
from commsim.policies import register
from commsim.policies.base import ACCEPT, Intake, Policy
from commsim.policies.funding import FUNDING_KEYS, PURSE_KEYS, Funding
from commsim.policies.rebound import STREET_KEYS, Rebound, street_rebound

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
        Param("gate.review_days", 3.0, "day", 0, 60, "S7 (approval), assumption",
              "Review delay before approved non-statutory work reaches the committee."),
        Param("gate.running_cost_yuan", 5000.0, "yuan/community/yr", 0, 1e6, "assumption",
              "Cost of running the approval procedure."),
    )
    shared_parameters = FUNDING_KEYS + STREET_KEYS
    policy_only_parameters = PURSE_KEYS + STREET_KEYS

    def __init__(self, params, rng) -> None:  # noqa: ANN001 (see Policy)
        super().__init__(params, rng)
        #: The departments' purse; the model shares one among all policies in a run.
        self.funding = Funding(params, rng)
        self.payments_yuan = 0.0

    def start_day(self, day: int) -> None:
        """Budgets are yearly; quotes for tasks refused downstream lapse."""
        self.funding.start_day(day)

    def intake(self, task: Task, day: int) -> Intake:
        """Screen non-statutory work; accept it after review if paid for; else refuse."""
        screened_u = self.rng.random()
        if task.statutory or screened_u >= self.params["gate.strictness"]:
            return ACCEPT
        if self.funding.pays(task):
            return Intake("accept", float(self.params["gate.review_days"]))
        return Intake("refuse")

    def rebound(self) -> Rebound:
        """Refused work leaks back through the street office, more so over time."""
        return street_rebound(self.params)

    def extra_capacity(self, task: Task, community: Community) -> None:
        """The money that came with an approved task buys helper hours."""
        self.payments_yuan += self.funding.pay(task, community)

    def cost_components(self, days: int, communities: int) -> dict[str, float]:
        """Funded helper hours and the running cost of the approval procedure."""
        return {"helpers": self.payments_yuan,
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
