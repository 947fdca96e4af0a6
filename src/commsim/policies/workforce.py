"""A workforce a policy hands work to, declared by the policy (hours, productivity, wage).

Some reforms do not make the committee's work smaller: they give part of it to
other people. Grid management (网格化管理) sends grid workers on the home visits
and data collection the committee used to do (seed 004 on four-shift grid
patrols, S10); a district may second staff or volunteers. A policy declares each
such workforce with :class:`Workforce` (returned by
:meth:`~commsim.policies.base.Policy.workforces`) and hands tasks to it with its
``handoff`` hook. The model (:mod:`commsim.model.workforces`) keeps one queue per
community for each workforce, works it every working day with the work loop
cadres use (:mod:`commsim.model.work_loop`), closes finished tasks under the
destination ``DONE_BY_WORKFORCE`` (counted per workforce in the ledger), and
books the hours in the hours table under the workforce's name and their cost
(hours x wage) in ``cost_helpers_yuan`` and the full social cost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

#: Destination names the model books itself (the hours table's ``destination`` rows).
RESERVED: tuple[str, ...] = ("cadres", "helpers", "department")


@dataclass(frozen=True)
class Workforce:
    """The declaration of a workforce outside the committee.

    Parameters
    ----------
    name : str
        Destination name (``snake_case``): the hours table's category and the
        ledger's key. Not one of :data:`RESERVED`.
    hours_per_day : float or sequence of float
        Clock hours the workforce works on handed-over tasks per working day in each
        community (one number for all, or one per community).
    productivity : float
        Standard hours done per clock hour (1 = an experienced, rested cadre).
    wage_per_hour : float
        Cost of one clock hour, yuan.
    priority : callable, optional
        Queue discipline ``priority(task) -> sort key``; earliest deadline first if
        omitted (:func:`commsim.model.work_loop.earliest_deadline`).

    """

    name: str
    hours_per_day: float | Sequence[float]
    productivity: float
    wage_per_hour: float
    priority: Callable[[Any], Any] | None = None

    def __post_init__(self) -> None:
        if not self.name.isidentifier() or self.name in RESERVED:
            raise ValueError(f"workforce name {self.name!r} must be an identifier other than "
                             f"{', '.join(RESERVED)}")
        hours = [self.hours_per_day] if isinstance(self.hours_per_day, int | float) \
            else list(self.hours_per_day)
        if any(h < 0 for h in hours) or self.productivity <= 0 or self.wage_per_hour < 0:
            raise ValueError(f"workforce {self.name}: hours and wage must be >= 0 and "
                             "productivity > 0")
