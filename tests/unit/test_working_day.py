"""How a cadre's day adds up (commsim.model.working_day.WorkingDay), with a fixed backlog.

The counter is replaced by a stand-in that served nobody, so the day's hours follow from
the parameters alone: duties, then the backlog within the paid day, then the evening
until ``cadres.evening_end`` for work due within the overtime horizon.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from commsim.model.task_ledger import Task
from conftest import build_model


def _quiet_day():  # noqa: ANN202 - the model, its community, a working day without surge
    model = build_model(overrides={"run.days": 30, "run.communities": 1})
    day = next(d for d in range(30) if model.calendar.workday[d] and not model.calendar.surge(d))
    community = model.communities[0]
    community.counter = SimpleNamespace(service_hours=0.0)  # nobody came to the counter
    community.counter_staff = []
    community.desk_helper_hours = 0.0
    for cadre in community.present():
        cadre.backlog.clear()
    return model, community, day


def _give(model, cadre, hours: float, deadline: float) -> Task:  # noqa: ANN001
    task = Task(10**6 + cadre.post, 0, 0, cadre.community, "department", False, False, hours,
                0.0, 0.0, deadline)
    model.ledger.open(task)
    cadre.assign(task, 0)
    return task


def test_an_idle_cadre_works_the_paid_day_and_no_overtime() -> None:
    model, community, day = _quiet_day()
    model.working_day.working_day(day)
    p, cal, stats = model.params, model.calendar, model.stats
    duties = float(p["cadres.routine_hours"]) + float(p["cadres.app_hours"])
    n = len(community.present())
    for cadre in community.present():
        assert cadre.hours_today == pytest.approx(cal.paid_hours)
        assert cadre.overtime_today == 0.0
    assert stats.hours_by_kind["office_slack"] == pytest.approx(n * (cal.paid_hours - duties))
    assert stats.workday_cadre_days == n and stats.overtime == 0.0
    assert sum(stats.hours_by_kind.values()) == pytest.approx(stats.total_hours)


def test_work_due_soon_is_finished_in_the_evening_up_to_the_evening_end() -> None:
    model, community, day = _quiet_day()
    busy, calm = community.present()[:2]
    urgent = _give(model, busy, 1000.0, day + 1)  # more than a day can hold, due tomorrow
    later = _give(model, calm, 1000.0, day + 60)  # beyond the overtime horizon
    speed = busy.productivity  # before the day's exhaustion lowers it
    model.working_day.working_day(day)
    p, cal = model.params, model.calendar
    day_max = min(24.0, cal.paid_hours + float(p["cadres.noon_and_early_hours"])
                  + float(p["cadres.evening_end"]) - cal.workday_end)
    assert busy.hours_today == pytest.approx(day_max)
    assert busy.overtime_today == pytest.approx(day_max - cal.paid_hours)
    assert calm.hours_today == pytest.approx(cal.paid_hours)  # no evening for later work
    assert calm.overtime_today == 0.0
    duties = float(p["cadres.routine_hours"]) + float(p["cadres.app_hours"])
    done = (day_max - duties) * speed
    assert urgent.remaining == pytest.approx(1000.0 - done, rel=1e-12)
    assert later.remaining < 1000.0  # worked within the paid day
    assert model.stats.overtime == pytest.approx(busy.overtime_today)
    assert busy.exhaustion > 0 or busy.constants.gain == 0


def test_sundays_count_cadre_weeks_and_weekend_work() -> None:
    model, community, _ = _quiet_day()
    sunday = next(d for d in range(30) if model.calendar.weekday[d] == 6)
    cadres = community.present()
    cadres[0].worked_weekend = True
    model.working_day.end_week(sunday - 1)  # not a Sunday: nothing counted
    assert model.stats.cadre_weeks == 0
    model.working_day.end_week(sunday)
    assert model.stats.cadre_weeks == len(cadres)
    assert model.stats.cadre_weeks_weekend == 1
    assert not any(c.worked_weekend for c in cadres)
