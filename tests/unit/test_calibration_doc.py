"""The calibration document states its window and flags missed targets."""

from __future__ import annotations

import re

from commsim.docgen.calibration import CONFIGS, TARGETS, render

MET = {"mean_weekday_hours": 10.5, "days_over_9h_share": 0.4, "days_within_paid_share": 0.5,
       "elected_weekday_hours": 11.0, "weekend_work_share": 0.6,
       "surge_late_night_share": 0.4, "surge_past_midnight_share": 0.3,
       "dept_tasks_per_community_day": 5.0, "turnover_rate": 0.17, "burnout_share": 0.4,
       "resident_satisfaction": 0.6}


def _runs(**changes: float) -> dict[str, list[dict[str, float]]]:
    runs = {c: [dict(MET, **changes) for _ in range(3)] for c in CONFIGS}
    for r in runs["light"]:
        r["turnover_rate"] = 0.06
    return runs


def test_every_target_reads_a_metric_the_runs_have() -> None:
    assert {t.metric for t in TARGETS} <= set(MET)


def test_document_names_the_warm_up_and_replications() -> None:
    text = render(_runs(), reps=3, seed=7, seconds=120.0)
    # (tests run with a 0-day default warm-up; the document reads the declared default)
    assert re.search(r"after a warm-up of \d+ days \(`run.warmup_days`", text)
    assert "3 seeded replications" in text
    assert "None: every target above is met" in text
    assert "Out of date" not in text and "**no**" not in text
    assert "How the hour sources are reconciled" in text


def test_a_missed_target_is_flagged() -> None:
    text = render(_runs(mean_weekday_hours=9.5), reps=3, seed=7)
    assert "**no**" in text and "- `mean_weekday_hours` (baseline): simulated 9.50" in text
