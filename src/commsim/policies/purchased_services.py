"""Purchased services (购买式服务 / 政府购买服务), seed point S8.

"对于需要取得社区支持的,还要采取“购买式服务”的方式来实现。通过经济手段来调控的方式,
有效地制约一些政府部门随意支配社区的行为。" — work that needs the community's support
should be obtained as a purchased service; economic means restrain departments
from ordering communities around at will (seed 000; also 003). Mechanisms:

* compliance: a department routes a non-statutory task through the purchase with
  probability ``purchased.compliance``; otherwise it pushes the task down unpaid as
  before (the counterpart of the gate's ``gate.strictness``: seed 003 forbids shifting
  work onto the community "以任何形式", in any form, which implies that it happens);
* price and budget: the departments' purse
  (:class:`~commsim.policies.funding.Funding`, shared with the gate) decides whether
  the department pays ``funding.price_per_hour`` per standard hour (price response)
  out of its yearly budget;
* work not ordered — for the price or because the budget is spent — still needs
  doing and goes to :mod:`commsim.model.fallback`: the street office relays it as an
  unpaid request (:func:`~commsim.policies.rebound.street_rebound`, the same leakage
  as refusals at the gate), the department's own staff do it, or nobody does;
* capacity: payments buy helper hours as any funded hour does
  (:func:`~commsim.policies.funding.bought_hours`: cost per hour, productivity and
  the share pulled into administrative work shared with the gate).

At full compliance and the same funding parameters, purchased services turn away
exactly the work the gate at full strictness turns away; they differ from the gate in
compliance, in having no review delay and no approval procedure to run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commsim.core.parameters import Param
from commsim.policies import register
from commsim.policies.base import Policy
from commsim.policies.funding import FUNDING_KEYS, PURSE_KEYS, Funding
from commsim.policies.rebound import STREET_KEYS, Rebound, street_rebound

if TYPE_CHECKING:
    from commsim.model.community import Community
    from commsim.model.task_ledger import Task


@register
class PurchasedServices(Policy):
    """Departments pay per task-hour out of limited budgets; payments buy capacity."""

    name = "purchased_services"
    description = "departments pay per task-hour from limited budgets; money buys capacity (S8)"
    parameters = (
        Param("purchased.compliance", 0.9, "probability", 0, 1,
              "seed 003 (不得以任何形式 — implies shifting happens), assumption "
              "(as gate.strictness)",
              "Chance a department routes a non-statutory task through the purchase "
              "instead of pushing it down unpaid."),
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

    def pricing(self, task: Task) -> bool:
        """A complying department orders non-statutory work only if it pays for it.

        A task not ordered (price response or empty budget) goes to the fallback; a
        task the department does not route through the purchase is pushed down unpaid.
        """
        comply_u = self.rng.random()
        if task.statutory or comply_u >= self.params["purchased.compliance"]:
            return True
        return self.funding.pays(task)

    def rebound(self) -> Rebound:
        """Unordered work is pushed down unpaid through the street office, more so over time."""
        return street_rebound(self.params)

    def extra_capacity(self, task: Task, community: Community) -> None:
        """Ordered tasks are paid for; payments buy helper hours."""
        self.payments_yuan += self.funding.pay(task, community)

    def cost_components(self, days: int, communities: int) -> dict[str, float]:
        """Payments for contracted hours."""
        return {"helpers": self.payments_yuan}
