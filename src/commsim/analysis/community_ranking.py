"""Which communities are worst off, and which gain most from each policy.

Reads a store's ``community`` table (one row per community of each run; see
:mod:`commsim.results.store`) and ranks the communities of each scenario: means over
replications, and — when a baseline is present — the paired difference against the
baseline for the *same community and replication* (common random numbers), with a
95 % confidence interval. "Worst" follows each metric's declared direction (``better``),
read from the store's catalog, so nothing here names a unit or a label.

The CLI (``--by community``), the report and the dashboard all rank with
:func:`ranking`; it imports nothing from the model core.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from commsim.analysis.inference import mean_ci, paired_difference
from commsim.core.metrics import METRICS, Metric

#: The metric communities are ranked on (worst first).
RANK_METRIC = "overtime_hours_per_cadre_week"
#: Metrics a ranked table shows, when the table has them.
SHOWN: tuple[str, ...] = ("overtime_hours_per_cadre_week", "resident_satisfaction",
                          "turnover_rate", "resident_wait_hours_mean", "backlog_hours")
#: Columns describing a community (not metrics).
IDENTITY: tuple[str, ...] = ("community", "name", "kind", "households", "cadre_posts",
                             "high_need")
#: Key columns added by the store.
KEYS: tuple[str, ...] = ("run_id", "scenario", "replication")


def metric_columns(community: pd.DataFrame) -> list[str]:
    """The metric columns of a community table (every column but identity and keys)."""
    return [c for c in community.columns if c not in IDENTITY and c not in KEYS]


def shown_metrics(community: pd.DataFrame, wanted: Sequence[str] = SHOWN) -> list[str]:
    """The metrics of ``wanted`` the table has, in that order."""
    have = set(metric_columns(community))
    return [m for m in wanted if m in have]


def _declaration(key: str, declarations: dict[str, Metric] | None) -> Metric | None:
    if declarations and key in declarations:
        return declarations[key]
    return METRICS.get(key) if key in METRICS else None


def worst_first(key: str, declarations: dict[str, Metric] | None = None) -> bool:
    """True if larger values of ``key`` are worse (sort descending to put the worst first)."""
    declared = _declaration(key, declarations)
    return declared is None or declared.better != "higher"


def ranking(community: pd.DataFrame, *, baseline: str | None = None,
            scenarios: Sequence[str] | None = None, metrics: Sequence[str] | None = None,
            rank_by: str = RANK_METRIC,
            declarations: dict[str, Metric] | None = None) -> pd.DataFrame:
    """Communities of every scenario, ranked worst first on ``rank_by``.

    Parameters
    ----------
    community : pandas.DataFrame
        A store's community table (``scenario``, ``replication``, identity columns and
        metric columns).
    baseline : str, optional
        Reference scenario; when given and present, each metric gets its paired
        difference ``diff.<metric>`` with ``diff_low.<metric>`` / ``diff_high.<metric>``.
    scenarios : sequence of str, optional
        Scenario order (default: order of first appearance).
    metrics : sequence of str, optional
        Metric columns to summarise (default: :data:`SHOWN` present in the table).
    rank_by : str
        Metric of the ranking; ``rank`` 1 is the worst community of its scenario.
    declarations : dict, optional
        Metric declarations (a store's catalog); default: those of this process.

    Returns
    -------
    pandas.DataFrame
        One row per scenario and community: ``scenario``, ``rank``, identity columns,
        ``replications``, each metric's mean (and its ``ci_low.``/``ci_high.`` bounds)
        and, with a baseline, the paired differences.

    """
    if community is None or community.empty:
        return pd.DataFrame()
    metrics = list(metrics) if metrics is not None else shown_metrics(community)
    order = list(scenarios) if scenarios is not None else \
        list(dict.fromkeys(community["scenario"].astype(str)))
    ident = [c for c in IDENTITY if c in community.columns]
    base = community[community["scenario"] == baseline] if baseline else community.iloc[0:0]
    base_by = {c: g.set_index("replication") for c, g in base.groupby("community")}
    rows = []
    for scenario in order:
        part = community[community["scenario"] == scenario]
        for comm, group in part.groupby("community", sort=True):
            first = group.iloc[0]
            row: dict[str, object] = {"scenario": scenario,
                                      **{c: first[c] for c in ident},
                                      "replications": int(group["replication"].nunique())}
            reference = base_by.get(comm)
            for key in metrics:
                declared = _declaration(key, declarations)
                bounds = declared.bounds if declared is not None else None
                mean, low, high = mean_ci(group[key].to_numpy(float), bounds=bounds)
                row[key], row[f"ci_low.{key}"], row[f"ci_high.{key}"] = mean, low, high
                if reference is not None and baseline is not None:
                    if scenario == baseline:
                        diff = (0.0, math.nan, math.nan)
                    else:
                        mine = group.set_index("replication")[key]
                        theirs = reference[key].reindex(mine.index)
                        diff = paired_difference(mine.to_numpy(float), theirs.to_numpy(float))
                    (row[f"diff.{key}"], row[f"diff_low.{key}"],
                     row[f"diff_high.{key}"]) = diff
            rows.append(row)
    table = pd.DataFrame(rows)
    if rank_by in table.columns:
        descending = worst_first(rank_by, declarations)
        table = table.sort_values(["scenario", rank_by], ascending=[True, not descending],
                                  kind="stable")
        table["rank"] = table.groupby("scenario").cumcount() + 1
        position = {s: i for i, s in enumerate(order)}
        table = table.sort_values(["scenario", "rank"],
                                  key=lambda col: col.map(position) if col.name == "scenario"
                                  else col, kind="stable")
    else:
        table["rank"] = table.groupby("scenario").cumcount() + 1
    first = ["scenario", "rank"]
    return table[first + [c for c in table.columns if c not in first]].reset_index(drop=True)


def gains(table: pd.DataFrame, scenario: str, key: str = RANK_METRIC,
          declarations: dict[str, Metric] | None = None) -> pd.DataFrame:
    """The communities of ``scenario`` ordered by how much they gain on ``key`` (most first).

    A gain is the paired difference against the baseline in the metric's better
    direction (a fall in overtime is a gain); the column ``gain`` holds it.
    """
    part = table[table["scenario"] == scenario].copy()
    column = f"diff.{key}"
    if part.empty or column not in part:
        return part.iloc[0:0]
    sign = -1.0 if worst_first(key, declarations) else 1.0
    part["gain"] = sign * part[column]
    return part.sort_values("gain", ascending=False, kind="stable").reset_index(drop=True)
