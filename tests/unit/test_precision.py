"""Statistical honesty: bounded intervals and warnings for thin evidence."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from commsim.analysis.inference import compare, mean_ci
from commsim.analysis.precision import MIN_REPLICATIONS, replication_warnings, sensitivity_flag

shares = st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=2, max_size=30)


@settings(max_examples=200, deadline=None)
@given(shares)
def test_ci_of_a_share_stays_in_unit_interval(values: list[float]) -> None:
    mean, low, high = mean_ci(values, bounds=(0.0, 1.0))
    assert 0.0 <= low <= high <= 1.0
    assert low - 1e-9 <= mean <= high + 1e-9


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0.0, 1e4, allow_nan=False), min_size=2, max_size=30))
def test_ci_of_a_count_stays_non_negative(values: list[float]) -> None:
    _, low, _ = mean_ci(values, bounds=(0.0, None))
    assert low >= 0.0


def test_unbounded_interval_is_the_t_interval() -> None:
    values = [0.0, 0.1, 0.9, 1.0]
    t = mean_ci(values)
    assert t[1] < 0  # the t-interval crosses 0 here ...
    bounded = mean_ci(values, bounds=(0.0, 1.0))
    assert bounded[1] >= 0  # ... the bounded one does not
    inside = mean_ci([0.4, 0.5, 0.6, 0.5], bounds=(0.0, 1.0))
    assert inside == mean_ci([0.4, 0.5, 0.6, 0.5])  # within bounds: unchanged


def test_bounded_interval_is_deterministic() -> None:
    values = [0.0, 0.0, 0.2, 1.0]
    assert mean_ci(values, bounds=(0.0, 1.0)) == mean_ci(values, bounds=(0.0, 1.0))


def test_compare_uses_bounds() -> None:
    runs = pd.DataFrame({"scenario": ["a"] * 3, "replication": [0, 1, 2],
                         "turnover_rate": [0.0, 0.0, 0.9]})
    table = compare(runs, ["turnover_rate"], bounds={"turnover_rate": (0.0, None)})
    assert table["ci_low"].iloc[0] >= 0.0
    unbounded = compare(runs, ["turnover_rate"])
    assert unbounded["ci_low"].iloc[0] < 0.0


def test_two_replications_are_flagged() -> None:
    rows = [{"scenario": "a", "metric": "m", "mean": 1.0, "ci_low": 0.99, "ci_high": 1.01}]
    warnings = replication_warnings(rows, {"a": 2})
    assert len(warnings) == 1 and "only 2 replications" in warnings[0]
    assert replication_warnings(rows, {"a": MIN_REPLICATIONS}) == []


def test_wide_interval_is_flagged_with_its_label() -> None:
    rows = [{"scenario": "a", "metric": "m", "mean": 10.0, "ci_low": 8.0, "ci_high": 12.0}]
    (line,) = replication_warnings(rows, {"a": 30}, labels={"m": "Overtime"})
    assert "Overtime" in line and "20%" in line


def test_sensitivity_flags() -> None:
    assert sensitivity_flag(0.3, 0.1, 256) == (False, 256)
    flagged, n = sensitivity_flag(-0.2, 0.5, 64)
    assert flagged and n > 64 and n & (n - 1) == 0
    assert sensitivity_flag(float("nan"), 0.1, 64)[0]


def test_sobol_warning_counts_flagged_indices() -> None:
    from commsim.analysis.precision import sobol_warning

    good = [{"parameter": "a", "S1": 0.5, "S1_conf": 0.1, "ST": 0.6, "ST_conf": 0.1}]
    assert sobol_warning(good, 96) == ""
    bad = good + [{"parameter": "b", "S1": -0.1, "S1_conf": 0.3, "ST": 0.05, "ST_conf": 0.2}]
    text = sobol_warning(bad, 96)
    assert text.startswith("2 of 4 indices")
    assert "now 24" in text  # 96 runs / (2 parameters + 2)
