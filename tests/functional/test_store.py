import json

import pandas as pd
import pytest

from commsim import InputError
from commsim.results import load
from commsim.results.store import RUNS_PER_PART, Store, write_json, write_parquet


def _rows(ids):
    return pd.DataFrame({"run_id": pd.Series(ids, dtype="int64"),
                         "scenario": pd.Series(["s"] * len(ids), dtype="str"),
                         "status": pd.Series(["ok"] * len(ids), dtype="str")})


def _daily(ids):
    return [pd.DataFrame({"run_id": [i, i], "day": [0, 1], "v": [float(i), i + 0.5]})
            for i in ids]


def test_atomic_writes_leave_no_temporary_files(tmp_path):
    write_parquet(pd.DataFrame({"a": [1]}), tmp_path / "x.parquet")
    write_json({"a": 1}, tmp_path / "m.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "x.parquet"]
    assert json.loads((tmp_path / "m.json").read_text()) == {"a": 1}


def test_journal_reopen_discards_an_uncommitted_flush(tmp_path):
    store = Store(tmp_path / "s")
    store.create({"status": "running"})
    store.flush(_rows([0, 1]), _daily([0, 1]), [])
    # a flush that wrote its series but died before its rows file: must be discarded
    write_parquet(_daily([2])[0], store.journal / "daily" / "c00000-s000001.parquet")
    reopened = Store(tmp_path / "s")
    done = reopened.reopen()
    assert sorted(done["run_id"]) == [0, 1]
    assert not (store.journal / "daily" / "c00000-s000001.parquet").exists()
    reopened.flush(_rows([RUNS_PER_PART + 1, 2]), _daily([RUNS_PER_PART + 1, 2]), [])
    rows = pd.concat([_rows([0, 1]), _rows([2, RUNS_PER_PART + 1])], ignore_index=True)
    reopened.finalize(rows, {"comparison": None}, {"status": "complete"})
    res = load(tmp_path / "s")
    assert not (tmp_path / "s" / "_journal").exists()
    assert sorted(p.name for p in (tmp_path / "s" / "daily").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet"]
    assert list(res.daily["run_id"]) == [0, 0, 1, 1, 2, 2, RUNS_PER_PART + 1] * 1 + [
        RUNS_PER_PART + 1]
    assert res.hours is None and res.comparison is None and res.sobol is None
    assert list(res.runs["run_id"]) == [0, 1, 2, RUNS_PER_PART + 1]


def test_unfinished_store_loads_from_its_journal(tmp_path):
    store = Store(tmp_path)
    store.create({"status": "running"})
    store.flush(_rows([3, 1]), _daily([3, 1]), [])
    res = load(tmp_path)
    assert not res.complete
    assert list(res.runs["run_id"]) == [1, 3]
    assert list(res.daily["run_id"]) == [1, 1, 3, 3]


def test_create_refuses_a_foreign_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not empty"):
        Store(tmp_path).create({})
    assert (tmp_path / "notes.txt").exists()


def test_load_needs_a_store(tmp_path):
    with pytest.raises(InputError, match="no results store"):
        load(tmp_path)
