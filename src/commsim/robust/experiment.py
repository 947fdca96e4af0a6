"""Levers x uncertainties: every policy option in every plausible world.

A *world* is one member of the calibrated ensemble (its calibrated parameters) plus
one Latin-hypercube draw of the deep uncertainties. When more worlds are asked for than
the ensemble holds (its verification may accept fewer sets than wanted), the members are
used again in order, each time with a fresh draw of the deep uncertainties: the
ensemble is a sample of the plausible space, and a world is the pair.

Every policy option (a scenario with its lever values) runs in every world as one
``table``-design sweep, so replication 0 of every run shares its random streams:
policies are compared under common random numbers within a world. The sweep store lives
in ``runs/`` under the experiment folder, and ``outcomes.parquet`` is the tidy table
(world, policy, outcomes) that :mod:`commsim.robust.metrics` works on.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from commsim.robust.history import Range
from commsim.robust.spec import RobustSpec
from commsim.robust.sweeps import run_points
from commsim.robust.value import DECISION_METRICS


def deep_sample(ranges: tuple[Range, ...], n: int, seed: int) -> pd.DataFrame:
    """Latin-hypercube draw of the deep uncertainties (one row per world)."""
    from scipy.stats import qmc

    if not ranges:
        return pd.DataFrame(index=range(n))
    unit = qmc.LatinHypercube(d=len(ranges), rng=np.random.default_rng(seed)).random(n)
    data = {}
    for j, r in enumerate(ranges):
        x = r.low + unit[:, j] * (r.high - r.low)
        data[r.key] = np.round(x).astype(int) if r.integer else x
    return pd.DataFrame(data)


def worlds_table(spec: RobustSpec, ensemble: pd.DataFrame, n: int | None = None,
                 seed_offset: int = 0) -> pd.DataFrame:
    """The worlds: ``world`` id, calibrated parameters and deep uncertainties.

    Parameters
    ----------
    spec : RobustSpec
        The specification.
    ensemble : pandas.DataFrame
        The calibrated ensemble (``world`` plus one column per calibrated parameter).
    n : int, optional
        Worlds wanted (default ``spec.worlds``). World ``i`` takes ensemble member
        ``i mod len(ensemble)``, so members repeat when ``n`` exceeds the ensemble's
        size, each time with its own draw of the deep uncertainties.
    seed_offset : int
        Added to the root seed for the deep-uncertainty draw (the search uses its own).

    """
    n = n if n is not None else spec.worlds
    if len(ensemble) == 0:
        raise ValueError("the calibrated ensemble is empty: no plausible world to run")
    members = np.arange(n) % len(ensemble)
    cal = ensemble[[r.key for r in spec.ranges]].iloc[members].reset_index(drop=True)
    deep = deep_sample(spec.deep, n, spec.seed + 1 + seed_offset)
    out = pd.concat([cal, deep], axis=1)
    out.insert(0, "world", np.arange(n))
    return out


def policies_table(spec: RobustSpec) -> pd.DataFrame:
    """One row per policy option: name, scenario, active policies and lever values."""
    return pd.DataFrame([{"policy": p.name, "scenario": p.scenario.name,
                          "policies": ", ".join(p.scenario.policies),
                          "levers": json.dumps(p.levers, sort_keys=True)}
                         for p in spec.policies])


def run_experiment(spec: RobustSpec, ensemble: pd.DataFrame, folder: Path, *,
                   executor: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Run every policy option in every world; write and return the tidy outcomes table.

    Returns
    -------
    pandas.DataFrame
        Columns ``world, policy, status``, the world's parameters, every outcome and
        the metrics of the decision across worlds (one row per world and policy option).

    """
    folder.mkdir(parents=True, exist_ok=True)
    worlds = worlds_table(spec, ensemble)
    from commsim.results.store import write_parquet

    write_parquet(worlds, folder / "worlds.parquet")
    write_parquet(policies_table(spec), folder / "policies.parquet")
    points = worlds.drop(columns="world")
    # the outcomes, and what the decision across worlds needs (commsim.robust.value)
    recorded = list(dict.fromkeys([*spec.outcomes, *DECISION_METRICS]))
    runs = run_points(points, [p.as_scenario() for p in spec.policies], folder / "runs",
                      name=f"{spec.name}-experiment", seed=spec.seed, days=spec.days,
                      communities=spec.communities, params=spec.params,
                      metrics=recorded, executor=executor, source=spec.source)
    tidy = runs[["point", "scenario", "status", *recorded]].rename(
        columns={"point": "world", "scenario": "policy"})
    tidy = tidy.merge(worlds, on="world", how="left")
    write_parquet(tidy, folder / "outcomes.parquet")
    return tidy
