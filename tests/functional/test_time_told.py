"""Time told before it is spent: estimate, progress lines, SIGTERM, running the demo again.

Issue 18, item 3. The commands are small equivalents of ``make demo`` (two scenarios,
one community, a short warm-up), run in a subprocess with stderr redirected to a file,
as a batch job or ``make demo > log`` would.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from commsim.cli import main
from commsim.experiments.estimate import duration
from commsim.experiments.progress import ProgressLines
from commsim.results import load


def _demo(days: int, workers: int) -> list[str]:
    return ["compare", "baseline", "admission_gate", "--reps", "6", "--days", str(days),
            "--communities", "1", "--set", "run.warmup_days=60", "--seed", "5",
            "--workers", str(workers)]


DEMO = _demo(40, 2)
#: The demo the SIGTERM test interrupts: runs long enough (about 0.4 s each, one worker)
#: that the signal, sent after the first committed run, lands seconds before the last
#: run would finish even when the test process is scheduled late on a loaded machine.
SLOW_DEMO = _demo(200, 1)


def _start(out: Path, log: Path, *extra: str, flush_runs: int = 1) -> subprocess.Popen:
    env = {**os.environ, "COMMSIM_PROGRESS_SECONDS": "0.5", "COMMSIM_FLUSH_RUNS":
           str(flush_runs), "COMMSIM_FLUSH_SECONDS": "100"}
    with log.open("w") as err:
        return subprocess.Popen([sys.executable, "-m", "commsim.cli", *SLOW_DEMO, "--out",
                                 str(out), *extra], stdout=subprocess.DEVNULL, stderr=err,
                                env=env)


def _same_tables(a, b) -> None:
    for name in ("runs", "comparison"):
        pd.testing.assert_frame_equal(
            getattr(a, name).drop(columns=["wall_seconds"], errors="ignore"),
            getattr(b, name).drop(columns=["wall_seconds"], errors="ignore"), check_exact=True)


def test_sigterm_leaves_a_resumable_store_and_the_demo_runs_again(tmp_path):
    """SIGTERM mid-run, then the demo's command twice: resumed, then replaced."""
    out, log = tmp_path / "demo", tmp_path / "err.log"
    proc = _start(out, log)
    journal = out / "_journal"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not list(journal.glob("runs-*.parquet")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(60) == 130
    err = log.read_text()
    first, *progress = err.splitlines()
    assert first.startswith("commsim: compare: 12 runs to do (") and "about" in first
    assert any(re.match(r"commsim: compare: \d+/12 runs after .* left", line)
               for line in progress)
    assert "commsim: interrupted" in err
    assert "leaked" not in err and "Traceback" not in err
    partial = load(out)
    assert partial.status == "interrupted" and 0 < len(partial.runs) < 12

    # as `make demo` after the interruption: resumed, finished runs kept
    again = _start(out, tmp_path / "again.log", "--rerun")
    assert again.wait(120) == 0
    resumed = load(out)
    assert resumed.complete and list(resumed.runs["run_id"]) == list(range(12))
    kept = resumed.runs.set_index("run_id").loc[partial.runs["run_id"]].reset_index()
    # a policy's own metric has a column once a run reports it (results.tables.runs_frame):
    # the partial store may lack the gate's if only baseline runs had finished
    extra = [c for c in kept.columns if c not in partial.runs.columns]
    assert kept[extra].isna().all().all()
    pd.testing.assert_frame_equal(kept[list(partial.runs.columns)],
                                  partial.runs.reset_index(drop=True), check_exact=True)
    told = (tmp_path / "again.log").read_text()
    assert "runs to do" in told and "mean of this store's finished runs" in told

    # as `make demo` once more: the finished demo is replaced by an equal one
    assert main([*SLOW_DEMO, "--out", str(out), "--rerun", "--executor", "serial"]) == 0
    replaced = load(out)
    assert replaced.complete and replaced.manifest["started"] != resumed.manifest["started"]
    _same_tables(replaced, resumed)


def test_rerun_refuses_a_store_of_another_command(tmp_path, capsys):
    out = tmp_path / "s"
    spec = tmp_path / "x.toml"
    spec.write_text('name = "x"\nreplications = 1\ndays = 5\nwarmup_days = 0\n'
                    'communities = 1\n')
    assert main(["sweep", str(spec), "--out", str(out), "--no-progress",
                 "--executor", "serial"]) == 0
    assert main([*DEMO, "--out", str(out), "--rerun", "--no-progress"]) == 2
    assert "earlier results" in capsys.readouterr().err
    assert main(["compare", "baseline", "--rerun"]) == 2


def test_progress_lines_come_on_time_without_a_finished_run(capsys):
    lines = ProgressLines("x", total=10, initial=2, failed=0, expected=120.0, interval=0.1)
    time.sleep(0.35)
    lines.update(1, failed=True)
    lines.close()
    err = capsys.readouterr().err.splitlines()
    assert len(err) >= 3
    assert err[0].startswith("commsim: x: 2/10 runs after") and "(estimate)" in err[0]
    assert "3/10 runs, 1 failed" in err[-1] and "runs/min" in err[-1] and "left" in err[-1]


@pytest.mark.parametrize(("seconds", "text"), [(42, "42 s"), (300, "5.0 min"),
                                               (7200, "2.0 h")])
def test_durations_read_as_a_person_says_them(seconds, text):
    assert duration(seconds) == text
