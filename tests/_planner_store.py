"""A small real comparison store for the planner-facing tests (brief, export, words).

Three scenarios, three communities, 40 days without warm-up, three paired replications:
a few seconds serially, and every table a planner's comparison has (community rows too).
"""

from __future__ import annotations

from pathlib import Path

from commsim.cli import main

SCENARIOS: tuple[str, ...] = ("baseline", "admission_gate", "purchased_services")
SMALL: tuple[str, ...] = ("--reps", "3", "--days", "40", "--communities", "3",
                          "--set", "run.warmup_days=0", "--executor", "serial",
                          "--no-progress")


def comparison(out: Path, *extra: str, lang: str = "en") -> Path:
    """Run ``commsim compare`` of :data:`SCENARIOS` into ``out`` and return it."""
    assert main(["compare", *SCENARIOS, *SMALL, "--out", str(out), "--lang", lang,
                 *extra]) == 0
    return out
