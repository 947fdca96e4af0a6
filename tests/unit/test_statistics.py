import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from commsim.analysis.inference import (
    COMPARISON_COLUMNS,
    compare,
    half_width,
    mean_ci,
    paired_difference,
    relative_half_width,
    variance_reduction,
)


def test_mean_ci_matches_scipy_t_interval():
    x = np.array([3.1, 2.7, 3.8, 4.0, 3.3, 2.9])
    mean, lo, hi = mean_ci(x)
    ref = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert mean == pytest.approx(x.mean())
    assert (lo, hi) == pytest.approx(ref)
    assert half_width(x) == pytest.approx((hi - lo) / 2)


def test_degenerate_samples():
    assert all(math.isnan(v) for v in mean_ci([]))
    mean, lo, hi = mean_ci([2.0])
    assert mean == 2.0 and math.isnan(lo) and math.isnan(hi)
    assert mean_ci([1.0, math.nan, 3.0])[0] == 2.0  # non-finite values ignored
    assert relative_half_width([5.0, 5.0, 5.0]) == 0.0
    assert relative_half_width([-1.0, 1.0]) == math.inf


def test_pairing_removes_common_noise():
    rng = np.random.default_rng(1)
    common = rng.normal(0, 5, 200)
    base = 10 + common + rng.normal(0, 0.5, 200)
    treat = 12 + common + rng.normal(0, 0.5, 200)
    d, lo, hi = paired_difference(treat, base)
    assert lo < 2 < hi and d == pytest.approx(2, abs=0.2)
    assert (hi - lo) < 0.5
    assert variance_reduction(treat, base) > 0.95
    independent = rng.normal(0, 5, 200)
    assert abs(variance_reduction(independent, base)) < 0.3


def test_paired_difference_drops_incomplete_pairs():
    d, lo, hi = paired_difference([1.0, 2.0, math.nan, 4.0], [0.0, 1.0, 1.0, 3.0])
    assert d == 1.0 and lo == hi == 1.0
    with pytest.raises(ValueError):
        paired_difference([1.0], [1.0, 2.0])


def test_compare_table():
    runs = pd.DataFrame({
        "scenario": ["a", "b"] * 3,
        "replication": [0, 0, 1, 1, 2, 2],
        "status": ["ok"] * 5 + ["failed"],
        "m": [1.0, 2.0, 2.0, 3.1, 3.0, math.nan],
    })
    table = compare(runs, ["m"])
    assert tuple(table.columns) == COMPARISON_COLUMNS
    assert list(table["scenario"]) == ["a", "b"]
    a, b = table.iloc[0], table.iloc[1]
    assert a["mean"] == pytest.approx(2.0) and a["diff_mean"] == 0.0
    assert math.isnan(a["variance_reduction"])
    assert b["mean"] == pytest.approx(2.55)  # the failed run is left out
    assert b["diff_mean"] == pytest.approx(1.05)  # only replications 0 and 1 pair up
    table = compare(runs, ["m"], baseline="b")
    assert table.iloc[1]["diff_mean"] == 0.0
