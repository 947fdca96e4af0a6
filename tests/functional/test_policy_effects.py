"""The year-by-year policy effects page and the stored cost-effectiveness table."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from commsim.analysis.cost_effectiveness import COLUMNS
from commsim.docgen import policy_effects
from commsim.experiments import run, spec_from_table
from commsim.results import load

TINY = {"name": "tiny_effects", "scenarios": ["baseline", "admission_gate"],
        "replications": 2, "seed": 3, "days": 400, "warmup_days": 30, "communities": 1,
        "outputs": ["daily"]}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("effects") / "store"
    run(spec_from_table(TINY), out=out, executor="serial", progress=False)
    return out


def test_store_holds_the_cost_effectiveness_table_declared_in_the_manifest(store: Path) -> None:
    res = load(store)
    ce = res.cost_effectiveness
    assert ce is not None and list(ce.columns) == list(COLUMNS)
    assert set(ce["scenario"]) == {"admission_gate"} and set(ce["n"]) == {2}
    assert set(ce["measure"]) == {"yuan_per_overtime_hour_avoided",
                                  "yuan_per_satisfied_household_gained"}
    for row in ce.itertuples():
        assert row.cost_ci_low <= row.cost_diff <= row.cost_ci_high
        assert row.effect_ci_low <= row.effect_diff <= row.effect_ci_high
        assert math.isnan(row.ci_low) or row.ci_low <= row.ratio <= row.ci_high
        assert row.reading
    assert "cost_effectiveness" in res.manifest["tables"]
    declared = res.manifest["cost_effectiveness"]
    assert declared["baseline"] == "baseline"
    assert declared["window_years"] == pytest.approx(400 / 365)


def test_page_shows_paired_effects_by_year_and_stationarity(store: Path, tmp_path: Path
                                                           ) -> None:
    page = tmp_path / "policy_effects.md"
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{policy_effects.START}\nSTALE TABLE\n{policy_effects.END}\nafter\n",
                      encoding="utf-8")
    args = [str(page), "--store", str(store), "--readme", str(readme)]
    assert policy_effects.main(args) == 0
    text = page.read_text(encoding="utf-8")
    for words in ("GENERATED FILE", "## Whole measured window", "## What the years show",
                  "| `admission_gate` |", "year 1", "year 2", "trend per year",
                  "## Baseline stationarity", "MSER-5", "## Precision",
                  "only 2 replications (fewer than 10)", "‡", "Yuan per h avoided"):
        assert words in text, words
    spliced = readme.read_text(encoding="utf-8")
    assert "STALE TABLE" not in spliced and spliced.endswith(f"{policy_effects.END}\nafter\n")
    assert "2 replications per scenario" in spliced and "Δ" in spliced
    assert policy_effects.main([*args, "--check"]) == 0
    page.write_text(text + "edited\n", encoding="utf-8")
    assert policy_effects.main([*args, "--check"]) == 1


def test_readme_without_markers_is_one_line_error(store: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# nothing to replace\n", encoding="utf-8")
    code = policy_effects.main([str(tmp_path / "p.md"), "--store", str(store),
                                "--readme", str(readme)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "headline-table markers" in err and "README.md" in err


def test_report_shows_cost_effectiveness_table_and_plane(store: Path) -> None:
    from commsim.report import build_sections

    keys = [s.key for s in build_sections(load(store))]
    assert "cost-effectiveness" in keys and "cost-effectiveness-plane" in keys
    assert keys.index("cost-effectiveness") > keys.index("forest")


def test_report_table_says_not_estimable_for_a_zero_effect() -> None:
    import pandas as pd

    from commsim.report.cost_figures import plane_figure, table_figure

    nan = float("nan")
    ce = pd.DataFrame([("p", "yuan_per_overtime_hour_avoided", 5, 100.0, 50.0, 150.0, 0.0,
                        -1.0, 1.0, nan, nan, nan,
                        "no effect distinguishable from 0: ratio not estimable")],
                      columns=list(COLUMNS))
    cells = table_figure(ce, "base", {"p": "#0072B2"}).data[0].cells.values
    assert list(cells[5]) == ["–"] and list(cells[6]) == ["not estimable"]
    plane = plane_figure(ce, {"p": "#0072B2"})
    assert len(plane.data) == 1 and plane.data[0].x == (0.0,)


def test_page_over_several_districts_shows_the_structure_share(tmp_path: Path) -> None:
    """A grid over run.structure_seed: effects pair district by district, with shares."""
    from commsim.analysis.structure_share import STRUCTURE

    table = {**TINY, "name": "tiny_districts", "days": 60, "warmup_days": 0,
             "outputs": [], "design": {"kind": "grid", "factors": {
                 "run.structure_seed": {"values": [0, 1, 2]}}}}
    out = tmp_path / "store"
    run(spec_from_table(table), out=out, executor="serial", progress=False)
    res = load(out)
    assert res.ok_runs[STRUCTURE].nunique() == 3
    page = tmp_path / "policy_effects.md"
    assert policy_effects.main([str(page), "--store", str(out)]) == 0
    text = page.read_text(encoding="utf-8")
    assert "over 3 synthetic districts" in text and "## Structure apart from noise" in text
    # the decision over districts: one decision, its samples the paired districts
    decision = text.split("## Decision", 1)[1].split("## ", 1)[0]
    assert "net monetary benefit" in decision and "paired synthetic districts" in decision
    share_rows = [line for line in text.splitlines()
                  if line.startswith("| `admission_gate` |") and "| 3 |" in line]
    assert len(share_rows) == 4  # one per headline metric
    for line in share_rows:
        if "Overtime" in line:  # overtime always varies; turnover may not in 60 days
            share = float(line.rstrip(" |").rsplit("|", 1)[-1])
            assert 0.0 <= share <= 1.0
    # the README's block: the same shares, one row a scenario, beside the headline
    readme = tmp_path / "README.md"
    readme.write_text(f"{policy_effects.START}\n{policy_effects.END}\n", encoding="utf-8")
    assert policy_effects.main([str(page), "--store", str(out), "--readme", str(readme)]) == 0
    block = readme.read_text(encoding="utf-8").split("**Structure share of each effect**")[1]
    row = next(line for line in block.splitlines() if line.startswith("| `admission_gate` |"))
    overtime = next(line for line in share_rows if "Overtime per cadre-week" in line)
    assert row.split("|")[2].strip() == overtime.rstrip(" |").rsplit("|", 1)[-1].strip()
