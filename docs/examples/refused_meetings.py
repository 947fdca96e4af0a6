"""Refused meetings: a summary metric declared in one module, next to what it counts.

An example of adding an output (see ``docs/extending.md``): a metric that counts the
meetings the quota of ``meeting_quota.py`` refused. The
declaration names its key, unit, label, which direction is better and which policy
reports it; the run summary, the results store, ``commsim compare``, the HTML report and
``docs/metrics.md``-style catalogs all read it from here. No other file changes.
"""

from __future__ import annotations

from typing import Any

from commsim.metrics import summary_metric


@summary_metric(
    "meetings_refused",
    unit="meetings",
    label="Meetings refused by the quota",
    better="neither",
    integer=True,
    bounds=(0.0, None),
    policy="meeting_quota",
    description="Non-statutory meetings the weekly meeting quota refused, summed over "
                "communities.",
)
def meetings_refused(model: Any) -> float:
    """Meetings refused by the quota so far (runs without the policy do not report it)."""
    return float(sum(p.refused for p in model.policies if p.name == "meeting_quota"))
