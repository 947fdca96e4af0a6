"""How a cadre's day adds up: paid hours, overtime, weekends (S1, S10).

The seed (004) on grid patrols and digital management:

    工作人员"白加黑、五加二"繁重的四班三运转流程,大部分人承受着家人不支持、社会不理解……
    ("staff work 'day plus night, five plus two', a heavy four-shift, three-rotation
    schedule; most bear their families' lack of support and society's lack of
    understanding ...")

On a working day a cadre first serves residents at the counter (their share of
the counter's service time), does routine duties and app reporting, and spends
what is left of the paid day on the backlog, earliest deadline first. Work due
within ``cadres.overtime_horizon_days`` is then finished in the evening, until
``cadres.evening_end`` — or ``cadres.surge_end`` (up to 02:00) in the last
``inspections.surge_days`` before an inspection. On rest days one cadre is on
duty (rota) and anyone with work due soon comes in ("白加黑、五加二"). Rota duty
counts as work (and overtime) only for the hours actually worked on the backlog;
idle standby is neither. Every hour is booked once, by activity and origin, so
hours add up; no day exceeds 24 h.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commsim.calendar import HOURS_PER_DAY
from commsim.tasks import Status

if TYPE_CHECKING:
    from commsim.agents.cadre import Cadre
    from commsim.model import CommunityModel

def working_day(model: CommunityModel, day: int) -> None:
    """Book a working day for every cadre present."""
    cal = model.calendar
    p = model.params
    paid = cal.paid_hours
    routine = float(p["cadres.routine_hours"])
    apps = float(p["cadres.app_hours"])
    end = float(p["cadres.surge_end"] if cal.surge(day) else p["cadres.evening_end"])
    noon = float(p["cadres.noon_and_early_hours"])
    day_max = min(HOURS_PER_DAY, paid + noon + max(0.0, end - cal.workday_end))
    horizon = day + int(p["cadres.overtime_horizon_days"])
    stats = model.stats
    for community in model.communities:
        present = community.present()
        counter = community.counter
        if not present or counter is None:
            continue
        staff = community.counter_staff
        desk = {id(c): max(0.0, cal.office_hours - c.off_desk_today) for c in staff}
        cadre_desk = sum(desk.values())
        slot_hours = cadre_desk + community.desk_helper_hours
        cadre_service = counter.service_hours * (cadre_desk / slot_hours if slot_hours else 0.0)
        community.spend_helper_hours(day)
        for cadre in present:
            desk_hours = desk.get(id(cadre), 0.0)
            served = min(day_max, cadre_service * desk_hours / cadre_desk if cadre_desk else 0.0)
            # Routine and app reporting give way when the counter took the whole day.
            duties = min(routine + apps, day_max - served)
            stats.add_activity("resident_counter", served)
            stats.add_activity("routine", duties * routine / (routine + apps or 1.0))
            stats.add_activity("apps", duties * apps / (routine + apps or 1.0))
            committed = served + duties
            office = cadre.work(max(0.0, paid - committed), day)
            stats.add_activity("office_slack", max(0.0, paid - committed - office))
            spill = max(0.0, committed - paid)
            evening = cadre.work(max(0.0, day_max - paid - spill), day, horizon=horizon)
            _book_day(model, cadre, day, paid + spill + evening, spill + evening, noon)


def rest_day(model: CommunityModel, day: int) -> None:
    """Book a weekend or holiday: rota duty plus whatever deadlines demand."""
    p = model.params
    duty_hours = float(p["cadres.weekend_duty_hours"])
    horizon = day + int(p["cadres.overtime_horizon_days"])
    limit = min(HOURS_PER_DAY, float(p["cadres.rest_day_max_hours"]) + (
        float(p["cadres.rest_day_surge_hours"]) if model.calendar.surge(day) else 0.0))
    for community in model.communities:
        on_duty = community.next_on_rota() if duty_hours > 0 else None
        for cadre in community.present():
            hours = 0.0
            if cadre is on_duty:
                hours = cadre.work(duty_hours, day)  # idle standby is not overtime
            hours += cadre.work(max(0.0, limit - hours), day, horizon=horizon)
            if hours > 0:
                cadre.worked_weekend = True
            _book_day(model, cadre, day, hours, hours, 0.0)


def _book_day(
    model: CommunityModel, cadre: Cadre, day: int, hours: float, overtime: float, noon: float
) -> None:
    """Book one cadre-day; overtime fills the early morning and lunch before the evening."""
    stats = model.stats
    stats.cadre_days += 1
    stats.total_hours += hours
    stats.overtime += overtime
    workday = bool(model.calendar.workday[day])
    if workday:
        stats.workday_cadre_days += 1
        stats.workday_hours += hours
        stats.days_over_9h += hours > 9.0
        end = model.calendar.workday_end + max(0.0, overtime - noon)
        stats.late_night += end > 22.0
        stats.past_midnight += end > 24.0
        if model.calendar.surge(day):
            stats.surge_cadre_days += 1
            stats.surge_late_night += end > 22.0
            stats.surge_past_midnight += end > 24.0
    cadre.hours_today = hours
    cadre.overtime_today = overtime
    cadre.rest_and_recover(day, overtime, rest_day=not workday)


def check_deadlines(model: CommunityModel, day: int) -> None:
    """Mark work that missed today's deadline late (maybe fined); drop long-overdue work."""
    p = model.params
    expiry = int(p["cadres.expiry_days"])
    fine_p = float(p["cadres.fine_probability"])
    fine = float(p["cadres.fine_yuan"])
    rng = model.streams["fines"]
    ledger = model.ledger
    for cadre in model.present_cadres():
        expired = False
        cadre.backlog.sort(key=_deadline)
        for task in cadre.backlog:
            if task.deadline > day:
                break
            if not task.late:
                task.late = True
                if rng.random() < fine_p:
                    cadre.fines.append((day, fine))
                    model.stats.fines += fine
            if day > task.deadline + expiry:
                ledger.move(task, Status.EXPIRED)
                expired = True
        if expired:
            cadre.backlog = [t for t in cadre.backlog if t.status == Status.PENDING]


def _deadline(task: object) -> float:
    return task.deadline  # type: ignore[attr-defined]
