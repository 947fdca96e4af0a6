"""commsim export: CSV and XLSX that open with pandas and openpyxl; nothing overwritten."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from _report_store import comparison_store
from commsim import results
from commsim.core.errors import InputError
from commsim.results.export import export


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> results.Results:
    return results.load(comparison_store(tmp_path_factory.mktemp("s") / "store", reps=2))


def test_csv_export_opens_with_pandas(store: results.Results, tmp_path: Path) -> None:
    out = export(store, "csv", tmp_path / "csv")
    runs = pd.read_csv(out / "runs.csv")
    assert len(runs) == len(store.runs)
    assert {"columns.csv", "provenance.csv"} <= {p.name for p in out.iterdir()}
    columns = pd.read_csv(out / "columns.csv")
    assert set(store.runs.columns) <= set(columns.loc[columns["table"] == "runs", "column"])


def test_xlsx_export_opens_with_openpyxl(store: results.Results, tmp_path: Path) -> None:
    out = export(store, "xlsx", tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(out, read_only=True)
    assert {"columns", "provenance", "runs", "daily", "hours"} <= set(book.sheetnames)
    runs = pd.read_excel(out, sheet_name="runs")
    assert list(runs.columns) == list(store.runs.columns)
    assert len(runs) == len(store.runs)


def test_no_silent_overwrite(store: results.Results, tmp_path: Path) -> None:
    out = export(store, "xlsx", tmp_path / "r.xlsx")
    with pytest.raises(InputError, match="exists"):
        export(store, "xlsx", out)
    assert export(store, "xlsx", out, force=True) == out
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me")
    with pytest.raises(InputError, match="not an earlier csv export"):
        export(store, "csv", other, force=True)
    assert (other / "mine.txt").read_text() == "keep me"


def test_files_follow_the_umask(store: results.Results, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = export(store, "xlsx", tmp_path / "u.xlsx")
        folder = export(store, "csv", tmp_path / "u")
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
    assert folder.stat().st_mode & 0o777 == 0o755


def test_unknown_format(store: results.Results, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--format"):
        export(store, "pdf", tmp_path / "x")


def test_export_command_writes_and_refuses_overwrite(tmp_path: Path) -> None:
    import subprocess
    import sys

    source = comparison_store(tmp_path / "store", reps=2)
    cmd = [sys.executable, "-m", "commsim.cli", "export", str(source), "--format", "xlsx"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    book = tmp_path / "store.xlsx"
    assert pd.read_excel(book, sheet_name="runs").shape[0] == len(results.load(source).runs)
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and len(again.stderr.strip().splitlines()) == 1
    assert "--force" in again.stderr
