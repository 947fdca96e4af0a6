"""Purchased services (购买式服务 / 政府购买服务), seed point S8.

"对于需要取得社区支持的,还要采取“购买式服务”的方式来实现。通过经济手段来调控的方式,
有效地制约一些政府部门随意支配社区的行为。" — work that needs the community's support
should be obtained as a purchased service; economic means restrain departments
from ordering communities around at will (seed 000; also 003). Mechanisms:

* pricing: each non-statutory task costs the department ``purchased.price_per_hour``
  per standard hour; the department orders it with probability
  ``exp(-elasticity * price / value)`` (price response);
* budgets: payments come out of a yearly budget per department and community;
* work not ordered — for the price or because the budget is spent — still needs
  doing and goes to :mod:`commsim.model.fallback`: the department pushes it anyway as an
  unpaid request (with a new deadline) with probability
  ``L(t) = L∞ - (L∞ - L0)·exp(-t/τ)`` (``purchased.leakage``,
  ``purchased.leakage_limit``, ``purchased.rebound_years``: departments learn to
  route around the price, as burdens rebound after each reduction round, Anshan
  2021), has its own staff do it, or leaves it undone (a shortfall);
* capacity: payments buy contracted hours (social organisations, temporary staff);
  a share ``purchased.admin_pull_share`` of them is pulled into administrative
  work (press reports: contracted organisations get admin assignments from
  several layers), the rest staffs the counter for residents.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from commsim.core.parameters import Param
from commsim.policies import register
from commsim.policies.base import Policy
from commsim.policies.rebound import Rebound

if TYPE_CHECKING:
    from commsim.model.community import Community
    from commsim.model.task_ledger import Task


@register
class PurchasedServices(Policy):
    """Departments pay per task-hour out of limited budgets; payments buy capacity."""

    name = "purchased_services"
    description = "departments pay per task-hour from limited budgets; money buys capacity (S8)"
    parameters = (
        Param("purchased.price_per_hour", 50.0, "yuan/h", 0, 10000, "S8, assumption",
              "Price a department pays per standard hour of non-statutory work."),
        Param("purchased.value_per_hour", 100.0, "yuan/h", 1, 10000, "assumption",
              "What a task-hour is worth to the ordering department."),
        Param("purchased.elasticity", 0.8, "ratio", 0, 10, "assumption",
              "Price response: order probability is exp(-elasticity·price/value)."),
        Param("purchased.budget_yuan", 5000.0, "yuan/department/community/yr", 0, 1e7,
              "S13 (office budgets 30,000–150,000 yuan/yr), assumption",
              "Yearly budget a department may spend on one community's work."),
        Param("purchased.leakage", 0.3, "probability", 0, 1, "domain.md, assumption",
              "L0: chance a task not ordered (price, empty budget) is pushed unpaid anyway."),
        Param("purchased.leakage_limit", 0.7, "probability", 0, 0.99,
              "Anshan 2021 (加压—减负—再加压), assumption",
              "L∞: the leakage the rebound creeps toward (never certainty)."),
        Param("purchased.rebound_years", 1.5, "yr", 0.05, 50,
              "Anshan 2021 (rebound), assumption",
              "τ: time scale of the rebound, L(t) = L∞ - (L∞ - L0)·exp(-t/τ)."),
        Param("purchased.leak_delay_days", 1.0, "day", 0, 60, "assumption",
              "Days an unpaid request takes to reach the committee."),
        Param("purchased.contract_cost_per_hour", 35.0, "yuan/h", 1, 1000, "assumption",
              "Cost of one contracted hour."),
        Param("purchased.admin_pull_share", 0.4, "share", 0, 1,
              "press reports (contracted organisations pulled into admin work)",
              "Share of contracted hours pulled into administrative work."),
    )

    def __init__(self, params, rng) -> None:  # noqa: ANN001 (see Policy)
        super().__init__(params, rng)
        self._price = float(params["purchased.price_per_hour"])
        ratio = self._price / float(params["purchased.value_per_hour"])
        self._order_probability = math.exp(-float(params["purchased.elasticity"]) * ratio)
        self._budget = float(params["purchased.budget_yuan"])
        self._spent: dict[tuple[int, int], float] = {}
        self._quoted: dict[int, float] = {}
        self.payments_yuan = 0.0

    def start_day(self, day: int) -> None:
        """Budgets are yearly; quotes for tasks refused downstream lapse."""
        self._quoted.clear()
        if day % 365 == 0:
            self._spent.clear()

    def pricing(self, task: Task) -> bool:
        """Order fewer non-statutory tasks; pay for those ordered while budget lasts.

        A task not ordered (price response or empty budget) goes to the fallback.
        """
        order_u = self.rng.random()
        if task.statutory or task.origin == "resident":
            return True
        if order_u >= self._order_probability:
            return False
        cost = self._price * task.hours
        if self._spent.get((task.dept, task.community), 0.0) + cost <= self._budget:
            self._quoted[task.uid] = cost
            return True
        return False

    def rebound(self) -> Rebound:
        """Unordered work is pushed down unpaid anyway, more so over time."""
        p = self.params
        return Rebound(float(p["purchased.leakage"]), float(p["purchased.leakage_limit"]),
                       float(p["purchased.rebound_years"]), float(p["purchased.leak_delay_days"]))

    def extra_capacity(self, task: Task, community: Community) -> None:
        """Accepted, not yet funded tasks are paid for; payments buy contracted hours.

        The budget is charged only here, so work refused downstream (e.g. by a gate)
        costs the department nothing, work that leaked back informally is not paid
        for, and work already funded is not paid twice.
        """
        payment = self._quoted.pop(task.uid, 0.0)
        if payment and not task.funded and task.origin != "leaked":
            task.funded = True
            key = (task.dept, task.community)
            self._spent[key] = self._spent.get(key, 0.0) + payment
            self.payments_yuan += payment
            hours = payment / self.params["purchased.contract_cost_per_hour"]
            pull = self.params["purchased.admin_pull_share"]
            community.add_helper_hours(admin=hours * pull, desk=hours * (1 - pull))

    def cost_components(self, days: int, communities: int) -> dict[str, float]:
        """Payments for contracted hours."""
        return {"helpers": self.payments_yuan}
