"""Bad command-line input: one line naming key, value and allowed range, exit 2, nothing written.

Each case here was a traceback, a silent override or a wrong message before (issue
"hardening", items 9 and 11).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import _report_store as rs
from commsim import InputError
from commsim.cli import main
from commsim.experiments import make_executor
from commsim.inputs.endpoints import check_host, check_scheduler
from conftest import assert_one_line

QUICK = ["--days", "3", "--communities", "1", "--no-progress"]
BIG = str(2**64)



CASES = {
    "negative replication": (["run", "baseline", "--replication", "-1"],
                             ["--replication", "-1", "2**63-1"]),
    "replication over int64": (["run", "baseline", "--replication", BIG],
                               ["--replication", BIG, "2**63-1"]),
    "seed 2**64 (run)": (["run", "baseline", "--seed", BIG], ["--seed", BIG, "2**63-1"]),
    "seed 2**64 (compare)": (["compare", "baseline", "--reps", "1", "--seed", BIG],
                             ["--seed", BIG, "2**63-1"]),
    "scheduler bogus": (["compare", "baseline", "--reps", "1", "--scheduler", "bogus"],
                        ["--scheduler", "'bogus'", "tcp://host:port"]),
    "scheduler http": (["compare", "baseline", "--reps", "1", "--scheduler",
                        "http://127.0.0.1:8080"], ["--scheduler", "http://", "host:port"]),
    "scheduler bad port": (["compare", "baseline", "--reps", "1", "--scheduler",
                            "tcp://127.0.0.1:99999"], ["--scheduler", "port 1..65535"]),
    "serial executor with scheduler": (
        ["compare", "baseline", "--reps", "1", "--executor", "serial", "--scheduler", "local"],
        ["--scheduler", "--executor serial", "dask"]),
    "process executor with scheduler (sweep)": (
        ["sweep", "baseline", "--executor", "process", "--scheduler", "localhost:8786"],
        ["--scheduler", "--executor process"]),
    "compare --reps 10**12": (["compare", "baseline", "--reps", "1000000000000"],
                              ["--reps", "1000000000000", "1..100000"]),
    "compare --reps 0": (["compare", "baseline", "--reps", "0"], ["--reps", "0", "1..100000"]),
    "--days and --set run.days": (["run", "baseline", "--set", "run.days=0", "--days", "20"],
                                  ["run.days", "--days 20", "--set run.days=0"]),
    "--communities and --set run.communities": (
        ["compare", "baseline", "--reps", "1", "--communities", "2",
         "--set", "run.communities=3"], ["run.communities", "--communities 2"]),
}


@pytest.mark.parametrize(("line", "extra", "expected"), [
    ("replications = 1000000000000", [], ["replications", "1000000000000", "1..100000"]),
    ("replications = 2", ["--set", "replications=100001"], ["replications", "100001",
                                                            "1..100000"]),
    ("replications = 2", ["--set", "max_replications=1000000"],
     ["max_replications", "1000000", "2..100000"]),
])
def test_huge_replications_are_refused(
    line: str, extra: list[str], expected: list[str], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = tmp_path / "spec.toml"
    spec.write_text(f'name = "huge"\n{line}\ndays = 2\nwarmup_days = 0\ncommunities = 1\n')
    out = tmp_path / "out"
    assert main(["sweep", str(spec), "--no-progress", *extra, "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_one_line(captured.err, expected)
    assert not out.exists()


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_option_is_one_line_and_writes_nothing(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, expected = CASES[case]
    out = tmp_path / "out"
    quick = QUICK if argv[0] != "sweep" else ["--no-progress"]
    assert main([*argv[:2], *quick, *argv[2:], "--out", str(out)]) == 2  # the case's own last
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_one_line(captured.err, expected)
    assert list(tmp_path.iterdir()) == [], "nothing may be written"


@pytest.mark.parametrize("command", [["run", "baseline"], ["compare", "baseline", "--reps", "1"]])
def test_out_at_an_existing_file_is_refused(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    assert main([*command, *QUICK, "--out", str(target)]) == 2
    assert_one_line(capsys.readouterr().err, ["--out", "notes.txt", "is a file"])
    assert target.read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert main([*command, *QUICK, "--out", str(target / "sub")]) == 2
    assert_one_line(capsys.readouterr().err, ["--out", "below a file"])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rs.comparison_store(tmp_path_factory.mktemp("cmp") / "store", reps=1)


def test_report_output_at_a_folder_is_refused(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    assert main(["report", str(store), "-o", str(folder)]) == 2
    assert_one_line(capsys.readouterr().err, ["-o/--output", "reports", "is a folder"])
    assert list(folder.iterdir()) == []


# --- the dashboard command (the server itself is not started) ---------------------------------
@pytest.fixture()
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Replace the exec of the Solara server by a recorder."""
    pytest.importorskip("solara")
    pytest.importorskip("anywidget")
    started: list[list[str]] = []

    def record(path: str, argv: list[str], env: dict[str, str]) -> None:
        started.append(argv)
        raise SystemExit(0)

    monkeypatch.setattr(os, "execve", record)
    return started


def test_app_port_0_prints_the_port_it_serves_on(
    no_server: list[list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["app", "--port", "0"])
    port = no_server[0][no_server[0].index("--port") + 1]
    assert port != "0" and 1 <= int(port) <= 65535
    assert f"http://127.0.0.1:{port}/" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "expected"), [
    (["--host", "999.1.1.1"], ["--host", "999.1.1.1"]),
    (["--host", "bad host!"], ["--host", "bad host!"]),
    (["--port", "70000"], ["--port", "70000", "0..65535"]),
])
def test_app_bad_address_isassert_one_line(
    argv: list[str], expected: list[str], no_server: list[list[str]],
    capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["app", *argv]) == 2
    assert_one_line(capsys.readouterr().err, expected)
    assert no_server == []


def test_app_port_in_use_isassert_one_line(
    no_server: list[list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        assert main(["app", "--port", port]) == 2
    assert_one_line(capsys.readouterr().err, ["--port", port])
    assert no_server == []


# --- the address checks accept what Dask and a server accept ----------------------------------
@pytest.mark.parametrize("address", ["local", "tcp://127.0.0.1:8786", "localhost:8786",
                                     "tcp://scheduler.example.org:8786", "tcp://[::1]:8786"])
def test_valid_scheduler_addresses_pass(address: str) -> None:
    assert check_scheduler(None, address) == address
    assert check_scheduler("dask", address) == address


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0", "localhost", "::1", "my-host.lan"])
def test_valid_hosts_pass(host: str) -> None:
    assert check_host(host) == host


def test_python_api_checks_the_scheduler_too() -> None:
    with pytest.raises(InputError, match="--scheduler"):
        make_executor("serial", scheduler="localhost:8786")
    with pytest.raises(InputError, match="not a Dask scheduler address"):
        make_executor(None, scheduler="bogus")
