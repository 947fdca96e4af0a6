"""Structure apart from noise: policy effects over several synthetic districts.

A results store made by sweeping ``run.structure_seed`` (every scenario in every district,
replication ``k`` of every scenario in a district sharing its random streams) holds two
kinds of spread: between districts (the structure: community sizes, high-need
communities, catalogues, posts, non-cooperating households; docs/structure.md) and
within a district (stochastic noise). Two things follow:

- the mean effect over districts and its interval come from the district means
  (:func:`district_means`): each district is one paired unit, so the interval covers
  the structure as well as the noise (a two-stage estimate, exact for balanced designs);
- the *structure share* of each effect's spread (:func:`structure_shares`) is the one-way
  random-effects estimate on the paired differences ``d(s, k) = x(s, k) - b(s, k)``:
  ``within`` is the mean over districts of the variance over replications, ``between``
  the variance of the district means less ``within / R``; the share is
  ``between / (between + within)`` (0 when the estimate of ``between`` is negative).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: The runs-table column of the swept structure seed.
STRUCTURE = "param.run.structure_seed"
#: Columns of :func:`structure_shares`.
SHARE_COLUMNS: tuple[str, ...] = (
    "scenario", "metric", "districts", "replications", "effect_mean", "sd_within",
    "sd_between", "structure_share")


def districts(runs: pd.DataFrame) -> int:
    """How many structure seeds the runs cover (1 if the seed was not swept)."""
    return int(runs[STRUCTURE].nunique()) if STRUCTURE in runs else 1


def district_means(runs: pd.DataFrame, metrics: Sequence[str],
                   keys: Sequence[str] = ()) -> pd.DataFrame:
    """One row per scenario and district (and ``keys``, e.g. ``year``): replications' mean.

    ``replication`` becomes the district's number, so a paired comparison pairs the
    scenarios district by district. Runs of a single district are returned unchanged.
    """
    if districts(runs) < 2:
        return runs
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    present = [m for m in metrics if m in ok]
    table = ok.groupby(["scenario", STRUCTURE, *keys], sort=False)[present].mean().reset_index()
    codes = {seed: i for i, seed in enumerate(sorted(table[STRUCTURE].unique()))}
    table["replication"] = table[STRUCTURE].map(codes).astype(int)
    table["status"] = "ok"
    return table


def with_structure(rows: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """Per-year (or other per-run) rows with their run's structure seed attached."""
    if STRUCTURE not in runs or rows.empty or STRUCTURE in rows:
        return rows
    return rows.merge(runs[["run_id", STRUCTURE]], on="run_id", how="left")


def structure_shares(runs: pd.DataFrame, baseline: str, scenarios: Sequence[str],
                     metrics: Sequence[str]) -> pd.DataFrame:
    """Share of each policy effect's spread that comes from the district's structure.

    Parameters
    ----------
    runs : pandas.DataFrame
        Finished runs with ``scenario``, ``replication``, :data:`STRUCTURE` and metrics.
    baseline : str
        The reference scenario.
    scenarios, metrics : sequence of str
        What to report.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SHARE_COLUMNS`; empty when fewer than two districts were run.

    Examples
    --------
    >>> rows = [{"scenario": s, "replication": r, STRUCTURE: d, "y": v}
    ...         for d, shift in ((0, 0.0), (1, 4.0)) for r, noise in ((0, -1.0), (1, 1.0))
    ...         for s, v in (("base", 10.0), ("gate", 10.0 + shift + noise))]
    >>> t = structure_shares(pd.DataFrame(rows), "base", ["base", "gate"], ["y"])
    >>> t[["effect_mean", "sd_within", "structure_share"]].round(3).values.tolist()  # 7 / (7 + 2)
    [[2.0, 1.414, 0.778]]

    """
    if districts(runs) < 2:
        return pd.DataFrame(columns=list(SHARE_COLUMNS))
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    rows = []
    for metric in metrics:
        if metric not in ok:
            continue
        wide = ok.pivot_table(index=[STRUCTURE, "replication"], columns="scenario",
                              values=metric, aggfunc="mean")
        if baseline not in wide:
            continue
        for scenario in scenarios:
            if scenario == baseline or scenario not in wide:
                continue
            diff = (wide[scenario] - wide[baseline]).dropna()
            by = diff.groupby(level=0)
            sizes = by.size()
            if len(sizes) < 2 or sizes.min() < 2:
                continue
            within = float(by.var(ddof=1).mean())
            reps = float(len(sizes) / (1.0 / sizes).sum())  # harmonic mean
            between = max(0.0, float(by.mean().var(ddof=1)) - within / reps)
            total = between + within
            rows.append({"scenario": scenario, "metric": metric, "districts": len(sizes),
                         "replications": reps, "effect_mean": float(diff.mean()),
                         "sd_within": float(np.sqrt(within)),
                         "sd_between": float(np.sqrt(between)),
                         "structure_share": between / total if total > 0 else float("nan")})
    return pd.DataFrame(rows, columns=list(SHARE_COLUMNS))
