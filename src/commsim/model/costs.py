"""Full social cost of a run: who pays for the work, in yuan, by component.

Seed 000: "社区工作人员加班加点的完成了,却连一点报酬都没有,社区干部都成了廉价的劳动力了"
— community workers finished it working overtime, without any pay at all; community
cadres have become cheap labour (S1: "却没有任何加班补贴", no overtime allowance at
all). Work that costs a budget nothing is not free: someone's hours pay for it. The
full social cost values every hour of the work wherever it ends (S8, S9, S10).

``cost_yuan`` adds every component, each also a metric of its own (whole street,
over the run):

``cost_wages_yuan``
    Monthly pay of the cadres in post (S9).
``cost_overtime_yuan``
    Cadre overtime valued at the cadre's own hourly wage (monthly pay /
    ``costs.hours_per_month``) times ``costs.overtime_premium``. A *shadow* cost:
    in practice overtime is unpaid ("no overtime pay", S1) — the cadres bear it.
``cost_turnover_yuan``
    Recruitment and training: ``cadres.recruitment_cost`` per hire plus the
    newcomer ramp — the productive hours a cadre still learning the job loses
    (hours worked x ``(1 - newcomer)·exp(-tenure/ramp)``), valued at the wage (S10).
``cost_department_yuan``
    Hours the departments' own staff spend on work the committee refused or was not
    asked to do (:mod:`commsim.model.fallback`), at ``departments.staff_wage_per_hour``.
``cost_office_yuan``
    The communities' office budgets (S13, ``street.office_budget_yuan`` or a district
    file's per-community budget), pro rata over the window: the running costs of the
    office and the temporary helper hours the rest buys
    (:mod:`commsim.model.staffing_norm`). Helpers bought from office funds are counted
    here, once, and never again under ``cost_helpers_yuan``.
``cost_helpers_yuan``, ``cost_systems_yuan``, ``cost_administration_yuan``
    The policies' own costs (:meth:`~commsim.policies.base.Policy.cost_components`):
    funded helpers and purchased contracts, digital systems, running an approval
    procedure; ``helpers`` also holds the hours of workforces policies hand work to,
    at their wage (:mod:`commsim.model.workforces`). Policies are introduced on the first
    measured day (:mod:`commsim.model.measurement`), so these count from there; they are booked
    every day into the run's accounts, so each measured year gets its own share.
``cost_shortfall_yuan``
    Work nobody did, valued at ``shortfall.value_per_hour`` (by default its
    replacement cost: what the department would have paid to do it) — a lower bound
    of the service residents did not get.

Fines are transfers (a cadre pays, the office receives) and are not a social cost.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from commsim.core.metrics import summary_metric

if TYPE_CHECKING:
    from commsim.model.agents.cadre import Cadre
    from commsim.model.community_model import CommunityModel
    from commsim.model.measurement import Window

#: Components of the policies' own costs (keys of ``Policy.cost_components``).
POLICY_COMPONENTS: tuple[str, ...] = ("helpers", "systems", "administration")


def book_day(model: CommunityModel, cadres: list[Cadre]) -> None:
    """Add today's wages, overtime shadow cost and newcomer ramp loss of ``cadres``."""
    p = model.params
    stats = model.stats
    per_month = float(p["costs.hours_per_month"])
    premium = float(p["costs.overtime_premium"])
    c = model.cadre_constants
    gap = 1.0 - c.newcomer
    for cadre in cadres:
        hourly = cadre.pay / per_month
        stats.wages += cadre.pay * 12 / 365
        stats.overtime_cost += cadre.overtime_today * hourly * premium
        if gap > 0:
            lost = gap * math.exp(-cadre.tenure_days / c.ramp_days)
            stats.ramp_cost += cadre.hours_today * lost * hourly


def book_policy_costs(model: CommunityModel) -> None:
    """Record the active policies' costs since their introduction (end of each day)."""
    if not model.active_policies:
        return
    days = model.measurement.policy_day(model.day) + 1
    model.stats.policy_costs.update(live_policy_costs(model, days))


def live_policy_costs(model: CommunityModel, days: int) -> dict[str, float]:
    """The active policies' own costs by component over their first ``days`` days, yuan.

    A policy that only overrides the older ``cost_yuan`` hook counts as administration.
    """
    n = model.n_communities
    totals = dict.fromkeys(POLICY_COMPONENTS, 0.0)
    for policy in model.active_policies:
        parts = policy.cost_components(days, n) or {"administration": policy.cost_yuan(days, n)}
        for key, value in parts.items():
            totals[key if key in totals else "administration"] += float(value)
    return totals


