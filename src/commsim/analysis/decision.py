"""The decision: one function from one table, the same verdict on every page.

``commsim compare``, ``commsim report``, ``commsim robust``, the README headline and
docs/decisions.md all call :func:`decide` on a :func:`decision_table`, as dampack and
BCEA derive everything from a table of cost and effect per option and sample:

- the **efficiency frontier** (有效前沿) for each effect — overtime hours avoided,
  satisfied households gained, cadres retained, each a year, against the reference in
  the same sample — with dominance and extended dominance removed and the
  **ICER** (增量成本效果比) of each frontier option against its neighbour
  (:mod:`commsim.analysis.frontier`);
- the **net monetary benefit** (净货币效益) at the planner's **willingness to pay**
  (支付意愿) for an overtime hour avoided, ``NB = WTP·hours avoided − social cost``;
  the best option has the largest mean NB;
- the **CEAC** (成本效果可接受曲线): the probability, over the samples (paired
  replications, or worlds in the robust study), that each option has the largest NB,
  over a range of WTP; the CEAF marks the option with the largest mean NB;
- **EVPI** (完全信息期望值) at the WTP;
- a **budget-constrained choice**: the best option whose extra fiscal outlay against
  the reference (what budgets pay, yuan a year) fits ``budget``.

Costs are yuan a year of the measured window (full social cost under the run's
valuation, and fiscal outlay); effects are per year likewise.

>>> import pandas as pd
>>> t = pd.DataFrame({"option": ["a", "b"], "sample": [0, 0], "cost": [0.0, 100.0],
...                   "fiscal": [0.0, 100.0], "overtime_avoided": [0.0, 10.0],
...                   "satisfied_gained": [0.0, 0.0], "cadres_retained": [0.0, 0.0]})
>>> decide(t, wtp=20).best, decide(t, wtp=5).best
('b', 'a')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from commsim.analysis.frontier import icers
from commsim.analysis.net_benefit import best_shares, ceac, evpi, net_benefit
from commsim.core.valuation import DEFAULT_WTP

#: Effects of a decision table: (column, run metric, sign, per year). ``sign`` -1:
#: the effect is the reference's value minus the option's (something avoided).
EFFECTS: tuple[tuple[str, str, int, bool], ...] = (
    ("overtime_avoided", "overtime_hours", -1, True),
    ("satisfied_gained", "satisfied_households", 1, False),
    ("cadres_retained", "separations", -1, True),
)
#: The effect the willingness to pay prices (yuan per overtime hour avoided).
PRICED = "overtime_avoided"
#: Run metrics a decision table needs beside the cost metric.
FISCAL = "fiscal_outlay_yuan"
NEEDED: tuple[str, ...] = (FISCAL, *(e[1] for e in EFFECTS))
#: Willingness-to-pay grid of the acceptability curve, yuan/h.
WTP_GRID: tuple[float, ...] = tuple(float(x) for x in range(0, 205, 5))


def decision_table(runs: pd.DataFrame, years: float, *, option: str = "scenario",
                   sample: str = "replication", options: Sequence[str] | None = None,
                   reference: str | None = None, cost: str = "cost_yuan") -> pd.DataFrame:
    """Per option and sample: cost, fiscal outlay and effects, per year.

    Parameters
    ----------
    runs : pandas.DataFrame
        One row per run with the option and sample columns, optional ``status`` (only
        ``"ok"`` rows count), ``cost`` and :data:`NEEDED` (costs in yuan a year; flows
        over the window).
    years : float
        Length of the measured window, years (flows are divided by it).
    option, sample : str
        Columns naming the option (scenario, policy) and the sample (replication, world).
    options : sequence of str, optional
        Option order (default: order of first appearance); the first is the reference.
    reference : str, optional
        Reference option (default: the first).
    cost : str
        Cost column (yuan a year).

    Returns
    -------
    pandas.DataFrame
        ``option, sample, cost, fiscal`` and one column per effect of :data:`EFFECTS`,
        only samples in which every option ran successfully.

    """
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    order = list(options) if options is not None else list(dict.fromkeys(ok[option]))
    ref = reference if reference is not None else order[0]
    cols = [cost, FISCAL, *(e[1] for e in EFFECTS)]
    wide = {c: ok.pivot_table(index=sample, columns=option, values=c, aggfunc="mean")
            .reindex(columns=order) for c in cols}
    complete = np.logical_and.reduce([np.isfinite(w.to_numpy(dtype=float)).all(axis=1)
                                      for w in wide.values()])
    frames = []
    for name in order:
        part = pd.DataFrame({"option": name, "sample": wide[cost].index[complete],
                             "cost": wide[cost][name].to_numpy(float)[complete],
                             "fiscal": wide[FISCAL][name].to_numpy(float)[complete]})
        for col, metric, sign, flow in EFFECTS:
            diff = sign * (wide[metric][name] - wide[metric][ref]).to_numpy(float)[complete]
            part[col] = diff / years if flow else diff
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


@dataclass
class Decision:
    """The decision of one table at one willingness to pay and budget.

    Attributes
    ----------
    options : list of str
        Options in table order; the first is the reference.
    wtp : float
        Willingness to pay, yuan per overtime hour avoided.
    budget : float or None
        Largest extra fiscal outlay against the reference, yuan a year.
    samples : int
        Samples (paired replications or worlds) behind every mean.
    means : pandas.DataFrame
        Per option: mean ``cost``, ``fiscal``, ``extra_fiscal``, effects, ``nb`` (mean
        net benefit at ``wtp``), ``inb`` (its difference from the reference's),
        ``p_best`` (CEAC at ``wtp``), ``fits`` (budget).
    frontiers : dict
        Effect column to its :func:`commsim.analysis.frontier.icers` table.
    best : str
        Option with the largest mean net benefit at ``wtp``.
    within_budget : str or None
        Best option whose extra fiscal outlay fits ``budget`` (None without a budget).
    evpi : float
        Expected value of perfect information at ``wtp``, yuan a year.
    ceac : pandas.DataFrame
        :func:`commsim.analysis.net_benefit.ceac` over :data:`WTP_GRID` and ``wtp``.

    """

    options: list[str]
    wtp: float
    budget: float | None
    samples: int
    means: pd.DataFrame
    frontiers: dict[str, pd.DataFrame]
    best: str
    within_budget: str | None
    evpi: float
    ceac: pd.DataFrame = field(repr=False)

    @property
    def reference(self) -> str:
        """The reference option (effects are measured against it)."""
        return self.options[0]

    def as_dict(self) -> dict[str, Any]:
        """The decision table for scripts (``compare --json``): plain JSON types."""
        def plain(frame: pd.DataFrame) -> list[dict[str, Any]]:
            return [{k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                     for k, v in row.items()} for row in frame.to_dict("records")]

        return {"reference": self.reference, "wtp": self.wtp, "budget": self.budget,
                "samples": self.samples, "best": self.best,
                "within_budget": self.within_budget, "evpi": self.evpi,
                "options": plain(self.means),
                "frontiers": {k: plain(v) for k, v in self.frontiers.items()},
                "ceac": plain(self.ceac)}


def decide(table: pd.DataFrame, wtp: float = DEFAULT_WTP, budget: float | None = None,
           wtps: Sequence[float] = WTP_GRID) -> Decision:
    """The decision of a :func:`decision_table` at ``wtp`` and ``budget``.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``option, sample, cost, fiscal`` and the effects of :data:`EFFECTS`.
    wtp : float
        Willingness to pay per overtime hour avoided, yuan/h (>= 0).
    budget : float, optional
        Largest acceptable extra fiscal outlay against the reference, yuan a year.
    wtps : sequence of float
        Grid of the acceptability curve (``wtp`` is added to it).

    Returns
    -------
    Decision

    Raises
    ------
    ValueError
        If the table is empty or ``wtp`` is negative or not finite.

    """
    if table.empty:
        raise ValueError("the decision table is empty")
    if not (math.isfinite(wtp) and wtp >= 0):
        raise ValueError("the willingness to pay must be a finite number >= 0")
    options = list(dict.fromkeys(table["option"]))
    effects = [e[0] for e in EFFECTS]
    wide = {c: table.pivot(index="sample", columns="option", values=c)[options]
            .to_numpy(dtype=float) for c in ["cost", "fiscal", *effects]}
    means = pd.DataFrame({"option": options,
                          **{c: wide[c].mean(axis=0) for c in ["cost", "fiscal", *effects]}})
    means["extra_fiscal"] = means["fiscal"] - means["fiscal"].iloc[0]
    nb = net_benefit(wide["cost"], wide[PRICED], wtp)
    means["nb"] = nb.mean(axis=0)
    means["inb"] = means["nb"] - means["nb"].iloc[0]
    means["p_best"] = best_shares(nb)
    means["fits"] = (means["extra_fiscal"] <= budget) if budget is not None else True
    best = options[int(np.argmax(means["nb"].to_numpy()))]
    within = None
    if budget is not None:
        fits = means[means["fits"]]
        within = str(fits["option"].iloc[int(np.argmax(fits["nb"].to_numpy()))]) \
            if not fits.empty else None
    frontiers = {e: icers(options, means["cost"], means[e]) for e in effects}
    grid = sorted({*map(float, wtps), float(wtp)})
    return Decision(options, float(wtp), budget, int(wide["cost"].shape[0]), means,
                    frontiers, best, within, evpi(nb),
                    ceac(wide["cost"], wide[PRICED], options, grid))
