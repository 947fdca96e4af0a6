"""Batches of explicit parameter sets run through the sweep engine, resumably.

Calibration waves, the robust experiment and every generation of the policy search
are ``table`` designs (explicit points) run by :func:`commsim.experiments.run` into
their own store folder. A batch whose store is complete is loaded instead of run; an
unfinished one is resumed; so a killed calibration or search loses at most the runs
since the store's last journal flush.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from commsim.experiments.engine import run
from commsim.experiments.spec import spec_from_table
from commsim.experiments.worker import OK
from commsim.inputs.scenario import Scenario
from commsim.results.store import MANIFEST, read_manifest


def _stored_points(out: Path, keys: Sequence[str]) -> dict[str, list[Any]] | None:
    """The factor values a store was started with (None if there is no store)."""
    if not (out / MANIFEST).exists():
        return None
    factors = read_manifest(out).get("spec", {}).get("design", {}).get("factors", {})
    if set(factors) != set(keys):
        return None
    return {k: list(factors[k]["values"]) for k in keys}


def _same(a: Sequence[Any], b: Sequence[Any]) -> bool:
    if len(a) != len(b):
        return False
    try:
        return bool(np.allclose(np.asarray(a, float), np.asarray(b, float), rtol=1e-9,
                                atol=1e-12))
    except (TypeError, ValueError):
        return list(a) == list(b)


def run_points(points: pd.DataFrame, scenarios: Sequence[Scenario], out: Path, *,
               name: str, seed: int, days: int, communities: int,
               params: Mapping[str, Any] | None = None, metrics: Sequence[str] = (),
               executor: Mapping[str, Any] | None = None, source: str = "<robust>"
               ) -> pd.DataFrame:
    """Run every scenario at every point (one column per parameter) through the engine.

    Parameters
    ----------
    points : pandas.DataFrame
        One row per point, one column per dotted parameter key.
    scenarios : sequence of Scenario
        Run at every point; replication 0 of every run shares its random streams
        (common random numbers across scenarios and points).
    out : Path
        Store folder of this batch (resumed if unfinished, loaded if complete).
    name, seed, days, communities, params, metrics
        Experiment name, root seed, run size, fixed parameters, analysed metrics.
    executor : mapping, optional
        ``executor``, ``workers``, ``scheduler``, ``progress`` for :func:`run`.
    source : str
        Named in error messages.

    Returns
    -------
    pandas.DataFrame
        The runs table with ``point`` (row of ``points``) and ``scenario`` columns,
        sorted by scenario then point; failed runs have NaN metrics.

    """
    keys = list(points.columns)
    values = {k: [v.item() if hasattr(v, "item") else v for v in points[k].tolist()]
              for k in keys}
    stored = _stored_points(out, keys)
    if stored is not None and all(_same(stored[k], values[k]) for k in keys):
        values = stored  # bit-identical to the interrupted batch, so its fingerprint matches
    table: dict[str, Any] = {
        "name": name, "scenarios": [s.name for s in scenarios], "seed": seed, "days": days,
        "communities": communities, "outputs": [], "params": dict(params or {}),
        "design": {"kind": "table", "factors": {k: {"values": values[k]} for k in keys}},
    }
    if metrics:
        table["metrics"] = list(metrics)
    # The batch is built in memory from one part of the robust spec: its own fingerprint
    # (checked on resume) covers everything it runs, so the robust spec's file is named
    # in messages but not hashed as an input -- editing another part of that file (the
    # search, the thresholds) must not block resuming a calibration wave.
    spec = spec_from_table({**table, "scenarios": ["baseline"]}, source=f"{source} [{name}]")
    from dataclasses import replace

    spec = replace(spec, scenarios=tuple(scenarios), baseline=scenarios[0].name,
                   table={**spec.table, "scenarios": [s.name for s in scenarios],
                          "scenario_overrides": {s.name: {"policies": list(s.policies),
                                                          **s.overrides} for s in scenarios}})
    for s in scenarios:
        for i in range(len(points)):
            s.params({**spec.params, **{k: values[k][i] for k in keys}}, source=source)
    resume = (out / MANIFEST).exists()
    res = run(spec, out=out, resume=resume, **dict(executor or {}))
    runs = res.runs.sort_values("run_id").reset_index(drop=True)
    runs["point"] = runs["run_id"] % len(points)
    metric_cols = [c for c in runs.columns if c not in ("error",)]
    runs.loc[runs["status"] != OK, [c for c in metric_cols if runs[c].dtype.kind == "f"
                                     and not c.startswith("param.")
                                     and c != "wall_seconds"]] = np.nan
    order = {s.name: i for i, s in enumerate(scenarios)}
    return runs.sort_values(["scenario", "point"], key=lambda c: c.map(order)
                            if c.name == "scenario" else c).reset_index(drop=True)
