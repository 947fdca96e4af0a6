"""The command line: ``commsim scenarios`` and ``commsim run`` (``compare`` is tested elsewhere).

Bad input exits with status 2 and one line on stderr naming what is wrong — no
traceback — and never leaves anything in the output folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from commsim import DAILY_SERIES, SCHEMA, SUMMARY_METRICS, results, simulate
from commsim.cli import main
from conftest import BUILTIN_SCENARIOS

QUICK = ["--days", "5", "--communities", "1", "--no-progress"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "commsim.cli", *args], capture_output=True,
                          text=True, timeout=300)


# --- happy paths -----------------------------------------------------------------------------
def test_run_json_prints_exactly_one_json_object() -> None:
    """Through the real entry point, with the progress bar on (it goes to stderr)."""
    done = _cli("run", "baseline", "--days", "5", "--communities", "1", "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)  # the whole of stdout is one JSON document
    assert isinstance(summary, dict)
    assert list(summary) == list(SUMMARY_METRICS)
    assert done.stdout.strip().count("\n") == 0
    assert "Traceback" not in done.stderr


def test_run_json_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "baseline", *QUICK, "--json", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert list(json.loads(out)) == list(SUMMARY_METRICS)
    assert main(["run", "baseline", *QUICK, "--json", "--seed", "3"]) == 0
    assert capsys.readouterr().out == out, "same seed, same summary"


def _printed(out: str, metric: str) -> str:
    """The value column of ``metric``'s row in a readable ``commsim run`` summary."""
    (row,) = [line for line in out.splitlines() if line.split()[:1] == [metric]]
    return row.split()[1]


def test_run_readable_summary(capsys: pytest.CaptureFixture[str]) -> None:
    # no leakage at all: every task the gate refuses stays refused
    never = ["--set", "street.leakage=0", "--set", "street.leakage_limit=0"]
    assert main(["run", "admission_gate", *QUICK, "--seed", "3", *never]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0]
    assert header.startswith("scenario admission_gate (policies: admission gate; model "
                             "commsim.model.community_model:CommunityModel), seed 3,")
    for name in SUMMARY_METRICS:
        assert _printed(out, name), name
    assert int(_printed(out, "dept_tasks_refused").replace(",", "")) > 0
    assert _printed(out, "dept_tasks_leaked") == "0"  # the --set took effect ...
    assert main(["run", "admission_gate", *QUICK, "--seed", "3"]) == 0
    default = capsys.readouterr().out  # ... the default leakage (0.3) lets some back
    assert int(_printed(default, "dept_tasks_leaked").replace(",", "")) > 0


