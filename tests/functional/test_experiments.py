import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from commsim import InputError
from commsim.cli import main
from commsim.experiments import ProcessExecutor, SerialExecutor, load_spec, plan, run
from commsim.experiments.spec import spec_from_table
from commsim.results import load

REPO = Path(__file__).resolve().parents[2]
TINY = {"days": 10, "warmup_days": 0, "communities": 1}


def _spec(**table):
    return spec_from_table({"name": "t", "seed": 11, **TINY, **table}, source="test")


def _same(a, b):
    """Tables equal bit for bit, apart from wall times."""
    pd.testing.assert_frame_equal(a.drop(columns=["wall_seconds"], errors="ignore"),
                                  b.drop(columns=["wall_seconds"], errors="ignore"),
                                  check_exact=True)


def _same_store(a, b):
    _same(a.runs, b.runs)
    for name in ("daily", "hours", "yearly", "comparison", "sobol", "morris"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None) == (y is None), name
        if x is not None:
            _same(x, y)


# -- specifications -------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["policy_comparison", "gate_design", "paperless_adoption",
                                  "sensitivity", "structure"])
def test_shipped_specs_are_valid(name):
    spec = load_spec(REPO / "experiments" / f"{name}.toml")
    p = plan(spec)
    assert spec.name == name and p.size >= 1
    if name == "policy_comparison":
        names = {s.name for s in spec.scenarios}
        assert {"baseline", "admission_gate", "purchased_services", "paperless",
                "staffing_norm"} <= names and spec.baseline == "baseline"
        assert spec.params["run.days"] >= 5 * 365  # several years after warm-up (rebound)
        seeds = {f.key: f for f in spec.factors}["run.structure_seed"]
        assert len(seeds.values) >= 10  # synthetic districts: structure apart from noise
        assert p.size == len(spec.scenarios) * len(seeds.values)  # design points (x replications)
        assert spec.replications >= 3
    if name == "sensitivity":
        assert spec.design.kind == "sobol" and p.size == 64 * (len(spec.factors) + 2)


@pytest.mark.parametrize(("table", "words"), [
    ({"replicates": 3}, ["unknown experiment field", "replicates"]),
    ({"replications": 0}, ["replications", ">= 1"]),
    ({"params": {"street.leakage": 3.0}}, ["street.leakage", "allowed"]),
    ({"design": {"kind": "grid", "factors": {"street.leakag": {"values": [0.1]}}}},
     ["unknown parameter", "street.leakage"]),
    ({"design": {"kind": "grid", "factors": {"street.leakage": {"values": [0.1, 2.0]}}}},
     ["out of range", "street.leakage"]),
    ({"design": {"kind": "lhs", "samples": 4,
                 "factors": {"street.leakage": {"low": 0.5, "high": 0.1}}}}, ["low must be"]),
    ({"design": {"kind": "sobol", "samples": 6,
                 "factors": {"street.leakage": {"low": 0.1, "high": 0.5}}}}, ["power of two"]),
    ({"design": {"kind": "anova"}}, ["unknown design", "allowed"]),
    ({"metrics": ["happiness"]}, ["unknown metric"]),
    ({"scenarios": ["baseline", "gate"]}, ["unknown scenario"]),
])
def test_bad_specs_raise_input_errors(table, words):
    with pytest.raises(InputError) as info:
        _spec(**table)
    for word in words:
        assert word in str(info.value)


