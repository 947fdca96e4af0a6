"""Report: statistics, figure construction and HTML assembly (no browser needed)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from scipy import stats as st

sys.path.insert(0, str(Path(__file__).parents[1]))
import _report_store as rs  # noqa: E402
from commsim.cli import main as cli_main  # noqa: E402
from commsim.report import (  # noqa: E402
    ResultsData,
    build_sections,
    headline_table,
    load_results,
    render_html,
)
from commsim.report.data import campaign_spans, daily_bands  # noqa: E402
from commsim.report.style import OKABE_ITO, scenario_colors  # noqa: E402
from commsim.results import resolve  # noqa: E402

SCENARIOS = ("baseline", "admission_gate", "paperless")
EVIL = '<img src=x onerror="alert(1)">&gate'


@pytest.fixture(scope="module")
def comparison(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rs.comparison_store(tmp_path_factory.mktemp("cmp") / "20260101-000000",
                               scenarios=SCENARIOS, reps=3, failed=1)


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rs.sweep_store(tmp_path_factory.mktemp("sweep") / "run")


@pytest.fixture(scope="module")
def data(comparison: Path) -> ResultsData:
    return load_results(comparison)


def test_headline_table_pairs_by_replication(data: ResultsData) -> None:
    table = headline_table(data, ["overtime_hours_per_cadre_week"])
    assert list(table["scenario"]) == list(SCENARIOS)
    runs = data.ok_runs.set_index(["scenario", "replication"])["overtime_hours_per_cadre_week"]
    diffs = runs.loc["paperless"] - runs.loc["baseline"]
    row = table.set_index("scenario").loc["paperless"]
    assert row["n"] == 3
    assert row["diff_mean"] == pytest.approx(diffs.mean())
    assert (row["diff_ci_low"], row["diff_ci_high"]) == pytest.approx(
        st.t.interval(0.95, len(diffs) - 1, loc=diffs.mean(), scale=st.sem(diffs)))
    assert table.set_index("scenario").loc["baseline", "diff_mean"] == 0.0


def test_headline_table_prefers_stored_comparison(data: ResultsData) -> None:
    stored = pd.DataFrame({"scenario": ["baseline", "paperless"],
                           "metric": ["turnover_rate"] * 2, "mean": [0.1, 0.2],
                           "ci_low": [0.0, 0.1], "ci_high": [0.2, 0.3], "diff_mean": [0.0, 0.1],
                           "diff_ci_low": [0.0, 0.05], "diff_ci_high": [0.0, 0.15],
                           "variance_reduction": [np.nan, 0.5]})
    copy = ResultsData(runs=data.runs, manifest=data.manifest, comparison=stored)
    table = headline_table(copy, ["turnover_rate"])
    assert table["diff_mean"].tolist() == [0.0, 0.1]
    assert table["n"].tolist() == [3, 3]


def test_daily_bands_weekly_sum_and_clip() -> None:
    daily = pd.DataFrame({"run_id": np.repeat([0, 1], 10), "scenario": "a",
                          "day": np.tile(np.arange(10), 2),
                          "overtime_per_cadre": np.r_[np.ones(10), 3 * np.ones(10)]})
    bands = daily_bands(daily, "overtime_per_cadre", sum_days=7)
    assert bands["mean"].iloc[:6].isna().all()
    assert bands["mean"].iloc[6] == pytest.approx(14.0)
    assert (bands["low"].dropna() >= 0).all()
    assert (bands["n"].iloc[6:] == 2).all()


def test_campaign_spans_merge_consecutive_days() -> None:
    daily = pd.DataFrame({"run_id": 0, "day": range(8),
                          "campaign": [False, True, True, False, False, True, False, False]})
    assert campaign_spans(daily) == [(0.5, 2.5), (4.5, 5.5)]


def test_colours_are_okabe_ito_and_consistent(data: ResultsData) -> None:
    colors = scenario_colors(data.scenarios)
    assert set(colors.values()) <= set(OKABE_ITO)
    sections = {s.key: s.figure for s in build_sections(data)}
    for key in ("distributions", "daily", "forest"):
        for trace in sections[key].data:
            name = trace.legendgroup
            if name in colors and trace.hoverinfo != "skip":
                colour = trace.marker.color if isinstance(trace, (go.Box,)) else (
                    trace.line.color if trace.mode == "lines" else trace.marker.color)
                assert colour == colors[name], (key, name)


def _axes(fig: go.Figure) -> list:
    return [fig.layout[k] for k in fig.layout if re.fullmatch(r"[xy]axis\d*", k)]


def test_every_figure_has_units_hover_and_caption(data: ResultsData, sweep: Path) -> None:
    sections = build_sections(data) + build_sections(load_results(sweep))
    keys = {s.key for s in sections}
    assert {"headline", "distributions", "daily", "forest", "hours-kind", "hours-origin",
            "sweep-heatmap", "sweep-parallel", "sobol", "morris"} <= keys
    for s in sections:
        assert s.caption.endswith(".") and s.caption.count(". ") == 0, s.key
        fig = s.figure
        for trace in fig.data:
            if isinstance(trace, (go.Table, go.Parcoords)) or trace.hoverinfo == "skip":
                continue
            assert trace.hovertemplate and "%{" in trace.hovertemplate, (s.key, trace.name)
        if isinstance(fig.data[0], (go.Table, go.Parcoords)):
            continue  # no axes; the table names units in a column, parcoords in labels
        for axis in _axes(fig):
            if axis.matches or axis.type == "category" or axis.visible is False:
                continue  # shared axis titled on the bottom panel; scenario names need no
                # unit; a hidden axis belongs to an empty cell of the grid
            assert axis.title.text, (s.key, axis.plotly_name)  # every axis names its unit


def test_daily_figure_shades_inspection_seasons(data: ResultsData) -> None:
    daily = data.daily.copy()
    daily.loc[daily["day"].between(10, 14), "campaign"] = True
    copy = ResultsData(runs=data.runs, daily=daily, manifest=data.manifest)
    fig = next(s.figure for s in build_sections(copy) if s.key == "daily")
    rects = [sh for sh in fig.layout.shapes if sh.type == "rect"]
    assert rects and rects[0].x0 == 9.5 and rects[0].x1 == 14.5
    assert any(t.name == "inspection season" for t in fig.data)


def test_html_is_self_contained_and_escaped(data: ResultsData) -> None:
    runs = data.runs.replace({"scenario": {"paperless": EVIL}})
    daily = data.daily.replace({"scenario": {"paperless": EVIL}})
    hours = data.hours.replace({"scenario": {"paperless": EVIL}})
    manifest = {**data.manifest, "spec": {"name": "t<b>", "scenarios": [
        {"name": EVIL, "description": "<script>alert(2)</script>", "policies": ["paperless"]}]}}
    evil = ResultsData(runs=runs, daily=daily, hours=hours, manifest=manifest, path="x")
    sections = build_sections(evil)
    html = render_html(evil, sections)
    drawn = sum(s.plot for s in sections)  # tables are HTML, not figures
    assert not any(s.plot for s in sections if s.key in ("headline", "cost-effectiveness"))
    assert html.count("<script") == 2 + drawn  # config, plotly.js, one per figure
    assert "<script src" not in html and "<link" not in html
    assert html.count("Plotly.newPlot") >= drawn
    body = html.split("</head>", 1)[1]
    assert "alert(2)" not in body.replace("&lt;script&gt;alert(2)&lt;/script&gt;", "")
    assert '<img src=x' not in body
    assert "&lt;img src=x" in body
    assert "ValueError: &lt;boom&gt; &amp; co" in body  # the failed run, escaped


def test_resolve_picks_the_newest_run(comparison: Path, tmp_path: Path) -> None:
    assert resolve(comparison.parent) == comparison
    with pytest.raises(Exception, match="no results"):
        resolve(tmp_path)


def test_cli_writes_report(comparison: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r" / "report.html"
    assert cli_main(["report", str(comparison.parent), "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    size = out.stat().st_size
    assert 1_000_000 < size < 8_000_000  # plotly.js (~4.7 MB) once, data small
    assert cli_main(["report", str(tmp_path / "missing")]) == 2


def test_daily_bands_stay_within_the_observed_range() -> None:
    daily = pd.DataFrame({"run_id": np.repeat([0, 1, 2], 3), "scenario": "a",
                          "day": np.tile(np.arange(3), 3),
                          "resident_satisfaction": [1.0, 0.9, 1.0, 0.5, 0.9, 1.0,
                                                    1.0, 0.2, 0.95]})
    bands = daily_bands(daily, "resident_satisfaction")
    assert (bands["high"] <= 1.0).all() and (bands["low"] >= 0.2).all()


def test_hour_categories_get_distinct_colours(data: ResultsData) -> None:
    for key in ("hours-kind", "hours-origin"):
        fig = next(s.figure for s in build_sections(data) if s.key == key)
        colours = [t.marker.color for t in fig.data]
        assert len(colours) == len(set(colours)), key


def test_unreliable_sobol_indices_are_flagged(tmp_path: Path, sweep: Path) -> None:
    import pandas as pd

    calm = {s.key: s for s in build_sections(load_results(sweep))}["sobol"].caption
    assert "not distinguishable" not in calm  # the fixture's indices all exceed their CIs
    noisy = pd.DataFrame({"metric": ["turnover_rate"] * 2,
                          "parameter": ["street.leakage", "cadres.per_community"],
                          "S1": [-0.3, 0.4], "S1_conf": [0.9, 0.1],
                          "ST": [0.2, 0.5], "ST_conf": [177.0, 0.1]})
    store = rs.write_store(tmp_path / "noisy", [("baseline", 0, {"street.leakage": 0.1}),
                                                ("baseline", 0, {"street.leakage": 0.5})],
                           extra_tables={"sobol": noisy})
    caption = {s.key: s for s in build_sections(load_results(store))}["sobol"].caption
    assert "2 of 4 indices are not distinguishable" in caption and "base samples" in caption
