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

from commsim.core.metrics import summary_metric
from commsim.model.accounting import NON_ADMIN, safe_ratio
from commsim.model.post_lines import ELECTED
from commsim.model.work_calendar import HOURS_PER_DAY

if TYPE_CHECKING:
    from commsim.core.parameters import Params
    from commsim.model.accounting import RunStats
    from commsim.model.agents.cadre import Cadre
    from commsim.model.community import Community
    from commsim.model.community_tally import CommunityTally
    from commsim.model.measurement import Window
    from commsim.model.work_calendar import Calendar

class WorkingDay:
    """Books every cadre's day: the counter, duties, the backlog, overtime and recovery.

    Parameters
    ----------
    calendar : Calendar
        Office hours, working days and inspection surges.
    params : Params
        The run's parameters (the ``cadres.*`` hours are read once).
    stats : RunStats
        The run's accounts, where hours and day counts are booked.
    tally : CommunityTally
        Per-community accounts.
    communities : list of Community
        The committees whose cadres work.

    """

    def __init__(self, calendar: Calendar, params: Params, stats: RunStats,
                 tally: CommunityTally, communities: list[Community]) -> None:
        p = params
        self.calendar = calendar
        self.stats = stats
        self.tally = tally
        self.communities = communities
        self.routine = float(p["cadres.routine_hours"])
        self.apps = float(p["cadres.app_hours"])
        self.surge_end = float(p["cadres.surge_end"])
        self.evening_end = float(p["cadres.evening_end"])
        self.noon = float(p["cadres.noon_and_early_hours"])
        self.horizon_days = int(p["cadres.overtime_horizon_days"])
        self.duty_hours = float(p["cadres.weekend_duty_hours"])
        self.rest_day_max = float(p["cadres.rest_day_max_hours"])
        self.rest_day_surge = float(p["cadres.rest_day_surge_hours"])
        self._kind_of_day: tuple[int, bool, bool, bool] = (-1, False, False, False)

    def _day_kind(self, day: int) -> tuple[bool, bool, bool]:
        """Whether ``day`` is a working day, a weekend day and a pre-inspection surge day.

        Looked up in the calendar once a day, not once per cadre booked.
        """
        known, workday, weekend, surge = self._kind_of_day
        if known != day:
            cal = self.calendar
            workday, weekend, surge = (bool(cal.workday[day]), bool(cal.weekday[day] >= 5),
                                       cal.surge(day))
            self._kind_of_day = (day, workday, weekend, surge)
        return workday, weekend, surge

    def working_day(self, day: int) -> None:
        """Book a working day for every cadre present."""
        cal = self.calendar
        paid = cal.paid_hours
        routine, apps, noon = self.routine, self.apps, self.noon
        end = self.surge_end if cal.surge(day) else self.evening_end
        day_max = min(HOURS_PER_DAY, paid + noon + max(0.0, end - cal.workday_end))
        horizon = day + self.horizon_days
        add_activity = self.stats.add_activity
        duty_hours = routine + apps
        split = duty_hours or 1.0
        for community in self.communities:
            present = community.present()
            counter = community.counter
            if not present or counter is None:
                continue
            staff = community.counter_staff
            desk = {id(c): max(0.0, cal.office_hours - c.off_desk_today) for c in staff}
            cadre_desk = sum(desk.values())
            slot_hours = cadre_desk + community.desk_helper_hours
            cadre_service = counter.service_hours * (cadre_desk / slot_hours
                                                     if slot_hours else 0.0)
            community.spend_helper_hours(day)
            # (``a if a < b else b`` is ``min(b, a)`` and ``a if a > 0.0 else 0.0`` is
            # ``max(0.0, a)``, NaN included, without a call: this loop runs per cadre-day.)
            for cadre in present:
                desk_hours = desk.get(id(cadre), 0.0)
                served = cadre_service * desk_hours / cadre_desk if cadre_desk else 0.0
                served = served if served < day_max else day_max
                # Routine and app reporting give way when the counter took the whole day.
                duties = day_max - served
                duties = duties if duties < duty_hours else duty_hours
                add_activity("resident_counter", served)
                add_activity("routine", duties * routine / split)
                add_activity("apps", duties * apps / split)
                committed = served + duties
                free = paid - committed
                office = cadre.work(free if free > 0.0 else 0.0, day)
                slack = free - office
                add_activity("office_slack", slack if slack > 0.0 else 0.0)
                spill = committed - paid
                spill = spill if spill > 0.0 else 0.0
                late = day_max - paid - spill
                evening = cadre.work(late if late > 0.0 else 0.0, day, horizon=horizon)
                self.book(cadre, day, paid + spill + evening, spill + evening)

    def rest_day(self, day: int) -> None:
        """Book a weekend or holiday: rota duty plus whatever deadlines demand."""
        duty_hours = self.duty_hours
        horizon = day + self.horizon_days
        limit = min(HOURS_PER_DAY, self.rest_day_max + (
            self.rest_day_surge if self.calendar.surge(day) else 0.0))
        for community in self.communities:
            on_duty = community.next_on_rota() if duty_hours > 0 else None
            for cadre in community.present():
                hours = 0.0
                if cadre is on_duty:
                    hours = cadre.work(duty_hours, day)  # idle standby is not overtime
                hours += cadre.work(max(0.0, limit - hours), day, horizon=horizon)
                if hours > 0:
                    cadre.worked_weekend = True
                self.book(cadre, day, hours, hours)

    def book(self, cadre: Cadre, day: int, hours: float, overtime: float) -> None:
        """Book one cadre-day; overtime fills the early morning and lunch before the evening."""
        stats = self.stats
        cal = self.calendar
        workday, weekend, surge = self._day_kind(day)
        stats.cadre_days += 1
        stats.total_hours += hours
        stats.overtime += overtime
        if not workday:  # a rest day (weekend) or a statutory holiday on a weekday
            if weekend:
                stats.overtime_restday += overtime
            else:
                stats.overtime_holiday += overtime
        if workday:
            stats.workday_cadre_days += 1
            stats.workday_hours += hours
            stats.days_over_9h += hours > 9.0
            stats.days_within_paid += hours <= cal.paid_hours + 1e-9
            if cadre.role in ELECTED:
                stats.elected_workday_cadre_days += 1
                stats.elected_workday_hours += hours
            beyond_noon = overtime - self.noon
            end = cal.workday_end + (beyond_noon if beyond_noon > 0.0 else 0.0)
            stats.late_night += end > 22.0
            stats.past_midnight += end > 24.0
            if surge:
                stats.surge_cadre_days += 1
                stats.surge_late_night += end > 22.0
                stats.surge_past_midnight += end > 24.0
        self.tally.cadre_day(cadre, hours, overtime, workday)
        cadre.hours_today = hours
        cadre.overtime_today = overtime
        cadre.rest_and_recover(day, overtime, rest_day=not workday)

    def end_week(self, day: int) -> None:
        """On Sundays, count the cadre-weeks and those with weekend work."""
        if self.calendar.weekday[day] != 6:
            return
        stats = self.stats
        for community in self.communities:
            for cadre in community.present():
                stats.cadre_weeks += 1
                stats.cadre_weeks_weekend += cadre.worked_weekend
                self.tally.cadre_week(cadre, cadre.worked_weekend)
                cadre.worked_weekend = False


