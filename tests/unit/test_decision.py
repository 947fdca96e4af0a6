"""The decision summary: best scenario per metric and overall, cost, and how sure."""

from __future__ import annotations

import pandas as pd

from commsim.analysis.decision import summarise
from commsim.core.metrics import METRICS

HEADLINE = ["overtime_hours_per_cadre_week", "resident_satisfaction", "turnover_rate"]


def _table(rows: list[tuple[str, str, float, float, float]]) -> pd.DataFrame:
    """Rows (scenario, metric, diff, diff_low, diff_high); the reference has zero effects."""
    base_means = {"overtime_hours_per_cadre_week": 8.0, "resident_satisfaction": 0.6,
                  "turnover_rate": 0.2, "cost_yuan": 100_000.0}
    out = [{"scenario": "baseline", "metric": m, "mean": v, "ci_low": v, "ci_high": v,
            "diff_mean": 0.0, "diff_ci_low": 0.0, "diff_ci_high": 0.0}
           for m, v in base_means.items()]
    for scenario, metric, d, lo, hi in rows:
        v = base_means[metric] + d
        out.append({"scenario": scenario, "metric": metric, "mean": v, "ci_low": v,
                    "ci_high": v, "diff_mean": d, "diff_ci_low": lo, "diff_ci_high": hi})
    return pd.DataFrame(out)


def _gate_wins() -> pd.DataFrame:
    return _table([
        ("admission_gate", "overtime_hours_per_cadre_week", -2.0, -2.5, -1.5),
        ("admission_gate", "resident_satisfaction", 0.05, 0.01, 0.09),
        ("admission_gate", "turnover_rate", 0.0, -0.05, 0.05),
        ("admission_gate", "cost_yuan", 5000.0, 4000.0, 6000.0),
        ("paperless", "overtime_hours_per_cadre_week", -0.5, -1.5, 0.5),
        ("paperless", "resident_satisfaction", 0.0, -0.04, 0.04),
        ("paperless", "turnover_rate", 0.0, -0.05, 0.05),
        ("paperless", "cost_yuan", 1000.0, 500.0, 1500.0),
    ])


def test_clear_winner_named_with_its_cost_in_both_languages() -> None:
    en = summarise(_gate_wins(), HEADLINE, METRICS.get, replications=20)
    assert en.best == "admission_gate" and not en.caution
    assert "admission_gate does best" in en.verdict and "2 of 3" in en.verdict
    assert "+5,000 yuan" in en.verdict and "+4,000 to +6,000" in en.verdict
    assert any("lower is better" in line and "a clear difference" in line for line in en.lines)
    zh = summarise(_gate_wins(), HEADLINE, METRICS.get, replications=20, lang="zh")
    assert "综合来看,准入制度相对现状(基线)最优" in zh.verdict
    assert "差异明确" in zh.as_text("zh") and "决策摘要" in zh.as_text("zh")


def test_few_replications_make_it_provisional() -> None:
    assert "Provisional: only 2" in summarise(_gate_wins(), HEADLINE, METRICS.get,
                                               replications=2).caution
    assert "仅供参考" in summarise(_gate_wins(), HEADLINE, METRICS.get, replications=2,
                                  lang="zh").as_text("zh")


def test_no_clear_winner_is_said_plainly() -> None:
    table = _table([("paperless", m, 0.0, -1.0, 1.0) for m in HEADLINE]
                   + [("paperless", "cost_yuan", 10.0, -5.0, 25.0)])
    decision = summarise(table, HEADLINE, METRICS.get, replications=20)
    assert decision.best is None and "No scenario is clearly better" in decision.verdict


def test_tie_goes_to_the_cheaper_scenario() -> None:
    rows = []
    for name, cost in (("admission_gate", 9000.0), ("purchased_services", 3000.0)):
        rows += [(name, "overtime_hours_per_cadre_week", -1.0, -1.5, -0.5),
                 (name, "cost_yuan", cost, cost - 100, cost + 100)]
    decision = summarise(_table(rows), HEADLINE, METRICS.get, replications=20)
    assert decision.best == "purchased_services"


def test_cost_per_hour_and_dominance_from_the_effectiveness_table() -> None:
    effectiveness = pd.DataFrame([
        {"scenario": "admission_gate", "measure": "yuan_per_overtime_hour_avoided",
         "cost_diff": 5000.0, "effect_diff": 200.0, "ratio": 25.0, "ci_low": 20.0,
         "ci_high": 30.0}])
    text = summarise(_gate_wins(), HEADLINE, METRICS.get, replications=20,
                     effectiveness=effectiveness).verdict
    assert "25.0 yuan per overtime hour avoided (95% CI 20.0 to 30.0)" in text
    cheaper = effectiveness.assign(cost_diff=-5000.0, ratio=-25.0)
    text = summarise(_gate_wins(), HEADLINE, METRICS.get, replications=20,
                     effectiveness=cheaper).verdict
    assert "saves money and avoids overtime" in text
