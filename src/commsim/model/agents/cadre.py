"""Community cadres (社区干部): who absorbs the work, and at what cost.

Mechanisms and their sources:

* priority rule — urgent department work and meetings pre-empt residents
  (they take the cadre away from the counter), then earliest deadline first (S4);
* paid vs actual hours; overtime and weekend work when deadlines demand it
  ("白加黑、五加二", S1, S10), up to 02:00 before inspections (S1);
* exhaustion accumulates with hours beyond the paid day and recovers on rest —
  fully on a day off, partly on a rest day with a few hours of work, partly on an
  evening (effort–recovery, Meijman & Mulder 1998; Homer 1985);
* productivity falls with exhaustion (Oliva & Sterman 2001) and rises with
  tenure; newcomers start slow (S10);
* a quit hazard in exhaustion, pay gaps (to the civil-servant reference wage
  and to better-paid colleague categories doing the same work), recent fines
  and overtime, computed by :class:`commsim.model.turnover.QuitHazard` (S9, S10).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, ClassVar

import mesa

from commsim.core.parameters import Params
from commsim.model import pay_categories
from commsim.model.task_ledger import Status, Task
from commsim.model.work_loop import Priority, earliest_deadline, pending, sort_key, work_through

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel

#: Cadre roles: the committee secretary, then the staff categories (S9,
#: :mod:`commsim.model.pay_categories`).
ROLES: tuple[str, ...] = pay_categories.ROLES


@dataclass(frozen=True, slots=True)
class CadreConstants:
    """Cadre parameters read once per run (the hot path reads these, not Params)."""

    newcomer: float
    ramp_days: float
    fatigue_loss: float
    gain: float
    recovery: float
    evening_recovery: float
    evening_span: float
    rest_day_span: float
    conflict_rework: float
    overtime_memory: float

    @classmethod
    def from_params(cls, p: Params) -> CadreConstants:
        """Read the constants from the run's parameters."""
        return cls(
            newcomer=float(p["cadres.newcomer_productivity"]),
            ramp_days=float(p["cadres.ramp_years"]) * 365,
            fatigue_loss=float(p["cadres.fatigue_loss"]),
            gain=float(p["cadres.exhaustion_gain"]),
            recovery=float(p["cadres.recovery_rate"]),
            evening_recovery=float(p["cadres.evening_recovery"]),
            evening_span=max(1.0, float(p["cadres.evening_end"])
                             - float(p["calendar.workday_end"])),
            rest_day_span=max(1e-9, float(p["cadres.rest_day_recovery_hours"])),
            conflict_rework=float(p["departments.conflict_rework_hours"]),
            overtime_memory=float(p["cadres.overtime_memory_days"]),
        )


