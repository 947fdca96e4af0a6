"""The robustness analysis of an experiment's tidy outcomes table.

The decision across worlds (efficiency frontier, net benefit at the planner's WTP,
acceptability over worlds, EVPI) and the EVPPI of each uncertainty; regret per outcome,
satisficing against the planner's thresholds with intervals, the stability of the
ranking, and for each policy the PRIM box (and CART leaves) of the worlds in which it
fails the thresholds. Everything returned is plain tables and dicts, written beside
the outcomes (``decision.json``, ``evppi.parquet``, ``regret.parquet``,
``satisficing.parquet``, ``stability.parquet``, ``discovery.json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from commsim.analysis.decision import DEFAULT_WTP, Decision
from commsim.results.store import write_json, write_parquet
from commsim.robust import metrics as rm
from commsim.robust.spec import RobustSpec
from commsim.robust.value import decision_across_worlds, evppi_ranking

#: Fewest worlds for which PRIM and CART are run (a box needs a few worlds inside it).
MIN_WORLDS = 6


@dataclass
class Analysis:
    """Robustness tables of one experiment."""

    regret: pd.DataFrame
    regret_summary: pd.DataFrame
    satisficing: pd.DataFrame
    stability: pd.DataFrame
    discovery: dict[str, dict[str, Any]] = field(default_factory=dict)
    decision: Decision | None = None
    evppi: pd.DataFrame = field(default_factory=pd.DataFrame)

    def write(self, folder: Path) -> None:
        """Write every table into ``folder``."""
        if self.decision is not None:
            write_json(self.decision.as_dict(), folder / "decision.json")
            write_parquet(self.evppi, folder / "evppi.parquet")
        write_parquet(self.regret_summary, folder / "regret.parquet")
        write_parquet(self.satisficing, folder / "satisficing.parquet")
        write_parquet(self.stability, folder / "stability.parquet")
        write_json(self.discovery, folder / "discovery.json")


def _stability(tidy: pd.DataFrame, regrets: pd.DataFrame, spec: RobustSpec,
               n_boot: int, seed: int) -> pd.DataFrame:
    frames = []
    if spec.thresholds:
        mat = rm.satisficing_matrix(tidy, spec.thresholds)
        part = rm.rank_stability(mat, lambda a: np.nanmean(a, axis=0), better="higher",
                                 n_boot=n_boot, seed=seed)
        frames.append(part.assign(criterion="satisficing share"))
    for metric in spec.outcomes:
        mat = rm.regret_matrix(regrets, metric)
        part = rm.rank_stability(mat, lambda a: np.nanquantile(a, 0.9, axis=0),
                                 n_boot=n_boot, seed=seed)
        frames.append(part.assign(criterion=f"90th-percentile regret: {metric}"))
    return pd.concat(frames, ignore_index=True)


def _discovery(tidy: pd.DataFrame, spec: RobustSpec) -> dict[str, dict[str, Any]]:
    from commsim.robust.discovery import cart_boxes, prim_box

    inputs = [r.key for r in spec.ranges] + [r.key for r in spec.deep]
    out: dict[str, dict[str, Any]] = {}
    for policy, part in tidy.groupby("policy", sort=False):
        fails = ~rm.meets(part, spec.thresholds).to_numpy()
        entry: dict[str, Any] = {"worlds": len(part), "fails": int(fails.sum())}
        x = part[inputs].reset_index(drop=True)
        enough = len(part) >= MIN_WORLDS
        box = prim_box(x, fails) if enough else None
        entry["prim"] = box.as_dict() if box is not None else None
        entry["cart"] = [b.as_dict() for b in cart_boxes(x, fails)[:3]] if enough else []
        if len(spec.thresholds) > 1:  # each threshold alone: which one fails where
            entry["by_threshold"] = {}
            for t in spec.thresholds:
                alone = ~t.met(part[t.metric])
                one = prim_box(x, alone) if enough else None
                entry["by_threshold"][str(t)] = {
                    "fails": int(alone.sum()), "prim": one.as_dict() if one else None}
        out[str(policy)] = entry
    return out


def analyse(tidy: pd.DataFrame, spec: RobustSpec, *, n_boot: int = 1000,
            discovery: bool = True, wtp: float = DEFAULT_WTP,
            budget: float | None = None) -> Analysis:
    """Regret, satisficing, ranking stability and scenario discovery of ``tidy``.

    Parameters
    ----------
    tidy : pandas.DataFrame
        One row per world and policy (:func:`commsim.robust.experiment.run_experiment`).
    spec : RobustSpec
        Outcomes and thresholds.
    n_boot : int
        Bootstrap resamples of the worlds.
    discovery : bool
        Run PRIM and CART for every policy.
    wtp, budget : float
        Willingness to pay per overtime hour avoided and extra fiscal budget a year:
        the decision across worlds and the value of information
        (:mod:`commsim.robust.value`).

    """
    regrets = rm.regret(tidy, spec.outcomes)
    summary = rm.regret_summary(regrets, n_boot=n_boot, seed=spec.seed)
    sat = rm.satisficing(tidy, spec.thresholds) if spec.thresholds else pd.DataFrame()
    stab = _stability(tidy, regrets, spec, n_boot, spec.seed)
    disc = _discovery(tidy, spec) if discovery and spec.thresholds else {}
    decision = decision_across_worlds(tidy, spec, wtp, budget)
    voi = evppi_ranking(tidy, spec, wtp) if decision is not None else pd.DataFrame()
    return Analysis(regrets, summary, sat, stab, disc, decision, voi)
