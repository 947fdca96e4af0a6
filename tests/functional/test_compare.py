import pytest

from commsim import DAILY_SERIES, HEADLINE_METRICS, SUMMARY_METRICS
from commsim.analysis.inference import COMPARISON_COLUMNS
from commsim.cli import main
from commsim.core.metrics import METRICS
from commsim.results import load

TINY = ["--days", "15", "--communities", "1", "--executor", "serial", "--no-progress"]


def test_compare_prints_headline_table_and_writes_store(tmp_path, capsys):
    out = tmp_path / "cmp"
    code = main(["compare", "baseline", "admission_gate", "--reps", "3", "--seed", "7",
                 "--out", str(out), *TINY])
    printed = capsys.readouterr().out
    assert code == 0
    for metric in HEADLINE_METRICS:
        assert metric in printed
    assert "diff vs baseline" in printed and "admission_gate" in printed
    assert "Cost-effectiveness against baseline" in printed
    assert "yuan per overtime hour avoided" in printed
    assert printed.index("Decision (") < printed.index("diff vs baseline")
    assert max(len(line) for line in printed.splitlines()) <= 100
    res = load(out)
    runs = res.runs
    assert list(runs.columns[:7]) == ["run_id", "scenario", "replication", "seed", "status",
                                      "error", "wall_seconds"]
    # the core's summary metrics first, then those of the policies the runs used
    declared = [m.key for m in METRICS.summaries(("no_gate", "admission_gate"))]
    assert list(runs.columns[7:]) == declared
    assert declared[:len(SUMMARY_METRICS)] == list(SUMMARY_METRICS)
    assert list(runs["run_id"]) == list(range(6))
    assert set(runs["status"]) == {"ok"} and set(runs["seed"]) == {7}
    # common random numbers: replication k of both scenarios, run_id = k * 2 + scenario
    assert list(runs["replication"]) == [0, 0, 1, 1, 2, 2]
    assert list(res.daily.columns) == ["run_id", "scenario", "replication", *DAILY_SERIES]
    assert len(res.daily) == 6 * 15
    assert list(res.hours.columns) == ["run_id", "scenario", "replication", "dimension",
                                       "category", "hours"]
    comp = res.comparison
    assert tuple(comp.columns) == COMPARISON_COLUMNS
    assert len(comp) == 2 * len(declared)
    m = res.manifest
    assert m["root_seed"] == 7 and m["status"] == "complete"
    assert m["status_counts"] == {"ok": 6, "failed": 0, "timeout": 0}
    assert set(m["scenarios"]) == {"baseline", "admission_gate"}
    assert m["scenarios"]["baseline"]["params"]["run.days"] == 15
    assert len(res.runs["wall_seconds"]) == 6 and "metric_declarations" in m
    # the same replication index gives the same numbers as a single simulate() call
    from commsim import simulate
    one = simulate("admission_gate", seed=7, replication=2,
                   overrides={"run.days": 15, "run.communities": 1})
    row = runs[(runs.scenario == "admission_gate") & (runs.replication == 2)].iloc[0]
    assert row["overtime_hours_per_cadre_week"] == one.summary["overtime_hours_per_cadre_week"]
    # the comparison is reproduced from the runs table
    base = runs[runs.scenario == "baseline"].set_index("replication")
    gate = runs[runs.scenario == "admission_gate"].set_index("replication")
    diff = (gate["resident_satisfaction"] - base["resident_satisfaction"]).mean()
    got = comp[(comp.scenario == "admission_gate") & (comp.metric == "resident_satisfaction")]
    assert float(got["diff_mean"].iloc[0]) == pytest.approx(float(diff), rel=1e-12)


def test_compare_without_out_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["compare", "baseline", "paperless", "--reps", "2", *TINY]) == 0
    assert "paperless" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_compare_bad_input_exits_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "cmp"
    assert main(["compare", "baseline", "no_such_scenario", "--out", str(out), *TINY]) == 2
    err = capsys.readouterr().err
    assert "unknown scenario" in err and "no_such_scenario" in err
    assert main(["compare", "baseline", "--reps", "0", "--out", str(out), *TINY]) == 2
    assert main(["compare", "baseline", "--set", "street.leakage=7", "--out", str(out),
                 *TINY]) == 2
    err = capsys.readouterr().err
    assert "street.leakage" in err and "allowed" in err
    assert not out.exists()


def test_plugin_policies_reach_worker_processes(tmp_path, capsys):
    pytest.importorskip("commsim.inputs.plugins")
    example = __import__("pathlib").Path(__file__).resolve().parents[2] / "examples" / \
        "meeting_quota.py"
    assert example.exists()
    scenario = tmp_path / "quota.toml"
    scenario.write_text('name = "quota"\ndescription = "meeting quota"\n'
                        'policies = ["no_gate", "meeting_quota"]\n')
    code = main(["compare", "baseline", str(scenario), "--reps", "2", "--days", "10",
                 "--communities", "1", "--plugin", str(example), "--workers", "1",
                 "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "quota" in out and "(4 ok, 0 failed)" in out


def test_metrics_option_chooses_what_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    from commsim.cli import main

    argv = ["compare", "baseline", "admission_gate", "--reps", "2", "--days", "5",
            "--communities", "1", "--executor", "serial", "--no-progress"]
    assert main([*argv, "--metrics", "cost_yuan,burnout_share"]) == 0
    out = capsys.readouterr().out
    assert "cost_yuan (yuan/yr)" in out and "burnout_share" in out
    assert "turnover_rate" not in out
    assert main([*argv, "--metrics", "cost_yuan,nonsense"]) == 2
    assert "--metrics" in capsys.readouterr().err


def test_two_replications_warn_and_share_intervals_stay_in_bounds(tmp_path, capsys):
    out = tmp_path / "two"
    code = main(["compare", "baseline", "admission_gate", "--reps", "2", "--days", "20",
                 "--communities", "1", "--set", "run.warmup_days=0", "--executor", "serial",
                 "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0
    assert "warning" in captured.err and "only 2 replications" in captured.err
    comparison = load(out).comparison
    shares = [m.key for m in METRICS.summaries() if m.is_share]
    rows = comparison[comparison["metric"].isin(shares)].dropna(subset=["ci_low"])
    assert not rows.empty
    assert (rows["ci_low"] >= 0).all() and (rows["ci_high"] <= 1).all()
    lower_bounded = [m.key for m in METRICS.summaries() if m.bounds[0] == 0.0]
    counts = comparison[comparison["metric"].isin(lower_bounded)].dropna(subset=["ci_low"])
    assert (counts["ci_low"] >= 0).all()
