"""Robustness metrics against small hand-computed examples."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import beta

from commsim.robust.metrics import (
    Threshold,
    directions_of,
    rank_stability,
    regret,
    regret_matrix,
    regret_summary,
    satisficing,
    satisficing_matrix,
    share_ci,
)

# 3 worlds x 3 policies; cost: lower is better, sat: higher is better
TABLE = pd.DataFrame({
    "world": [0, 0, 0, 1, 1, 1, 2, 2, 2],
    "policy": ["A", "B", "C"] * 3,
    "cost": [10.0, 12.0, 15.0, 20.0, 12.0, 16.0, 8.0, 9.0, 7.0],
    "sat": [0.9, 0.7, 0.8, 0.85, 0.9, 0.6, 0.7, 0.95, 0.8],
})
DIRS = {"cost": "lower", "sat": "higher"}


def test_regret_by_hand():
    r = regret(TABLE, ["cost", "sat"], directions=DIRS)
    cost = r[r.metric == "cost"]
    assert cost["regret"].tolist() == [0, 2, 5, 8, 0, 4, 1, 2, 0]
    assert cost["best"].tolist() == [10, 10, 10, 12, 12, 12, 7, 7, 7]
    sat = r[r.metric == "sat"]
    assert np.allclose(sat["regret"], [0, 0.2, 0.1, 0.05, 0, 0.3, 0.25, 0, 0.15])
    assert (r["regret"] >= 0).all()


def test_regret_summary_minimax_and_percentile():
    r = regret(TABLE, ["cost"], directions=DIRS)
    s = regret_summary(r, quantile=0.9, n_boot=200, seed=1).set_index("policy")
    assert s.loc["A", "max_regret"] == 8 and s.loc["B", "max_regret"] == 2
    assert s.loc["C", "max_regret"] == 5
    assert s["minimax"].to_dict() == {"A": False, "B": True, "C": False}
    # numpy's linear percentile: A sorted [0, 1, 8] -> 1 + 0.8 * 7
    assert s.loc["A", "pct_regret"] == pytest.approx(6.6)
    assert s.loc["B", "pct_regret"] == pytest.approx(2.0)
    assert s.loc["C", "pct_regret"] == pytest.approx(4.8)
    assert s.loc["A", "mean_regret"] == pytest.approx(3.0)
    assert s.loc["B", "mean_regret"] == pytest.approx(4 / 3)
    for pol in "ABC":
        assert s.loc[pol, "mean_low"] <= s.loc[pol, "mean_regret"] <= s.loc[pol, "mean_high"]
        assert s.loc[pol, "pct_low"] <= s.loc[pol, "pct_high"] <= s.loc[pol, "max_regret"]


def test_directions_from_declarations():
    d = directions_of(["overtime_hours_per_cadre_week", "resident_satisfaction"])
    assert d == {"overtime_hours_per_cadre_week": "lower", "resident_satisfaction": "higher"}
    with pytest.raises(ValueError, match="no better direction"):
        directions_of(["visits"])


def test_satisficing_by_hand():
    th = [Threshold("cost", high=12), Threshold("sat", low=0.8)]
    s = satisficing(TABLE, th).set_index("policy")
    # A meets in world 0; B in worlds 1 and 2; C in world 2
    assert s["met"].to_dict() == {"A": 1, "B": 2, "C": 1}
    assert s.loc["B", "share"] == pytest.approx(2 / 3)
    # Clopper-Pearson 2 of 3: Beta(0.025; 2, 2) and Beta(0.975; 3, 1) = 0.975 ** (1/3)
    assert s.loc["B", "ci_low"] == pytest.approx(0.094299, abs=1e-5)
    assert s.loc["B", "ci_high"] == pytest.approx(0.975 ** (1 / 3), abs=1e-6)
    m = satisficing_matrix(TABLE, th)
    assert m.loc[1].to_dict() == {"A": 0.0, "B": 1.0, "C": 0.0}


def _clopper_pearson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The exact interval from its definition: quantiles of beta distributions."""
    alpha = 1 - confidence
    low = 0.0 if k == 0 else beta.ppf(alpha / 2, k, n - k + 1)
    high = 1.0 if k == n else beta.ppf(1 - alpha / 2, k + 1, n - k)
    return float(low), float(high)


