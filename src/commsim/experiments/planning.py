"""The runs of an experiment: design points and the task of every run id.

With ``P`` design points (scenarios x design samples), run ``i`` is replication
``i // P`` of point ``i % P`` (see :mod:`commsim.experiments.engine`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from commsim.experiments import designs
from commsim.experiments.spec import Spec
from commsim.experiments.worker import RunOrder
from commsim.inputs.scenario import Scenario


@dataclass(frozen=True)
class Point:
    """One design point: a scenario and the values of the design's factors."""

    index: int
    scenario: Scenario
    values: dict[str, Any]


@dataclass
class Plan:
    """The runs of an experiment."""

    spec: Spec
    points: list[Point]
    unit: np.ndarray | None

    @property
    def size(self) -> int:
        """Design points per replication."""
        return len(self.points)

    def task(self, run_id: int) -> RunOrder:
        """The task of run ``run_id``."""
        point = self.points[run_id % self.size]
        spec = self.spec
        return RunOrder(run_id=run_id, scenario=point.scenario, seed=spec.seed,
                    replication=run_id // self.size,
                    overrides={**spec.params, **point.values}, timeout=spec.timeout,
                    keep_daily="daily" in spec.outputs, keep_hours="hours" in spec.outputs,
                    plugins=spec.plugins)


def plan(spec: Spec) -> Plan:
    """Expand ``spec`` into its design points (validating every point's parameters)."""
    values, unit = designs.points(spec.design, design_seed(spec))
    points = [Point(i * len(values) + j, scenario, v)
              for i, scenario in enumerate(spec.scenarios) for j, v in enumerate(values)]
    for p in points:
        p.scenario.params({**spec.params, **p.values}, source=spec.source)
    return Plan(spec, points, unit)


def design_seed(spec: Spec) -> int:
    """Seed of the design's sampling and analysis (the design's own, else the root seed)."""
    return spec.design.seed if spec.design.seed is not None else spec.seed
