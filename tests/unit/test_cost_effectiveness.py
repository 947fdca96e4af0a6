"""Cost-effectiveness ratios of paired differences with delta-method intervals."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from commsim.analysis.cost_effectiveness import COLUMNS, format_table, paired_ratio, reading, table


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
    text = "\n".join(format_table(frame, "base"))
    assert "yuan a year per satisfied household gained" in text and "policy" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    zh = "\n".join(format_table(frame, "base", lang="zh"))
    assert "每增加1户满意住户的年成本" in zh and "更好但成本更高" in zh
    assert table(pd.DataFrame(rows).drop(columns="overtime_hours")).empty


def _runs(rows: list[tuple[str, int, float, float, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"scenario": s, "replication": r, "status": "ok", "cost_yuan": c,
                          "overtime_hours": o, "satisfied_households": h}
                         for s, r, c, o, h in rows])


def test_table_gives_paired_intervals_of_cost_and_effect() -> None:
    rows = []
    for rep in range(6):
        rows += [("base", rep, 1000 + 10 * rep, 100 + rep, 300),
                 ("policy", rep, 1500 + 10 * rep + rep % 3, 80 + rep + rep % 2, 320 + rep)]
    frame = table(_runs(rows)).set_index("measure")
    hours = frame.loc["yuan_per_overtime_hour_avoided"]
    assert hours["n"] == 6
    assert hours["cost_ci_low"] < hours["cost_diff"] < hours["cost_ci_high"]
    assert hours["effect_ci_low"] < hours["effect_diff"] < hours["effect_ci_high"]
    assert hours["effect_diff"] == pytest.approx(19.5)  # 20 fewer hours, minus rep % 2
    assert hours["ci_low"] < hours["ratio"] < hours["ci_high"]
    assert hours["reading"] == "better at extra cost (trade-off)"


def test_zero_cost_difference_gives_a_zero_ratio_with_a_zero_width_interval() -> None:
    rows = []
    for rep in range(5):
        rows += [("base", rep, 1000.0 + rep, 100.0 + rep, 300.0),
                 ("free", rep, 1000.0 + rep, 90.0 + rep + (rep % 2), 300.0 + rep)]
    hours = table(_runs(rows)).set_index("measure").loc["yuan_per_overtime_hour_avoided"]
    assert hours["cost_diff"] == 0 and hours["cost_ci_low"] == 0 and hours["cost_ci_high"] == 0
    assert hours["ratio"] == 0 and hours["ci_low"] == 0 and hours["ci_high"] == 0
    assert hours["reading"] == "better at no distinguishable extra cost"


def test_zero_effect_leaves_the_ratio_missing_and_says_why() -> None:
    rows = []
    for rep in range(5):
        rows += [("base", rep, 1000.0 + rep, 100.0 + rep, 300.0 + rep),
                 ("idle", rep, 1200.0 + rep, 100.0 + rep, 300.0 + rep)]
    frame = table(_runs(rows)).set_index("measure")
    for measure in ("yuan_per_overtime_hour_avoided", "yuan_per_satisfied_household_gained"):
        row = frame.loc[measure]
        assert row["effect_diff"] == 0 and row["cost_diff"] > 0
        assert math.isnan(row["ratio"]) and math.isnan(row["ci_low"])
        assert "not estimable" in row["reading"]
    assert "no effect distinguishable from 0" in "\n".join(
        format_table(frame.reset_index(), "base"))


def test_costs_are_a_year_and_flow_effects_are_taken_a_year_of_the_window() -> None:
    # costs are stored yuan a year; overtime hours over the window become hours a year,
    # satisfied households (a level) stay as they are
    rows = []
    for rep in range(4):
        rows += [("base", rep, 1000.0 + rep, 100.0, 300.0),
                 ("policy", rep, 1500.0 + rep, 90.0, 310.0 + rep % 2)]
    one = table(_runs(rows)).set_index("measure")
    five = table(_runs(rows), years=5.0).set_index("measure")
    per_h = "yuan_per_overtime_hour_avoided"
    per_hh = "yuan_per_satisfied_household_gained"
    assert five.loc[per_h, "ratio"] == pytest.approx(5 * one.loc[per_h, "ratio"])
    assert five.loc[per_h, "effect_diff"] == pytest.approx(10.0 / 5)
    assert five.loc[per_hh, "ratio"] == pytest.approx(one.loc[per_hh, "ratio"])
    assert five.loc[per_hh, "cost_diff"] == pytest.approx(500.0)


def test_reading_names_dominance_both_ways() -> None:
    assert reading((-5.0, -8.0, -2.0), (3.0, 1.0, 5.0)).startswith("dominant")
    assert reading((5.0, 2.0, 8.0), (-3.0, -5.0, -1.0)).startswith("dominated")
    assert reading((-5.0, -8.0, -2.0), (-3.0, -5.0, -1.0)) == "cheaper but worse (trade-off)"
