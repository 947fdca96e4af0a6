"""Faults, bad input and hostile names on the newer surfaces: stores, export, report, run, plugins.

Issue 21: each test below was a lost or corrupted file, a traceback, a wrong behaviour or
a security problem before (the case numbers of docs/reliability.md are in the comments).
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from _faults import Crash
from commsim import results
from commsim.cli import main
from commsim.core.errors import InputError
from commsim.results.lock import WriterLock
from commsim.results.store import Store
from conftest import assert_one_line

QUICK = ["--days", "3", "--set", "run.warmup_days=0", "--no-progress"]
HOSTILE = ["=1+1", '=HYPERLINK("http://example.invalid/x","open")', "+cmd", "-2+3", "@SUM(A1)",
           "East\x1b[2J"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A district whose community names are formulas and terminal controls, and its store."""
    folder = tmp_path_factory.mktemp("hostile")
    district = folder / "hostile.csv"
    rows = "".join(f'"{n.replace(chr(34), chr(34) * 2)}",urban,300,2\n' for n in HOSTILE)
    district.write_text("name,kind,households,cadre_posts\n" + rows, encoding="utf-8")
    out = folder / "store"
    assert main(["run", "baseline", *QUICK, "--set", f"run.district={district}",
                 "--out", str(out)]) == 0
    return district, out


# -- 1. one writer per store, for run --out and RunResult.write too ---------------------------
def _first_writer(out: Path, made_by: str) -> WriterLock:
    """A first writer of ``out`` caught mid-write: lock held, store created, nothing committed."""
    out.mkdir()
    lock = WriterLock(out)
    lock.acquire()
    Store(out).create({"made_by": made_by, "status": "running"})
    return lock


def test_second_run_out_while_the_first_writes_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "store"
    lock = _first_writer(out, "commsim run")
    try:
        assert main(["run", "baseline", *QUICK, "--out", str(out)]) == 2
        assert_one_line(capsys.readouterr().err, ["another writer", f"pid {os.getpid()}"])
        assert (out / "_journal" / "daily").is_dir()  # the first writer's journal is intact
    finally:
        lock.release()


def test_result_write_does_not_clear_another_writers_store(tmp_path: Path) -> None:
    import commsim

    result = commsim.simulate("baseline", overrides={"run.days": 3, "run.warmup_days": 0,
                                                     "run.communities": 1})
    out = tmp_path / "store"
    lock = _first_writer(out, "commsim.RunResult.write")
    try:
        with pytest.raises(InputError, match="another writer"):
            result.write(out)
        assert (out / "_journal" / "daily").is_dir()
    finally:
        lock.release()
    result.write(tmp_path / "fresh")  # a store nobody writes is written as before
    assert results.load(tmp_path / "fresh").complete


