"""Refused meetings day by day: a daily series declared in one module.

An example of adding an output (see ``docs/extending.md``): the running count of the
meetings the quota of ``meeting_quota.py`` refused, recorded at the end of every day
(that policy counts them into the measured window's accounts and declares the window's
total itself, ``meetings_refused_by_quota``). The declaration names its key, unit, label,
how it aggregates over days and which policy reports it; the model's daily table, the
results store and its manifest read it from here. No other file changes.
"""

from __future__ import annotations

from typing import Any

from commsim.core.metrics import daily_series


@daily_series(
    "meetings_refused",
    unit="meetings (cumulative)",
    label="Meetings refused so far",
    integer=True,
    bounds=(0.0, None),
    over_days="last",
    policy="meeting_quota",
    description="Non-statutory meetings the weekly meeting quota refused since the "
                "measured window opened, summed over communities.",
)
def meetings_refused(model: Any) -> float:
    """Meetings refused by the quota so far (runs without the policy do not record it)."""
    return float(model.stats.counts.get("meetings_refused_by_quota", 0.0))
