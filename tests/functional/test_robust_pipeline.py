"""The robust specification and a tiny end-to-end run of the chain (calibrate ... report)."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from commsim.cli import main as cli_main
from commsim.core.errors import InputError
from commsim.core.parameters import SCHEMA
from commsim.docgen.calibration import TARGETS, TUNED
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
    "experiment": {"worlds": 4, "uncertainties": {"street.leakage": {"low": 0.1, "high": 0.6}}},
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
    doc = {r[1].strip().strip("`") for r in rows
           if r[2].strip() == "baseline" and r[6].strip() != "not a target"}
    spec = load_robust_spec("experiments/robust_policy.toml")
    assert doc and {t.metric for t in spec.targets} == doc
    for t in spec.targets:
        assert t.low < t.high and t.text and t.source
    assert {r.key for r in spec.ranges} and all(
        "assumption" in SCHEMA[r.key].source or r.key in TUNED for r in spec.ranges)
    # the same two-sided intervals as the calibration module
    intervals = {t.metric: (t.low, t.high) for t in TARGETS if t.config == "baseline"}
    assert {t.metric: (t.low, t.high) for t in spec.targets} == intervals


def test_example_spec_samples_the_district_and_five_years():
    spec = load_robust_spec("experiments/robust_policy.toml")
    assert spec.worlds >= 100 and spec.days >= 5 * 365
    assert "run.structure_seed" in {r.key for r in spec.deep}
    assert any(p.scenario.name == "staffing_norm" for p in spec.policies)
    assert "residents.initial_satisfaction" not in {r.key for r in spec.ranges}


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory):
    """One complete robust run of TINY: ``(root, store folder, untouched copy of root)``.

    Built once for the tests that only read it or add to it; the copy (taken before any
    test runs) serves the test that needs the store to be the newest one under its root.
    """
    from commsim.robust.pipeline import run_robust

    root = tmp_path_factory.mktemp("robust")
    folder = run_robust(robust_spec_from_table(TINY, "tiny.toml"), root=root,
                        executor={"executor": "serial", "progress": False})
    pristine = tmp_path_factory.mktemp("robust-pristine") / "root"
    shutil.copytree(root, pristine)
    return root, folder, pristine


@pytest.mark.slow
def test_tiny_chain_end_to_end(tiny_store):
    from commsim.robust.pipeline import run_robust

    spec = robust_spec_from_table(TINY, "tiny.toml")
    tmp_path, folder, _ = tiny_store
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["worlds"] == 4
    tidy = pd.read_parquet(folder / "experiment" / "outcomes.parquet")
    assert len(tidy) == 12 and set(tidy["status"]) == {"ok"}
    assert {"departments.hours_cv", "street.leakage"} <= set(tidy.columns)
    sat = pd.read_parquet(folder / "satisficing.parquet")
    assert ((sat["ci_low"] >= 0) & (sat["ci_high"] <= 1)).all()
    assert (folder / "search" / "pareto.parquet").exists()
    text = (folder / "report.html").read_text()
    for heading in ("Marginal ranges of the ensemble", "Regret", "Satisficing", "Pareto front"):
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


def test_calibration_days_default_to_the_run_and_are_checked():
    spec = robust_spec_from_table(TINY, "tiny.toml")
    assert spec.cal_days == spec.days == 14
    own = robust_spec_from_table(
        {**TINY, "calibration": {**TINY["calibration"], "days": 7}}, "tiny.toml")
    assert own.cal_days == 7 and own.days == 14
    assert own.fingerprint("calibration") != spec.fingerprint("calibration")
    with pytest.raises(InputError) as err:
        robust_spec_from_table({**TINY, "calibration": {**TINY["calibration"], "days": 0}},
                               "tiny.toml")
    assert "calibration.days" in str(err.value) and "tiny.toml" in str(err.value)


def test_example_spec_calibrates_on_the_calibration_docs_year():
    """The surveys are one-year snapshots: calibration runs measure 365 days, as the doc."""
    spec = load_robust_spec("experiments/robust_policy.toml")
    assert spec.cal_days == 365 < spec.days
    assert "each measured over 365 days" in Path("docs/calibration.md").read_text(
        encoding="utf-8")


@pytest.mark.slow
def test_calibration_runs_measure_the_calibration_days(tmp_path):
    from commsim.experiments.executors import SerialExecutor
    from commsim.robust.calibrate import calibrate

    spec = robust_spec_from_table(
        {**TINY, "calibration": {**TINY["calibration"], "days": 7}}, "tiny.toml")
    folder, _ = calibrate(spec, root=tmp_path, executor={"executor": SerialExecutor(),
                                                         "progress": False})
    batches = [json.loads(m.read_text()) for m in folder.glob("*/manifest.json")]
    assert batches and {b["spec"]["days"] for b in batches} == {7}


def _toml(value):
    """A TOML value on one line (inline tables and arrays), enough for TINY."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value)


