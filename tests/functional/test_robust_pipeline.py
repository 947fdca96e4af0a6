"""The robust specification and a tiny end-to-end run of the chain (calibrate ... report)."""

import json
from pathlib import Path

import pandas as pd
import pytest

from commsim.cli import main as cli_main
from commsim.errors import InputError
from commsim.parameters import SCHEMA
from commsim.robust.spec import load_robust_spec, robust_spec_from_table

pytest.importorskip("pymoo")
pytest.importorskip("sklearn")
pytest.importorskip("ema_workbench")

TINY = {
    "name": "tiny_robust", "seed": 3, "days": 14, "communities": 1,
    "outcomes": ["cost_yuan", "overtime_hours_per_cadre_week", "resident_satisfaction"],
    "thresholds": {"overtime_hours_per_cadre_week": {"max": 8.0}},
    "calibration": {
        "waves": 1, "runs_per_wave": 6, "ensemble": 4, "candidates": 500,
        "uncertainties": {"departments.hours_cv": {"low": 0.5, "high": 1.0},
                          "residents.service_hours": {"low": 0.25, "high": 0.45}},
        "targets": [{"metric": "resident_satisfaction", "low": 0.0, "high": 1.0},
                    {"metric": "mean_weekday_hours", "low": 0.0, "high": 24.0}]},
    "experiment": {"worlds": 4, "uncertainties": {"gate.leakage": {"low": 0.1, "high": 0.6}}},
    "policies": {"baseline": {"scenario": "baseline"},
                 "gate": {"scenario": "admission_gate", "levers": {"gate.strictness": [0.5, 0.9]}}},
    "search": {"scenario": "admission_gate", "population": 4, "generations": 1, "worlds": 1,
               "levers": {"gate.strictness": {"low": 0.3, "high": 1.0}}},
    "quick": {"experiment.worlds": 2},
}


def test_spec_policies_levers_and_quick():
    spec = robust_spec_from_table(TINY, "tiny.toml")
    assert [p.name for p in spec.policies] == ["baseline", "gate(strictness=0.5)",
                                               "gate(strictness=0.9)"]
    assert spec.policies[2].as_scenario().overrides["gate.strictness"] == 0.9
    assert spec.worlds == 4 and robust_spec_from_table(TINY, "t", quick=True).worlds == 2
    assert spec.fingerprint("calibration") == robust_spec_from_table(
        {**TINY, "experiment": {"worlds": 9}}, "t").fingerprint("calibration")


@pytest.mark.parametrize("change, key", [
    ({"bogus": 1}, "bogus"),
    ({"thresholds": {"visitz": {"max": 1}}}, "thresholds.visitz"),
    ({"policies": {"x": {"scenario": "baseline", "levers": {"gate.strictness": 2.0}}}},
     "gate.strictness"),
    ({"experiment": {"uncertainties": {"departments.hours_cv": {"low": 0.1, "high": 0.2}}}},
     "uncertainties"),
    ({"search": {"statistic": "median"}}, "search.statistic"),
])
def test_spec_errors_name_the_key(change, key):
    with pytest.raises(InputError) as err:
        robust_spec_from_table({**TINY, **change}, "tiny.toml")
    assert key in str(err.value) and "tiny.toml" in str(err.value)


def test_cli_bad_spec_is_one_line(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\nbogus = 1\n')
    assert cli_main(["robust", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bogus" in err[0]


def test_example_spec_loads():
    spec = load_robust_spec("experiments/robust_policy.toml")
    assert spec.ensemble >= 100 and len(spec.policies) >= 6
    quick = load_robust_spec("experiments/robust_policy.toml", quick=True)
    assert quick.communities < spec.communities


def test_example_spec_targets_follow_calibration_doc():
    """Every baseline target of docs/calibration.md is a calibration target of the spec."""
    rows = [line.split("|") for line in
            Path("docs/calibration.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `")]
    doc = {r[1].strip().strip("`") for r in rows if r[2].strip() == "baseline"}
    spec = load_robust_spec("experiments/robust_policy.toml")
    assert doc and {t.metric for t in spec.targets} == doc
    for t in spec.targets:
        assert t.low < t.high and t.text and t.source
    assert {r.key for r in spec.ranges} and all(
        "assumption" in SCHEMA[r.key].source for r in spec.ranges)


@pytest.mark.slow
def test_tiny_chain_end_to_end(tmp_path):
    from commsim.robust.pipeline import run_robust

    spec = robust_spec_from_table(TINY, "tiny.toml")
    folder = run_robust(spec, root=tmp_path, executor={"executor": "serial", "progress": False})
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["worlds"] == 4
    tidy = pd.read_parquet(folder / "experiment" / "outcomes.parquet")
    assert len(tidy) == 12 and set(tidy["status"]) == {"ok"}
    assert {"departments.hours_cv", "gate.leakage"} <= set(tidy.columns)
    sat = pd.read_parquet(folder / "satisficing.parquet")
    assert ((sat["ci_low"] >= 0) & (sat["ci_high"] <= 1)).all()
    assert (folder / "search" / "pareto.parquet").exists()
    text = (folder / "report.html").read_text()
    for heading in ("Calibrated ranges", "Regret", "Satisficing", "Pareto front"):
        assert heading in text
    assert '<script src="http' not in text and "<script type=\"text/javascript\">" in text
    # a second run reuses the stored calibration and a resume finds nothing to redo
    again = run_robust(spec, root=tmp_path, resume=True,
                       executor={"executor": "serial", "progress": False})
    assert again != folder and json.loads((again / "manifest.json").read_text())[
        "calibration"] == manifest["calibration"]


@pytest.mark.slow
def test_calibration_resumes_without_rerunning(tmp_path):
    from commsim.experiments.executors import SerialExecutor
    from commsim.robust.calibrate import calibrate

    class Counting(SerialExecutor):
        runs = 0

        def map_unordered(self, tasks):
            for task, outcome in super().map_unordered(tasks):
                Counting.runs += 1
                yield task, outcome

    spec = robust_spec_from_table(TINY, "tiny.toml")
    folder, first = calibrate(spec, root=tmp_path, executor={"executor": Counting(),
                                                             "progress": False})
    ran = Counting.runs
    assert ran >= 6 + 4 and len(first.ensemble) >= 1
    # as if killed after the last batch: the manifest still says running
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["status"] = "running"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    folder2, again = calibrate(spec, root=tmp_path, resume=True,
                               executor={"executor": Counting(), "progress": False})
    assert folder2 == folder and Counting.runs == ran  # every batch loaded, none rerun
    pd.testing.assert_frame_equal(first.ensemble, again.ensemble)
