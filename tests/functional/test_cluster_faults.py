"""Dask faults end in one line within a bounded time, and nothing is written before connecting."""

import http.server
import os
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest

from commsim.cli import main
from commsim.experiments import ClusterError, DaskExecutor, run, spec_from_table
from commsim.results import load

distributed = pytest.importorskip("distributed")
REPO = Path(__file__).resolve().parents[2]


def _spec(**table):
    return spec_from_table({"name": "d", "seed": 5, "days": 5, "warmup_days": 0,
                            "communities": 1, **table},
                           source="test")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture()
def http_server():
    """A plain HTTP server: accepts TCP connections but does not speak Dask."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_scheduler_that_is_not_dask_is_refused_before_writing(http_server, tmp_path):
    out = tmp_path / "store"
    started = time.monotonic()
    with pytest.raises(ClusterError, match="cannot reach a Dask scheduler"):
        run(_spec(), out=out, executor=DaskExecutor(http_server, connect_timeout=2),
            progress=False)
    assert time.monotonic() - started < 20
    assert not out.exists()  # no manifest, no journal, no folder


def test_cli_scheduler_not_dask_is_one_line_exit_2(http_server, tmp_path, capsys,
                                                   monkeypatch):
    defaults = list(DaskExecutor.__init__.__defaults__)
    defaults[4] = 2.0  # connect_timeout
    monkeypatch.setattr(DaskExecutor.__init__, "__defaults__", tuple(defaults))
    spec = tmp_path / "s.toml"
    spec.write_text('name = "s"\ndays = 5\nwarmup_days = 0\ncommunities = 1\n')
    code = main(["sweep", str(spec), "--out", str(tmp_path / "o"), "--scheduler", http_server,
                 "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "--scheduler" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("address", ["bogus", "http://example.org:8786"])
def test_malformed_scheduler_address_is_refused(address, tmp_path):
    with pytest.raises(ClusterError, match="scheduler"):
        run(_spec(), out=tmp_path / "o", executor=DaskExecutor(address), progress=False)
    assert not (tmp_path / "o").exists()


def test_scheduler_without_workers_times_out(tmp_path):
    with distributed.LocalCluster(n_workers=0, dashboard_address=None) as cluster:
        started = time.monotonic()
        with pytest.raises(ClusterError, match="no workers"):
            run(_spec(), out=tmp_path / "o",
                executor=DaskExecutor(cluster.scheduler_address, worker_timeout=2),
                progress=False)
        assert time.monotonic() - started < 20
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_cluster_that_loses_all_workers_fails_cleanly_and_resumes(tmp_path):
    spec = _spec(replications=8)
    out = tmp_path / "o"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO / "tests")])}
    with distributed.LocalCluster(n_workers=0, dashboard_address=None) as cluster:
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", cluster.scheduler_address,
             "--nthreads", "1", "--no-nanny", "--no-dashboard"], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            from _faults import exit_at_run_2

            executor = DaskExecutor(cluster.scheduler_address, worker=exit_at_run_2,
                                    worker_timeout=30)
            executor.open()  # waits for the worker
            executor.worker_timeout = 3
            started = time.monotonic()
            with pytest.raises(ClusterError, match="no workers for 3 s"):
                run(spec, out=out, executor=executor, progress=False)
            assert time.monotonic() - started < 60
        finally:
            worker.kill()
            worker.wait(10)
    partial = load(out)
    assert partial.status == "interrupted" and set(partial.runs["run_id"]) <= {0, 1, 3}
    resumed = run(spec, out=out, resume=True, executor="serial", progress=False)
    assert resumed.complete and list(resumed.runs["run_id"]) == list(range(8))


@pytest.mark.slow
def test_run_that_exits_its_worker_every_time_is_recorded_failed(tmp_path):
    from _faults import exit_run_1

    started = time.monotonic()
    # Dask gives up on a task after allowed_failures + 1 worker deaths; a run given up on
    # while others were in flight is re-run alone before it is charged (as in the pool)
    res = run(_spec(replications=3), out=tmp_path / "o",
              executor=DaskExecutor(None, 2, worker=exit_run_1, allowed_failures=0),
              progress=False)
    assert time.monotonic() - started < 120
    assert list(res.runs["status"]) == ["ok", "failed", "ok"]
    assert "died" in res.runs["error"][1]



EXITING_MODEL = '''
import os

from commsim import CommunityModel


class ExitingModel(CommunityModel):
    """Replication 1 ends its worker process, every time it is tried."""

    def __init__(self, *args, replication=0, **kwargs):
        if replication == 1:
            os._exit(1)
        super().__init__(*args, replication=replication, **kwargs)
'''


@pytest.mark.slow
@pytest.mark.parametrize("executor", [["--executor", "process"], ["--scheduler", "local"]])
def test_cli_run_that_exits_its_worker_fails_fast_with_one_line(tmp_path, executor):
    # A run whose model ends its worker (os._exit) on the Dask cluster is recorded as failed
    # within a few worker restarts, as in the process pool; it used to cycle the cluster's
    # workers until none was left and then wait.
    (tmp_path / "exiting_model.py").write_text(EXITING_MODEL)
    (tmp_path / "exiting.toml").write_text(
        'name = "exiting"\npolicies = ["no_gate"]\nmodel = "exiting_model.py:ExitingModel"\n')
    (tmp_path / "spec.toml").write_text(
        'name = "exiting"\nscenarios = ["exiting.toml"]\nreplications = 3\nseed = 1\n'
        'days = 2\nwarmup_days = 0\ncommunities = 1\n')
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "commsim.cli", "sweep", "spec.toml", "--out", "store",
         "--workers", "2", "--no-progress", *executor],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert "(2 ok, 1 failed, 0 timed out)" in done.stdout
    assert done.stderr.strip().splitlines() == [
        "commsim: 1 run(s) did not finish; see the error column of runs.parquet"], done.stderr
    assert elapsed < 150, elapsed
    runs = load(tmp_path / "store").runs
    assert list(runs["status"]) == ["ok", "failed", "ok"]
    assert "died" in runs["error"][1]


def test_local_cluster_stays_quiet_when_dasks_default_port_is_taken():
    # Another Dask cluster (a notebook's, a colleague's) holding :8787 must not put
    # Dask's "Port 8787 is already in use" warning on a commsim user's screen.
    holder = socket.socket()
    try:
        holder.bind(("127.0.0.1", 8787))
        holder.listen()
    except OSError:
        pass  # already held by someone else: the condition under test holds anyway
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            executor = DaskExecutor(None, 1)
            executor.open()
            executor.close()
        assert not [w for w in caught if "already in use" in str(w.message)]
    finally:
        holder.close()