def test_sweep_cli_reports_bad_spec_in_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nreplications = [\n')
    out = tmp_path / "out"
    assert main(["sweep", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "malformed TOML" in err and str(bad) in err and len(err.strip().splitlines()) == 1
    bad.write_text('name = "x"\nscenarios = ["baseline"]\n[params]\n"run.days" = -3\n')
    assert main(["sweep", str(bad), "--out", str(out)]) == 2
    assert "run.days" in capsys.readouterr().err
    assert not out.exists()


def test_grid_and_lhs_designs():
    spec = _spec(scenarios=["baseline", "paperless"], design={"kind": "grid", "factors": {
        "paperless.digital_acceptance": {"values": [0.1, 0.9]},
        "paperless.unconnected_systems": {"low": 1, "high": 5, "levels": 3}}})
    p = plan(spec)
    assert p.size == 2 * 2 * 3
    assert [pt.values["paperless.unconnected_systems"] for pt in p.points[:3]] == [1, 3, 5]
    assert p.points[6].scenario.name == "paperless"
    lhs = plan(_spec(design={"kind": "lhs", "samples": 10, "factors": {
        "street.leakage": {"low": 0.0, "high": 1.0},
        "cadres.per_community": {"low": 3, "high": 12},
        "residents.patience_hours": {"distribution": "normal", "mean": 0.75, "sd": 0.2}}}))
    leak = np.array([pt.values["street.leakage"] for pt in lhs.points])
    assert sorted((leak * 10).astype(int)) == list(range(10))  # one value per stratum
    assert all(isinstance(pt.values["cadres.per_community"], int) for pt in lhs.points)
    again = plan(_spec(design={"kind": "lhs", "samples": 10, "factors": {
        "street.leakage": {"low": 0.0, "high": 1.0},
        "cadres.per_community": {"low": 3, "high": 12},
        "residents.patience_hours": {"distribution": "normal", "mean": 0.75, "sd": 0.2}}}))
    assert [pt.values for pt in again.points] == [pt.values for pt in lhs.points]


# -- executors and faults -------------------------------------------------------------------
def test_process_pool_matches_serial_bit_for_bit(tmp_path):
    spec = _spec(scenarios=["baseline", "admission_gate"], replications=3,
                 design={"kind": "grid", "factors": {"street.leakage": {"values": [0.1, 0.6]}}})
    serial = run(spec, out=tmp_path / "serial", executor=SerialExecutor(), progress=False)
    pool = run(spec, out=tmp_path / "pool", executor=ProcessExecutor(2), progress=False)
    assert len(serial.runs) == 2 * 2 * 3
    assert list(serial.runs.columns[7:8]) == ["param.street.leakage"]
    assert sorted(serial.yearly["run_id"]) == list(range(12))  # one year row per run
    _same_store(serial, pool)
    assert pool.manifest["executor"] == {"kind": "process", "workers": 2}


def test_failed_and_timed_out_runs_are_recorded_and_the_sweep_goes_on(tmp_path):
    from _faults import fail_run_1

    spec = _spec(replications=3)
    res = run(spec, out=tmp_path / "f", executor=SerialExecutor(fail_run_1), progress=False)
    runs = res.runs
    assert list(runs["status"]) == ["ok", "failed", "ok"]
    assert "Traceback" in runs["error"][1] and "no.such.key" in runs["error"][1]
    assert runs["overtime_hours_per_cadre_week"].isna().tolist() == [False, True, False]
    assert res.manifest["status_counts"] == {"ok": 2, "failed": 1, "timeout": 0}
    slow = _spec(replications=2, days=3000, timeout=0.2)
    res = run(slow, out=tmp_path / "t", executor="serial", progress=False)
    assert list(res.runs["status"]) == ["timeout", "timeout"]
    assert "time limit" in res.runs["error"][0]
    assert res.runs["wall_seconds"].max() < 5


def test_killed_workers_runs_are_rerun(tmp_path):
    from _faults import kill_worker, marker_scenario

    spec = _spec(replications=6, scenarios=[str(marker_scenario(tmp_path))])
    started = time.monotonic()
    pool = ProcessExecutor(2, max_attempts=2, worker=kill_worker)
    res = run(spec, out=tmp_path / "k", executor=pool, progress=False)
    assert time.monotonic() - started < 60
    status = list(res.runs["status"])
    assert status == ["ok", "ok", "ok", "failed", "ok", "ok"]
    assert "died 2 times" in res.runs["error"][3]
    clean = run(spec, out=tmp_path / "c", executor="serial", progress=False)
    ok = res.runs["status"] == "ok"
    _same(res.runs[ok].reset_index(drop=True), clean.runs[ok].reset_index(drop=True))


def test_sigkilled_sweep_resumes_to_identical_tables(tmp_path):
    psutil = pytest.importorskip("psutil")
    spec_file = tmp_path / "spec.toml"
    spec_file.write_text(
        'name = "resume"\nscenarios = ["baseline", "paperless"]\nreplications = 40\n'
        'seed = 3\ndays = 120\nwarmup_days = 0\ncommunities = 1\n')
    # 120-day runs (about 0.15 s each): when the kill follows the second flush (8 runs),
    # some 5 s of runs are still to do, so the kill cannot arrive after the last run on a
    # loaded machine (with 8-day runs the remaining 72 took under a second).
    out = tmp_path / "store"
    env = {**os.environ, "COMMSIM_FLUSH_RUNS": "4", "COMMSIM_FLUSH_SECONDS": "100"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "commsim.cli", "sweep", str(spec_file), "--out", str(out),
         "--workers", "2", "--no-progress"], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    journal = out / "_journal"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(journal.glob("runs-*.parquet"))) < 2:
        time.sleep(0.01)
    family = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(30) == -signal.SIGKILL
    # the pool's workers notice and end by themselves
    gone, alive = psutil.wait_procs(family, timeout=10)
    assert not alive
    partial = load(out)
    assert not partial.complete
    before = partial.runs
    assert 0 < len(before) < 80
    assert main(["sweep", str(spec_file), "--out", str(out), "--resume", "--workers", "2",
                 "--no-progress"]) == 0
    resumed = load(out)
    assert resumed.complete and not journal.exists()
    # finished runs were not redone: their rows, wall times included, are unchanged
    kept = resumed.runs.set_index("run_id").loc[before["run_id"]].reset_index()
    pd.testing.assert_frame_equal(kept, before.reset_index(drop=True), check_exact=True)
    assert resumed.manifest["resumed"]
    fresh = run(load_spec(spec_file), out=tmp_path / "fresh", executor=ProcessExecutor(2),
                progress=False)
    _same_store(resumed, fresh)
    # resuming a finished store does nothing
    assert main(["sweep", str(spec_file), "--out", str(out), "--resume", "--no-progress"]) == 0


# -- precision and sensitivity ------------------------------------------------------------
def test_precision_adds_replications_until_target_or_cap(tmp_path):
    spec = _spec(replications=2, max_replications=8,
                 metrics=["overtime_hours_per_cadre_week", "resident_satisfaction"])
    loose = run(spec, out=tmp_path / "a", executor="serial", precision=50.0, progress=False)
    assert loose.manifest["stop_reason"].startswith("precision reached")
    tight = run(spec, out=tmp_path / "b", executor="serial", precision=0.01, progress=False)
    assert tight.manifest["stop_reason"].startswith("replication cap reached")
    assert tight.manifest["replications"] == 8 and len(tight.runs) == 8
    assert list(tight.runs["replication"]) == list(range(8))


def test_sobol_and_morris_tables(tmp_path):
    factors = {"departments.tasks_per_community_day": {"low": 2.0, "high": 6.0},
               "street.leakage": {"low": 0.1, "high": 0.5}}
    metrics = ["overtime_hours_per_cadre_week", "resident_satisfaction"]
    sobol = run(_spec(metrics=metrics, outputs=[],
                      design={"kind": "sobol", "samples": 8, "factors": factors}),
                out=tmp_path / "s", executor="serial", progress=False)
    table = sobol.sobol
    assert list(table.columns) == ["metric", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
    assert len(table) == 4 and len(sobol.runs) == 8 * 4 and sobol.daily is None
    assert table["ST"].notna().all()
    morris = run(_spec(metrics=metrics, outputs=[],
                       design={"kind": "morris", "samples": 3, "factors": factors}),
                 out=tmp_path / "m", executor="serial", progress=False)
    table = morris.morris
    assert list(table.columns) == ["metric", "parameter", "mu_star", "mu_star_conf", "sigma"]
    overtime = table[table.metric == "overtime_hours_per_cadre_week"].set_index("parameter")
    # department workload matters more for overtime than the gate (inactive in baseline)
    assert overtime.loc["departments.tasks_per_community_day", "mu_star"] > \
        overtime.loc["street.leakage", "mu_star"]
    assert morris.sobol is None
