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

from commsim.metrics import METRICS, summary_metric
from commsim.schema import KIND_NAMES
from commsim.tasks import Status, Task

if TYPE_CHECKING:
    from commsim.model import CommunityModel

#: Activities outside department tasks that take cadre time.
ACTIVITIES: tuple[str, ...] = (
    "resident_counter",
    "office_slack",
    "routine",
    "apps",
    "weekend_duty",
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
            rows += [
                {"dimension": dimension, "category": k, "hours": v}
                for k, v in sorted(table.items())
            ]
        return rows

    def summary(self, model: CommunityModel) -> dict[str, float]:
        """The summary metrics of the run so far (every declared metric that applies)."""
        return {
            m.key: float(m.compute(model))  # type: ignore[misc]
            for m in METRICS.summaries(model.policy_names)
            if m.compute is not None
        }


def _safe(a: float, b: float) -> float:
    return a / b if b else 0.0


def _years(model: CommunityModel) -> float:
    return max(model.stats.days, 1) / 365


def _headcount(model: CommunityModel) -> float:
    return model.stats.headcount_days / max(model.stats.days, 1)


@summary_metric(
    "overtime_hours_per_cadre_week",
    unit="h per cadre-week",
    label="Overtime per cadre-week",
    label_zh="每名干部每周加班时长",
    better="lower",
    headline=True,
    bounds=(0.0, None),
    over_communities="mean",
    description="Hours worked beyond the statutory working day, per cadre and week of presence.",
)
def _overtime_hours_per_cadre_week(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(s.overtime, s.cadre_days / 7)


@summary_metric(
    "resident_satisfaction",
    unit="share of households satisfied (0-1)",
    label="Residents satisfied",
    label_zh="居民满意率",
    better="higher",
    headline=True,
    bounds=(0.0, 1.0),
    over_days="last",
    over_communities="mean",
    description="Share of households at or above the satisfied threshold, at the end of the run.",
)
def _resident_satisfaction(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return model.households.satisfied_share()


@summary_metric(
    "satisfaction_index",
    report=True,
    unit="index 0-100",
    label="Satisfaction index",
    label_zh="满意度指数",
    better="higher",
    bounds=(0.0, 100.0),
    over_days="last",
    over_communities="mean",
    description="Mean household satisfaction on a 0-100 scale, at the end of the run.",
)
def _satisfaction_index(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return model.households.mean_satisfaction()


@summary_metric(
    "turnover_rate",
    unit="separations per mean headcount per year",
    label="Cadre turnover",
    label_zh="干部流失率",
    better="lower",
    headline=True,
    bounds=(0.0, None),
    over_communities="mean",
    description="Separations per mean headcount, per year.",
)
def _turnover_rate(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(s.separations, _headcount(model) * _years(model))


@summary_metric(
    "mean_weekday_hours",
    unit="h per cadre working day",
    label="Hours per working day",
    label_zh="工作日平均工时",
    better="lower",
    bounds=(0.0, 24.0),
    over_communities="mean",
    description="Mean hours worked per cadre on working days.",
)
def _mean_weekday_hours(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(s.workday_hours, s.workday_cadre_days)


@summary_metric(
    "weekend_work_share",
    unit="share of cadre-weeks",
    label="Weeks with weekend work",
    label_zh="周末加班周占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_communities="mean",
    description="Share of cadre-weeks with any work on a rest day.",
)
def _weekend_work_share(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(s.cadre_weeks_weekend, s.cadre_weeks)


@summary_metric(
    "deadline_miss_rate",
    report=True,
    unit="share of closed tasks",
    label="Deadlines missed",
    label_zh="逾期任务占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_communities="mean",
    description="Share of closed department tasks finished late or expired.",
)
def _deadline_miss_rate(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(
        model.ledger.late_done + model.ledger.count(Status.EXPIRED),
        model.ledger.count(Status.DONE) + model.ledger.count(Status.EXPIRED),
    )


@summary_metric(
    "fabricated_records",
    unit="records",
    label="Fabricated records",
    label_zh="造假台账数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    description="Department tasks closed with a fabricated record (S6).",
)
def _fabricated_records(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return float(model.ledger.fabricated)


@summary_metric(
    "resident_wait_hours_mean",
    unit="h",
    label="Resident waiting time",
    label_zh="居民平均等待时长",
    better="lower",
    bounds=(0.0, None),
    over_communities="mean",
    description="Mean wait of served counter visits.",
)
def _resident_wait_hours_mean(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(s.wait_sum, s.served)


@summary_metric(
    "dept_tasks_received",
    unit="tasks",
    label="Department tasks received",
    label_zh="部门下派任务数",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    description="Department tasks created for the communities.",
)
def _dept_tasks_received(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return float(model.ledger.created)


@summary_metric(
    "dept_tasks_refused",
    unit="tasks",
    label="Department tasks refused",
    label_zh="被拒任务数",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    description="Department tasks refused at the admission gate.",
)
def _dept_tasks_refused(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return float(model.ledger.count(Status.REFUSED))


@summary_metric(
    "admin_time_share",
    report=True,
    unit="share of cadre hours",
    label="Administrative share of time",
    label_zh="行政事务时间占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_communities="mean",
    description="Share of cadre hours on administrative work (all but the counter and slack).",
)
def _admin_time_share(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(sum(v for k, v in s.hours_by_origin.items() if k not in NON_ADMIN), s.total_hours)


@summary_metric(
    "vacancy_days",
    unit="post-days",
    label="Vacant post-days",
    label_zh="岗位空缺天数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    description="Days posts stood empty, summed over posts.",
)
def _vacancy_days(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return float(s.vacancy_days)


@summary_metric(
    "burnout_share",
    report=True,
    unit="share of cadres (time average)",
    label="Cadres burnt out",
    label_zh="职业倦怠干部占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_days="mean",
    over_communities="mean",
    description="Share of present cadres above the burnout threshold, averaged over days.",
)
def _burnout_share(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(s.burnout_sum, s.days)


@summary_metric(
    "cost_yuan",
    report=True,
    unit="yuan",
    label="Cost",
    label_zh="成本(元)",
    better="lower",
    bounds=(0.0, None),
    description="Cadre wages, recruitment and the policies' own costs over the run, whole street.",
)
def _cost_yuan(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return (
        s.wages
        + s.recruitment
        + sum(p.cost_yuan(s.days, model.n_communities) for p in model.policies)
    )


@summary_metric(
    "dept_tasks_per_community_day",
    unit="tasks per community-day",
    label="Department tasks per community-day",
    label_zh="每社区每日部门任务数",
    better="neither",
    bounds=(0.0, None),
    over_communities="mean",
    description="Department tasks created per community and day.",
)
def _dept_tasks_per_community_day(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(model.ledger.created, model.n_communities * max(s.days, 1))


@summary_metric(
    "dept_tasks_outsourced",
    unit="tasks",
    label="Department tasks outsourced",
    label_zh="外包任务数",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    description="Department tasks done by contracted capacity.",
)
def _dept_tasks_outsourced(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return float(model.ledger.count(Status.OUTSOURCED))


@summary_metric(
    "dept_tasks_expired",
    unit="tasks",
    label="Department tasks expired",
    label_zh="过期任务数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    description="Department tasks that passed their deadline undone.",
)
def _dept_tasks_expired(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return float(model.ledger.count(Status.EXPIRED))


@summary_metric(
    "dept_tasks_not_ordered",
    unit="tasks",
    label="Department tasks not ordered",
    label_zh="未下单任务数",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    description="Department tasks not ordered for lack of budget (purchased services).",
)
def _dept_tasks_not_ordered(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return float(s.not_ordered)


@summary_metric(
    "days_over_9h_share",
    unit="share of cadre working days",
    label="Days over 9 h",
    label_zh="工作超9小时天数占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_communities="mean",
    description="Share of cadre working days longer than 9 hours.",
)
def _days_over_9h_share(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(s.days_over_9h, s.workday_cadre_days)


@summary_metric(
    "late_night_share",
    unit="share of cadre working days",
    label="Late-night days",
    label_zh="工作至22点后天数占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_communities="mean",
    description="Share of cadre working days ending after 22:00.",
)
def _late_night_share(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(s.late_night, s.workday_cadre_days)


@summary_metric(
    "past_midnight_share",
    unit="share of cadre working days",
    label="Days past midnight",
    label_zh="工作至午夜后天数占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_communities="mean",
    description="Share of cadre working days ending after midnight.",
)
def _past_midnight_share(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(s.past_midnight, s.workday_cadre_days)


@summary_metric(
    "surge_late_night_share",
    unit="share of pre-inspection cadre days",
    label="Late nights before inspections",
    label_zh="迎检期22点后天数占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_communities="mean",
    description="Share of pre-inspection cadre days ending after 22:00.",
)
def _surge_late_night_share(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(s.surge_late_night, s.surge_cadre_days)


@summary_metric(
    "surge_past_midnight_share",
    unit="share of pre-inspection cadre days",
    label="Past midnight before inspections",
    label_zh="迎检期午夜后天数占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_communities="mean",
    description="Share of pre-inspection cadre days ending after midnight.",
)
def _surge_past_midnight_share(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(s.surge_past_midnight, s.surge_cadre_days)


@summary_metric(
    "separations",
    unit="cadres",
    label="Separations",
    label_zh="离职人数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    description="Cadres who quit during the run.",
)
def _separations(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return float(s.separations)


@summary_metric(
    "mean_headcount",
    unit="cadres",
    label="Mean headcount",
    label_zh="平均在岗人数",
    better="higher",
    bounds=(0.0, None),
    over_days="mean",
    description="Cadres in post, averaged over days.",
)
def _mean_headcount(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _headcount(model)


@summary_metric(
    "visits",
    unit="visits",
    label="Counter visits",
    label_zh="来访人次",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    description="Resident visits to the community office counter.",
)
def _visits(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return float(s.visits)


@summary_metric(
    "served_share",
    unit="share of visits",
    label="Visits served",
    label_zh="来访办结率",
    better="higher",
    bounds=(0.0, 1.0),
    over_communities="mean",
    description="Share of counter visits that were served.",
)
def _served_share(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(s.served, s.visits)


@summary_metric(
    "empty_office_share",
    unit="share of visits",
    label="Office found empty",
    label_zh="扑空率",
    better="lower",
    bounds=(0.0, 1.0),
    over_communities="mean",
    description="Share of counter visits that found the office unmanned.",
)
def _empty_office_share(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return _safe(s.empty, s.visits)


@summary_metric(
    "fines_yuan",
    unit="yuan",
    label="Inspection fines",
    label_zh="考核罚款(元)",
    better="lower",
    bounds=(0.0, None),
    description="Fines imposed at inspections.",
)
def _fines_yuan(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return s.fines


@summary_metric(
    "conflicts",
    unit="collisions",
    label="Schedule collisions",
    label_zh="任务冲突次数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    description="Urgent department demands that collided on the same cadre and day.",
)
def _conflicts(model: CommunityModel) -> float:
    s = model.stats  # noqa: F841
    return float(s.conflicts)


#: Headline metrics, in declaration order (read from the declarations above).
HEADLINE_METRICS: tuple[str, ...] = tuple(m.key for m in METRICS.headline())
#: Core summary metrics, in declaration order (policies and plugins may declare more).
SUMMARY_METRICS: tuple[str, ...] = tuple(m.key for m in METRICS.summaries())