def _write_spec(path, table):
    path.write_text("".join(f"{json.dumps(k)} = {_toml(v)}\n" for k, v in table.items()))
    return path


ANALYSIS_FILES = ("report.html", "regret.parquet", "satisficing.parquet", "stability.parquet",
                  "discovery.json", "manifest.json")


@pytest.mark.slow
def test_reanalyse_with_changed_thresholds(tiny_store, tmp_path, capsys):
    # the store must be the only one under --root: a copy of the untouched root
    root, built, pristine = tiny_store
    shutil.copytree(pristine, tmp_path, dirs_exist_ok=True)
    folder = tmp_path / built.relative_to(root)
    before = {name: (folder / name).read_bytes() for name in ANALYSIS_FILES}
    tidy = pd.read_parquet(folder / "experiment" / "outcomes.parquet")
    old = pd.read_parquet(folder / "satisficing.parquet").set_index("policy")
    # new thresholds: overtime at a value some options meet and some miss, plus satisfaction
    over, happy = "overtime_hours_per_cadre_week", "resident_satisfaction"
    cut = next(v for v in sorted(tidy[over].unique())
               if (tidy[over] <= v).sum() != old["met"].sum())
    floor = float(tidy[happy].median())
    thresholds = {over: {"max": float(cut)}, happy: {"min": floor}}
    spec_file = _write_spec(tmp_path / "tiny.toml", {**TINY, "thresholds": thresholds})
    capsys.readouterr()
    assert cli_main(["robust", str(spec_file), "--root", str(tmp_path), "--reanalyse"]) == 0
    printed = capsys.readouterr().out
    out = next(folder.glob("reanalysis-*"))
    assert str(out) in printed and str(out / "report.html") in printed
    # (a) the shares are a recount of outcomes.parquet under the new thresholds
    new = pd.read_parquet(out / "satisficing.parquet").set_index("policy")
    ok_over, ok_happy = tidy[over] <= cut, tidy[happy] >= floor
    for policy, part in tidy.groupby("policy"):
        rows = part.index
        n = len(rows)
        assert new.loc[policy, "worlds"] == n
        assert new.loc[policy, "met"] == (ok_over[rows] & ok_happy[rows]).sum()
        assert new.loc[policy, f"met_{over}"] == ok_over[rows].sum()
        assert new.loc[policy, f"met_{happy}"] == ok_happy[rows].sum()
        assert new.loc[policy, f"share_{over}"] == pytest.approx(ok_over[rows].sum() / n)
    assert new[f"met_{over}"].sum() != old["met"].sum()
    # (b) the store's own analysis and report are untouched
    assert {name: (folder / name).read_bytes() for name in ANALYSIS_FILES} == before
    text = (out / "report.html").read_text(encoding="utf-8")
    for heading in ("Marginal ranges of the ensemble", "Satisficing", "Pareto front",
                    f"Overtime per cadre-week ≤ {cut:g} h per cadre-week: share [95% CI]"):
        assert heading in text
    # (c) any other change, or a folder that is no complete store, is refused in one line
    other = _write_spec(tmp_path / "other.toml", {**TINY, "days": 15})
    for argv, key in [([str(other), "--reanalyse", str(folder)], "days"),
                      ([str(spec_file), "--reanalyse", str(tmp_path)], "--reanalyse")]:
        assert cli_main(["robust", *argv]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and f"key: {key}" in err[0] and "allowed:" in err[0]
        assert "in: " in err[0]
    assert len(list(folder.glob("reanalysis-*"))) == 1


def test_batch_resumes_after_another_part_of_the_spec_file_changed(tmp_path):
    """A calibration wave is resumable after the robust spec file's [search] was edited.

    The batch's own fingerprint covers what it runs; the robust spec file is named in
    its messages but is not one of its hashed inputs.
    """
    from commsim.inputs.scenario import load_scenario
    from commsim.robust.sweeps import run_points

    spec_file = tmp_path / "robust.toml"
    spec_file.write_text("[search]\npopulation = 8\n")
    points = pd.DataFrame({"departments.hours_cv": [0.6, 0.9]})
    kwargs = {"name": "wave-1", "seed": 3, "days": 7, "communities": 1,
              "params": {"run.warmup_days": 0},
              "executor": {"executor": "serial", "progress": False},
              "source": str(spec_file)}
    first = run_points(points, [load_scenario("baseline")], tmp_path / "wave-1", **kwargs)
    spec_file.write_text("[search]\npopulation = 12\n")
    again = run_points(points, [load_scenario("baseline")], tmp_path / "wave-1", **kwargs)
    cols = ["point", "overtime_hours_per_cadre_week"]
    pd.testing.assert_frame_equal(first[cols], again[cols])
    with pytest.raises(InputError):  # a changed batch (another point) is still refused
        run_points(points.assign(**{"departments.hours_cv": [0.6, 0.8]}),
                   [load_scenario("baseline")], tmp_path / "wave-1", **kwargs)
