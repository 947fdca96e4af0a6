"""A community's residents' committee: posts, lines of work, counter and helpers.

The committee holds a fixed number of posts (S13). Each district department's
line of work (条线) belongs to one post; when the post is vacant its work falls
on the least-loaded colleague (overload cascades, Casiraghi et al. 2021). Each
working day the committee staffs the counter with whoever is not away, and
spends any helper hours that gate funding or purchased services bought.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

from commsim.model.accounting import HELPERS
from commsim.model.agents.cadre import Cadre
from commsim.model.counter import Counter
from commsim.model.task_ledger import Status, Task
from commsim.model.work_loop import pending, work_through

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel

_backlog_hours = attrgetter("backlog_hours")


class Community:
    """One residents' committee and its posts.

    Parameters
    ----------
    model : CommunityModel
        The model.
    index : int
        Community number.
    posts : int
        Number of cadre posts.
    departments : int
        Number of district departments (lines of work dealt out to posts).

    """

    def __init__(self, model: CommunityModel, index: int, posts: int, departments: int) -> None:
        self.model = model
        # Collaborators, bound once: the helpers close tasks in the ledger, book their
        # hours in the run's accounts and work in the order of the cadres' discipline.
        self.ledger = model.ledger
        self.stats = model.stats
        self.priority = model.cadre_class.priority
        self.helper_max_hours = float(model.params["helpers.max_hours_per_day"])
        self.helper_productivity = float(model.params["helpers.productivity"])
        self.index = index
        self.cadres: list[Cadre | None] = [None] * posts
        self.vacant_until: list[int] = [0] * posts
        self.line_owner = [d % posts for d in range(departments)]
        #: Staff category of each post (S9; set from the district's structure).
        self.roles: list[str] = ["secretary"] + ["staff"] * (posts - 1)
        #: Pay of the best-paid staff category among the posts (S9 peer comparison).
        self.peer_pay = 0.0
        self.admin_bank = 0.0
        self.desk_bank = 0.0
        self.counter: Counter | None = None
        self.desk_helper_hours = 0.0
        self.counter_staff: list[Cadre] = []
        self._rota = 0
        #: Tasks that arrived while every post was vacant; the next hire takes them.
        self.orphans: list[Task] = []

    # --- people --------------------------------------------------------------------
    def present(self) -> list[Cadre]:
        """Cadres currently holding a post."""
        return [c for c in self.cadres if c is not None]

    def least_loaded(self) -> Cadre | None:
        """The present cadre with the fewest backlog hours."""
        present = self.present()
        return min(present, key=_backlog_hours) if present else None

    def owner(self, task: Task) -> Cadre | None:
        """Who does ``task``: the holder of the department's line, else the least loaded."""
        if task.dept >= 0:
            cadre = self.cadres[self.line_owner[task.dept]]
            if cadre is not None:
                return cadre
        return self.least_loaded()

    def deliver(self, task: Task, day: int) -> None:
        """Hand a task to its cadre (or, with no cadre at all, to the helpers' pile)."""
        cadre = self.owner(task)
        if cadre is None:
            self.orphans.append(task)
            return
        cadre.assign(task, day)

    def add_helper_hours(self, admin: float = 0.0, desk: float = 0.0) -> None:
        """Bank helper hours bought by a policy (``extra_capacity`` hook)."""
        self.admin_bank += admin
        self.desk_bank += desk

    def next_on_rota(self) -> Cadre | None:
        """The cadre on weekend duty today (rotating)."""
        present = self.present()
        if not present:
            return None
        self._rota += 1
        return present[self._rota % len(present)]

    # --- the working day -------------------------------------------------------------
    def open_counter(self, day: int) -> Counter:
        """Staff today's counter and return it.

        ``cadres.counter_windows`` cadres take the counter in turn; whatever takes
        them away (meetings, field visits, same-day urgent work) leaves their window
        empty (see :meth:`unmanned_periods`). A contracted desk worker, if purchased,
        opens one more window.
        """
        model = self.model
        cal = model.calendar
        present = self.present()
        for cadre in present:
            cadre.plan_off_desk(day, cal.office_hours)
        windows = min(len(present), int(model.params["cadres.counter_windows"]))
        self._rota += 1
        first = self._rota % len(present) if present else 0
        self.counter_staff = [present[(first + k) % len(present)] for k in range(windows)]
        self.desk_helper_hours = min(self.desk_bank, cal.office_hours)
        self.desk_bank -= self.desk_helper_hours
        speeds = [c.productivity for c in self.counter_staff]
        if self.desk_helper_hours > 0:
            speeds.append(float(model.params["helpers.productivity"]))
        speed = sum(speeds) / len(speeds) if speeds else 1.0
        latest_end = day * 24.0 + cal.sessions[1][1] + float(
            model.params["calendar.service_overrun_hours"])
        self.counter = Counter(model.env, len(speeds), speed, self.service_quality(), latest_end,
                               day=model.counters_today)
        return self.counter

    def unmanned_periods(self, day: int) -> list[tuple[float, float]]:
        """Periods (start, hours) today when a window is unmanned.

        A counter cadre's time away fills the morning session first, then the
        afternoon; the contracted worker's window closes for the hours not bought.
        """
        cal = self.model.calendar
        blocks = [c.off_desk_today for c in self.counter_staff]
        if self.desk_helper_hours > 0:
            blocks.append(cal.office_hours - self.desk_helper_hours)
        start = day * 24.0
        (m_open, m_close), (a_open, a_close) = cal.sessions
        periods = []
        for hours in blocks:
            if hours <= 1e-9:
                continue
            morning = min(hours, m_close - m_open)
            periods.append((start + m_open, morning))
            if hours > morning:
                periods.append((start + a_open, min(hours - morning, a_close - a_open)))
        return periods

    def service_quality(self) -> float:
        """Perceived quality of service, eroded by work pressure (Oliva & Sterman 2001).

        Pressure is the backlog per present cadre relative to a week of paid hours.
        """
        present = self.present()
        if not present:
            return 0.0
        week = 5 * self.model.calendar.paid_hours
        pressure = min(1.0, sum(c.backlog_hours for c in present) / len(present) / week)
        return 1.0 - float(self.model.params["residents.quality_erosion"]) * pressure

    def spend_helper_hours(self, day: int) -> None:
        """Helpers work through the committee's office work in the cadres' queue order.

        They take the pooled backlog of the present cadres (tasks done at a desk, not
        meetings or visits) in the order of the cadres' discipline and work it with the
        shared work loop; what they finish is done by helpers, their hours booked
        under that destination.
        """
        hours = min(self.admin_bank, self.helper_max_hours)
        if hours <= 0:
            return
        present = self.present()
        tasks = sorted((t for c in present for t in c.backlog if t.away_share < 1),
                       key=self.priority)
        used, _ = work_through(tasks, hours, self.helper_productivity, day, self.ledger,
                               Status.DONE_BY_HELPERS)
        self.stats.add_workforce_hours(HELPERS, used)
        self.admin_bank -= used
        for cadre in present:
            cadre.backlog = pending(cadre.backlog)
