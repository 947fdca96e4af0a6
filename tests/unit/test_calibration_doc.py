"""The calibration document states its window and flags missed targets."""

from __future__ import annotations

import re

import numpy as np
import pytest

import commsim
from commsim.analysis.inference import wilson
from commsim.docgen.calibration import (
    CONFIGS,
    JINAN_N,
    JINAN_SATISFIED,
    TARGETS,
    render,
    threshold_curves,
)

MET = {"mean_weekday_hours": 10.5, "days_over_9h_share": 0.4, "days_within_paid_share": 0.5,
       "elected_weekday_hours": 11.0, "weekend_work_share": 0.6,
       "surge_late_night_share": 0.4, "surge_past_midnight_share": 0.3,
       "dept_tasks_per_community_day": 5.0, "turnover_rate": 0.17, "burnout_share": 0.4,
       "resident_satisfaction": 0.8}


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
    text = render(_runs(days_over_9h_share=0.52), reps=3, seed=7)
    assert "**no**" in text and "- `days_over_9h_share` (baseline): simulated 52.0 %" in text


def test_a_reported_check_is_shown_but_never_flagged() -> None:
    text = render(_runs(mean_weekday_hours=8.0), reps=3, seed=7)
    row = next(line for line in text.splitlines() if line.startswith("| `mean_weekday_hours`"))
    assert row.endswith("| not a target |") and "8.00" in row
    assert "**no**" not in text and "mean_weekday_hours" not in {t.metric for t in TARGETS}


def test_every_target_is_two_sided_and_survey_targets_carry_their_sample() -> None:
    for t in TARGETS:
        assert t.low < t.high, t.metric
        assert t.check((t.low + t.high) / 2) and not t.check(t.high + 1e-9)
    jinan = next(t for t in TARGETS if t.metric == "resident_satisfaction")
    assert (jinan.low, jinan.high) == pytest.approx(wilson(JINAN_SATISFIED, JINAN_N), abs=1e-4)
    assert jinan.low < JINAN_SATISFIED / JINAN_N < jinan.high
    ningbo = next(t for t in TARGETS if t.metric == "days_over_9h_share")
    assert 0.19 < ningbo.low < 0.20 and 0.45 < ningbo.high < 0.46  # 14 of 45


def test_wilson_interval_stays_inside_zero_and_one() -> None:
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == 1.0
    low, high = wilson(150, 187)
    assert low < 150 / 187 < high and high - low == pytest.approx(0.1137, abs=1e-3)
    with pytest.raises(ValueError):
        wilson(5, 4)


def test_satisfaction_curve_reproduces_the_run_and_falls_with_the_threshold() -> None:
    small = {"run.days": 40, "run.communities": 1, "run.warmup_days": 10}
    own = commsim.Params.defaults()["residents.satisfied_threshold"]
    grid = [10.0, own, 60.0, 90.0]
    curve, _, _ = threshold_curves(3, 0, grid, (), small)
    run = commsim.simulate("baseline", seed=3, overrides=small).summary
    assert curve[own] == pytest.approx(run["resident_satisfaction"], abs=1e-12)
    values = [curve[t] for t in grid]
    assert np.all(np.diff(values) <= 0) and values[0] > values[-1]


def test_burnout_curve_reproduces_the_run_and_falls_with_the_threshold() -> None:
    small = {"run.days": 60, "run.communities": 1, "run.warmup_days": 30,
             "departments.tasks_per_community_day": 8.0}
    own = commsim.Params.defaults()["cadres.burnout_threshold"]
    grid = [0.0, 0.2, own, 0.8, 1.0]
    _, curve, summary = threshold_curves(3, 0, (), grid, small)
    run = commsim.simulate("baseline", seed=3, overrides=small).summary
    assert curve[own] == pytest.approx(run["burnout_share"], abs=1e-12)
    assert summary["burnout_share"] == pytest.approx(run["burnout_share"], abs=1e-12)
    values = [curve[t] for t in grid]
    assert np.all(np.diff(values) <= 0) and values[0] > 0 and values[-1] == 0.0
