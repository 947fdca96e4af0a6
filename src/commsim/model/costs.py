"""Full social cost and fiscal outlay of a run, yuan a year, by component.

Seed 000: "社区工作人员加班加点的完成了,却连一点报酬都没有,社区干部都成了廉价的劳动力了"
— community workers finished it working overtime, without any pay at all; community
cadres have become cheap labour (S1: "却没有任何加班补贴", no overtime allowance at
all). Work that costs a budget nothing is not free: someone's hours pay for it. The
full social cost values every hour of the work wherever it ends (S8, S9, S10), with
the one valuation of :mod:`commsim.core.valuation` (``valuation.*``).

Every cost metric is yuan a year of the measured window (whole street). ``cost_yuan``
adds every component, each also a metric of its own:

``cost_wages_yuan``
    Monthly pay of the cadres in post (S9).
``cost_turnover_yuan``
    Recruitment and training: ``cadres.recruitment_cost`` per hire plus the
    newcomer ramp — the productive hours a cadre still learning the job loses
    (hours worked x ``(1 - newcomer)·exp(-tenure/ramp)``), valued at the wage (S10).
``cost_office_yuan``
    The communities' office budgets (S13, ``street.office_budget_yuan`` or a district
    file's per-community budget): the running costs of the office and the temporary
    helper hours the rest buys (:mod:`commsim.model.staffing_norm`), counted once.
``cost_helpers_yuan``, ``cost_systems_yuan``, ``cost_administration_yuan``
    The policies' own costs (:meth:`~commsim.policies.base.Policy.cost_components`):
    funded helpers and purchased contracts, digital systems, running an approval
    procedure, counted from the policies' introduction on the first measured day;
    ``helpers`` also holds the hours of workforces policies hand work to, at their wage
    (:mod:`commsim.model.workforces`).
``cost_overtime_yuan``
    Cadre overtime (unpaid in practice, S1; borne by the cadres), valued.
``cost_department_yuan``
    Hours the departments' own staff spend on work the committee refused or was not
    asked to do (:mod:`commsim.model.fallback`), valued.
``cost_shortfall_yuan``
    Work nobody did, valued — a lower bound of the service residents did not get.
``cost_expired_yuan``, ``cost_fabricated_yuan``
    Work that expired undone in a cadre's backlog, and the undone part of records
    closed as fabricated (S6): the work was needed and not done, so it is valued too.

The last five are hours (``hours_*_per_year``) times the value of their destination
under ``valuation.basis``; :func:`commsim.core.valuation.social_cost` recomputes the
total under any basis from the stored metrics.

``fiscal_outlay_yuan`` is what budgets pay: wages, recruitment, office budgets,
helpers and contracts, systems, administration and the department staff's pay
(``departments.staff_wage_per_hour``) — no shadow value of unpaid hours.

Fines are transfers (a cadre pays, the office receives) and are not a social cost.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from commsim.core.metrics import summary_metric
from commsim.core.valuation import (
    DESTINATIONS,
    OWN_WAGE_OVERTIME,
    cost_metric,
    hours_metric,
    valued_costs,
)
from commsim.model.accounting import run_years

if TYPE_CHECKING:
    from commsim.model.agents.cadre import Cadre
    from commsim.model.community_model import CommunityModel
    from commsim.model.measurement import Window

#: Components of the policies' own costs (keys of ``Policy.cost_components``).
POLICY_COMPONENTS: tuple[str, ...] = ("helpers", "systems", "administration")


def book_day(model: CommunityModel, cadres: list[Cadre]) -> None:
    """Add today's wages, own-wage overtime value and newcomer ramp loss of ``cadres``."""
    p = model.params
    stats = model.stats
    per_month = float(p["costs.hours_per_month"])
    c = model.cadre_constants
    gap = 1.0 - c.newcomer
    ramp_days = c.ramp_days
    # the same sums in the same order, accumulated in locals
    wages, overtime_cost, ramp_cost = stats.wages, stats.overtime_cost, stats.ramp_cost
    for cadre in cadres:
        pay = cadre.pay
        hourly = pay / per_month
        wages += pay * 12 / 365
        overtime_cost += cadre.overtime_today * hourly
        # a day without hours loses nothing (adding 0.0 changes no sum)
        if gap > 0 and cadre.hours_today:
            lost = gap * math.exp(-cadre.tenure_days / ramp_days)
            ramp_cost += cadre.hours_today * lost * hourly
    stats.wages, stats.overtime_cost, stats.ramp_cost = wages, overtime_cost, ramp_cost


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


def hours(window: Window) -> dict[str, float]:
    """Unpaid or unpriced hours of needed work by destination, over the window."""
    s, ledger = window.stats, window.ledger
    return {"overtime_weekday": s.overtime - s.overtime_restday - s.overtime_holiday,
            "overtime_restday": s.overtime_restday, "overtime_holiday": s.overtime_holiday,
            "department": s.department_hours, "shortfall": s.shortfall_hours,
            "expired": ledger.expired_hours, "fabricated": ledger.fabricated_hours}


def components(window: Window) -> dict[str, float]:
    """Every component of the full social cost over the window, yuan."""
    s = window.stats
    parts = policy_costs(window)
    if s.workforce_cost:  # workforces policies hand work to (commsim.model.workforces)
        parts["helpers"] += sum(s.workforce_cost.values())
    return {"wages": s.wages, "turnover": s.recruitment + s.ramp_cost,
            "office": office_cost(window), **parts,
            **valued_costs(hours(window), s.overtime_cost, window.params)}


