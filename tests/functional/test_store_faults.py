"""Store faults: one writer, honest readers of unfinished stores, full disks, damaged files."""

import errno
import os
import subprocess
import sys
import time

import pandas as pd
import pytest

from _faults import Crash
from commsim import InputError
from commsim.cli import main
from commsim.experiments import run, spec_from_table
from commsim.results import load
from commsim.results.lock import WriterLock
from commsim.results.store import Store

TINY = {"days": 5, "warmup_days": 0, "communities": 1}


def _spec(**table):
    return spec_from_table({"name": "t", "seed": 11, **TINY, **table}, source="test")


# -- one writer per store ---------------------------------------------------------------
@pytest.mark.slow
def test_second_writer_is_refused_naming_the_holder(tmp_path, capsys):
    spec_file = tmp_path / "spec.toml"
    spec_file.write_text('name = "two"\nreplications = 100000\nseed = 1\ndays = 2\n'
                         'warmup_days = 0\n'
                         'communities = 1\n')
    out = tmp_path / "store"
    env = {**os.environ, "COMMSIM_FLUSH_RUNS": "2"}
    first = subprocess.Popen(
        [sys.executable, "-m", "commsim.cli", "sweep", str(spec_file), "--out", str(out),
         "--executor", "serial", "--no-progress"], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not list(out.glob("_journal/runs-*")):
            time.sleep(0.02)
        assert first.poll() is None
        for extra in ([], ["--resume"]):
            code = main(["sweep", str(spec_file), "--out", str(out), "--executor", "serial",
                         "--no-progress", *extra])
            err = capsys.readouterr().err
            assert code == 2 and err.count("\n") == 1, err
            assert "another writer" in err and f"pid {first.pid}" in err
        assert load(out).status == "running"
    finally:
        first.kill()
        first.wait(30)
    killed = load(out)  # the first writer's committed runs are intact, the lock is free
    assert killed.status == "interrupted" and len(killed.runs) >= 2
    assert set(killed.daily["run_id"]) == set(killed.runs["run_id"])
    with WriterLock(out):
        pass


@pytest.mark.slow
def test_lock_is_released_when_the_writer_dies(tmp_path):
    code = ("import sys, os; from commsim.results.lock import WriterLock; "
            "WriterLock(sys.argv[1]).acquire(); os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, timeout=60)
    with WriterLock(tmp_path):  # the dead holder's lock is free
        pass


# -- readers of unfinished stores ---------------------------------------------------------
def _journal_store(path):
    """An unfinished store: two committed flushes and the daily part of a third, uncommitted."""
    res = run(_spec(replications=3), out=path / "full", executor="serial", progress=False)
    store = Store(path / "part")
    store.create({**res.manifest, "status": "running"})
    for ids in ([0, 1], [2]):
        store.flush(res.runs[res.runs.run_id.isin(ids)],
                    [res.daily[res.daily.run_id.isin(ids)]],
                    [res.hours[res.hours.run_id.isin(ids)]])
    # a flush killed between its series and its rows: daily part written, runs file not
    frame = res.daily[res.daily.run_id == 0].assign(run_id=99)
    frame.to_parquet(store.journal / "daily" / "c00000-s000002.parquet", index=False)
    return store.path


def test_unfinished_store_shows_only_committed_runs_in_every_table(tmp_path):
    res = load(_journal_store(tmp_path))
    ids = set(res.runs["run_id"])
    assert ids == {0, 1, 2}
    assert set(res.daily["run_id"]) == ids and set(res.hours["run_id"]) == ids


@pytest.mark.slow
def test_killed_store_reads_as_interrupted_and_a_live_one_as_running(tmp_path, capsys):
    path = _journal_store(tmp_path)
    assert load(path).status == "interrupted"
    assert load(path).manifest["status"] == "interrupted"
    with WriterLock(path):
        assert load(path).status == "running"
    assert main(["report", str(path), "-o", str(tmp_path / "r.html")]) == 0
    err = capsys.readouterr().err
    assert "interrupted" in err and "3 committed runs" in err


# -- resume fingerprints every input --------------------------------------------------------


def test_resume_refuses_an_edited_scenario_file_naming_it(tmp_path, capsys):
    scenario = tmp_path / "mine.toml"
    scenario.write_text('name = "mine"\npolicies = ["no_gate"]\n[params]\n'
                        '"street.leakage" = 0.2\n')
    spec_file = tmp_path / "spec.toml"
    spec_file.write_text('name = "edit"\nscenarios = ["mine.toml"]\nreplications = 4\n'
                         'days = 5\nwarmup_days = 0\ncommunities = 1\n')
    out = tmp_path / "store"
    from commsim.experiments import load_spec

    with pytest.raises(KeyboardInterrupt):
        run(load_spec(spec_file), out=out, executor=Crash(2), progress=False)
    scenario.write_text(scenario.read_text().replace("0.2", "0.4"))
    args = ["sweep", str(spec_file), "--out", str(out), "--resume", "--executor", "serial",
            "--no-progress"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(scenario.resolve()) in err and "changed" in err
    scenario.write_text(scenario.read_text().replace("0.4", "0.2"))
    assert main(args) == 0
    done = load(out)
    assert done.complete and done.manifest["scenarios"]["mine"]["params"]["street.leakage"] == 0.2


# -- resource limits -----------------------------------------------------------------------
def test_run_list_is_lazy_memory_flat_in_replications(tmp_path):
    import tracemalloc

    from commsim.experiments.checks import MAX_REPLICATIONS

    tracemalloc.start()
    started = time.monotonic()
    scenarios = ["baseline", "admission_gate", "paperless", "combined", "purchased_services",
                 "paperless_digital_inspections"]  # 600,000 runs at the largest replications
    with pytest.raises(KeyboardInterrupt):
        run(_spec(replications=MAX_REPLICATIONS, scenarios=scenarios), out=tmp_path / "o",
            executor=Crash(3), progress=False)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert time.monotonic() - started < 30 and peak < 100e6
    assert len(load(tmp_path / "o").runs) == 3


def _disk_full_after(monkeypatch, calls):
    import commsim.results.store as store_module

    real = store_module.write_parquet
    count = {"n": 0}

    def failing(frame, path):
        count["n"] += 1
        if count["n"] > calls:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(frame, path)

    monkeypatch.setattr(store_module, "write_parquet", failing)


def test_disk_full_is_one_line_and_the_store_resumes(tmp_path, capsys, monkeypatch):
    spec_file = tmp_path / "spec.toml"
    spec_file.write_text('name = "full"\nreplications = 6\ndays = 5\nwarmup_days = 0\n'
                         'communities = 1\n')
    out = tmp_path / "store"
    monkeypatch.setenv("COMMSIM_FLUSH_RUNS", "2")
    import commsim.experiments.journal as journal

    monkeypatch.setattr(journal, "FLUSH_RUNS", 2)
    _disk_full_after(monkeypatch, 10)  # two flushes of five files each, then ENOSPC
    args = ["sweep", str(spec_file), "--out", str(out), "--executor", "serial",
            "--no-progress"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disk is full" in err and "--resume" in err
    assert set(load(out).runs["run_id"]) == {0, 1, 2, 3}
    monkeypatch.undo()
    assert main([*args, "--resume"]) == 0
    resumed = load(out)
    assert resumed.complete and list(resumed.runs["run_id"]) == list(range(6))


def test_an_interrupted_compare_resumes_to_the_tables_of_an_uninterrupted_one(
        tmp_path, capsys, monkeypatch):
    args = ["compare", "baseline", "admission_gate", "--reps", "3", "--days", "5",
            "--communities", "1", "--set", "run.warmup_days=0", "--executor", "serial",
            "--no-progress"]
    assert main([*args, "--out", str(tmp_path / "whole")]) == 0
    whole = load(tmp_path / "whole")
    out = tmp_path / "store"
    import commsim.experiments.journal as journal

    monkeypatch.setattr(journal, "FLUSH_RUNS", 2)
    _disk_full_after(monkeypatch, 10)  # two flushes, then the disk is full
    assert main([*args, "--out", str(out)]) == 2
    assert "--resume" in capsys.readouterr().err
    assert set(load(out).runs["run_id"]) == {0, 1, 2, 3}
    monkeypatch.undo()
    assert main([*args, "--out", str(out)]) == 2  # no silent overwrite without --resume
    capsys.readouterr()
    assert main([*args, "--out", str(out), "--resume"]) == 0
    resumed = load(out)
    assert resumed.complete and list(resumed.runs["run_id"]) == list(range(6))
    metrics = ["overtime_hours_per_cadre_week", "resident_satisfaction", "cost_yuan"]
    pd.testing.assert_frame_equal(resumed.runs[metrics], whole.runs[metrics])
    pd.testing.assert_frame_equal(resumed.comparison, whole.comparison)


def test_compare_resume_without_out_is_one_line(capsys):
    assert main(["compare", "baseline", "--reps", "2", "--resume"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--resume" in err and "--out" in err


def _mount_tmpfs(path, size, options=""):
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"{options}size={size}", "tmpfs",
                           str(path)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")


@pytest.mark.slow
def test_disk_full_on_a_small_tmpfs(tmp_path, capsys):
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "200k")
    try:
        spec_file = tmp_path / "spec.toml"
        spec_file.write_text('name = "tmpfs"\nreplications = 30\ndays = 20\nwarmup_days = 0\n'
                             'communities = 1\n')
        args = ["sweep", str(spec_file), "--out", str(disk / "s"), "--executor", "serial",
                "--no-progress"]
        assert main(args) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "disk is full" in err
        partial = load(disk / "s")
        assert partial.status == "interrupted"
        # the disk may fill before the first flush is committed: then neither table has rows
        def ids(frame):
            return set() if frame is None or frame.empty else set(frame["run_id"])
        assert ids(partial.daily) == ids(partial.runs)
    finally:
        subprocess.run(["umount", str(disk)], check=False)


WRITERS = {
    "run": ["run", "baseline", "--days", "30", "--communities", "1", "--no-progress"],
    "compare": ["compare", "baseline", "--reps", "4", "--days", "30", "--communities", "1",
                "--executor", "serial", "--no-progress"],
}


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(WRITERS))
@pytest.mark.parametrize("disk", ["read-only", "full"])
def test_read_only_or_full_disk_is_one_line_for_run_and_compare(tmp_path, capsys, command,
                                                                disk):
    # `run --out` on a read-only or full disk ended in a traceback and left half a store
    mount = tmp_path / "disk"
    _mount_tmpfs(mount, "60k", "ro," if disk == "read-only" else "")
    try:
        assert main([*WRITERS[command], "--out", str(mount / "out")]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("commsim: error: cannot write")
        assert ("read-only" if disk == "read-only" else "disk is full") in err[0]
        assert "--out" in err[0] and str(mount / "out") in err[0]
        if command == "run" or disk == "read-only":  # one run is not resumable: no remains
            assert list(mount.iterdir()) == []
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.slow
def test_report_on_a_full_disk_is_one_line(tmp_path, capsys):
    store = tmp_path / "store"
    run(_spec(replications=2), out=store, executor="serial", progress=False)
    mount = tmp_path / "disk"
    _mount_tmpfs(mount, "60k")
    try:
        (mount / "fill").write_bytes(b"\0" * 50_000)
        assert main(["report", str(store), "-o", str(mount / "r.html")]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "cannot write the report: the disk is full" in err[0]
        assert "-o/--output" in err[0]
        assert sorted(p.name for p in mount.iterdir()) == ["fill"]
    finally:
        subprocess.run(["umount", str(mount)], check=False)


# -- damaged store files ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def good_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("good") / "store"
    run(_spec(replications=2), out=path, executor="serial", progress=False)
    return path


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "garbage": lambda data: os.urandom(max(len(data), 64)),
    "empty": lambda data: b"",
}


def _shape(name):
    if name == "manifest.json":
        return b"[1, 2, 3]"
    buffer = __import__("io").BytesIO()
    pd.DataFrame({"x": [1, 2]}).to_parquet(buffer, index=False)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["runs.parquet", "manifest.json", "daily/part-00000.parquet",
                                  "hours/part-00000.parquet"])
@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "wrongly shaped"])
def test_damaged_store_file_is_named_in_one_line(good_store, tmp_path, capsys, name, damage):
    import shutil

    path = tmp_path / "s"
    shutil.copytree(good_store, path)
    target = path / name
    target.write_bytes(_shape(name) if damage == "wrongly shaped"
                       else DAMAGE[damage](target.read_bytes()))
    with pytest.raises(InputError, match="damaged results store file") as info:
        res = load(path)
        res.runs, res.daily, res.hours  # noqa: B018
    assert str(target) in str(info.value)
    report = tmp_path / "r.html"
    assert main(["report", str(path), "-o", str(report)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(target) in err and not report.exists()




# -- the process pool -------------------------------------------------------------------------
@pytest.mark.slow
def test_worker_dying_while_the_caller_flushes_does_not_crash_the_pool(tmp_path):
    from _faults import exit_run_1
    from commsim.experiments import ProcessExecutor
    from commsim.experiments.planning import plan

    p = plan(_spec(replications=6))
    started = time.monotonic()
    seen = {}
    for task, outcome in ProcessExecutor(2, max_attempts=2, worker=exit_run_1).map_unordered(
            p.task(i) for i in range(6)):
        if not seen:
            time.sleep(2.0)  # "flushing the journal" while run 1 ends its worker
        seen[task.run_id] = outcome.status
    assert seen == {0: "ok", 1: "failed", 2: "ok", 3: "ok", 4: "ok", 5: "ok"}
    assert time.monotonic() - started < 90
