import sys

import pandas as pd
import pytest

from commsim import InputError
from commsim.cli import main
from commsim.experiments import DaskExecutor, run, spec_from_table
from commsim.results import load

distributed = pytest.importorskip("distributed")


def _spec(**table):
    return spec_from_table({"name": "d", "seed": 5, "days": 10, "warmup_days": 0,
                            "communities": 1,
                            "scenarios": ["baseline", "paperless"], **table}, source="test")


def _same(a, b):
    pd.testing.assert_frame_equal(a.drop(columns=["wall_seconds"]),
                                  b.drop(columns=["wall_seconds"]), check_exact=True)


def test_local_cluster_matches_serial_and_survives_killed_workers(tmp_path):
    from _faults import kill_worker, marker_scenario

    spec = _spec(replications=6, scenarios=[str(marker_scenario(tmp_path))])
    executor = DaskExecutor(None, 2, worker=kill_worker, allowed_failures=1)
    dask = run(spec, out=tmp_path / "dask", executor=executor, progress=False)
    serial = run(spec, out=tmp_path / "serial", executor="serial", progress=False)
    status = list(dask.runs["status"])
    assert status == ["ok", "ok", "ok", "failed", "ok", "ok"]  # run 3 kills every worker
    assert "died" in dask.runs["error"][3]
    ok = dask.runs["status"] == "ok"
    _same(dask.runs[ok].reset_index(drop=True), serial.runs[ok].reset_index(drop=True))
    pd.testing.assert_frame_equal(dask.daily, serial.daily[serial.daily.run_id != 3]
                                  .reset_index(drop=True), check_exact=True)
    assert dask.manifest["executor"]["kind"] == "dask"


def test_existing_scheduler_by_address(tmp_path, capsys):
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        code = main(["compare", "baseline", "paperless", "--reps", "2", "--days", "10",
                     "--communities", "1", "--seed", "5", "--set", "run.warmup_days=0",
                     "--scheduler",
                     cluster.scheduler_address, "--out", str(tmp_path / "c"), "--no-progress"])
    assert code == 0
    assert "dask worker" in capsys.readouterr().out
    serial = run(_spec(replications=2), out=tmp_path / "s", executor="serial", progress=False)
    _same(load(tmp_path / "c").runs, serial.runs)


def test_missing_dask_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(InputError, match=r"commsim\[dask\]"):
        DaskExecutor()


def _malloc_trim() -> str | None:
    import os

    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def test_local_cluster_workers_do_not_trim_the_heap_on_every_free(monkeypatch):
    """Dask's default MALLOC_TRIM_THRESHOLD_=65536 made model runs 1.5-1.7x slower."""
    # a nanny writes its variables into the environment of the process it runs in, so an
    # earlier LocalCluster with Dask's defaults (another test) would leak it to ours
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    executor = DaskExecutor(None, 1)
    executor.open()
    try:
        client = executor._client
        found = client.run(_malloc_trim)
        assert found and set(found.values()) == {None}
        assert set(client.run(lambda: __import__("os").environ.get("OMP_NUM_THREADS"))
                   .values()) == {"1"}  # the other pre-spawn settings are kept
    finally:
        executor.close()