def test_satisficing_per_threshold_by_hand():
    th = [Threshold("cost", high=12), Threshold("sat", low=0.8)]
    s = satisficing(TABLE, th).set_index("policy")
    # cost <= 12 alone: A in worlds 0 and 2, B in all three, C in world 2
    assert s["met_cost"].to_dict() == {"A": 2, "B": 3, "C": 1}
    # sat >= 0.8 alone: A in 0 and 1, B in 1 and 2, C in 0 and 2 (0.8 meets ">= 0.8")
    assert s["met_sat"].to_dict() == {"A": 2, "B": 2, "C": 2}
    expected = {("A", "cost"): 2, ("B", "cost"): 3, ("C", "cost"): 1,
                ("A", "sat"): 2, ("B", "sat"): 2, ("C", "sat"): 2}
    for (pol, metric), k in expected.items():
        low, high = _clopper_pearson(k, 3)
        assert s.loc[pol, f"share_{metric}"] == pytest.approx(k / 3)
        assert s.loc[pol, f"ci_low_{metric}"] == pytest.approx(low, abs=1e-9)
        assert s.loc[pol, f"ci_high_{metric}"] == pytest.approx(high, abs=1e-9)
    # 3 of 3: the lower bound is 0.025 ** (1/3) and the upper bound 1
    assert s.loc["B", "ci_low_cost"] == pytest.approx(0.025 ** (1 / 3), abs=1e-9)
    assert s.loc["B", "ci_high_cost"] == 1.0
    # the overall columns are unchanged, and never above a single threshold's share
    assert s["met"].to_dict() == {"A": 1, "B": 2, "C": 1}
    assert (s["share"] <= s[["share_cost", "share_sat"]].min(axis=1)).all()
    assert list(s.columns) == ["worlds", "met", "share", "ci_low", "ci_high",
                               "met_cost", "share_cost", "ci_low_cost", "ci_high_cost",
                               "met_sat", "share_sat", "ci_low_sat", "ci_high_sat"]


@pytest.mark.parametrize("method", ["exact", "wilson"])
def test_share_intervals_stay_in_unit_interval(method):
    for k, n in [(0, 5), (5, 5), (0, 1), (1, 1), (3, 10)]:
        low, high = share_ci(k, n, method=method)
        assert 0.0 <= low <= k / n <= high <= 1.0
    low, high = share_ci(0, 3)
    assert low == 0.0 and high == pytest.approx(1 - 0.025 ** (1 / 3))


def test_rank_stability_dominance_and_ties():
    m = pd.DataFrame({"A": [0.0, 0.0, 0.0, 0.0], "B": [1.0, 2.0, 0.5, 3.0]})
    out = rank_stability(m, lambda a: a.mean(axis=0), n_boot=100).set_index("policy")
    assert out.loc["A", "share_first"] == 1.0 and out.loc["B", "share_first"] == 0.0
    tie = pd.DataFrame({"A": [1.0, 2.0], "B": [1.0, 2.0]})
    out = rank_stability(tie, lambda a: a.mean(axis=0), n_boot=50).set_index("policy")
    assert out["share_first"].tolist() == [0.5, 0.5]
    sat = rank_stability(pd.DataFrame({"A": [1.0, 0.0], "B": [1.0, 1.0]}),
                         lambda a: a.mean(axis=0), better="higher", n_boot=200, seed=3)
    assert sat.iloc[0]["policy"] == "B" and sat.iloc[0]["share_first"] > 0.5


def test_regret_matrix_shape():
    r = regret(TABLE, ["cost"], directions=DIRS)
    mat = regret_matrix(r, "cost")
    assert mat.shape == (3, 3) and mat.loc[1, "A"] == 8
