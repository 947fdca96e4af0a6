"""Run accounting: hours, counts and the summary metrics of one run.

The model adds to these accumulators as it runs; :meth:`RunStats.summary` turns
them into the published metrics (exact names, read by later tools):
``overtime_hours_per_cadre_week``, ``resident_satisfaction``,
``satisfaction_index``, ``turnover_rate``, ``mean_weekday_hours``,
``weekend_work_share``, ``deadline_miss_rate``, ``fabricated_records``,
``resident_wait_hours_mean``, ``dept_tasks_received``, ``dept_tasks_refused``,
``admin_time_share``, ``vacancy_days``, ``burnout_share``, ``cost_yuan`` and a
few more.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from commsim.schema import KIND_NAMES
from commsim.tasks import Status, Task, TaskLedger

if TYPE_CHECKING:
    from commsim.model import CommunityModel

#: Metrics every run reports, in this order.
HEADLINE_METRICS: tuple[str, ...] = (
    "overtime_hours_per_cadre_week", "resident_satisfaction", "turnover_rate",
)
SUMMARY_METRICS: tuple[str, ...] = (
    "overtime_hours_per_cadre_week", "resident_satisfaction", "satisfaction_index",
    "turnover_rate", "mean_weekday_hours", "weekend_work_share", "deadline_miss_rate",
    "fabricated_records", "resident_wait_hours_mean", "dept_tasks_received",
    "dept_tasks_refused", "admin_time_share", "vacancy_days", "burnout_share", "cost_yuan",
    "dept_tasks_per_community_day", "dept_tasks_outsourced", "dept_tasks_expired",
    "dept_tasks_not_ordered", "days_over_9h_share", "late_night_share",
    "past_midnight_share", "surge_late_night_share", "surge_past_midnight_share",
    "separations", "mean_headcount", "visits", "served_share", "empty_office_share",
    "fines_yuan", "conflicts",
)
#: Activities outside department tasks that take cadre time.
ACTIVITIES: tuple[str, ...] = (
    "resident_counter", "office_slack", "routine", "apps", "weekend_duty",
)
#: Activities that are not administrative work (the rest is).
NON_ADMIN: tuple[str, ...] = ("resident_counter", "office_slack")


class RunStats:
    """Accumulators of one run."""

    def __init__(self) -> None:
        self.hours_by_kind: dict[str, float] = defaultdict(float)
        self.hours_by_origin: dict[str, float] = defaultdict(float)
        self.cadre_days = 0
        self.workday_cadre_days = 0
        self.workday_hours = 0.0
        self.overtime = 0.0
        self.total_hours = 0.0
        self.days_over_9h = 0
        self.late_night = 0
        self.past_midnight = 0
        self.surge_cadre_days = 0
        self.surge_late_night = 0
        self.surge_past_midnight = 0
        self.cadre_weeks = 0
        self.cadre_weeks_weekend = 0
        self.separations = 0
        self.headcount_days = 0
        self.vacancy_days = 0
        self.burnout_sum = 0.0
        self.days = 0
        self.visits = 0
        self.served = 0
        self.abandoned = 0
        self.empty = 0
        self.wait_sum = 0.0
        self.wages = 0.0
        self.recruitment = 0.0
        self.fines = 0.0
        self.conflicts = 0
        self.not_ordered = 0

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
            rows += [{"dimension": dimension, "category": k, "hours": v}
                     for k, v in sorted(table.items())]
        return rows

    def summary(self, model: CommunityModel) -> dict[str, float]:
        """The summary metrics of the run so far."""
        ledger: TaskLedger = model.ledger
        years = max(self.days, 1) / 365
        mean_headcount = self.headcount_days / max(self.days, 1)
        admin = sum(v for k, v in self.hours_by_origin.items() if k not in NON_ADMIN)
        done, expired = ledger.count(Status.DONE), ledger.count(Status.EXPIRED)
        policy_cost = sum(p.cost_yuan(self.days, model.n_communities) for p in model.policies)
        safe = lambda a, b: a / b if b else 0.0  # noqa: E731
        return {
            "overtime_hours_per_cadre_week": safe(self.overtime, self.cadre_days / 7),
            "resident_satisfaction": model.households.satisfied_share(),
            "satisfaction_index": model.households.mean_satisfaction(),
            "turnover_rate": safe(self.separations, mean_headcount * years),
            "mean_weekday_hours": safe(self.workday_hours, self.workday_cadre_days),
            "weekend_work_share": safe(self.cadre_weeks_weekend, self.cadre_weeks),
            "deadline_miss_rate": safe(ledger.late_done + expired, done + expired),
            "fabricated_records": float(ledger.fabricated),
            "resident_wait_hours_mean": safe(self.wait_sum, self.served),
            "dept_tasks_received": float(ledger.created),
            "dept_tasks_refused": float(ledger.count(Status.REFUSED)),
            "admin_time_share": safe(admin, self.total_hours),
            "vacancy_days": float(self.vacancy_days),
            "burnout_share": safe(self.burnout_sum, self.days),
            "cost_yuan": self.wages + self.recruitment + policy_cost,
            "dept_tasks_per_community_day": safe(
                ledger.created, model.n_communities * max(self.days, 1)),
            "dept_tasks_outsourced": float(ledger.count(Status.OUTSOURCED)),
            "dept_tasks_expired": float(expired),
            "dept_tasks_not_ordered": float(self.not_ordered),
            "days_over_9h_share": safe(self.days_over_9h, self.workday_cadre_days),
            "late_night_share": safe(self.late_night, self.workday_cadre_days),
            "past_midnight_share": safe(self.past_midnight, self.workday_cadre_days),
            "surge_late_night_share": safe(self.surge_late_night, self.surge_cadre_days),
            "surge_past_midnight_share": safe(self.surge_past_midnight, self.surge_cadre_days),
            "separations": float(self.separations),
            "mean_headcount": mean_headcount,
            "visits": float(self.visits),
            "served_share": safe(self.served, self.visits),
            "empty_office_share": safe(self.empty, self.visits),
            "fines_yuan": self.fines,
            "conflicts": float(self.conflicts),
        }
