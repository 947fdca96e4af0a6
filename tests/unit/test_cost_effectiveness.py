"""Cost-effectiveness ratios of paired differences with delta-method intervals."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from commsim.cost_effectiveness import COLUMNS, format_table, paired_ratio, table


def test_ratio_of_paired_means() -> None:
    dc, de, ratio, _, _ = paired_ratio([110, 125, 130], [100, 100, 100], [8, 5, 5],
                                       [10, 10, 10], sign=-1)
    assert dc == pytest.approx(65 / 3) and de == pytest.approx(4.0)
    assert ratio == pytest.approx((65 / 3) / 4.0)


def test_delta_method_interval_covers_the_true_ratio() -> None:
    """Simulated pairs with a known ratio of 50 yuan per unit: ~95 % coverage."""
    rng = np.random.default_rng(3)
    hits = 0
    trials = 400
    for _ in range(trials):
        common = rng.normal(0, 100, 12)
        effect = 10 + rng.normal(0, 2, 12)
        cost = 50 * effect + rng.normal(0, 40, 12)
        _, _, _, lo, hi = paired_ratio(cost + common, common, effect + common, common)
        hits += lo <= 50 <= hi
    assert 0.90 <= hits / trials <= 0.99


def test_no_interval_when_the_effect_is_not_distinguishable_from_zero() -> None:
    _, de, ratio, lo, hi = paired_ratio([1, 2, 3, 4], [0, 0, 0, 0], [1, -1, 2, -2],
                                        [0, 0, 0, 0])
    assert de == 0 and math.isnan(ratio) and math.isnan(lo) and math.isnan(hi)
    _, _, ratio, lo, _ = paired_ratio([1, 2, 3], [0, 0, 0], [0.1, -0.3, 0.5], [0, 0, 0])
    assert math.isfinite(ratio) and math.isnan(lo)


def test_table_from_runs() -> None:
    rows = []
    for rep in range(5):
        for scenario, cost, overtime, satisfied in (
            ("base", 100 + rep, 50 + rep, 200), ("policy", 130 + rep, 40 + rep, 210 + rep % 2),
        ):
            rows.append({"scenario": scenario, "replication": rep, "status": "ok",
                         "cost_yuan": cost, "overtime_hours": overtime,
                         "satisfied_households": satisfied})
    frame = table(pd.DataFrame(rows))
    assert list(frame.columns) == list(COLUMNS)
    per_hour = frame.set_index("measure").loc["yuan_per_overtime_hour_avoided"]
    assert per_hour["ratio"] == pytest.approx(3.0)
    assert per_hour["ci_low"] == pytest.approx(3.0) and per_hour["ci_high"] == pytest.approx(3.0)
    text = format_table(frame, "base")
    assert "yuan_per_satisfied_household_gained" in text and "policy" in text
    assert table(pd.DataFrame(rows).drop(columns="overtime_hours")).empty
