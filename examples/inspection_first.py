"""Inspected work first: cadres who keep the records inspections score before anything else.

An example of a changed cadre behaviour written outside the package: a new queue
discipline (see ``docs/extending.md``). Seed point S6: inspections and star ratings
score records, and "to pass, cadres fabricate materials" (编造虚假的资料) when the
records are not done; surge work right before inspections (突击抓) breeds fabrication.
Cadres who expect to be judged by the records may keep them first. Here every cadre
works the records an inspection looks at (ledgers, forms, inspection preparation:
``Task.inspected``) before any other task, and within each group the earliest deadline
first. The committee's helpers, who work the cadres' pooled backlog, follow the same
order. Nothing else changes: no parameter, no random draw.
"""

from __future__ import annotations

from commsim import CommunityModel
from commsim.model.agents.cadre import Cadre
from commsim.model.task_ledger import Task


def inspected_first(task: Task) -> tuple[bool, float]:
    """Sort key: inspected records first (``False`` sorts first), then by deadline."""
    return (not task.inspected, task.deadline)


class InspectionFirstCadre(Cadre):
    """A cadre who keeps the inspected records before any other work."""

    priority = staticmethod(inspected_first)


class InspectionFirstModel(CommunityModel):
    """The community model in which every cadre, initial or hired, works inspected first."""

    cadre_class = InspectionFirstCadre
