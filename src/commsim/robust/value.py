"""The decision across worlds and the value of information about each uncertainty.

The robust study runs every policy option once in every world (common random numbers
within a world), so the worlds are the samples of :func:`commsim.analysis.decision.decide`:
its acceptability curve is the probability over worlds that each option has the largest
net benefit, and its EVPI what knowing the world would be worth a year. EVPPI
(:func:`commsim.analysis.voi.evppi`, Strong et al. 2014) says which uncertainty — one
parameter, or a group of parameters sharing a prefix — is worth measuring first.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from commsim.analysis import decision
from commsim.analysis.decision import DEFAULT_WTP, NEEDED, PRICED, Decision, decision_table
from commsim.analysis.net_benefit import evpi as evpi_of
from commsim.analysis.net_benefit import net_benefit
from commsim.analysis.voi import evppi
from commsim.robust.spec import RobustSpec

#: Run metrics the decision across worlds needs (recorded beside the spec's outcomes).
DECISION_METRICS: tuple[str, ...] = ("cost_yuan", *NEEDED)
#: Fewest worlds for an EVPPI regression.
MIN_WORLDS = 8


def _table(tidy: pd.DataFrame, spec: RobustSpec) -> pd.DataFrame | None:
    if any(m not in tidy for m in DECISION_METRICS) or tidy["policy"].nunique() < 2:
        return None
    return decision_table(tidy, spec.days / 365.0, option="policy", sample="world",
                          options=[p.name for p in spec.policies])


def decision_across_worlds(tidy: pd.DataFrame, spec: RobustSpec, wtp: float = DEFAULT_WTP,
                           budget: float | None = None) -> Decision | None:
    """The decision with the worlds as samples (None without the decision's metrics)."""
    table = _table(tidy, spec)
    return decision.decide(table, wtp=wtp, budget=budget) if table is not None else None


def groups(keys: Sequence[str]) -> dict[str, list[str]]:
    """Each parameter alone, then each prefix shared by two or more, then all of them.

    >>> list(groups(["a.x", "a.y", "b.z"]).items())[3:]
    [('a.*', ['a.x', 'a.y']), ('all', ['a.x', 'a.y', 'b.z'])]
    """
    out = {k: [k] for k in keys}
    prefixes = dict.fromkeys(k.split(".", 1)[0] for k in keys)
    for p in prefixes:
        members = [k for k in keys if k.split(".", 1)[0] == p]
        if 1 < len(members) < len(keys):
            out[f"{p}.*"] = members
    if len(keys) > 1:
        out["all"] = list(keys)
    return out


def regressable(key: str) -> bool:
    """Whether an uncertainty is a quantity an EVPPI regression can use (not a seed).

    >>> regressable("helpers.productivity"), regressable("run.structure_seed")
    (True, False)
    """
    return not key.rsplit(".", 1)[-1].endswith("seed")


def evppi_ranking(tidy: pd.DataFrame, spec: RobustSpec, wtp: float = DEFAULT_WTP,
                  seed: int | None = None) -> pd.DataFrame:
    """EVPI and the EVPPI of every uncertainty and group at ``wtp``, largest first.

    Returns
    -------
    pandas.DataFrame
        ``uncertainty, members, evppi, share`` (of the EVPI; yuan a year); the first
        row is the EVPI itself (``uncertainty = "EVPI"``). Empty with fewer than
        :data:`MIN_WORLDS` worlds or without the decision's metrics. Seeds (such as
        ``run.structure_seed``, the synthetic district) are labels, not quantities: a
        regression on their number cannot say what knowing them is worth, so they are
        left out (:func:`regressable`).

    """
    table = _table(tidy, spec)
    columns = ["uncertainty", "members", "evppi", "share"]
    if table is None or table["sample"].nunique() < MIN_WORLDS:
        return pd.DataFrame(columns=columns)
    options = list(dict.fromkeys(table["option"]))
    wide = {c: table.pivot(index="sample", columns="option", values=c)[options]
            for c in ("cost", PRICED)}
    nb = net_benefit(wide["cost"].to_numpy(float), wide[PRICED].to_numpy(float), wtp)
    inputs = [r.key for r in (*spec.ranges, *spec.deep) if regressable(r.key)]
    worlds = tidy.drop_duplicates("world").set_index("world").loc[wide["cost"].index, inputs]
    total = evpi_of(nb)
    rows = [("EVPI", "", total, 1.0)]
    for name, members in groups(inputs).items():
        value = evppi(nb, worlds[members].to_numpy(float),
                      seed=spec.seed if seed is None else seed)
        rows.append((name, ", ".join(members), value, value / total if total > 0 else 0.0))
    out = pd.DataFrame(rows, columns=columns)
    head, rest = out.iloc[:1], out.iloc[1:].sort_values("evppi", ascending=False,
                                                        kind="stable")
    return pd.concat([head, rest], ignore_index=True)

