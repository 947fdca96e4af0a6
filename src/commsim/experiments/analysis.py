"""Analyses of the finished runs: the precision check and the experiment's tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats as sstats

from commsim.analysis import cost_effectiveness
from commsim.analysis.inference import compare, relative_half_width
from commsim.experiments import designs
from commsim.experiments.planning import Plan, design_seed
from commsim.experiments.spec import Spec
from commsim.experiments.worker import OK


def reported(spec: Spec, rows: pd.DataFrame) -> list[str]:
    """The spec's metrics the runs table holds (a policy's metric only if a run reports it)."""
    return [m for m in spec.metrics if m in rows.columns]


def precision_check(rows: pd.DataFrame, spec: Spec, size: int, reps: int, target: float,
                    cap: int) -> tuple[bool, int, dict[str, float]]:
    """Whether every point's analysed CIs are within ``target`` (share); and the next size."""
    ok = rows[(rows["status"] == OK) & (rows["replication"] < reps)]
    point_ids = ok["run_id"] % size
    worst: dict[str, float] = {}
    needed = reps
    for metric in reported(spec, rows):
        worst[metric] = 0.0
        for _, values in ok[metric].groupby(point_ids):
            arr = values.to_numpy(dtype=float)
            rel = relative_half_width(arr)
            if math.isnan(rel):
                rel = math.inf
            worst[metric] = max(worst[metric], rel)
            if rel > target:
                n = len(arr)
                sd = float(np.std(arr, ddof=1)) if n > 1 else math.inf
                mean = abs(float(np.mean(arr))) if n else 0.0
                if n > 1 and mean > 0 and math.isfinite(sd):
                    t = float(sstats.t.ppf(0.975, n - 1))
                    needed = max(needed, math.ceil((t * sd / (target * mean)) ** 2))
                else:
                    needed = max(needed, 2 * reps)
    if ok.empty:
        worst = dict.fromkeys(spec.metrics, math.inf)
    reached = all(v <= target for v in worst.values())
    return reached, min(cap, max(reps + 1, min(2 * reps, needed))), worst


def window_years(spec: Spec) -> float:
    """Length of the measured window of ``spec``'s runs, in years of 365 days."""
    from commsim.core.parameters import SCHEMA

    return float(spec.params.get("run.days", SCHEMA["run.days"].default)) / 365.0


#: What each analysis table of a store holds (recorded in the manifest under ``tables``).
TABLES: dict[str, str] = {
    "comparison": "mean, 95% CI and paired difference vs the baseline per scenario and metric",
    "cost_effectiveness": "paired cost difference, effect and ratio vs the baseline per "
                          "scenario and measure (commsim.analysis.cost_effectiveness)",
    "sobol": "first-order and total Sobol indices with confidence intervals",
    "morris": "Morris mu* (with confidence interval) and sigma",
}


def analyse(spec: Spec, plan_: Plan, rows: pd.DataFrame, reps: int
            ) -> dict[str, pd.DataFrame | None]:
    """Comparison and cost-effectiveness (replications) or sensitivity tables (Sobol, Morris)."""
    tables: dict[str, pd.DataFrame | None] = {"comparison": None, "sobol": None, "morris": None,
                                              "cost_effectiveness": None}
    kind = spec.design.kind
    if kind == "replications":
        from commsim.core.metrics import METRICS

        bounds = {m.key: m.bounds for m in METRICS.summaries()}  # intervals stay inside
        names = [s.name for s in spec.scenarios]
        tables["comparison"] = compare(rows, reported(spec, rows), baseline=spec.baseline,
                                       scenarios=names, bounds=bounds)
        if len(names) > 1:
            tables["cost_effectiveness"] = cost_effectiveness.table(
                rows, spec.baseline, scenarios=names, years=window_years(spec))
    elif kind in ("sobol", "morris"):
        ok = rows[rows["status"] == OK]
        per_point = ok.groupby(ok["run_id"] % plan_.size)
        outputs = {}
        for metric in reported(spec, rows):
            means = per_point[metric].mean().reindex(range(plan_.size))
            outputs[metric] = means.to_numpy(dtype=float)
        seed = design_seed(spec)
        if kind == "sobol":
            tables["sobol"] = designs.analyze_sobol(spec.design, outputs, seed)
        else:
            assert plan_.unit is not None
            tables["morris"] = designs.analyze_morris(spec.design, plan_.unit, outputs, seed)
    return tables
