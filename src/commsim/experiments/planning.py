"""The runs of an experiment: design points and the task of every run id.

With ``P`` design points (scenarios x design samples), run ``i`` is replication
``i // P`` of point ``i % P`` (see :mod:`commsim.experiments.engine`).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from commsim.experiments import designs
from commsim.experiments.spec import Spec
from commsim.experiments.worker import GroupOrder, RunOrder
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


def warm_identities(plan_: Plan) -> list[Hashable | None]:
    """Per design point, what its runs must share with another point's to share a warm-up.

    ``None`` for a point whose runs share none (no warm-up, or a policy with a daily
    series of its own; see :mod:`commsim.run.warm_start`).
    """
    from commsim.run.warm_start import identity, shares_warmup

    spec = plan_.spec
    out: list[Hashable | None] = []
    for point in plan_.points:
        scenario = point.scenario
        cls = scenario.make_model_class()
        params = scenario.params({**spec.params, **point.values}, source=spec.source,
                                 model_class=cls)
        out.append(identity(params, cls) if shares_warmup(params, scenario.policies) else None)
    return out


def grouped(plan_: Plan, run_ids: Iterable[int], identities: list[Hashable | None],
            chunks: int = 1) -> Iterator[RunOrder]:
    """The orders of ``run_ids`` (increasing), runs that share a warm-up grouped.

    Runs of one replication whose points share a warm-up identity become one
    :class:`GroupOrder` (split into ``chunks`` groups, each warming up itself, to keep
    more workers busy when there are few groups); the others stay single runs.
    """
    size = plan_.size
    current = -1
    buffer: dict[Hashable, list[RunOrder]] = {}

    def flush() -> Iterator[RunOrder]:
        for members in buffer.values():
            step = math.ceil(len(members) / chunks)
            for start in range(0, len(members), step):
                part = members[start:start + step]
                yield GroupOrder.of(part) if len(part) > 1 else part[0]
        buffer.clear()

    for run_id in run_ids:
        if run_id // size != current:
            yield from flush()
            current = run_id // size
        ident = identities[run_id % size]
        if ident is None:
            yield plan_.task(run_id)
        else:
            buffer.setdefault(ident, []).append(plan_.task(run_id))
    yield from flush()


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
