"""The measured window: warm-up, whole-run summary and per-year summaries."""

from __future__ import annotations

import math

import numpy as np
import pytest

from commsim import simulate
from commsim.model.accounting import RunStats
from commsim.model.measurement import difference
from conftest import build_model

FAST = {"street.households_per_community": 400}


def test_accumulators_start_at_the_end_of_the_warm_up() -> None:
    model = build_model(overrides={**FAST, "run.warmup_days": 20, "run.days": 10})
    for _ in range(20):
        model.step()
    assert model.stats.days == 20  # the warm-up counts from day 0 ...
    assert model.stats.cadre_days > 0
    model.measurement.start_of_day(20)  # ... and the window opens at its end
    assert model.stats.days == 0
    assert model.stats.cadre_days == 0 and model.stats.visits == 0
    assert model.measurement.ledger().created == 0


def test_warm_up_shifts_measurement_on_the_same_trajectory() -> None:
    cold = simulate("baseline", seed=3, overrides={**FAST, "run.communities": 1,
                                                   "run.warmup_days": 0, "run.days": 90})
    warm = simulate("baseline", seed=3, overrides={**FAST, "run.communities": 1,
                                                   "run.warmup_days": 30, "run.days": 60})
    # the same 90 simulated days; only what is measured differs
    columns = ["backlog_hours", "mean_exhaustion", "headcount", "resident_satisfaction"]
    np.testing.assert_allclose(cold.daily[columns].to_numpy(), warm.daily[columns].to_numpy())
    daily = warm.daily
    assert len(daily) == 90 and int(daily["measured"].sum()) == 60
    assert daily["day"].iloc[0] == -30 and daily.loc[daily["measured"], "day"].iloc[0] == 0
    measured = daily[daily["measured"]]
    assert math.isclose(warm.summary["burnout_share"], measured["burnout_share"].mean())
    assert math.isclose(warm.summary["resident_satisfaction_all"],
                        measured["resident_satisfaction_all"].mean())
    assert warm.summary["separations"] == measured["separations"].iloc[-1]
    assert warm.summary["dept_tasks_received"] == measured["tasks_received"].iloc[-1]
    assert warm.summary["dept_tasks_received"] < cold.summary["dept_tasks_received"]


def test_a_window_shorter_than_a_year_is_one_row_from_the_first_measured_day() -> None:
    """Per-year rows count measured days; how years add up is tests/property/test_yearly.py."""
    model = build_model("admission_gate", overrides={**FAST, "run.warmup_days": 20,
                                                     "run.days": 30})
    model.run()
    yearly = model.yearly()
    assert yearly[["year", "first_day", "days"]].to_dict("records") == [
        {"year": 1, "first_day": 0, "days": 30}]
    summary = model.summary()
    assert yearly.iloc[0][list(summary)].to_dict() == summary  # one year: the window


def test_a_window_holds_only_the_window_s_data() -> None:
    model = build_model("admission_gate", overrides={**FAST, "run.days": 5})
    model.run()
    window = model.measurement.window()
    assert window.stats is model.stats and window.days == 5
    assert window.n_households == len(model.households)
    with pytest.raises(AttributeError, match=r"no 'policies'.*window\.count\(key\)"):
        _ = window.policies  # whole-run state: a metric may not read it
    model.stats.count("probe", 2.0)
    assert window.count("probe") == 2.0 and window.count("never_booked") == 0.0


def test_a_policy_counts_into_the_window_s_accounts() -> None:
    model = build_model("admission_gate", overrides={**FAST, "run.days": 5})
    gate = model.policies[0]
    gate.count("probe")
    assert model.stats.counts["probe"] == 1.0
    loose = type(gate)(model.params, model.streams["policy.loose"])
    with pytest.raises(RuntimeError, match="belongs to no model"):
        loose.count("probe")


def test_difference_of_snapshots() -> None:
    a, b = RunStats(), RunStats()
    a.days, b.days = 10, 4
    a.hours_by_kind["form"], b.hours_by_kind["form"] = 5.0, 2.0
    a.hours_by_kind["apps"] = 1.0
    d = difference(a, b)
    assert d.days == 6 and d.hours_by_kind == {"form": 3.0, "apps": 1.0}
