"""Frontier, ICERs, net benefit, CEAC, EVPI and EVPPI against hand-computed examples."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from commsim.analysis.decision import decide
from commsim.analysis.frontier import icers
from commsim.analysis.net_benefit import best_shares, ceac, evpi, net_benefit
from commsim.analysis.voi import evppi


def test_frontier_reproduces_dampacks_worked_example() -> None:
    # dampack's test_calculate_icers (HERC example): UC, B, D, E on the frontier,
    # C extendedly dominated, A dominated; ICERs 5,000, 12,500, 20,000.
    f = icers(["E", "D", "C", "B", "A", "UC"], [55000, 35000, 25000, 10000, 12000, 5000],
              [5, 4, 3, 2, 1.5, 1])
    assert f["option"].tolist() == ["UC", "B", "D", "E", "C", "A"]
    assert f["status"].tolist() == ["ND", "ND", "ND", "ND", "ED", "D"]
    assert f["icer"].tolist()[1:4] == [5000, 12500, 20000]
    assert f["inc_cost"].tolist()[1:4] == [5000, 25000, 20000]
    assert f["inc_effect"].tolist()[1:4] == [1, 2, 1]
    assert math.isnan(f["icer"].iloc[0]) and f["icer"].iloc[4:].isna().all()


def test_extended_dominance_is_repeated_until_icers_rise() -> None:
    # B (ICER 10 vs A) then C (ICER 5 vs B): B is extendedly dominated; C's ICER
    # against A is then 15/2 = 7.5, and D's 20 against C.
    f = icers(["A", "B", "C", "D"], [0, 10, 15, 35], [0, 1, 2, 3])
    assert dict(zip(f["option"], f["status"], strict=True)) == {
        "A": "ND", "C": "ND", "D": "ND", "B": "ED"}
    assert f.set_index("option").loc[["C", "D"], "icer"].tolist() == [7.5, 20.0]


def test_equal_cost_keeps_the_larger_effect_and_one_option_has_no_icer() -> None:
    f = icers(["a", "b"], [5.0, 5.0], [1.0, 2.0])
    assert dict(zip(f["option"], f["status"], strict=True)) == {"b": "ND", "a": "D"}
    assert icers(["s"], [1.0], [2.0])["icer"].isna().all()


def test_net_benefit_ceac_and_evpi_by_hand() -> None:
    cost = np.array([[0.0, 100.0], [0.0, 140.0], [0.0, 60.0], [0.0, 100.0]])
    effect = np.array([[0.0, 4.0], [0.0, 4.0], [0.0, 2.0], [0.0, 6.0]])
    nb = net_benefit(cost, effect, 25.0)  # b: 0, -40, -10, 50
    assert nb[:, 1].tolist() == [0.0, -40.0, -10.0, 50.0]
    assert best_shares(nb).tolist() == [0.625, 0.375]  # the tie in sample 0 is shared
    # E[max] = (0 + 0 + 0 + 50)/4 = 12.5; max E = max(0, 0) = 0
    assert evpi(nb) == 12.5
    curve = ceac(cost, effect, ["a", "b"], [0.0, 25.0, 100.0]).set_index(["wtp", "option"])
    assert curve.loc[(0.0, "a"), "probability"] == 1.0
    assert curve.loc[(100.0, "b"), "probability"] == 1.0  # b: 300, 260, 140, 500
    assert curve.loc[(25.0, "a"), "on_frontier"]  # mean NB tie: the first option


def _table(cost: np.ndarray, effect: np.ndarray, fiscal: np.ndarray | None = None
           ) -> pd.DataFrame:
    n, k = cost.shape
    fiscal = cost if fiscal is None else fiscal
    return pd.DataFrame({"option": [f"o{j}" for _ in range(n) for j in range(k)],
                         "sample": [i for i in range(n) for _ in range(k)],
                         "cost": cost.ravel(), "fiscal": fiscal.ravel(),
                         "overtime_avoided": effect.ravel(), "satisfied_gained": 0.0,
                         "cadres_retained": 0.0})


def test_decide_budget_and_nb_by_hand() -> None:
    cost = np.array([[0.0, 50.0, 200.0], [0.0, 70.0, 220.0]])
    effect = np.array([[0.0, 2.0, 8.0], [0.0, 4.0, 8.0]])
    fiscal = np.array([[1000.0, 1040.0, 1300.0], [1000.0, 1060.0, 1300.0]])
    d = decide(_table(cost, effect, fiscal), wtp=30.0, budget=100.0)
    # mean NB: o0 0, o1 30*3-60 = 30, o2 30*8-210 = 30 -> tie, the first listed wins
    assert d.means["nb"].tolist() == [0.0, 30.0, 30.0]
    assert d.best == "o1" and d.within_budget == "o1"
    d = decide(_table(cost, effect, fiscal), wtp=40.0, budget=100.0)
    assert d.best == "o2" and d.within_budget == "o1"  # o2's extra outlay is 300
    assert d.means["extra_fiscal"].tolist() == [0.0, 50.0, 300.0]
    assert decide(_table(cost, effect, fiscal), wtp=40.0, budget=-1.0).within_budget is None
    assert d.as_dict()["frontiers"]["overtime_avoided"][1]["icer"] == 20.0


# whole yuan and hours: mean gaps are then at least 1/4, so a large WTP stays finite
finite = st.integers(-10**6, 10**6).map(float)


@settings(max_examples=50, deadline=None)
@given(st.integers(2, 5).flatmap(lambda k: st.tuples(
    st.lists(st.lists(finite, min_size=k, max_size=k), min_size=1, max_size=4),
    st.lists(st.lists(finite, min_size=k, max_size=k), min_size=1, max_size=4))))
def test_wtp_zero_picks_cheapest_and_large_wtp_the_largest_effect(data) -> None:
    costs, effects = data
    n = min(len(costs), len(effects))
    cost, effect = np.array(costs[:n]), np.array(effects[:n])
    t = _table(cost, effect)
    m_cost, m_eff = cost.mean(axis=0), effect.mean(axis=0)
    assert m_cost[int(decide(t, wtp=0.0, wtps=()).best[1:])] == m_cost.min()
    # large enough that any effect gap outweighs any cost gap
    gaps = np.diff(np.unique(m_eff))
    big = 1e3 * (np.ptp(m_cost) + 1) / (gaps.min() if gaps.size else 1.0)
    assert m_eff[int(decide(t, wtp=float(big), wtps=()).best[1:])] == m_eff.max()


def test_evppi_matches_the_closed_form_of_a_linear_gaussian_model() -> None:
    # INB = a + b X + c Y, X, Y ~ N(0, 1) independent: given X, INB ~ N(a + b X, c²), so
    # EVPPI(X) = E[max(0, a + b X)] - max(0, a) = a Φ(a/b) + b φ(a/b) - max(0, a).
    rng = np.random.default_rng(1)
    n, a, b, c = 300, -1.0, 2.0, 1.5
    x, y = rng.standard_normal(n), rng.standard_normal(n)
    nb = np.column_stack([np.zeros(n), a + b * x + c * y])
    exact_x = a * stats.norm.cdf(a / b) + b * stats.norm.pdf(a / b) - max(0.0, a)
    s = math.hypot(b, c)
    exact_all = a * stats.norm.cdf(a / s) + s * stats.norm.pdf(a / s) - max(0.0, a)
    # sampling error of a mean of max(0, ·) over n draws: its standard error, 3 of them
    se = float(np.maximum(0.0, a + b * x).std(ddof=1)) / math.sqrt(n)
    assert evppi(nb, x) == pytest.approx(exact_x, abs=3 * se)
    assert evpi(nb) == pytest.approx(exact_all, abs=3 * se * s / b)
    se_y = float(np.maximum(0.0, a + c * y).std(ddof=1)) / math.sqrt(n)
    exact_y = a * stats.norm.cdf(a / c) + c * stats.norm.pdf(a / c) - max(0.0, a)
    assert evppi(nb, y) == pytest.approx(exact_y, abs=3 * se_y)
    # both inputs (the Gaussian process): all the uncertainty there is, so the EVPI
    both, part = np.column_stack([x, y])[:150], nb[:150]
    assert evppi(part, both) == pytest.approx(evpi(part), rel=0.05)


def test_the_reference_hour_is_declared_once() -> None:
    # The default WTP and the default shadow value of an hour are both the reference wage
    # over the standard month: the parameters they are derived from must agree with them.
    from commsim.core.parameters import SCHEMA
    from commsim.core.valuation import DEFAULT_WTP

    wage = SCHEMA["cadres.reference_wage"].default
    month = SCHEMA["costs.hours_per_month"].default
    assert wage / month == DEFAULT_WTP
    assert SCHEMA["valuation.value_per_hour"].default == round(wage / month, 2)
