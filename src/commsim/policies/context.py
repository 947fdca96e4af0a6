"""What a policy sees of the run: a narrow context instead of the whole model.

A policy decides from a task and its own state; some decisions need a little of the
run as well — the calendar (working days, inspections), how many households each
community has, the task ledger's counts, how much work waits for a workforce the
policy hands work to. :class:`PolicyContext` holds exactly these, and the model
gives it to every policy (:meth:`~commsim.policies.base.Policy.attach`) before the
first day. A policy reads it; it never changes the model through it (the ledger
changes only through the model's own mechanisms).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from commsim.model.task_ledger import TaskLedger
    from commsim.model.work_calendar import Calendar
    from commsim.model.workforces import WorkforceQueue


@dataclass(frozen=True)
class PolicyContext:
    """The run as a policy sees it.

    Attributes
    ----------
    calendar : Calendar
        Working days, weekdays, inspection days and campaign seasons of the run
        (days count from the start of the warm-up; a policy's own ``day`` counts from
        its introduction, ``calendar.warmup`` days later).
    community_sizes : numpy.ndarray
        Households per community.
    ledger : TaskLedger
        The run's task counts (read only).
    workforces : mapping of str to WorkforceQueue
        The queues of the workforces policies declared, by name (filled after
        :meth:`~commsim.policies.base.Policy.attach`, before the first day).

    """

    calendar: Calendar
    community_sizes: np.ndarray
    ledger: TaskLedger
    workforces: Mapping[str, WorkforceQueue]

    @property
    def communities(self) -> int:
        """Number of communities."""
        return len(self.community_sizes)

    def queued_hours(self, workforce: str, community: int) -> float:
        """Clock hours of work waiting for ``workforce`` in ``community``."""
        return self.workforces[workforce].queued_hours(community)