def policy_costs(window: Window) -> dict[str, float]:
    """The policies' own costs by component over the window, yuan (from the accounts)."""
    booked = window.stats.policy_costs
    return {key: float(booked.get(key, 0.0)) for key in POLICY_COMPONENTS}


def office_cost(window: Window) -> float:
    """The communities' office budgets over the window's days, yuan (S13)."""
    return float(window.structure.office_budget.sum()) * window.stats.days / 365


def components(window: Window) -> dict[str, float]:
    """Every component of the full social cost over the window, yuan.

    The workforces policies hand work to (:mod:`commsim.model.workforces`) book their
    hours' cost in the accounts; it counts under ``helpers``.
    """
    s = window.stats
    p = window.params
    parts = policy_costs(window)
    if s.workforce_cost:
        parts["helpers"] += sum(s.workforce_cost.values())
    return {
        "wages": s.wages,
        "overtime": s.overtime_cost,
        "turnover": s.recruitment + s.ramp_cost,
        "department": s.department_hours * float(p["departments.staff_wage_per_hour"]),
        "office": office_cost(window),
        **parts,
        "shortfall": s.shortfall_hours * float(p["shortfall.value_per_hour"]),
    }


def _declare(key: str, label: str, label_zh: str, description: str) -> None:
    summary_metric(f"cost_{key}_yuan", unit="yuan", label=label, label_zh=label_zh,
                   better="lower", bounds=(0.0, None), description=description)(
        lambda window: components(window)[key])


@summary_metric(
    "cost_yuan",
    report=True,
    unit="yuan",
    label="Full social cost",
    label_zh="全社会成本(元)",
    better="lower",
    bounds=(0.0, None),
    description="Whole street, over the run: cadre wages, cadre overtime valued at the wage "
                "(a shadow cost, unpaid in practice), recruitment and the newcomer ramp, "
                "department staff hours, office budgets, helpers and contracts, systems, policy "
                "administration and the replacement value of work nobody did.",
)
def _cost_yuan(window: Window) -> float:
    return sum(components(window).values())


_declare("wages", "Cadre wages", "干部工资(元)", "Monthly pay of the cadres in post.")
_declare("overtime", "Cadre overtime (shadow cost)", "干部加班影子成本(元)",
         "Cadre overtime hours valued at each cadre's hourly wage times "
         "costs.overtime_premium: a shadow cost, unpaid in practice (S1), borne by cadres.")
_declare("turnover", "Recruitment and training", "招聘与培训成本(元)",
         "cadres.recruitment_cost per hire plus the productive hours newcomers lose while "
         "learning the job, valued at their wage.")
_declare("department", "Department staff hours", "部门自办成本(元)",
         "Hours the departments' own staff spend on work refused by or not ordered from the "
         "committee, at departments.staff_wage_per_hour.")
_declare("office", "Office budgets", "社区办公经费(元)",
         "The communities' office budgets (S13): office running costs and the temporary "
         "helper hours the rest buys, counted once.")
_declare("helpers", "Helpers and contracts", "购买服务与协管成本(元)",
         "Helper hours funded with approved tasks, contracted hours bought by departments "
         "and the hours of workforces policies hand work to (e.g. grid workers).")
_declare("systems", "Digital systems", "信息系统成本(元)", "Running cost of paperless systems.")
_declare("administration", "Policy administration", "政策管理成本(元)",
         "Running cost of the policies' procedures (e.g. the admission review).")
_declare("shortfall", "Work nobody did", "服务缺口成本(元)",
         "Standard hours of refused or unordered work nobody did, at "
         "shortfall.value_per_hour (replacement cost, a lower bound).")


@summary_metric(
    "satisfied_households",
    unit="households",
    label="Satisfied households",
    label_zh="满意户数",
    better="higher",
    bounds=(0.0, None),
    over_days="ratio",
    description="resident_satisfaction times the number of households (the denominator of "
                "yuan per satisfied household gained).",
)
def _satisfied_households(window: Window) -> float:
    from commsim.core.metrics import METRICS

    share = METRICS["resident_satisfaction"].compute
    return float(share(window)) * window.n_households if share else 0.0
