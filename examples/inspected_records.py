"""The records inspections score: a summary metric and a daily series in one module.

An example of adding outputs (see ``docs/extending.md``). Seed point S6: inspections
score records (ledgers, forms, inspection preparation), and what is not done is
fabricated or fails. Two declarations watch those records:

* ``inspected_hours_share`` (summary metric): the share of all cadre hours spent on the
  kinds of work inspections score, computed from the window's own hours (so each
  measured year gets its own value; a ratio of two totals, ``over_days="ratio"``);
* ``inspected_records_waiting`` (daily series): inspected records waiting in the
  cadres' backlogs at the end of each day.

Both are declared ``report=True``: ``compare`` prints the metric after the headline
metrics, and the report shows the metric in its tables and draws the series as a panel
of its daily figure. No other file changes.
"""

from __future__ import annotations

from commsim import CommunityModel
from commsim.core.metrics import daily_series, summary_metric
from commsim.model.measurement import Window

#: Task kinds inspections score (``Task.inspected``).
INSPECTED = ("ledger", "form", "inspection_prep")


@summary_metric(
    "inspected_hours_share",
    report=True,
    unit="share of cadre hours",
    label="Hours on inspected records",
    label_zh="受检台账工时占比",
    better="neither",
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description="Share of cadre hours spent on ledgers, forms and inspection preparation, "
                "the records inspections score (S6).",
)
def inspected_hours_share(window: Window) -> float:
    """Cadre hours on inspected kinds over all cadre hours, in the window (or year)."""
    hours = window.stats.hours_by_kind
    total = sum(hours.values())
    return sum(hours.get(kind, 0.0) for kind in INSPECTED) / total if total else 0.0


@daily_series(
    "inspected_records_waiting",
    report=True,
    unit="tasks",
    label="Inspected records waiting",
    label_zh="待办受检台账数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    over_days="mean",
    description="Ledgers, forms and inspection preparation waiting in the cadres' backlogs "
                "at the end of the day.",
)
def inspected_records_waiting(model: CommunityModel) -> float:
    """Inspected tasks pending in every present cadre's backlog."""
    return float(sum(t.inspected for c in model.present_cadres() for t in c.backlog))
