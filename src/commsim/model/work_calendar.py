"""The working calendar: hours, weekdays, public holidays and inspection days.

SimPy's clock runs in hours from 00:00 of day 0, the first day of the warm-up
(``run.warmup_days``); measurement starts on day ``warmup`` and lasts ``run.days``.
This module only answers questions about that clock; it holds no state that changes
during a run.
"""

from __future__ import annotations

import numpy as np

from commsim.core.parameters import Params

HOURS_PER_DAY = 24.0


class Calendar:
    """Office hours, working days and inspection seasons of one run.

    Parameters
    ----------
    params : Params
        Uses ``run.*``, ``calendar.*`` and ``inspections.*``.

    """

    def __init__(self, params: Params) -> None:
        self.warmup = int(params["run.warmup_days"])
        self.measured_days = int(params["run.days"])
        self.days = self.warmup + self.measured_days
        self.start_weekday = int(params["run.start_weekday"])
        self.workday_start = float(params["calendar.workday_start"])
        self.workday_end = float(params["calendar.workday_end"])
        self.sessions = (
            (float(params["calendar.office_open"]), float(params["calendar.lunch_start"])),
            (float(params["calendar.lunch_end"]), float(params["calendar.office_close"])),
        )
        self.paid_hours = (self.workday_end - self.workday_start) - (
            self.sessions[1][0] - self.sessions[0][1]
        )
        self.office_hours = sum(end - start for start, end in self.sessions)
        days = np.arange(self.days)
        weekday = (days + self.start_weekday) % 7
        workday = weekday < 5
        holidays = int(params["calendar.holidays_per_year"])
        if holidays:
            # Holidays spread evenly over each year, moved onto working days.
            for year_start in range(0, self.days, 365):
                for k in range(holidays):
                    d = year_start + int((k + 0.5) * 365 / holidays)
                    while d < self.days and not workday[d]:
                        d += 1
                    if d < self.days:
                        workday[d] = False
        self.weekday = weekday
        self.workday = workday
        self.inspection_days, self.campaign = self._inspections(params)
        surge_days = int(params["inspections.surge_days"])
        self._surge = np.zeros(self.days, dtype=bool)
        for d in self.inspection_days:
            self._surge[max(0, d - surge_days + 1) : d + 1] = surge_days > 0

    def _inspections(self, params: Params) -> tuple[list[int], np.ndarray]:
        per_year = int(params["inspections.per_year"])
        length = int(params["inspections.campaign_days"])
        campaign = np.zeros(self.days, dtype=bool)
        inspection_days: list[int] = []
        if per_year:
            for year_start in range(0, self.days, 365):
                for k in range(per_year):
                    d = year_start + int((k + 1) * 365 / per_year) - 1
                    while d > 0 and d < self.days and not self.workday[d]:
                        d -= 1
                    if d < self.days:
                        inspection_days.append(d)
                        campaign[max(0, d - length + 1) : d + 1] = True
        return inspection_days, campaign

    def surge(self, day: int) -> bool:
        """True in the last days before an inspection (work may run past midnight)."""
        return bool(self._surge[day])

    def next_inspection(self, day: int) -> int | None:
        """The first inspection day on or after ``day``, if any."""
        for d in self.inspection_days:
            if d >= day:
                return d
        return None
