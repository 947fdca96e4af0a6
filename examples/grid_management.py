"""Grid management (网格化管理): grid workers take over part of the home visits and data collection.

An example of a policy that hands work to another workforce (see ``docs/extending.md``).
Under grid management a street divides its communities into grids, each with a grid
worker (网格员) who patrols it, visits households and collects data; seed 004 describes
the four-shift grid patrols (S10). The reform modelled here gives the grid workers a
share ``grid.share`` of the committee's household visits (``field_visit``) and data
collection (``data_report``) that are not urgent. The grid workers of a community work
``grid.hours_per_1000_households`` clock hours a working day on such tasks per 1,000
households, at ``grid.productivity`` and ``grid.wage_per_hour``; a task is handed over
only while less than ``grid.max_queue_days`` days of their hours already wait, so they
never hoard work they cannot do. The model books their hours in the hours table under
the destination ``grid_workers``, their cost in ``cost_helpers_yuan`` and the tasks they
finish in the ledger (``DONE_BY_WORKFORCE``). The policy declares its own metrics,
``grid_tasks_done`` and ``grid_hours``, read from the measured window's accounts.
"""

from __future__ import annotations

import numpy as np

from commsim import Param, Params
from commsim.core.metrics import summary_metric
from commsim.model.measurement import Window
from commsim.model.task_ledger import Task
from commsim.policies import Policy, register
from commsim.policies.context import PolicyContext
from commsim.policies.workforce import Workforce

#: The destination name of the grid workers (hours table, ledger).
GRID = "grid_workers"
#: Task kinds grid workers take over.
KINDS = ("field_visit", "data_report")


@register
class GridManagement(Policy):
    """Grid workers take a share of the non-urgent home visits and data collection."""

    name = "grid_management"
    description = "grid workers take over part of the home visits and data collection"
    parameters = (
        Param("grid.share", 0.5, "share", 0, 1, "seed 004 (grid patrols, S10), assumption",
              "Share of non-urgent field visits and data reports handed to grid workers."),
        Param("grid.hours_per_1000_households", 2.0, "h/workday/1000 households", 0, 40,
              "assumption", "Clock hours grid workers spend on handed-over tasks per "
              "working day and 1,000 households."),
        Param("grid.productivity", 0.8, "share", 0.05, 2, "assumption",
              "Standard hours a grid worker does per clock hour."),
        Param("grid.wage_per_hour", 25.0, "yuan/h", 0, 1000, "assumption",
              "Cost of one grid worker hour."),
        Param("grid.max_queue_days", 1.0, "day", 0, 30, "assumption",
              "Tasks are handed over only while less than this many days of the grid "
              "workers' hours wait in the community's queue."),
    )

    def __init__(self, params: Params, rng: np.random.Generator) -> None:
        super().__init__(params, rng)
        self.share = float(params["grid.share"])
        self.max_queue_days = float(params["grid.max_queue_days"])
        self.hours: list[float] = []

    def attach(self, context: PolicyContext) -> None:
        """Size each community's grid workers' hours by its households."""
        super().attach(context)
        per_1000 = float(self.params["grid.hours_per_1000_households"])
        self.hours = (np.asarray(context.community_sizes, dtype=float) / 1000
                      * per_1000).tolist()

    def workforces(self) -> tuple[Workforce, ...]:
        """The grid workers: hours per community, productivity and wage."""
        return (Workforce(GRID, self.hours, float(self.params["grid.productivity"]),
                          float(self.params["grid.wage_per_hour"])),)

    def handoff(self, task: Task) -> str | None:
        """Hand a share of the non-urgent visits and data reports to the grid workers."""
        draw = self.rng.random()  # one draw per task: the stream stays aligned
        if task.kind_name not in KINDS or task.urgent or draw >= self.share:
            return None
        assert self.context is not None
        waiting = self.context.queued_hours(GRID, task.community)
        if waiting >= self.max_queue_days * self.hours[task.community]:
            return None
        return GRID


@summary_metric(
    "grid_tasks_done",
    unit="tasks",
    label="Tasks done by grid workers",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    policy="grid_management",
    description="Field visits and data reports the grid workers finished.",
)
def _grid_tasks_done(window: Window) -> float:
    return float(window.ledger.done_by_workforce.get(GRID, 0))


@summary_metric(
    "grid_hours",
    unit="h",
    label="Grid worker hours",
    better="neither",
    bounds=(0.0, None),
    policy="grid_management",
    description="Clock hours grid workers spent on tasks handed over from the committees.",
)
def _grid_hours(window: Window) -> float:
    return float(window.stats.workforce_hours.get(GRID, 0.0))
