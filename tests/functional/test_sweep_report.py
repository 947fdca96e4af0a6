"""A sweep report shows every design point on its own, with paired differences (issue 9)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from commsim.report.html import build_sections
from commsim.report.sweep_points import point_effect_figure, point_table
from commsim.results import Results

#: overtime (h per cadre-week) per (leakage, scenario) and replication 0, 1, 2
OVERTIME = {
    (0.1, "baseline"): [10.0, 12.0, 11.0],
    (0.1, "gate"): [7.0, 10.0, 8.5],      # differences -3, -2, -2.5
    (0.5, "baseline"): [10.5, 11.0, 13.0],
    (0.5, "gate"): [10.0, 11.5, 12.0],    # differences -0.5, +0.5, -1
}


def _runs(keys: dict[tuple[float, str], list[float]]) -> pd.DataFrame:
    rows = []
    for (leakage, scenario), values in keys.items():
        for rep, value in enumerate(values):
            rows.append({"run_id": len(rows), "scenario": scenario, "replication": rep,
                         "status": "ok", "param.street.leakage": leakage,
                         "param.run.days": 30, "overtime_per_cadre": value})
    # shuffled, as a parallel sweep writes them
    return pd.DataFrame(rows).sample(frac=1.0, random_state=3).reset_index(drop=True)


def _t_interval(values: list[float]) -> tuple[float, float, float]:
    """Mean and 95% t-interval, by hand."""
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def test_sweep_with_a_baseline_shows_per_point_paired_differences() -> None:
    data = Results(manifest={"baseline": "baseline"}, runs=_runs(OVERTIME))
    table = point_table(data, ["overtime_per_cadre"])
    assert list(table["point"].unique()) == ["street.leakage = 0.1", "street.leakage = 0.5"]
    assert len(table) == 4  # 2 points x 2 scenarios, one metric
    for leakage, diffs in ((0.1, [-3.0, -2.0, -2.5]), (0.5, [-0.5, 0.5, -1.0])):
        row = table[(table["param.street.leakage"] == leakage) & (table["scenario"] == "gate")]
        assert len(row) == 1
        row = row.iloc[0]
        mean, low, high = _t_interval(diffs)
        assert row["diff_mean"] == pytest.approx(mean)
        assert row["diff_ci_low"] == pytest.approx(low)
        assert row["diff_ci_high"] == pytest.approx(high)
        assert row["n_pairs"] == 3 and row["n"] == 3
        assert row["mean"] == pytest.approx(np.mean(OVERTIME[(leakage, "gate")]))
        ref = table[(table["param.street.leakage"] == leakage)
                    & (table["scenario"] == "baseline")].iloc[0]
        assert math.isnan(ref["diff_mean"])
    # at leakage 0.1 the gate clearly lowers overtime; at 0.5 it is not distinguishable
    by_point = table[table["scenario"] == "gate"].set_index("param.street.leakage")
    assert by_point.loc[0.1, "diff_ci_high"] < 0 < by_point.loc[0.5, "diff_ci_high"]

    fig = point_effect_figure(table, "baseline", {"gate": "#E69F00"})
    (trace,) = fig.data
    assert list(trace.y) == ["street.leakage = 0.1", "street.leakage = 0.5"]
    assert list(trace.x) == pytest.approx([-2.5, -1 / 3])
    assert trace.error_x.array[0] == pytest.approx(_t_interval([-3.0, -2.0, -2.5])[2] + 2.5)


def test_sweep_report_has_no_pooled_headline() -> None:
    data = Results(manifest={"baseline": "baseline"}, runs=_runs(OVERTIME))
    sections = {s.key: s for s in build_sections(data, ["overtime_per_cadre"])}
    assert "headline" not in sections and "forest" not in sections
    assert {"sweep-points", "sweep-point-effects"} <= set(sections)
    caption = sections["sweep-points"].caption
    assert "2 design points" in caption and "paired difference" in caption
    cells = sections["sweep-points"].figure.data[0].cells.values
    assert "reference" in cells[7] and any(c.startswith("-2.5") for c in cells[7])


def test_sweep_without_a_baseline_shows_per_point_means() -> None:
    one = {k: v for k, v in OVERTIME.items() if k[1] == "gate"}
    data = Results(manifest={}, runs=_runs(one))
    table = point_table(data, ["overtime_per_cadre"])
    assert len(table) == 2 and table["diff_mean"].isna().all()
    expected = [_t_interval(OVERTIME[(0.1, "gate")]), _t_interval(OVERTIME[(0.5, "gate")])]
    assert table["mean"].tolist() == pytest.approx([e[0] for e in expected])
    assert table["ci_low"].tolist() == pytest.approx([e[1] for e in expected])
    sections = {s.key: s for s in build_sections(data, ["overtime_per_cadre"])}
    assert "headline" not in sections
    assert "mean at each design point" in sections["sweep-point-effects"].caption
    (trace,) = sections["sweep-point-effects"].figure.data
    assert list(trace.x) == pytest.approx([8.5, 11.166666666666666])


def test_grid_heatmap_shows_paired_differences_not_scenarios_pooled() -> None:
    runs = _runs(OVERTIME)
    # a second swept factor (both scenarios of one replication share the point)
    runs["param.gate.strictness"] = np.where(runs["replication"] == 0, 0.5, 0.9)
    data = Results(manifest={"baseline": "baseline", "design": {"kind": "grid"}}, runs=runs)
    sections = {s.key: s for s in build_sections(data, ["overtime_per_cadre"])}
    heat = sections["sweep-heatmap"]
    assert "paired difference of gate from baseline" in heat.caption
    z = np.asarray(heat.figure.data[0].z, dtype=float)
    assert np.nanmax(z) < 1 and np.nanmin(z) > -4  # differences, not overtime levels (~11)


def test_sampling_designs_keep_their_pooled_summary() -> None:
    data = Results(manifest={"baseline": "baseline", "design": {"kind": "lhs"}},
                   runs=_runs(OVERTIME))
    keys = {s.key for s in build_sections(data, ["overtime_per_cadre"])}
    assert "headline" in keys and "sweep-points" not in keys
