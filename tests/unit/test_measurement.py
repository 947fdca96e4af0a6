"""The measured window: warm-up, whole-run summary and per-year summaries."""

from __future__ import annotations

import math

import numpy as np

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


def test_yearly_rows_add_up_to_the_whole_window() -> None:
    result = simulate("baseline", seed=2, overrides={**FAST, "run.communities": 1,
                                                     "run.warmup_days": 10, "run.days": 730})
    yearly = result.yearly
    assert list(yearly["year"]) == [1, 2]
    assert list(yearly["days"]) == [365, 365] and list(yearly["first_day"]) == [0, 365]
    whole = result.summary
    for key in ("burnout_share", "mean_headcount", "resident_satisfaction_all",
                "satisfaction_index"):  # plain means over days
        assert math.isclose(yearly[key].mean(), whole[key], rel_tol=1e-9), key
    for key in ("separations", "visits", "dept_tasks_received", "fines_yuan"):  # counts
        assert math.isclose(yearly[key].sum(), whole[key], rel_tol=1e-9), key


def test_a_partial_last_year_is_its_own_row() -> None:
    result = simulate("baseline", seed=2, overrides={**FAST, "run.communities": 1,
                                                     "run.days": 400})
    assert list(result.yearly["days"]) == [365, 35]


def test_difference_of_snapshots() -> None:
    a, b = RunStats(), RunStats()
    a.days, b.days = 10, 4
    a.hours_by_kind["form"], b.hours_by_kind["form"] = 5.0, 2.0
    a.hours_by_kind["apps"] = 1.0
    d = difference(a, b)
    assert d.days == 6 and d.hours_by_kind == {"form": 3.0, "apps": 1.0}