@summary_metric(
    "overtime_hours_per_cadre_week",
    unit="h per cadre-week",
    label="Overtime per cadre-week",
    label_zh="每名干部每周加班时长",
    better="lower",
    headline=True,
    bounds=(0.0, None),
    over_days="ratio",
    over_communities="mean",
    description="Hours worked beyond the statutory working day, per cadre and week of presence.",
)
def _overtime_hours_per_cadre_week(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.overtime, s.cadre_days / 7)


@summary_metric(
    "overtime_hours",
    unit="h",
    label="Overtime hours (total, all cadres)",
    label_zh="加班总时长(全体干部)",
    better="lower",
    headline=True,
    bounds=(0.0, None),
    description="Cadre hours beyond the paid day, all cadres of the whole street, over the "
                "run: shown beside the per-cadre figure, which a policy that adds posts "
                "(the staffing norm) lowers by spreading the same work over more cadres; "
                "also the denominator of yuan per overtime hour avoided.",
)
def _overtime_hours(window: Window) -> float:
    return window.stats.overtime


@summary_metric(
    "mean_weekday_hours",
    unit="h per cadre working day",
    label="Hours per working day",
    label_zh="工作日平均工时",
    better="lower",
    bounds=(0.0, 24.0),
    over_days="ratio",
    over_communities="mean",
    description="Mean hours worked per cadre on working days.",
)
def _mean_weekday_hours(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.workday_hours, s.workday_cadre_days)


