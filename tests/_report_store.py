"""Write small results stores (the documented layout) from real tiny runs, for report tests."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import commsim
from commsim.experiments.manifest import catalog

TINY = {"run.days": 30, "run.communities": 1}


def write_store(path: Path, plan: Sequence[tuple[str, int, Mapping[str, Any]]], *,
                seed: int = 7, name: str = "test", failed: int = 0,
                extra_tables: Mapping[str, pd.DataFrame] | None = None,
                spec: Mapping[str, Any] | None = None) -> Path:
    """Run ``plan`` (scenario, replication, overrides) and write a results store at ``path``."""
    path.mkdir(parents=True, exist_ok=True)
    rows, daily, hours = [], [], []
    swept = sorted({k for _, _, o in plan for k in o if k not in TINY})
    for run_id, (scenario, rep, overrides) in enumerate(plan):
        result = commsim.simulate(scenario, seed=seed, replication=rep,
                                  overrides={**TINY, **overrides})
        ident = {"run_id": run_id, "scenario": scenario, "replication": rep}
        row = {**ident, "seed": seed, "status": "ok", "error": None,
               "wall_seconds": result.wall_seconds}
        row.update({f"param.{k}": overrides.get(k, np.nan) for k in swept})
        row.update(result.summary)
        rows.append(row)
        daily.append(result.daily.assign(**ident)[[*ident, *commsim.DAILY_SERIES]])
        hours.append(result.hours.assign(**ident)[[*ident, "dimension", "category", "hours"]])
    for k in range(failed):
        rows.append({"run_id": len(rows), "scenario": plan[0][0], "replication": 100 + k,
                     "seed": seed, "status": "failed", "error": "ValueError: <boom> & co",
                     "wall_seconds": 0.1})
    runs = pd.DataFrame(rows)
    runs.to_parquet(path / "runs.parquet", index=False)
    for sub, frames in (("daily", daily), ("hours", hours)):
        (path / sub).mkdir(exist_ok=True)
        pd.concat(frames, ignore_index=True).to_parquet(path / sub / "part-00000.parquet",
                                                        index=False)
    for stem, table in (extra_tables or {}).items():
        table.to_parquet(path / f"{stem}.parquet", index=False)
    manifest = {"spec": dict(spec or {"name": name}), "seed": seed, "status": "complete",
                "versions": {"commsim": commsim.__version__, "python": "3.12"},
                "git_commit": "0123abc", "host": "test-host", "started": "2026-01-01T00:00:00Z",
                "finished": "2026-01-01T00:01:00Z", "runs": len(rows), "failures": failed,
                "params": {"run.days": 30},
                **catalog([p for s, _, _ in plan for p in commsim.load_scenario(s).policies],
                          [*TINY, *swept])}
    (path / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return path


def comparison_store(path: Path, scenarios: Sequence[str] = ("baseline", "admission_gate"),
                     reps: int = 3, **kwargs: Any) -> Path:
    """A policy comparison: every scenario × ``reps`` replications."""
    plan = [(s, r, {}) for s in scenarios for r in range(reps)]
    return write_store(path, plan, name="comparison", **kwargs)


def sweep_store(path: Path) -> Path:
    """A 2 × 2 sweep over two parameters of the baseline, with a Sobol table."""
    plan = [("baseline", 0, {"street.leakage": a, "cadres.per_community": c})
            for a in (0.1, 0.5) for c in (5, 9)]
    sobol = pd.DataFrame({
        "metric": ["overtime_hours_per_cadre_week"] * 2 + ["turnover_rate"] * 2,
        "parameter": ["street.leakage", "cadres.per_community"] * 2,
        "S1": [0.1, 0.6, 0.2, 0.3], "S1_conf": [0.05, 0.1, 0.04, 0.08],
        "ST": [0.15, 0.7, 0.3, 0.5], "ST_conf": [0.06, 0.1, 0.05, 0.09]})
    morris = pd.DataFrame({
        "metric": ["overtime_hours_per_cadre_week"] * 2,
        "parameter": ["street.leakage", "cadres.per_community"],
        "mu_star": [0.4, 2.1], "mu_star_conf": [0.1, 0.3], "sigma": [0.2, 0.9]})
    return write_store(path, plan, name="sweep", extra_tables={"sobol": sobol, "morris": morris})
