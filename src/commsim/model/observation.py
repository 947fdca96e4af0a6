"""The daily series: what the model records at the end of every day.

Each series is declared once with :func:`commsim.core.metrics.daily_series`, in column
order, together with the function that computes it from the model at the end of
the day; the model's series recorder is built from these declarations. Cumulative counts
start at the end of the warm-up (:mod:`commsim.model.measurement`); ``measured``
marks the days after it
(:data:`commsim.DAILY_SERIES` lists their keys). A plugin adds a series by
declaring one the same way.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np

from commsim.core.metrics import daily_series
from commsim.model.task_ledger import Status, TaskLedger

if TYPE_CHECKING:
    from commsim.model.agents.cadre import Cadre
    from commsim.model.agents.household import HouseholdCounts
    from commsim.model.community_model import CommunityModel


def burnout_share(model: CommunityModel) -> float:
    """Share of present cadres above the burnout threshold today."""
    return model.end_of_day("burnout_share", lambda: _burnout(model))


def _burnout(model: CommunityModel) -> float:
    cadres = model.present_cadres()
    if not cadres:
        return 0.0
    threshold = float(model.params["cadres.burnout_threshold"])
    return sum(c.exhaustion > threshold for c in cadres) / len(cadres)


def household_counts(model: CommunityModel) -> HouseholdCounts:
    """Households per community with contact, satisfied, and both, today."""
    return model.end_of_day("household_counts", lambda: model.households.counts(model.day))


def satisfied_all(model: CommunityModel) -> float:
    """Share of all households satisfied today."""
    n = len(model.households)
    return int(household_counts(model).satisfied.sum()) / n if n else 0.0


def satisfied_with_contact(model: CommunityModel) -> float:
    """Share satisfied among the households with contact in the past 12 months, today."""
    counts = household_counts(model)
    seen = int(counts.contact.sum())
    return int(counts.both.sum()) / seen if seen else 0.0


def satisfaction_index(model: CommunityModel) -> float:
    """Mean satisfaction index of all households today (0-100)."""
    return model.end_of_day("satisfaction_index", model.households.mean_satisfaction)


# Cumulative task counts of the window, read from the ledgers (``Measurement.count``).
_created = attrgetter("created")
_refused = attrgetter("refused")
_fabricated = attrgetter("fabricated")


def _done(ledger: TaskLedger) -> int:
    return ledger.count(Status.DONE)


def _outsourced(ledger: TaskLedger) -> int:
    return ledger.count(Status.OUTSOURCED)


def _per_cadre(cadres: list[Cadre], total: float) -> float:
    return total / len(cadres) if cadres else 0.0


@daily_series("day", unit="day", label="Day", label_zh="日", integer=True, over_days="last")
def _day(model: CommunityModel) -> int:
    return model.day


@daily_series("workday", unit="flag", label="Working day", label_zh="工作日", over_days="sum")
def _workday(model: CommunityModel) -> bool:
    return bool(model.calendar.workday[model.day])


@daily_series("campaign", unit="flag", label="Inspection campaign",
              label_zh="迎检期", over_days="sum")
def _campaign(model: CommunityModel) -> bool:
    return bool(model.calendar.campaign[model.day])


@daily_series("headcount", unit="cadres", label="Cadres in post", better="higher",
              integer=True, over_days="mean", report=True, label_zh="在岗干部数")
def _headcount(model: CommunityModel) -> int:
    return len(model.present_cadres())


@daily_series("vacancies", unit="posts", label="Vacant posts", better="lower", integer=True,
              label_zh="空缺岗位数", over_days="mean")
def _vacancies(model: CommunityModel) -> int:
    return model.n_posts - len(model.present_cadres())


@daily_series("backlog_tasks", unit="tasks", label="Backlog", better="lower", integer=True,
              label_zh="积压任务数", over_days="mean")
def _backlog_tasks(model: CommunityModel) -> int:
    return sum(len(c.backlog) for c in model.present_cadres())


@daily_series("backlog_hours", unit="h", label="Backlog of department work", better="lower",
              over_days="mean", report=True, label_zh="部门待办工作积压")
def _backlog_hours(model: CommunityModel) -> float:
    return sum(c.backlog_hours for c in model.present_cadres())


@daily_series("overtime_per_cadre", unit="h per cadre", label="Overtime per cadre",
              better="lower", over_days="mean", over_communities="mean", report=True,
              report_sum_days=7, label_zh="每名干部加班时长")
def _overtime_per_cadre(model: CommunityModel) -> float:
    cadres = model.present_cadres()
    return _per_cadre(cadres, sum(c.overtime_today for c in cadres))


@daily_series("mean_hours", unit="h per cadre", label="Hours per cadre", better="lower",
              label_zh="每名干部工时", over_days="mean", over_communities="mean")
def _mean_hours(model: CommunityModel) -> float:
    cadres = model.present_cadres()
    return _per_cadre(cadres, sum(c.hours_today for c in cadres))


@daily_series("resident_satisfaction", unit="share of households with contact satisfied (0-1)",
              label="Residents satisfied (had contact)", better="higher", bounds=(0.0, 1.0),
              over_days="mean", over_communities="mean", report=True,
              label_zh="居民满意率(有接触)")
def _resident_satisfaction(model: CommunityModel) -> float:
    return satisfied_with_contact(model)


@daily_series("resident_satisfaction_all", unit="share of households satisfied (0-1)",
              label="Residents satisfied (all households)", better="higher", bounds=(0.0, 1.0),
              label_zh="居民满意率(全部住户)",
              over_days="mean", over_communities="mean")
def _resident_satisfaction_all(model: CommunityModel) -> float:
    return satisfied_all(model)


@daily_series("satisfaction_index", unit="index 0-100", label="Satisfaction index",
              better="higher", bounds=(0.0, 100.0),
              label_zh="满意度指数", over_days="mean", over_communities="mean")
def _satisfaction_index(model: CommunityModel) -> float:
    return satisfaction_index(model)


@daily_series("mean_exhaustion", unit="index 0-1", label="Mean exhaustion", better="lower",
              label_zh="平均疲惫程度", bounds=(0.0, 1.0), over_days="mean", over_communities="mean")
def _mean_exhaustion(model: CommunityModel) -> float:
    cadres = model.present_cadres()
    return float(np.array([c.exhaustion for c in cadres]).mean()) if cadres else 0.0


@daily_series("burnout_share", unit="share of cadres", label="Cadres burnt out",
              better="lower", bounds=(0.0, 1.0),
              label_zh="职业倦怠干部占比", over_days="mean", over_communities="mean")
def _burnout_share(model: CommunityModel) -> float:
    return burnout_share(model)


@daily_series("visits_today", unit="visits", label="Counter visits",
              label_zh="窗口来访人次", integer=True)
def _visits_today(model: CommunityModel) -> int:
    flow = model.visits
    return flow.visits_today if flow.visits_day == model.day else 0


@daily_series("mean_wait_hours", unit="h", label="Mean wait", better="lower",
              label_zh="平均等待时间", over_days="mean", over_communities="mean")
def _mean_wait_hours(model: CommunityModel) -> float:
    return model.visits.mean_wait_today if model.calendar.workday[model.day] else 0.0


@daily_series("tasks_received", unit="tasks (cumulative)", label="Tasks received",
              label_zh="累计接收任务", integer=True, over_days="last")
def _tasks_received(model: CommunityModel) -> int:
    return model.measurement.count(_created)


@daily_series("tasks_refused", unit="tasks (cumulative)", label="Tasks refused",
              label_zh="累计拒收任务", integer=True, over_days="last")
def _tasks_refused(model: CommunityModel) -> int:
    return model.measurement.count(_refused)


@daily_series("tasks_done", unit="tasks (cumulative)", label="Tasks done", integer=True,
              label_zh="累计完成任务", over_days="last")
def _tasks_done(model: CommunityModel) -> int:
    return model.measurement.count(_done)


@daily_series("tasks_outsourced", unit="tasks (cumulative)", label="Tasks outsourced",
              label_zh="累计外包任务", integer=True, over_days="last")
def _tasks_outsourced(model: CommunityModel) -> int:
    return model.measurement.count(_outsourced)


@daily_series("separations", unit="cadres (cumulative)", label="Separations",
              label_zh="累计离职人数", better="lower", integer=True, over_days="last")
def _separations(model: CommunityModel) -> int:
    return model.stats.separations


@daily_series("fabricated_records", unit="records (cumulative)", label="Fabricated records",
              label_zh="累计造假台账", better="lower", integer=True, over_days="last")
def _fabricated_records(model: CommunityModel) -> int:
    return model.measurement.count(_fabricated)


@daily_series("aid_decisions", unit="applications", label="Aid applications decided",
              label_zh="已审批救助申请", integer=True)
def _aid_decisions(model: CommunityModel) -> int:
    return model.aid.decided_today


@daily_series("aid_refused", unit="applications", label="Aid applications refused",
              label_zh="被拒救助申请", better="lower", integer=True)
def _aid_refused(model: CommunityModel) -> int:
    return model.aid.refused_today


@daily_series("measured", unit="flag", label="Measured (after the warm-up)",
              label_zh="计入测量(预热期后)", over_days="sum")
def _measured(model: CommunityModel) -> bool:
    return model.measurement.measuring(model.day)
