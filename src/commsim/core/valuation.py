"""The valuation of an hour of work: one shadow value, stated and switchable.

Seed 000: "社区工作人员加班加点的完成了,却连一点报酬都没有" — the work was done in unpaid
overtime; S1: "却没有任何加班补贴". Work a department needs done is not free wherever it
ends: in a cadre's unpaid overtime, with the department's own staff, nowhere (a
shortfall), expired undone, or closed with a fabricated record. Each of those hours is
valued at one shadow value per hour, the same whatever its destination by default
(``valuation.basis = "uniform"``). Hours inside paid time and bought hours (cadre
wages, helpers, contracts, office budgets) are valued at what is paid for them, which
is both their resource cost and a fiscal outlay.

Bases (``valuation.basis``), each a column of the valuation sensitivity table:

``uniform``
    Every destination at ``valuation.value_per_hour`` (default 34.48 yuan/h: the
    civil-servant reference wage, 6,000 yuan/month, over 174 paid hours a month).
``labour_law``
    As ``uniform``, cadre overtime times the Labour Law's premiums (art. 44: 150 % on
    working days, 200 % on rest days, 300 % on statutory holidays).
``department_wage``
    Every destination at ``departments.staff_wage_per_hour``.
``own_wage``
    The valuation before it was made uniform: cadre overtime at each cadre's own wage
    times ``costs.overtime_premium``, department hours at the staff wage, shortfalls at
    ``shortfall.value_per_hour``, expired and fabricated work at 0.

Every function reads a mapping of parameters and one of stored metrics, so the
analysis recomputes any basis from a results store without re-running a model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from commsim.core.parameters import SCHEMA, Param

#: Valuation bases, the default first.
BASES: tuple[str, ...] = ("uniform", "labour_law", "department_wage", "own_wage")
#: Destinations of unpaid or unpriced hours: the stored metric of each (h/yr).
DESTINATIONS: tuple[str, ...] = ("overtime_weekday", "overtime_restday", "overtime_holiday",
                                 "department", "shortfall", "expired", "fabricated")
#: Cost components whose value does not depend on the valuation (yuan/yr).
FIXED: tuple[str, ...] = ("wages", "turnover", "office", "helpers", "systems",
                          "administration")
#: Cost components valued by the basis (yuan/yr): overtime, department, shortfall, ...
VALUED: tuple[str, ...] = ("overtime", "department", "shortfall", "expired", "fabricated")
#: Default willingness to pay for an overtime hour avoided, yuan/h: the civil-servant
#: reference wage (``cadres.reference_wage``, 6,000 yuan/month, S9) over the Labour
#: Law's standard month of 174 hours (``costs.hours_per_month``: 21.75 days x 8 h,
#: 劳社部发〔2008〕3号) — what the state pays for an hour of comparable work. Declared
#: here, on the ground floor, so the command line states it without importing numpy.
DEFAULT_WTP = 6000.0 / 174.0
#: Stored metric of the cadre overtime valued at each cadre's own wage (yuan/yr).
OWN_WAGE_OVERTIME = "overtime_own_wage_yuan"

SCHEMA.register(
    Param("valuation.basis", "uniform", "basis", None, None,
          "issue 16 (one valuation, stated and switchable); see commsim.core.valuation",
          "How unpaid or unpriced hours of needed work are valued: uniform, labour_law, "
          "department_wage or own_wage.", choices=BASES),
    Param("valuation.value_per_hour", round(DEFAULT_WTP, 2), "yuan/h", 0, 10000,
          "S9 (cadres.reference_wage 6,000 yuan/month) / costs.hours_per_month 174 h",
          "Shadow value of one hour of work a department needs done, whatever its "
          "destination (cadre overtime, department staff, shortfall, expired, fabricated)."),
    Param("valuation.premium_weekday", 1.5, "ratio", 1, 5, "PRC Labour Law art. 44 (150 %)",
          "Factor on overtime worked on a working day (basis labour_law)."),
    Param("valuation.premium_restday", 2.0, "ratio", 1, 5, "PRC Labour Law art. 44 (200 %)",
          "Factor on overtime worked on a rest day (basis labour_law)."),
    Param("valuation.premium_holiday", 3.0, "ratio", 1, 5, "PRC Labour Law art. 44 (300 %)",
          "Factor on overtime worked on a statutory holiday (basis labour_law)."),
)


def hour_values(params: Mapping[str, Any], basis: str | None = None) -> dict[str, float]:
    """Yuan per hour of each destination under ``basis`` (default: the parameters').

    Under ``own_wage`` the three overtime values are NaN: that basis takes the stored
    own-wage overtime cost instead (:func:`valued_costs`).

    >>> from commsim.core.parameters import Params
    >>> v = hour_values(Params.defaults(), "labour_law")
    >>> v["overtime_holiday"] / v["shortfall"]
    3.0
    """
    basis = basis or str(params["valuation.basis"])
    if basis not in BASES:
        raise ValueError(f"unknown valuation basis {basis!r}")
    if basis == "own_wage":
        staff = float(params["departments.staff_wage_per_hour"])
        nan = float("nan")
        return {"overtime_weekday": nan, "overtime_restday": nan, "overtime_holiday": nan,
                "department": staff, "shortfall": float(params["shortfall.value_per_hour"]),
                "expired": 0.0, "fabricated": 0.0}
    value = float(params["departments.staff_wage_per_hour"] if basis == "department_wage"
                  else params["valuation.value_per_hour"])
    out = dict.fromkeys(DESTINATIONS, value)
    if basis == "labour_law":
        for day in ("weekday", "restday", "holiday"):
            out[f"overtime_{day}"] = value * float(params[f"valuation.premium_{day}"])
    return out


def valued_costs(hours: Mapping[str, float], own_wage_overtime: float,
                 params: Mapping[str, Any], basis: str | None = None) -> dict[str, float]:
    """The valued components (:data:`VALUED`) from hours by destination, yuan.

    Parameters
    ----------
    hours : mapping
        Hours of each destination of :data:`DESTINATIONS`.
    own_wage_overtime : float
        Cadre overtime valued at each cadre's own wage (used by ``own_wage``).
    params : mapping
        Parameters (values per hour, premiums).
    basis : str, optional
        A basis of :data:`BASES` (default: ``params["valuation.basis"]``).

    """
    basis = basis or str(params["valuation.basis"])
    v = hour_values(params, basis)
    if basis == "own_wage":
        overtime = own_wage_overtime * float(params["costs.overtime_premium"])
    else:
        overtime = sum(v[f"overtime_{d}"] * hours[f"overtime_{d}"]
                       for d in ("weekday", "restday", "holiday"))
    return {"overtime": overtime,
            **{k: v[k] * hours[k] for k in ("department", "shortfall", "expired", "fabricated")}}


def hours_metric(destination: str) -> str:
    """The stored metric of a destination's hours a year."""
    return f"hours_{destination}_per_year"


def cost_metric(component: str) -> str:
    """The stored metric of a cost component, yuan a year."""
    return f"cost_{component}_yuan"


def social_cost(row: Mapping[str, float], params: Mapping[str, Any],
                basis: str | None = None) -> float:
    """Full social cost of one stored run under ``basis``, yuan a year.

    ``row`` holds the stored metrics: the fixed components (:data:`FIXED`), the hours
    of each destination and the own-wage overtime cost. No model is run.
    """
    hours = {d: float(row[hours_metric(d)]) for d in DESTINATIONS}
    valued = valued_costs(hours, float(row[OWN_WAGE_OVERTIME]), params, basis)
    return sum(float(row[cost_metric(c)]) for c in FIXED) + sum(valued.values())