def test_run_out_writes_a_results_store(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results" / "run1"
    assert main(["run", "paperless", *QUICK, "--seed", "2", "--json", "--out", str(out),
                 "--set", "cadres.per_community=6"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert sorted(p.name for p in out.iterdir()) == [  # the writer lock stays, as a sweep's
        ".writer.lock", "community", "daily", "hours", "manifest.json", "runs.parquet",
        "yearly"]
    assert [p.name for p in out.parent.iterdir()] == ["run1"], "no temporary folder left"
    res = results.load(out)
    assert res.complete and len(res.daily) == 5 and set(DAILY_SERIES) <= set(res.daily.columns)
    assert res.yearly is not None and list(res.yearly["run_id"]) == [0]
    assert list(res.yearly["year"]) == [1] and list(res.yearly["days"]) == [5]
    row = res.runs.iloc[0]
    assert row["scenario"] == "paperless" and row["seed"] == 2 and row["status"] == "ok"
    for name in SUMMARY_METRICS:
        assert row[name] == pytest.approx(summary[name])
    meta = res.manifest
    assert meta["made_by"] == "commsim run"
    assert meta["scenarios"]["paperless"]["model"] == \
        "commsim.model.community_model:CommunityModel"
    assert meta["scenarios"]["paperless"]["policies"] == ["paperless"]
    params = meta["scenarios"]["paperless"]["params"]
    assert set(params) == {p.key for p in SCHEMA}
    assert params["cadres.per_community"] == 6 and params["run.days"] == 5
    assert meta["metric_declarations"]["turnover_rate"]["unit"]
    assert meta["parameter_units"]["run.days"] == str(SCHEMA["run.days"].unit)
    # writing again, even with the same command, is refused: earlier results are kept
    capsys.readouterr()
    assert main(["run", "paperless", *QUICK, "--json", "--out", str(out)]) == 2
    _assert_one_clean_line(capsys.readouterr().err, ["--out", "not overwritten"])
    kept = results.load(out).manifest["scenarios"]["paperless"]["params"]
    assert kept["cadres.per_community"] == 6


def test_run_out_refuses_other_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    for bad in (".", "..", str(Path.home())):
        assert main(["run", "baseline", *QUICK, "--out", bad]) == 2
        _assert_one_clean_line(capsys.readouterr().err, ["--out"])
    compare_store = tmp_path / "cmp"
    assert main(["compare", "baseline", "--reps", "1", *QUICK, "--executor", "serial",
                 "--no-progress", "--out", str(compare_store)]) == 0
    capsys.readouterr()
    assert main(["run", "baseline", *QUICK, "--out", str(compare_store)]) == 2
    _assert_one_clean_line(capsys.readouterr().err, ["commsim compare", "--out"])
    assert results.load(compare_store).manifest["made_by"] == "commsim compare"


def test_scenarios_lists_every_builtin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    names = [line.split()[0] for line in lines]
    assert set(BUILTIN_SCENARIOS) <= set(names)
    assert all(len(line.split(maxsplit=1)) == 2 for line in lines), "each has a description"
    assert main(["scenarios", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {s["name"] for s in listed} >= set(BUILTIN_SCENARIOS)
    assert all(s["description"] and s["policies"] for s in listed)


# --- bad input: status 2, one line, nothing written --------------------------------------------
BAD_INPUTS = {
    "unknown scenario": (["run", "basline"], ["unknown scenario", "basline", "baseline"]),
    "misspelt key": (["run", "baseline", "--set", "cadres.per_comunity=5"],
                     ["cadres.per_comunity", "did you mean 'cadres.per_community'"]),
    "out of range": (["run", "baseline", "--set", "residents.return_probability=1.5"],
                     ["residents.return_probability", "1.5",
                      SCHEMA["residents.return_probability"].allowed()]),
    "wrong type": (["run", "baseline", "--set", "cadres.per_community=many"],
                   ["cadres.per_community", "many", SCHEMA["cadres.per_community"].allowed()]),
    "no equals sign": (["run", "baseline", "--set", "cadres.per_community"],
                       ["cadres.per_community", "dotted.key=value"]),
    "negative days": (["run", "baseline", "--days", "-5"],
                      ["run.days", "-5", SCHEMA["run.days"].allowed()]),
    "zero communities": (["run", "baseline", "--communities", "0"],
                         ["run.communities", "0", SCHEMA["run.communities"].allowed()]),
    "negative seed": (["run", "baseline", "--seed", "-1"], ["seed", "-1"]),
}


def _assert_one_clean_line(stderr: str, expected: list[str]) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("commsim: error:")
    assert "Traceback" not in stderr
    for part in expected:
        assert part in lines[0], (part, lines[0])


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, expected = BAD_INPUTS[case]
    out = tmp_path / "out"
    assert main([*argv, *QUICK[4:], "--json", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    _assert_one_clean_line(captured.err, expected)
    assert list(tmp_path.iterdir()) == [], "nothing may be created next to or in --out"


def test_bad_input_leaves_an_existing_output_folder_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("previous results")
    assert main(["run", "baseline", "--days", "-1", "--out", str(out)]) == 2
    _assert_one_clean_line(capsys.readouterr().err, ["run.days"])
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "x"\npolicies = [\n', ["malformed TOML"]),
        ('name = "x"\n[params]\n"cadres.per_comunity" = 5\n', ["cadres.per_comunity"]),
        ('name = "x"\npolicies = ["admision_gate"]\n', ["admision_gate", "admission_gate"]),
        ('name = "x"\nextra = 1\n', ["unknown scenario field", "extra"]),
    ],
)
def test_bad_scenario_file_names_the_file(
    text: str, expected: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(text)
    out = tmp_path / "out"
    assert main(["run", str(path), "--days", "5", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    _assert_one_clean_line(captured.err, [*expected, str(path)])
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["broken.toml"]


def test_bad_input_through_the_real_entry_point(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('name = "broken\n')
    done = _cli("run", str(path), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stdout == ""
    _assert_one_clean_line(done.stderr, ["malformed TOML", str(path)])
    assert [p.name for p in tmp_path.iterdir()] == ["broken.toml"]


def test_argument_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["run", "baseline", "--days", "abc"])
    assert info.value.code == 2
    _assert_one_clean_line(capsys.readouterr().err, ["--days", "abc"])


# --- the output store is written crash-safely --------------------------------------------
def test_an_interrupted_write_leaves_an_unfinished_store(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    result = simulate("baseline", overrides={"run.days": 3, "run.communities": 1})
    written: list[str] = []
    to_parquet = pd.DataFrame.to_parquet

    def failing(self: pd.DataFrame, path: object, *args: object, **kwargs: object) -> None:
        written.append(Path(str(path)).name)
        if len(written) == 2:
            raise OSError("disk full")
        to_parquet(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", failing)
    with pytest.raises(OSError, match="disk full"):
        result.write(tmp_path / "out")
    assert len(written) == 2
    left = [p.name for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert not any(name.endswith(".tmp") for name in left), "no half-written file"
    assert not results.load(tmp_path / "out").complete, "an interrupted store says so"
    monkeypatch.setattr(pd.DataFrame, "to_parquet", to_parquet)
    result.write(tmp_path / "out")  # the same writer replaces its unfinished store
    assert results.load(tmp_path / "out").complete