def fiscal_outlay(window: Window) -> float:
    """What budgets pay over the window, yuan: no shadow value of unpaid hours."""
    s = window.stats
    paid = ("wages", "office", *POLICY_COMPONENTS)
    parts = components(window)
    return (sum(parts[k] for k in paid) + s.recruitment
            + s.department_hours * float(window.params["departments.staff_wage_per_hour"]))


def _per_year(window: Window, value: float) -> float:
    return value / run_years(window)


def _declare(key: str, label: str, label_zh: str, description: str) -> None:
    summary_metric(cost_metric(key), unit="yuan/yr", label=label, label_zh=label_zh,
                   better="lower", bounds=(0.0, None), over_days="mean",
                   description=description)(
        lambda window: _per_year(window, components(window)[key]))


@summary_metric(
    "cost_yuan",
    report=True,
    unit="yuan/yr",
    label="Full social cost",
    label_zh="全社会成本(元/年)",
    better="lower",
    bounds=(0.0, None),
    over_days="mean",
    description="Whole street, a year: fiscal outlay (wages, recruitment, office budgets, "
                "helpers and contracts, systems, administration) plus the value of every "
                "unpaid or unpriced hour of needed work (cadre overtime, department staff, "
                "shortfall, expired, fabricated) under valuation.basis, and the newcomer ramp.",
)
def _cost_yuan(window: Window) -> float:
    return _per_year(window, sum(components(window).values()))


@summary_metric(
    "fiscal_outlay_yuan",
    report=True,
    unit="yuan/yr",
    label="Fiscal outlay",
    label_zh="财政支出(元/年)",
    better="lower",
    bounds=(0.0, None),
    over_days="mean",
    description="What budgets pay, whole street, a year: cadre wages, recruitment, office "
                "budgets, helpers and contracts, systems, policy administration and the "
                "department staff's pay; no shadow value of unpaid hours.",
)
def _fiscal_outlay(window: Window) -> float:
    return _per_year(window, fiscal_outlay(window))


@summary_metric(
    OWN_WAGE_OVERTIME,
    unit="yuan/yr",
    label="Cadre overtime at own wage",
    label_zh="按本人工资计的加班价值(元/年)",
    better="lower",
    bounds=(0.0, None),
    over_days="mean",
    description="Cadre overtime hours valued at each cadre's own hourly wage (premium 1): "
                "the input of valuation.basis = own_wage.",
)
def _overtime_own_wage(window: Window) -> float:
    return _per_year(window, window.stats.overtime_cost)


_HOURS = {
    "overtime_weekday": ("Overtime on working days", "工作日加班", "Cadre hours beyond the "
                         "paid day on working days."),
    "overtime_restday": ("Overtime on rest days", "休息日加班", "Cadre hours worked on "
                         "weekends."),
    "overtime_holiday": ("Overtime on holidays", "法定节假日加班", "Cadre hours worked on "
                         "statutory holidays."),
    "department": ("Department staff hours", "部门自办工时", "Hours the departments' own "
                   "staff spend on work the committee did not do."),
    "shortfall": ("Hours nobody did", "无人完成的工时", "Standard hours of refused or "
                  "unordered work nobody did."),
    "expired": ("Hours expired undone", "过期未完成工时", "Remaining hours of department "
                "tasks that expired in a cadre's backlog."),
    "fabricated": ("Hours covered by fabricated records", "以虚假资料代替的工时",
                   "Remaining hours of records closed as fabricated at an inspection (S6)."),
}


def _declare_hours(destination: str) -> None:
    label, zh, text = _HOURS[destination]
    summary_metric(hours_metric(destination), unit="h/yr", label=label, label_zh=zh + "(小时/年)",
                   better="lower", bounds=(0.0, None), over_days="mean",
                   description=text + " Valued by valuation.basis.")(
        lambda window: _per_year(window, hours(window)[destination]))


for _dest in DESTINATIONS:
    _declare_hours(_dest)

_declare("wages", "Cadre wages", "干部工资(元/年)", "Monthly pay of the cadres in post.")
_declare("overtime", "Cadre overtime (valued)", "干部加班价值(元/年)",
         "Cadre overtime hours valued under valuation.basis: a shadow cost, unpaid in "
         "practice (S1), borne by cadres.")
_declare("turnover", "Recruitment and training", "招聘与培训成本(元/年)",
         "cadres.recruitment_cost per hire plus the productive hours newcomers lose while "
         "learning the job, valued at their wage.")
_declare("department", "Department staff hours (valued)", "部门自办工时价值(元/年)",
         "Hours the departments' own staff spend on work refused by or not ordered from the "
         "committee, valued under valuation.basis.")
_declare("office", "Office budgets", "社区办公经费(元/年)",
         "The communities' office budgets (S13): office running costs and the temporary "
         "helper hours the rest buys, counted once.")
_declare("helpers", "Helpers and contracts", "购买服务与协管成本(元/年)",
         "Helper hours funded with approved tasks and contracted hours bought by departments.")
_declare("systems", "Digital systems", "信息系统成本(元/年)", "Running cost of paperless systems.")
_declare("administration", "Policy administration", "政策管理成本(元/年)",
         "Running cost of the policies' procedures (e.g. the admission review).")
_declare("shortfall", "Work nobody did (valued)", "服务缺口价值(元/年)",
         "Standard hours of refused or unordered work nobody did, valued under "
         "valuation.basis (a lower bound of the service lost).")
_declare("expired", "Work expired undone (valued)", "过期未完成工作价值(元/年)",
         "Remaining hours of tasks that expired undone, valued under valuation.basis.")
_declare("fabricated", "Fabricated records (valued)", "虚假资料所代替工作价值(元/年)",
         "Undone hours of records closed as fabricated, valued under valuation.basis.")


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