@summary_metric(
    "elected_weekday_hours",
    unit="h per cadre working day",
    label="Hours per working day, elected cadres",
    label_zh="当选居委会干部工作日平均工时",
    better="lower",
    bounds=(0.0, 24.0),
    over_days="ratio",
    over_communities="mean",
    description="Mean hours worked on working days by the secretary and the elected committee "
                "cadres, who hold most lines of work (S1's \"many cadres\", S9).",
)
def _elected_weekday_hours(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.elected_workday_hours, s.elected_workday_cadre_days)


@summary_metric(
    "weekend_work_share",
    unit="share of cadre-weeks",
    label="Weeks with weekend work",
    label_zh="周末加班周占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description="Share of cadre-weeks with any work on a rest day.",
)
def _weekend_work_share(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.cadre_weeks_weekend, s.cadre_weeks)


@summary_metric(
    "admin_time_share",
    report=True,
    unit="share of cadre hours",
    label="Administrative share of time",
    label_zh="行政事务时间占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description="Share of cadre hours on administrative work (all but the counter and slack).",
)
def _admin_time_share(window: Window) -> float:
    s = window.stats
    admin = sum(v for k, v in s.hours_by_origin.items() if k not in NON_ADMIN)
    return safe_ratio(admin, s.total_hours)


@summary_metric(
    "days_over_9h_share",
    unit="share of cadre working days",
    label="Days over 9 h",
    label_zh="工作超9小时天数占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description="Share of cadre working days longer than 9 hours.",
)
def _days_over_9h_share(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.days_over_9h, s.workday_cadre_days)


@summary_metric(
    "days_within_paid_share",
    unit="share of cadre working days",
    label="Days within the paid day",
    label_zh="工作不超过法定工时天数占比",
    better="neither",
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description="Share of cadre working days no longer than the paid day (the Ningbo "
                "survey's cadres at 7–8 h).",
)
def _days_within_paid_share(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.days_within_paid, s.workday_cadre_days)


@summary_metric(
    "late_night_share",
    unit="share of cadre working days",
    label="Late-night days",
    label_zh="工作至22点后天数占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description="Share of cadre working days ending after 22:00.",
)
def _late_night_share(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.late_night, s.workday_cadre_days)


@summary_metric(
    "past_midnight_share",
    unit="share of cadre working days",
    label="Days past midnight",
    label_zh="工作至午夜后天数占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description="Share of cadre working days ending after midnight.",
)
def _past_midnight_share(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.past_midnight, s.workday_cadre_days)


@summary_metric(
    "surge_late_night_share",
    unit="share of pre-inspection cadre days",
    label="Late nights before inspections",
    label_zh="迎检期22点后天数占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description="Share of pre-inspection cadre days ending after 22:00.",
)
def _surge_late_night_share(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.surge_late_night, s.surge_cadre_days)


@summary_metric(
    "surge_past_midnight_share",
    unit="share of pre-inspection cadre days",
    label="Past midnight before inspections",
    label_zh="迎检期午夜后天数占比",
    better="lower",
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description="Share of pre-inspection cadre days ending after midnight.",
)
def _surge_past_midnight_share(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.surge_past_midnight, s.surge_cadre_days)


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
def _burnout_share(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.burnout_sum, s.days)
