"""Inspections, fabricated records and fines (seed points S6, S10).

On an inspection day the street office scores every community's inspected
records that are due: what is not finished is fabricated (编造虚假的资料, S6)
with probability ``inspections.fabrication_probability`` — counted as done and
fabricated — or fails, which brings a fine on the responsible cadre (S10) and a
rectification order. Fines for missed deadlines
(:func:`commsim.model.deadlines.check_deadlines`) go through the same
:class:`FineBook`, the one writer of the run's fine total.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from commsim.metrics import summary_metric
from commsim.model.task_ledger import Status, TaskLedger

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from commsim.agents.cadre import Cadre
    from commsim.model.community_model import CommunityModel
    from commsim.model.task_ledger import Task


class FineBook:
    """Every fine of a run: on the cadre's record (for the quit hazard) and in the total."""

    def __init__(self) -> None:
        self.total = 0.0
        self.count = 0

    def impose(self, cadre: Cadre, day: int, amount: float) -> None:
        """Fine ``cadre`` ``amount`` yuan on ``day``."""
        cadre.fines.append((day, amount))
        self.total += amount
        self.count += 1


def score_records(
    cadres: Iterable[Cadre], day: int, *, fabrication_probability: float, fine: float,
    rng: np.random.Generator, ledger: TaskLedger, fines: FineBook,
    rectify: Callable[[Task, int], None],
) -> int:
    """Score the inspected records due by ``day`` of every cadre; return how many failed.

    Unfinished records are fabricated with probability ``fabrication_probability``
    (closed as done and fabricated); the rest fail: ``fine`` on the cadre and a
    rectification order (``rectify(task, day)``).
    """
    failed = 0
    for cadre in cadres:
        due = [t for t in cadre.backlog if t.inspected and t.deadline <= day]
        if not due:
            continue
        draws = rng.random(len(due))
        for task, u in zip(due, draws, strict=True):
            if u < fabrication_probability:
                task.fabricated = True
                task.remaining = 0.0
                ledger.move(task, Status.DONE)
            else:
                failed += 1
                fines.impose(cadre, day, fine)
                rectify(task, day)
        cadre.backlog = [t for t in cadre.backlog if t.status == Status.PENDING]
    return failed


@summary_metric(
    "fabricated_records",
    unit="records",
    label="Fabricated records",
    label_zh="造假台账数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    description="Department tasks closed with a fabricated record (S6).",
)
def _fabricated_records(model: CommunityModel) -> float:
    return float(model.ledger.fabricated)


@summary_metric(
    "fines_yuan",
    unit="yuan",
    label="Inspection fines",
    label_zh="考核罚款(元)",
    better="lower",
    bounds=(0.0, None),
    description="Fines imposed at inspections.",
)
def _fines_yuan(model: CommunityModel) -> float:
    return model.fines.total
