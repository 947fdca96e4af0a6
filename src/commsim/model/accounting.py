"""Run accounting: the hours and counts of one run, and the summary they make.

:class:`RunStats` holds the accumulators the mechanisms add to as the model runs;
each counter has one writer (the mechanism module named in its comment). The
summary metrics themselves are declared next to the code that computes their
inputs (:mod:`~commsim.model.working_day`, :mod:`~commsim.model.visits`,
:mod:`~commsim.model.turnover`, :mod:`~commsim.model.task_pipeline`,
:mod:`~commsim.model.inspections`, :mod:`~commsim.model.community_model`,
:mod:`~commsim.model.fallback`, :mod:`~commsim.model.costs`), with
:func:`commsim.core.metrics.summary_metric`; :meth:`RunStats.summary` evaluates every
declaration that applies to the run.

The accumulators are additive (numbers and dicts of numbers) and the measurement window
(:mod:`~commsim.model.measurement`) takes the accounts of each measured year as the
difference of two snapshots, so every counter a metric reads must be booked here — the
named counters (:meth:`RunStats.count`) are there for policies and plugins — and never
kept on a mechanism, policy or agent, whose state spans the whole run.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from commsim.core.schema import KIND_NAMES
from commsim.model.task_ledger import Task

if TYPE_CHECKING:
    from commsim.model.measurement import Window

#: Activities outside department tasks that take cadre time.
ACTIVITIES: tuple[str, ...] = (
    "resident_counter",
    "office_slack",
    "routine",
    "apps",
)
#: Activities that are not administrative work (the rest is).
NON_ADMIN: tuple[str, ...] = ("resident_counter", "office_slack")
#: Destinations of the hours table's ``destination`` dimension besides the workforces
#: policies declare (:mod:`commsim.model.workforces`): who did the hours.
CADRES, HELPERS, DEPARTMENT = "cadres", "helpers", "department"


class RunStats:
    """Accumulators of one run (the writer of each group is named in a comment)."""

    def __init__(self) -> None:
        # hours: working_day (activities) and Cadre.work (department tasks)
        self.hours_by_kind: dict[str, float] = defaultdict(float)
        self.hours_by_origin: dict[str, float] = defaultdict(float)
        # hours and cost of workforces other than cadres: the committee's helpers
        # (Community.spend_helper_hours) and those policies hand work to (workforces)
        self.workforce_hours: dict[str, float] = defaultdict(float)
        self.workforce_cost: dict[str, float] = defaultdict(float)
        # working_day
        self.cadre_days = 0
        self.workday_cadre_days = 0
        self.workday_hours = 0.0
        self.overtime = 0.0
        self.overtime_restday = 0.0  # of which on weekends (valuation premiums)
        self.overtime_holiday = 0.0  # of which on statutory holidays
        self.total_hours = 0.0
        self.days_over_9h = 0
        self.days_within_paid = 0
        self.elected_workday_cadre_days = 0  # post_lines: secretary and committee staff
        self.elected_workday_hours = 0.0
        self.late_night = 0
        self.past_midnight = 0
        self.surge_cadre_days = 0
        self.surge_late_night = 0
        self.surge_past_midnight = 0
        self.cadre_weeks = 0
        self.cadre_weeks_weekend = 0
        # turnover
        self.separations = 0
        self.recruitment = 0.0
        # community_model (end of day)
        self.headcount_days = 0
        self.vacancy_days = 0
        self.burnout_sum = 0.0
        self.days = 0
        self.wages = 0.0
        # visits
        self.visits = 0
        self.served = 0
        self.abandoned = 0
        self.empty = 0
        self.wait_sum = 0.0
        # Cadre.assign (colliding urgent orders)
        self.conflicts = 0
        # costs (end of day): overtime at the cadres' own wage, newcomer ramp
        self.overtime_cost = 0.0
        self.ramp_cost = 0.0
        # costs (end of day): the active policies' own costs since their introduction,
        # a running total by component (a snapshot, so windows are differences)
        self.policy_costs: dict[str, float] = defaultdict(float)
        # fallback: where refused or unordered work went; tasks that leaked back by the
        # name of the policy that turned them away
        self.leaked_by_policy: dict[str, int] = defaultdict(int)
        self.department_hours = 0.0
        self.shortfall_hours = 0.0
        self.shortfall_households = 0
        self.shortfall_findings = 0
        # community_model (end of day): satisfaction, for time averages
        self.satisfied_all_sum = 0.0
        self.satisfaction_index_sum = 0.0
        self.contact_satisfied = 0
        self.contact_household_days = 0
        # aid allocation rounds (S11)
        self.aid_decisions = 0
        self.aid_refused = 0
        # inspections (S6): detected fabrications, community ratings
        self.fabrications_detected = 0
        self.rating_sum = 0.0
        self.ratings = 0
        # named counters of policies and plugins (:meth:`count`)
        self.counts: dict[str, float] = defaultdict(float)

    def count(self, key: str, amount: float = 1.0) -> None:
        """Add ``amount`` to the named counter ``key`` (a policy's or plugin's own count).

        A summary metric reads it back with ``window.count(key)``; being booked here, it
        is counted per measured year and for the whole window.

        Examples
        --------
        >>> stats = RunStats()
        >>> stats.count("meetings_refused"); stats.count("meetings_refused", 2)
        >>> stats.counts["meetings_refused"]
        3.0

        """
        self.counts[key] += amount

    def add_hours(self, task: Task, hours: float) -> None:
        """Book cadre hours spent on a department task."""
        self.hours_by_kind[KIND_NAMES[task.kind]] += hours
        self.hours_by_origin[task.origin] += hours

    def add_activity(self, activity: str, hours: float) -> None:
        """Book cadre hours spent outside department tasks."""
        self.hours_by_kind[activity] += hours
        self.hours_by_origin[activity] += hours

    def add_workforce_hours(self, workforce: str, hours: float, cost: float = 0.0) -> None:
        """Book clock hours (and their cost, yuan) of a workforce other than the cadres."""
        self.workforce_hours[workforce] += hours
        self.workforce_cost[workforce] += cost

    def hours_by_destination(self) -> dict[str, float]:
        """Hours of work by who did it: cadres, helpers, the departments, other workforces.

        Cadres' hours are all their hours (as in the ``kind`` and ``origin`` tables);
        the departments' are their own staff's hours on work turned away
        (:mod:`commsim.model.fallback`); the others are booked with
        :meth:`add_workforce_hours`.
        """
        return {CADRES: sum(self.hours_by_kind.values()), DEPARTMENT: self.department_hours,
                HELPERS: 0.0, **self.workforce_hours}

    def hours_table(self) -> list[dict[str, object]]:
        """Hours as rows (``dimension``, ``category``, ``hours``).

        Cadre hours by ``kind`` and by ``origin``; every workforce's hours by
        ``destination`` (:meth:`hours_by_destination`).
        """
        rows: list[dict[str, object]] = []
        for dimension, table in (("kind", self.hours_by_kind), ("origin", self.hours_by_origin),
                                 ("destination", self.hours_by_destination())):
            rows += [
                {"dimension": dimension, "category": k, "hours": v}
                for k, v in sorted(table.items())
            ]
        return rows


def safe_ratio(a: float, b: float) -> float:
    """``a / b``, or 0 when ``b`` is 0."""
    return a / b if b else 0.0


def run_years(window: Window) -> float:
    """Years the window spans (at least one day)."""
    return max(window.stats.days, 1) / 365


def average_headcount(window: Window) -> float:
    """Cadres in post, averaged over the window's days."""
    return window.stats.headcount_days / max(window.stats.days, 1)