# -- 2. resume fingerprints the district file -------------------------------------------------
def test_resume_refuses_an_edited_district_file(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from commsim.experiments import load_spec, run

    district = tmp_path / "mine.csv"
    district.write_text("name,kind,households,cadre_posts\nA,urban,1200,5\n")
    spec_file = tmp_path / "spec.toml"
    spec_file.write_text('name = "d"\nreplications = 4\ndays = 3\nwarmup_days = 0\n'
                         '[params]\n"run.district" = "mine.csv"\n')
    out = tmp_path / "store"
    with pytest.raises(KeyboardInterrupt):
        run(load_spec(spec_file), out=out, executor=Crash(2), progress=False)
    district.write_text("name,kind,households,cadre_posts\nA,urban,3000,5\n")
    args = ["sweep", str(spec_file), "--out", str(out), "--resume", "--executor", "serial",
            "--no-progress"]
    assert main(args) == 2
    assert_one_line(capsys.readouterr().err, ["mine.csv", "changed"])


# -- 22. a relative district in an experiment file is relative to that file -------------------
def test_relative_district_in_an_experiment_file(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from commsim.experiments import load_spec

    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "mine.csv").write_text("name,kind,households,cadre_posts\n"
                                                 "A,urban,700,5\n")
    spec_file = tmp_path / "specs" / "spec.toml"
    spec_file.write_text('name = "d"\ndays = 3\nwarmup_days = 0\n'
                         '[params]\n"run.district" = "mine.csv"\n')
    monkeypatch.chdir(tmp_path)  # not the spec's folder
    spec = load_spec(spec_file)
    assert Path(spec.params["run.district"]) == tmp_path / "specs" / "mine.csv"
    given = load_spec(spec_file, sets={"run.district": "specs/mine.csv"})  # --set: working folder
    assert Path(given.params["run.district"]) == Path("specs/mine.csv")


# -- 3, 4. export --force replaces only an earlier export -------------------------------------
def test_export_force_does_not_replace_a_users_workbook(
        hostile: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    budget = tmp_path / "budget.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["line", "yuan"])
    book.save(budget)
    before = budget.read_bytes()
    assert main(["export", str(hostile[1]), "-o", str(budget), "--force"]) == 2
    assert_one_line(capsys.readouterr().err, ["budget.xlsx", "not an earlier"])
    assert budget.read_bytes() == before
    ours = tmp_path / "ours.xlsx"
    assert main(["export", str(hostile[1]), "-o", str(ours)]) == 0
    assert main(["export", str(hostile[1]), "-o", str(ours), "--force"]) == 0  # ours: replaced


def test_export_force_keeps_a_shared_folders_other_files(
        hostile: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = tmp_path / "shared"
    assert main(["export", str(hostile[1]), "--format", "csv", "-o", str(shared)]) == 0
    (shared / "minutes.docx").write_bytes(b"the user's minutes")
    assert main(["export", str(hostile[1]), "--format", "csv", "-o", str(shared),
                 "--force"]) == 2
    assert_one_line(capsys.readouterr().err, ["minutes.docx"])
    assert (shared / "minutes.docx").read_bytes() == b"the user's minutes"
    (shared / "minutes.docx").unlink()
    assert main(["export", str(hostile[1]), "--format", "csv", "-o", str(shared),
                 "--force"]) == 0


# -- 14-16. export into a read-only folder, below a file, onto a full disk --------------------
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_below_a_file_is_one_line(hostile: tuple[Path, Path], tmp_path: Path, fmt: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / f"out.{fmt}"
    assert main(["export", str(hostile[1]), "--format", fmt, "-o", str(out)]) == 2
    assert_one_line(capsys.readouterr().err, ["below a file"])


@pytest.mark.parametrize(("fmt", "code", "words"), [
    ("csv", errno.EROFS, "read-only"), ("xlsx", errno.EACCES, "permission denied"),
    ("csv", errno.ENOSPC, "the disk is full"), ("xlsx", errno.ENOSPC, "the disk is full")])
def test_export_write_errors_are_one_line_and_leave_nothing(
        hostile: tuple[Path, Path], tmp_path: Path, fmt: str, code: int, words: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    if fmt == "csv":
        monkeypatch.setattr(pd.DataFrame, "to_csv", refuse)
    else:  # the workbook is written by XlsxWriter (openpyxl where it is not installed)
        import xlsxwriter

        monkeypatch.setattr(xlsxwriter.Workbook, "close", refuse)
        monkeypatch.setattr(openpyxl.Workbook, "save", refuse)
    out = tmp_path / f"out.{fmt}"
    assert main(["export", str(hostile[1]), "--format", fmt, "-o", str(out)]) == 2
    assert_one_line(capsys.readouterr().err, ["cannot write the export", words])
    assert list(tmp_path.iterdir()) == []


# -- 26. an unfinished store is exported with a notice ----------------------------------------
def test_export_of_an_interrupted_store_says_so(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from commsim.experiments import run, spec_from_table

    spec = spec_from_table({"name": "t", "replications": 4, "days": 3, "warmup_days": 0,
                            "communities": 1}, source="test")
    out = tmp_path / "store"
    with pytest.raises(KeyboardInterrupt):
        run(spec, out=out, executor=Crash(2), progress=False)
    assert main(["export", str(out), "-o", str(tmp_path / "x.xlsx")]) == 0
    err = capsys.readouterr().err
    assert "unfinished (interrupted)" in err and "2 committed runs" in err


# -- 5. report does not overwrite a file it did not write -------------------------------------
def test_report_does_not_overwrite_a_users_file(hostile: tuple[Path, Path], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.html"
    notes.write_text("<p>my notes</p>")
    assert main(["report", str(hostile[1]), "-o", str(notes)]) == 2
    assert_one_line(capsys.readouterr().err,
                    ["notes.html", "will not overwrite", "earlier report commsim wrote"])
    assert notes.read_text() == "<p>my notes</p>"
    ours = tmp_path / "r.html"
    assert main(["report", str(hostile[1]), "-o", str(ours)]) == 0
    assert main(["report", str(hostile[1]), "-o", str(ours)]) == 0  # an earlier report: replaced


# -- 27. report on a robust folder names what it is --------------------------------------------
def test_report_on_a_robust_folder_is_not_called_damaged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "robust_policy" / "20260101-000000"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"kind": "robust", "status": "complete"}))
    (folder / "report.html").write_text("<html></html>")
    for command in (["report", str(folder)], ["export", str(folder)]):
        assert main(command) == 2
        line = assert_one_line(capsys.readouterr().err, ["robust", "report.html"])
        assert "damaged" not in line


# -- 17. robust --calibration at a folder that holds no calibration ---------------------------
def test_robust_with_an_empty_calibration_folder_is_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sklearn")
    spec = Path(__file__).parents[2] / "experiments" / "robust_policy.toml"
    (tmp_path / "empty").mkdir()
    assert main(["robust", str(spec), "--calibration", str(tmp_path / "empty"),
                 "--root", str(tmp_path / "out")]) == 2
    assert_one_line(capsys.readouterr().err, ["--calibration", "empty", "no calibration"])
    assert not (tmp_path / "out").exists()


# -- 7. calibration.candidates is capped -------------------------------------------------------
def test_calibration_candidates_are_capped() -> None:
    from commsim.core.tomlfile import read_toml
    from commsim.robust.spec import load_robust_spec, robust_spec_from_table

    path = Path(__file__).parents[2] / "experiments" / "robust_policy.toml"
    table = read_toml(path)
    table["calibration"]["candidates"] = 10**12
    with pytest.raises(InputError, match="calibration.candidates.*200000"):
        robust_spec_from_table(table, str(path))
    assert load_robust_spec(path).candidates <= 200_000


# -- 18, 19. run --out at a dangling symlink or a symlink loop ---------------------------------
@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_run_out_at_a_broken_symlink_is_one_line(tmp_path: Path, kind: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.symlink_to(tmp_path / "nowhere" if kind == "dangling" else out)
    assert main(["run", "baseline", *QUICK, "--out", str(out)]) == 2
    assert_one_line(capsys.readouterr().err, ["--out", "symbolic link"])


# -- 20. Chinese output on a terminal that cannot show it -------------------------------------
def test_chinese_on_an_ascii_terminal_is_not_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"}
    proc = subprocess.run([sys.executable, "-m", "commsim.cli", "scenarios", "--lang", "zh"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "baseline" in proc.stdout


# -- 21. a plugin that exits at import ---------------------------------------------------------
def test_plugin_that_calls_sys_exit_is_one_line(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    plugin = tmp_path / "quitter.py"
    plugin.write_text("import sys\nsys.exit(0)\n")
    assert main(["run", "baseline", *QUICK, "--plugin", str(plugin)]) == 2
    assert_one_line(capsys.readouterr().err, ["quitter.py", "exit"])


# -- 28. formulas in names are written as text -------------------------------------------------
def test_csv_export_writes_formula_names_as_text(hostile: tuple[Path, Path],
                                                 tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert main(["export", str(hostile[1]), "--format", "csv", "-o", str(out)]) == 0
    names = pd.read_csv(out / "community.csv", encoding="utf-8-sig")["name"].tolist()
    assert "'=1+1" in names and "'+cmd" in names and "'-2+3" in names and "'@SUM(A1)" in names
    assert not any(str(n).startswith(("=", "+", "-", "@")) for n in names)
    for file in out.glob("*.csv"):
        for cell in pd.read_csv(file, encoding="utf-8-sig", dtype=str).stack():
            assert not (str(cell).startswith(("=", "+", "@", "\t", "\r"))), (file, cell)


def test_xlsx_export_has_no_formula_cells(hostile: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    assert main(["export", str(hostile[1]), "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    formulas = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []
    names = {c.value for c in book["community"]["B"]} | {
        c.value for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert "=1+1" in names or "'=1+1" in names


# -- 29. names are shown safely on the terminal ------------------------------------------------
def test_names_with_terminal_controls_are_escaped(hostile: tuple[Path, Path],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "baseline", *QUICK, "--set", f"run.district={hostile[0]}",
                 "--by", "community"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "East\\x1b[2J" in out


# -- 31. provenance shares no host name, absolute path or command line unless asked ------------
def test_export_provenance_is_shareable_unless_full(hostile: tuple[Path, Path],
                                                    tmp_path: Path) -> None:
    import platform

    host = platform.node()
    short, full = tmp_path / "short", tmp_path / "full"
    assert main(["export", str(hostile[1]), "--format", "csv", "-o", str(short)]) == 0
    assert main(["export", str(hostile[1]), "--format", "csv", "-o", str(full),
                 "--provenance", "full"]) == 0
    shared = (short / "provenance.csv").read_text(encoding="utf-8-sig")
    assert host not in shared and str(tmp_path) not in shared and str(Path.home()) not in shared
    assert "hostile.csv" in shared  # the file is still named, without its folders
    manifest = json.loads((hostile[1] / "manifest.json").read_text())
    assert "host" not in manifest and str(hostile[0]) not in json.dumps(manifest)
    assert "commsim run baseline" in (full / "provenance.csv").read_text(encoding="utf-8-sig")


def test_store_records_host_and_paths_only_with_provenance_full(tmp_path: Path) -> None:
    import platform

    out = tmp_path / "store"
    assert main(["run", "baseline", *QUICK, "--out", str(out), "--provenance", "full"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["host"] == platform.node() and manifest["command"] == sys.argv


def test_report_provenance_is_shareable_unless_full(hostile: tuple[Path, Path],
                                                    tmp_path: Path) -> None:
    import shutil

    store = tmp_path / "store"
    shutil.copytree(hostile[1], store)
    manifest = json.loads((store / "manifest.json").read_text())
    manifest.update(host="planner-laptop-17", command=["/home/ann/venv/bin/commsim", "run"])
    (store / "manifest.json").write_text(json.dumps(manifest))
    assert main(["report", str(store), "-o", str(tmp_path / "short.html")]) == 0
    assert main(["report", str(store), "-o", str(tmp_path / "full.html"),
                 "--provenance", "full"]) == 0
    short = (tmp_path / "short.html").read_text(encoding="utf-8")
    assert "planner-laptop-17" not in short and "/home/ann" not in short
    assert str(tmp_path) not in short
    assert "planner-laptop-17" in (tmp_path / "full.html").read_text(encoding="utf-8")


# -- 32. a dashboard served beyond this machine warns ------------------------------------------
@pytest.mark.parametrize(("host", "warns"), [("0.0.0.0", True), ("127.0.0.1", False)])
def test_app_on_all_interfaces_warns(host: str, warns: bool, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("solara")
    calls: list[list[str]] = []
    monkeypatch.setattr(os, "execve", lambda path, cmd, env: calls.append(cmd))
    monkeypatch.setattr(subprocess, "call", lambda cmd, env: calls.append(cmd) or 0)
    assert main(["app", "--host", host, "--port", "0"]) in (0, None)
    err = capsys.readouterr().err
    assert calls and ("no login" in err) is warns
