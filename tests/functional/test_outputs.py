"""One store format: `run --out`, `compare --out` and `sweep` stores all open in the report."""

from __future__ import annotations

from html import escape as html_escape
from pathlib import Path

import pytest

from commsim import results
from commsim.cli import main
from commsim.report import build_sections, load_results
from commsim.report.style import metric_unit, use_catalog

TINY = ["--days", "20", "--communities", "1", "--no-progress"]


def _report(store: Path) -> str:
    assert main(["report", str(store)]) == 0
    return (store / "report.html").read_text(encoding="utf-8")


def test_run_store_opens_in_the_report(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "D"
    assert main(["run", "baseline", *TINY, "--out", str(store)]) == 0
    printed = capsys.readouterr().out
    assert "overtime_hours_per_cadre_week" in printed and "h per cadre-week" in printed
    html = _report(store)
    assert "Headline results" in html and "Overtime per cadre-week" in html
    res = results.load(store)
    assert len(res.runs) == 1 and res.runs["run_id"].tolist() == [0]
    # the scenario's description travels in the manifest: the report never loads scenarios
    assert res.manifest["scenarios"]["baseline"]["description"]
    assert html_escape(res.manifest["scenarios"]["baseline"]["description"]) in html


def test_compare_store_opens_in_the_report(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "C"
    assert main(["compare", "baseline", "admission_gate", "--reps", "2", *TINY,
                 "--executor", "serial", "--out", str(store)]) == 0
    capsys.readouterr()
    html = _report(store)
    assert "Effect of each policy against baseline" in html
    assert "better" in html  # the forest plot marks the better direction


def test_sweep_store_opens_in_the_report(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "tiny.toml"
    spec.write_text('name = "tiny"\nscenarios = ["baseline"]\nreplications = 1\nseed = 1\n'
                    'days = 20\ncommunities = 1\n[design]\nkind = "grid"\n'
                    '[design.factors."street.leakage"]\nvalues = [0.1, 0.5]\n'
                    '[design.factors."cadres.per_community"]\nvalues = [5, 7]\n')
    store = tmp_path / "S"
    assert main(["sweep", str(spec), "--out", str(store), "--executor", "serial",
                 "--no-progress"]) == 0
    capsys.readouterr()
    html = _report(store)
    assert "Sweep: metric over two parameters" in html
    data = load_results(store)
    build_sections(data)
    # swept parameters are labelled with the units the manifest recorded, not "value"
    assert metric_unit("param.street.leakage") == data.catalog.parameter_units["street.leakage"]
    assert metric_unit("param.street.leakage") != "value"
    use_catalog(results.Catalog())
