"""Department tasks and the ledger that accounts for every one of them.

A task is a unit of administrative work a department (or the street office)
sends to a community: a data report, a form, a ledger (台账), a meeting, a field
visit, a supervision duty, inspection preparation or a complaint to answer.
Every task a department needs done ends in exactly one destination — done by
cadres, done by helpers or contractors, done by the department's own staff, not
done at all (a service shortfall), expired undone long after its deadline, or
done by another workforce a policy handed it to (:mod:`commsim.model.workforces`)
— or is still pending. Refusal at a gate and not ordering under a price are
*decisions*, not destinations: such work goes through
:mod:`commsim.model.fallback` to one of the destinations. :class:`TaskLedger` keeps
the counts so that conservation ("never lost, never counted twice") is a
checkable invariant.
"""

from __future__ import annotations

from enum import IntEnum

from commsim.core.schema import KIND_NAMES


class Status(IntEnum):
    """Where a task is in its life: pending, or one destination."""

    PENDING = 0  #: accepted (or in transit to the community) and not finished
    DONE_BY_CADRE = 1  #: finished by a cadre (on time or late; possibly fabricated)
    DONE_BY_HELPERS = 2  #: finished by purchased or funded helper capacity
    DONE_BY_DEPARTMENT = 3  #: refused or not ordered, then done by the department's own staff
    SHORTFALL = 4  #: refused or not ordered, and done by nobody (a service shortfall)
    EXPIRED = 5  #: accepted, then dropped undone long after its deadline
    DONE_BY_WORKFORCE = 6  #: handed by a policy to another workforce, which finished it
    DONE = 1  #: alias of :attr:`DONE_BY_CADRE`
    OUTSOURCED = 2  #: alias of :attr:`DONE_BY_HELPERS`


#: Destinations: every task that is not pending is in exactly one of these.
DESTINATIONS: tuple[Status, ...] = (
    Status.DONE_BY_CADRE, Status.DONE_BY_HELPERS, Status.DONE_BY_DEPARTMENT, Status.SHORTFALL,
    Status.EXPIRED, Status.DONE_BY_WORKFORCE,
)


#: Kinds of task whose records inspections check (indices into KIND_NAMES).
INSPECTED_KINDS: frozenset[int] = frozenset(
    KIND_NAMES.index(k) for k in ("ledger", "inspection_prep", "form"))

#: Where a task came from.
ORIGINS: tuple[str, ...] = ("department", "street", "duplicate", "leaked", "inspection",
                            "resident")


class Task:
    """One piece of administrative work.

    Attributes
    ----------
    uid : int
        Serial number within the run.
    kind : int
        Index into :data:`commsim.core.schema.KIND_NAMES`.
    dept : int
        Index of the requesting department (-1 for the street office).
    community : int
        Index of the community that must do it.
    origin : str
        One of :data:`ORIGINS`.
    statutory : bool
        On the statutory list of community duties (S7).
    hours : float
        Standard hours of work (at productivity 1) after policies adjusted them.
    remaining : float
        Standard hours still to do.
    away_share : float
        Share of the hours spent away from the counter (meetings, visits).
    created, deadline : float
        Day of arrival and day (fractional) by which it must be finished.

    """

    __slots__ = (
        "uid", "kind", "dept", "community", "origin", "statutory", "urgent", "hours",
        "remaining", "away_share", "created", "deadline", "status", "late", "fabricated",
        "inspected", "arrival", "funded",
    )

    def __init__(
        self,
        uid: int,
        kind: int,
        dept: int,
        community: int,
        origin: str,
        statutory: bool,
        urgent: bool,
        hours: float,
        away_share: float,
        created: float,
        deadline: float,
    ) -> None:
        self.uid = uid
        self.kind = kind
        self.dept = dept
        self.community = community
        self.origin = origin
        self.statutory = statutory
        self.urgent = urgent
        self.hours = hours
        self.remaining = hours
        self.away_share = away_share
        self.created = created
        self.arrival = created
        self.deadline = deadline
        self.status = Status.PENDING
        self.late = False
        self.fabricated = False
        self.funded = False  # money came with it (a policy bought helper hours once)
        self.inspected = kind in INSPECTED_KINDS

    @property
    def kind_name(self) -> str:
        """The task kind as a word."""
        return KIND_NAMES[self.kind]

    def __repr__(self) -> str:
        return (
            f"Task({self.uid}, {self.kind_name}, origin={self.origin}, "
            f"status={self.status.name}, remaining={self.remaining:.2f}h)"
        )


class TaskLedger:
    """Counts of tasks by status; every status change goes through :meth:`move`.

    Besides the statuses it counts the decisions that send work to
    :mod:`commsim.model.fallback`: ``refused`` (turned away at the committee's door),
    ``not_ordered`` (a price or an empty budget) and ``leaked`` (came back to the
    committee informally afterwards, with a new deadline).
    """

    def __init__(self) -> None:
        self.created = 0
        self.by_status = [0] * (max(Status) + 1)
        self.late_done = 0
        self.fabricated = 0
        self.expired_hours = 0.0  # remaining hours of tasks that expired undone
        self.fabricated_hours = 0.0  # remaining hours of records closed as fabricated
        self.refused = 0
        self.not_ordered = 0
        self.leaked = 0
        #: Tasks finished by each workforce a policy handed work to (``DONE_BY_WORKFORCE``).
        self.done_by_workforce: dict[str, int] = {}
        self.inspected_opened: dict[int, int] = {}  # per community: records inspections see

    def open(self, task: Task) -> None:
        """Register a new task (status pending)."""
        self.created += 1
        self.by_status[Status.PENDING] += 1
        if task.inspected:
            c = task.community
            self.inspected_opened[c] = self.inspected_opened.get(c, 0) + 1

    def move(self, task: Task, status: Status) -> None:
        """Change the status of ``task`` and update the counts."""
        if task.status != Status.PENDING:
            raise RuntimeError(f"{task!r} is already closed")
        self.by_status[Status.PENDING] -= 1
        self.by_status[status] += 1
        task.status = status
        if status == Status.DONE and task.late:
            self.late_done += 1
        if status == Status.EXPIRED:
            self.expired_hours += task.remaining
        if task.fabricated:
            self.fabricated += 1
            self.fabricated_hours += task.remaining

    def count(self, status: Status) -> int:
        """Number of tasks currently in ``status``."""
        return self.by_status[status]

    def balanced(self) -> bool:
        """Conservation: every created task is in exactly one status."""
        return sum(self.by_status) == self.created and min(self.by_status) >= 0
