"""Paired effects year by year, their trend, and the baseline's stationarity evidence."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from commsim.analysis.stationarity import mser_table, trend, yearly_levels
from commsim.analysis.warmup import deseasonalise
from commsim.analysis.yearly_effects import effect_trends, reading, yearly_comparison


def _yearly(decay: float) -> pd.DataFrame:
    """Baseline at 20 h plus noise; a policy 6 h lower in year 1, ``decay`` h less a year."""
    rng = np.random.default_rng(1)
    rows = []
    for rep in range(8):
        common = rng.normal(0, 2)
        for year in range(1, 6):
            noise = rng.normal(0, 0.2)
            rows.append({"scenario": "base", "replication": rep, "year": year,
                         "overtime": 20 + common + noise})
            rows.append({"scenario": "gate", "replication": rep, "year": year,
                         "overtime": 14 + decay * (year - 1) + common + noise
                         + rng.normal(0, 0.2)})
    return pd.DataFrame(rows)


def test_yearly_differences_are_paired_within_each_year() -> None:
    table = yearly_comparison(_yearly(1.5), "base", ["base", "gate"], ["overtime"])
    gate = table[table["scenario"] == "gate"].set_index("year")
    assert list(gate.index) == [1, 2, 3, 4, 5] and set(gate["n"]) == {8}
    assert gate.loc[1, "diff_mean"] == pytest.approx(-6, abs=0.3)
    assert gate.loc[5, "diff_mean"] == pytest.approx(0, abs=0.3)
    # pairing removes the common replication effect: intervals are narrow
    assert (gate["diff_ci_high"] - gate["diff_ci_low"]).max() < 1.0


def test_a_decaying_effect_reads_as_a_rebound_and_a_steady_one_as_persisting() -> None:
    for decay, words in ((1.5, "shrinks year by year and is not distinguishable from 0 by "
                                "year 5"), (0.0, "the effect persists")):
        yearly = _yearly(decay)
        table = yearly_comparison(yearly, "base", ["base", "gate"], ["overtime"])
        slope = effect_trends(yearly, "base", ["base", "gate"], ["overtime"]).iloc[0]
        assert slope["slope"] == pytest.approx(decay, abs=0.2)
        text = reading(table[table["scenario"] == "gate"],
                       (slope["slope"], slope["slope_ci_low"], slope["slope_ci_high"]))
        assert words in text


def test_reading_without_any_effect() -> None:
    years = pd.DataFrame({"year": [1, 2, 3], "diff_ci_low": [-1.0, -1.0, -1.0],
                          "diff_ci_high": [1.0, 1.0, 1.0]})
    assert reading(years, (0.0, -0.5, 0.5)) == "no effect distinguishable from 0 in any year"
    assert "builds up" in reading(years, (0.4, 0.1, 0.7))


def test_baseline_levels_and_trend() -> None:
    yearly = _yearly(0.0)
    levels = yearly_levels(yearly, "base", ["overtime"], {"overtime": (0.0, None)})
    assert list(levels["year"]) == [1, 2, 3, 4, 5]
    assert (levels["ci_low"] < levels["mean"]).all() and (levels["n"] == 8).all()
    wide = yearly[yearly["scenario"] == "base"].pivot(index="replication", columns="year",
                                                      values="overtime")
    slope, low, high = trend(wide)
    assert low < 0 < high and abs(slope) < 0.2
    assert math.isnan(trend(wide[[1]])[0])  # one year: no trend


def test_mser_finds_the_transient_inside_the_warm_up() -> None:
    """A series that settles after 100 days of a 300-day warm-up, then stays level."""
    day = np.arange(-300, 1000)
    rows = []
    for rep in range(3):
        level = np.where(day < -200, 5 + (day + 300) * 0.05, 10.0)
        rows.append(pd.DataFrame({"scenario": "base", "replication": rep, "day": day,
                                  "backlog_hours": level + 0.1 * np.sin(day / 5 + rep)}))
    table = mser_table(pd.concat(rows), "base", ["backlog_hours"]).iloc[0]
    assert 90 <= table["from_start"] <= 300
    assert table["measured_only"] <= 50


def test_deseasonalise_removes_a_yearly_cycle() -> None:
    day = np.arange(0, 365 * 4)
    values = 3 + np.sin(2 * np.pi * day / 365)
    flat = deseasonalise(day, values)
    assert np.ptp(flat) < 1e-9
    assert np.ptp(deseasonalise(day, values, fit_from=0)) < 1e-9
