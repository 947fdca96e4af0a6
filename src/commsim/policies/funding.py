"""What a department pays for, and what the money buys: one definition for every route.

Two seed passages describe money that follows work into the community. The admission
gate: "采用“权随责走,费随事转”这一工作机制" — power follows responsibility, money
follows the task (S7, seeds 000–003). Purchased services: "对于需要取得社区支持的,还要
采取“购买式服务”的方式来实现。通过经济手段来调控的方式,有效地制约一些政府部门随意支配
社区的行为" — work that needs the community's support is bought; economic means
restrain departments (S8, seed 000). Neither passage says that a yuan brought under
the gate buys something different from a yuan paid under purchased services, so the
model has one definition of both sides of the transaction, used by both policies
(and, for what money buys, by the office budget of :mod:`commsim.model.staffing_norm`):

**What the department pays for** (:class:`Funding`, the departments' purse). A
non-statutory task costs ``funding.price_per_hour`` per standard hour. The department
pays with probability ``exp(-funding.elasticity · price / funding.value_per_hour)``
(its price response) while its yearly budget for that community,
``funding.budget_yuan``, lasts. The decision is drawn once per task from the
``funding`` stream, so the gate (which asks whether the department brings the money)
and purchased services (which ask whether the department orders the work at the
price) get the same answer for the same task.

**What the money buys** (:func:`bought_hours`). ``yuan / helpers.cost_per_hour``
helper hours (contracted social-organisation staff or temporary helpers, who work at
``helpers.productivity``); a share ``helpers.admin_pull_share`` of them is pulled into
administrative work (press reports: contracted organisations receive administrative
assignments from several layers), the rest staffs one more counter window for
residents. The numeric pull share is an assumption and is among the deep
uncertainties of the robust study.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from commsim.core.parameters import SCHEMA, Param, Params

if TYPE_CHECKING:
    import numpy as np

    from commsim.model.community import Community
    from commsim.model.task_ledger import Task

SCHEMA.register(
    Param("funding.price_per_hour", 50.0, "yuan/h", 0, 10000,
          "S7 (费随事转), S8 (购买式服务), assumption",
          "What a department pays per standard hour of non-statutory work it sends with "
          "money (the gate's funding and purchased services' price alike)."),
    Param("funding.value_per_hour", 100.0, "yuan/h", 1, 10000, "assumption",
          "What a task-hour is worth to the department that needs it."),
    Param("funding.elasticity", 0.8, "ratio", 0, 10, "assumption",
          "Price response: a department pays with probability "
          "exp(-elasticity·price/value)."),
    Param("funding.budget_yuan", 5000.0, "yuan/department/community/yr", 0, 1e7,
          "S13 (office budgets 30,000–150,000 yuan/yr), assumption",
          "Yearly budget a department may spend on one community's work."),
    Param("helpers.cost_per_hour", 35.0, "yuan/h", 1, 1000, "assumption",
          "Cost of one bought helper hour (contracted or temporary), whoever pays for it."),
    Param("helpers.admin_pull_share", 0.4, "share", 0, 1,
          "press reports (contracted organisations pulled into admin work), assumption "
          "(the number)",
          "Share of bought helper hours pulled into administrative work; the rest staffs "
          "one more counter window."),
)

#: The purse's parameters: read only when a policy that takes money acts (the model's
#: purse is silent until then), so they cannot shape the warm-up.
PURSE_KEYS: tuple[str, ...] = (
    "funding.price_per_hour", "funding.value_per_hour", "funding.elasticity",
    "funding.budget_yuan")
#: The purse's and the bought hour's parameters (read by every policy that takes money;
#: the bought hour's also by the office budget, which acts in the status quo).
FUNDING_KEYS: tuple[str, ...] = (*PURSE_KEYS, "helpers.cost_per_hour",
                                 "helpers.admin_pull_share")


def bought_hours(yuan: float, params: Params) -> tuple[float, float]:
    """Helper hours ``yuan`` buys: ``(admin, desk)``.

    >>> bought_hours(70.0, Params.defaults())
    (0.8, 1.2)
    """
    hours = yuan / float(params["helpers.cost_per_hour"])
    pull = float(params["helpers.admin_pull_share"])
    return round(hours * pull, 12), round(hours * (1 - pull), 12)


class Funding:
    """The departments' purse: who pays for which non-statutory task, and the budgets.

    Parameters
    ----------
    params : Params
        The run's parameters (``funding.*``, ``helpers.*``).
    rng : numpy.random.Generator
        The ``funding`` stream (one uniform per task the purse is asked about).

    Examples
    --------
    >>> import numpy as np
    >>> f = Funding(Params.defaults(), np.random.default_rng(0))
    >>> round(f.pay_probability, 4)  # exp(-0.8 * 50 / 100)
    0.6703

    """

    def __init__(self, params: Params, rng: np.random.Generator) -> None:
        self.params = params
        self.rng = rng
        self.price = float(params["funding.price_per_hour"])
        ratio = self.price / float(params["funding.value_per_hour"])
        self.pay_probability = math.exp(-float(params["funding.elasticity"]) * ratio)
        self.budget = float(params["funding.budget_yuan"])
        self._spent: dict[tuple[int, int], float] = {}
        self._decided: dict[int, bool] = {}
        self._quoted: dict[int, float] = {}
        self._year = -1

    def start_day(self, day: int) -> None:
        """Budgets are yearly (from the policy's start); undelivered quotes lapse.

        Idempotent within a day, so every policy that shares the purse may call it.
        """
        self._decided.clear()
        self._quoted.clear()
        if day // 365 != self._year:
            self._year = day // 365
            self._spent.clear()

    def pays(self, task: Task) -> bool:
        """Whether the department pays for ``task`` (drawn once per task).

        Statutory tasks are the committee's own duty and need no money (True). Any
        other task is paid for with :attr:`pay_probability` if the department's
        budget for the community covers ``price × hours``.
        """
        if task.statutory:
            return True
        decided = self._decided.get(task.uid)
        if decided is not None:
            return decided
        willing = bool(self.rng.random() < self.pay_probability)
        cost = self.price * task.hours
        affordable = self._spent.get((task.dept, task.community), 0.0) + cost <= self.budget
        decided = willing and affordable
        self._decided[task.uid] = decided
        if decided:
            self._quoted[task.uid] = cost
        return decided

    def pay(self, task: Task, community: Community) -> float:
        """Charge a quoted, accepted task and bank the hours it buys; returns the yuan.

        The budget is charged only here, so work turned away downstream costs the
        department nothing; work that leaked back informally is not paid for, and
        work already paid is not paid twice.
        """
        payment = self._quoted.pop(task.uid, 0.0)
        if not payment or task.funded or task.origin == "leaked":
            return 0.0
        task.funded = True
        key = (task.dept, task.community)
        self._spent[key] = self._spent.get(key, 0.0) + payment
        admin, desk = bought_hours(payment, self.params)
        community.add_helper_hours(admin=admin, desk=desk)
        return payment
