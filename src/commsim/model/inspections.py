"""Inspections, fabricated records and fines (seed points S6, S10).

On an inspection day the street office scores every community's inspected
records that are due: what is not finished is fabricated (编造虚假的资料, S6)
with probability ``inspections.fabrication_probability`` — counted as done and
fabricated — or fails, which brings a fine on the responsible cadre (S10) and a
rectification order. A fabricated record passes unless the inspector detects it
(``inspections.detection_probability``); a detected fabrication brings a larger fine
(``inspections.detected_fine_yuan``) and a rectification order. Fines for missed deadlines
(:func:`commsim.model.deadlines.Deadlines.check`) go through the same
:class:`FineBook`, the one writer of the run's fine total.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from commsim.core.metrics import summary_metric
from commsim.model.task_ledger import Status, TaskLedger

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from commsim.model.agents.cadre import Cadre
    from commsim.model.measurement import Window
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


class Inspector:
    """How an inspection treats unfinished and fabricated records (S6).

    Parameters
    ----------
    fabrication_probability : float
        Chance an unfinished inspected record is fabricated rather than failed.
    detection_probability : float
        Chance a fabricated record is detected.
    fine, detected_fine : float
        Fine per failed record and per detected fabrication, yuan.
    rng, detection_rng : numpy.random.Generator
        The ``fabrication`` and ``detection`` streams.

    """

    def __init__(
        self, *, fabrication_probability: float, detection_probability: float, fine: float,
        detected_fine: float, rng: np.random.Generator, detection_rng: np.random.Generator,
    ) -> None:
        self.fabrication_probability = fabrication_probability
        self.detection_probability = detection_probability
        self.fine = fine
        self.detected_fine = detected_fine
        self.rng = rng
        self.detection_rng = detection_rng

    def score(
        self, cadres: Iterable[Cadre], day: int, n_communities: int, *, ledger: TaskLedger,
        fines: FineBook, rectify: Callable[[Task, int], None],
    ) -> tuple[np.ndarray, np.ndarray]:
        """Score the inspected records due by ``day``; failed and detected counts per community.

        Unfinished records are fabricated (closed as done and fabricated) or fail:
        a fine on the cadre and a rectification order (``rectify(task, day)``). A
        fabrication is detected with ``detection_probability``: the larger fine and a
        rectification order.
        """
        failed = np.zeros(n_communities)
        detected = np.zeros(n_communities)
        for cadre in cadres:
            due = [t for t in cadre.backlog if t.inspected and t.deadline <= day]
            if not due:
                continue
            draws = self.rng.random(len(due))
            caught = self.detection_rng.random(len(due)) < self.detection_probability
            for task, u, found in zip(due, draws, caught, strict=True):
                if u < self.fabrication_probability:
                    task.fabricated = True
                    ledger.move(task, Status.DONE)  # books the undone hours first
                    task.remaining = 0.0
                    if not found:
                        continue
                    detected[task.community] += 1
                    fines.impose(cadre, day, self.detected_fine)
                else:
                    failed[task.community] += 1
                    fines.impose(cadre, day, self.fine)
                rectify(task, day)
            cadre.backlog = [t for t in cadre.backlog if t.status == Status.PENDING]
        return failed, detected


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
def _fabricated_records(window: Window) -> float:
    return float(window.ledger.fabricated)


@summary_metric(
    "fines_yuan",
    unit="yuan",
    label="Inspection fines",
    label_zh="考核罚款(元)",
    better="lower",
    bounds=(0.0, None),
    description="Fines imposed at inspections.",
)
def _fines_yuan(window: Window) -> float:
    return window.fines.total
