"""Which communities first: the best policy for each community, and where a budget reaches.

For every community ``c`` and every scenario ``s`` against the reference, replication by
replication (common random numbers):

- overtime hours avoided a year in ``c``: ``h_b − h_s`` with ``h = overtime per
  cadre-week × mean headcount × 365/7`` from the store's community table;
- its cost a year: the street's paired difference of full social cost a year
  (``cost_yuan``) divided equally among the communities (the model books costs for the
  whole street, not by community; policies are funded per community), and likewise its
  fiscal outlay a year (``fiscal_outlay_yuan``);
- its net benefit at the willingness to pay ``λ``: ``λ · hours avoided − cost``.

Each community gets the scenario with the largest mean net benefit. A community is
*helped* when some scenario's interval of hours avoided there lies above zero, and
*worthwhile* when its best net benefit is positive. A community no policy helps is
flagged with its households per post against the staffing norm of one post per
:data:`NORM_HOUSEHOLDS_PER_POST` households (seed 003): what it needs is more posts, not
a policy. The list runs worthwhile communities by net benefit, then the other helped
ones, then those no policy helps (most households per post first). With a budget (yuan a
year), helped communities are taken in that order while their outlay fits it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from commsim.analysis.decision import FISCAL
from commsim.analysis.inference import mean_ci

#: Staffing norm: one full-time community worker per 300 households (seed 003, S13).
NORM_HOUSEHOLDS_PER_POST = 300
#: Full social cost, yuan a year (whole street).
COST = "cost_yuan"
#: Weeks in a year of 365 days.
WEEKS_PER_YEAR = 365 / 7
#: Columns of the priority table.
COLUMNS: tuple[str, ...] = (
    "priority", "community", "name", "households", "cadre_posts", "households_per_post",
    "over_norm", "scenario", "overtime_diff", "hours_avoided", "hours_low", "hours_high",
    "cost", "outlay", "net_benefit", "nb_low", "nb_high", "helped", "worthwhile", "reached")


def _hours_a_year(frame: pd.DataFrame) -> pd.Series:
    return (frame["overtime_hours_per_cadre_week"] * frame["mean_headcount"]
            * WEEKS_PER_YEAR)


def priority(community: pd.DataFrame, runs: pd.DataFrame, *, reference: str, wtp: float,
             years: float, budget: float | None = None) -> pd.DataFrame:
    """The priority list: one row per community, the most worthwhile first.

    Parameters
    ----------
    community : pandas.DataFrame
        A store's community table (``scenario``, ``replication``, ``community``, ``name``,
        ``households``, ``cadre_posts``, ``overtime_hours_per_cadre_week``,
        ``mean_headcount``).
    runs : pandas.DataFrame
        The store's runs (street costs by replication).
    reference : str
        The reference scenario.
    wtp : float
        Yuan per overtime hour avoided.
    years : float
        Length of the measured window in years (unused: costs are yuan a year).
    budget : float, optional
        Fiscal outlay a year available, yuan; fills ``reached``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; helped communities by net benefit (largest first), then
        the communities no policy helps by households per post (largest first).
        ``reached`` is ``None`` without a budget.

    """
    needed = {"overtime_hours_per_cadre_week", "mean_headcount", "replication", "scenario"}
    if community is None or community.empty or not needed <= set(community.columns):
        return pd.DataFrame(columns=list(COLUMNS))
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    street = ok.pivot_table(index="replication", columns="scenario", values=[COST, FISCAL],
                            aggfunc="mean")
    n = int(community["community"].nunique())
    table = community.assign(_hours=_hours_a_year(community))
    base = table[table["scenario"] == reference].set_index(["community", "replication"])
    rows = []
    for comm, mine in base.groupby(level="community"):
        first = mine.iloc[0]
        reps = mine.index.get_level_values("replication")
        best: dict[str, object] = {}
        best_nb, helped = -math.inf, False
        for scenario, part in table[table["community"] == comm].groupby("scenario"):
            if scenario == reference:
                continue
            part = part.set_index("replication").reindex(reps)
            hours = mine["_hours"].to_numpy(float) - part["_hours"].to_numpy(float)
            cost = _share(street, COST, str(scenario), reference, reps, n)
            outlay = _share(street, FISCAL, str(scenario), reference, reps, n)
            nb = mean_ci(wtp * hours - cost)
            h = mean_ci(hours)
            helped = helped or h[1] > 0
            if nb[0] > best_nb or not best:
                best_nb = nb[0]
                diff = (part["overtime_hours_per_cadre_week"].to_numpy(float)
                        - mine["overtime_hours_per_cadre_week"].to_numpy(float))
                best = {"scenario": scenario, "overtime_diff": float(np.nanmean(diff)),
                        "hours_avoided": h[0], "hours_low": h[1], "hours_high": h[2],
                        "cost": float(np.nanmean(cost)), "outlay": float(np.nanmean(outlay)),
                        "net_benefit": nb[0], "nb_low": nb[1], "nb_high": nb[2]}
        if not best:
            continue
        posts = int(first["cadre_posts"])
        per_post = float(first["households"]) / posts if posts else math.inf
        rows.append({"community": comm, "name": str(first.get("name", comm)),
                     "households": int(first["households"]), "cadre_posts": posts,
                     "households_per_post": per_post,
                     "over_norm": per_post > NORM_HOUSEHOLDS_PER_POST, **best,
                     "helped": helped,
                     "worthwhile": helped and best_nb > 0})
    out = pd.DataFrame(rows)
    if out.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    out["_group"] = np.where(out["worthwhile"], 0, np.where(out["helped"], 1, 2))
    out["_key"] = np.where(out["helped"], -out["net_benefit"], -out["households_per_post"])
    out = out.sort_values(["_group", "_key"], kind="stable").drop(
        columns=["_group", "_key"]).reset_index(drop=True)
    out["priority"] = range(1, len(out) + 1)
    out["reached"] = None if budget is None else _reached(out, budget)
    return out[list(COLUMNS)]


def _share(street: pd.DataFrame, key: str, scenario: str, reference: str,
           reps: pd.Index, n: int) -> np.ndarray:
    """A community's equal share of the street's paired difference of ``key`` (a year)."""
    if (key, scenario) not in street or (key, reference) not in street:
        return np.full(len(reps), np.nan)
    diff = street[(key, scenario)] - street[(key, reference)]
    return diff.reindex(reps).to_numpy(float) / max(n, 1)


def _reached(table: pd.DataFrame, budget: float) -> list[bool]:
    """Helped communities in order, while their cumulative outlay fits ``budget``."""
    spent, reached = 0.0, []
    for row in table.itertuples(index=False):
        fits = bool(row.helped) and spent + max(float(row.outlay), 0.0) <= budget
        if fits:
            spent += max(float(row.outlay), 0.0)
        reached.append(fits)
    return reached


def summary_tables(results: Any) -> dict[str, pd.DataFrame]:
    """The per-community summary and the priority list of a store (for an export).

    ``community_summary``: means with 95 % intervals and the paired difference from the
    reference per scenario and community (:func:`~commsim.analysis.community_ranking.ranking`);
    ``priority``: :func:`priority` at the default willingness to pay. Empty without
    community rows; no priority list without a reference scenario.
    """
    from commsim.analysis.choice import choose
    from commsim.analysis.community_ranking import ranking, shown_metrics
    from commsim.analysis.stored import window_years

    community = getattr(results, "community", None)
    if not isinstance(community, pd.DataFrame) or community.empty:
        return {}
    scenarios = results.scenarios
    base = results.baseline if len(scenarios) > 1 else None
    declared = {**results.catalog.series, **results.catalog.metrics}
    out = {"community_summary": ranking(community, baseline=base, scenarios=scenarios,
                                        metrics=shown_metrics(community),
                                        declarations=declared)}
    if base is not None and results.comparison is not None:
        years = window_years(results)
        choice = choose(results.ok_runs, years=years, scenarios=scenarios, reference=base)
        out["priority"] = priority(community, results.ok_runs, reference=base,
                                   wtp=choice.wtp, years=years)
    return out
