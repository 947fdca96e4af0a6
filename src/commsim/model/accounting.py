"""Run accounting: the hours and counts of one run, and the summary they make.

:class:`RunStats` holds the accumulators the mechanisms add to as the model runs;
each counter has one writer (the mechanism module named in its comment). The
summary metrics themselves are declared next to the code that computes their
inputs (:mod:`~commsim.model.working_day`, :mod:`~commsim.model.visits`,
:mod:`~commsim.model.turnover`, :mod:`~commsim.model.task_pipeline`,
:mod:`~commsim.model.inspections`, :mod:`~commsim.model.community_model`,
:mod:`~commsim.model.fallback`, :mod:`~commsim.model.costs`), with
:func:`commsim.metrics.summary_metric`; :meth:`RunStats.summary` evaluates every
declaration that applies to the run.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from commsim.metrics import METRICS
from commsim.model.task_ledger import Task
from commsim.schema import KIND_NAMES

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel

#: Activities outside department tasks that take cadre time.
ACTIVITIES: tuple[str, ...] = (
    "resident_counter",
    "office_slack",
    "routine",
    "apps",
)
#: Activities that are not administrative work (the rest is).
NON_ADMIN: tuple[str, ...] = ("resident_counter", "office_slack")


class RunStats:
    """Accumulators of one run (the writer of each group is named in a comment)."""

    def __init__(self) -> None:
        # hours: working_day (activities) and Cadre.work (department tasks)
        self.hours_by_kind: dict[str, float] = defaultdict(float)
        self.hours_by_origin: dict[str, float] = defaultdict(float)
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
        # fallback: where refused or unordered work went
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

    def add_hours(self, task: Task, hours: float) -> None:
        """Book cadre hours spent on a department task."""
        self.hours_by_kind[KIND_NAMES[task.kind]] += hours
        self.hours_by_origin[task.origin] += hours

    def add_activity(self, activity: str, hours: float) -> None:
        """Book cadre hours spent outside department tasks."""
        self.hours_by_kind[activity] += hours
        self.hours_by_origin[activity] += hours

    def hours_table(self) -> list[dict[str, object]]:
        """Cadre hours by kind and by origin, as rows (``dimension``, ``category``, ``hours``)."""
        rows: list[dict[str, object]] = []
        for dimension, table in (("kind", self.hours_by_kind), ("origin", self.hours_by_origin)):
            rows += [
                {"dimension": dimension, "category": k, "hours": v}
                for k, v in sorted(table.items())
            ]
        return rows

    def summary(self, model: CommunityModel) -> dict[str, float]:
        """The summary metrics of the run so far (every declared metric that applies).

        The core metrics come first, in declaration order, then those of the active
        policies and plugins.
        """
        metrics = METRICS.summaries(model.policy_names)  # core first, then policies'
        return {m.key: float(m.compute(model)) for m in metrics if m.compute is not None}


def safe_ratio(a: float, b: float) -> float:
    """``a / b``, or 0 when ``b`` is 0."""
    return a / b if b else 0.0


def run_years(model: CommunityModel) -> float:
    """Simulated years so far (at least one day)."""
    return max(model.stats.days, 1) / 365


def average_headcount(model: CommunityModel) -> float:
    """Cadres in post, averaged over the days so far."""
    return model.stats.headcount_days / max(model.stats.days, 1)