class Cadre(mesa.Agent):
    """A cadre holding one post of a community's committee.

    The queue discipline is the class attribute :attr:`priority`, a plain function of a
    task (the sort key of the backlog; earliest deadline first). A subclass changes the
    order in which cadres work with one line, ``priority = staticmethod(my_key)``; the
    committee's helpers work the pooled backlog in the same order.

    Parameters
    ----------
    model : CommunityModel
        The model.
    community : int
        Index of the community.
    post : int
        Slot of the post within its community (0 is the secretary).
    role : str
        One of :data:`ROLES` (the post's staff category).
    tenure_years : float
        Years in the job at hire time (0 for a newcomer).
    skill, resilience : float
        Individual productivity factor and sensitivity to overtime (1 = average).

    """

    #: Queue discipline: ``priority(task)`` is the backlog's sort key (smaller first).
    priority: ClassVar[Priority] = staticmethod(earliest_deadline)

    def __init__(
        self,
        model: CommunityModel,
        community: int,
        post: int,
        role: str,
        tenure_years: float,
        skill: float,
        resilience: float,
        exhaustion: float = 0.0,
    ) -> None:
        super().__init__(model)
        # Collaborators, bound once: the cadre books hours and closes tasks in the run's
        # accounts and ledger, and reads its constants and quit hazard.
        self.constants = model.cadre_constants
        self.hazard = model.quit_hazard
        self.stats = model.stats
        self.ledger = model.ledger
        self.community = community
        self.post = post
        self.role = role
        self.tenure_days = tenure_years * 365.0
        self.skill = skill
        self.resilience = resilience
        self.exhaustion = exhaustion
        self.backlog: list[Task] = []
        self.fines: deque[tuple[int, float]] = deque()
        self.overtime_week = 0.0  # exponentially smoothed weekly overtime, h/week
        self.hours_today = 0.0
        self.overtime_today = 0.0
        self.off_desk_today = 0.0
        self.worked_weekend = False
        self.urgent_depts_today: set[int] = set()

    # --- state -------------------------------------------------------------------------
    @property
    def pay(self) -> float:
        """Monthly pay in yuan (S9)."""
        return self.model.pay[self.role]

    @property
    def productivity(self) -> float:
        """Work done per hour relative to an experienced, rested, average cadre."""
        c = self.constants
        ramp = 1 - (1 - c.newcomer) * math.exp(-self.tenure_days / c.ramp_days)
        return self.skill * ramp * (1 - c.fatigue_loss * self.exhaustion)

    @property
    def backlog_hours(self) -> float:
        """Standard hours of unfinished work."""
        return sum(map(_remaining, self.backlog))

    def recent_fines(self, day: int) -> float:
        """Fines within the fine memory (``cadres.fine_memory_days``), yuan."""
        return self.hazard.recent_fines(self, day)

    # --- the day -----------------------------------------------------------------------
    def assign(self, task: Task, day: int) -> None:
        """Take over a task; colliding urgent orders from two bosses cost rework (S10)."""
        if task.urgent and task.dept >= 0:
            if self.urgent_depts_today and task.dept not in self.urgent_depts_today:
                rework = self.constants.conflict_rework
                task.hours += rework
                task.remaining += rework
                self.stats.conflicts += 1
            self.urgent_depts_today.add(task.dept)
        self.backlog.append(task)

    def plan_off_desk(self, day: int, office_hours: float) -> float:
        """Hours today away from the counter: meetings, visits and same-day urgent work."""
        hours = 0.0
        due = [task for task in self.backlog if task.deadline <= day + 1]
        if due:  # (productivity, an exponential, only for a cadre with work due)
            prod = self.productivity
            for task in due:
                hours += task.remaining * (1.0 if task.urgent else task.away_share) / prod
        self.off_desk_today = min(hours, office_hours)
        return self.off_desk_today

    def work(self, hours: float, day: int, horizon: float | None = None) -> float:
        """Work up to ``hours`` on the backlog, in the order of :attr:`priority`.

        The shared work loop (:func:`commsim.model.work_loop.work_through`) does the
        work: tasks finished are done by cadres, their hours booked by kind and origin.

        Parameters
        ----------
        hours : float
            Clock hours available.
        day : int
            Today.
        horizon : float, optional
            Only work on tasks due before this day (deadline pressure).

        Returns
        -------
        float
            Clock hours actually used.

        """
        if hours <= 0 or not self.backlog:
            return 0.0
        self.backlog.sort(key=sort_key(type(self).priority))
        used, finished = work_through(self.backlog, hours, self.productivity, day, self.ledger,
                                      Status.DONE_BY_CADRE, book=self.stats.add_hours,
                                      horizon=horizon)
        if finished:
            self.backlog = pending(self.backlog)
        return used

    def rest_and_recover(self, day: int, overtime: float, rest_day: bool) -> None:
        """Effort–recovery update of exhaustion at the end of a day.

        Exhaustion grows with every hour beyond the paid day (scaled by the
        cadre's resilience) and recovers in off-job time (Meijman & Mulder 1998):
        on a rest day fully if nothing was worked and less the more was worked
        (none at ``cadres.rest_day_recovery_hours``), so four hours of rota duty
        still leave part of the day's recovery; on a working day's evening partly,
        less the longer the evening's overtime.

        Parameters
        ----------
        day : int
            Today.
        overtime : float
            Hours beyond the paid day (on a rest day: every hour worked).
        rest_day : bool
            Today is a weekend day or holiday.

        """
        c = self.constants
        e = self.exhaustion
        e += c.gain * self.resilience * overtime * (1 - e)
        # (conditional expressions, not min/max calls: this runs once per cadre-day)
        if rest_day:
            rest = 1 - overtime / c.rest_day_span
            rest = rest if rest > 0.0 else 0.0
        else:
            rest = 1 - overtime / c.evening_span
            rest = c.evening_recovery * (rest if rest > 0.0 else 0.0)
        e -= c.recovery * rest * e
        e = e if e > 0.0 else 0.0
        self.exhaustion = e if e < 1.0 else 1.0
        self.overtime_week += (7 * overtime - self.overtime_week) / c.overtime_memory
        self.tenure_days += 1

    def quit_hazard(self, day: int) -> float:
        """Daily probability of quitting (see :class:`commsim.model.turnover.QuitHazard`)."""
        return self.hazard.probability(self, day)


_remaining = attrgetter("remaining")
