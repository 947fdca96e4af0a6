"""The worked examples of docs/extending.md run as plugins through run, compare and report.

``examples/grid_management.py`` (a policy that hands work to grid workers),
``examples/inspection_first.py`` (a queue discipline) and ``examples/inspected_records.py``
(a summary metric and a daily series shown in the report) are loaded exactly as a
researcher would: with ``--plugin`` from a folder holding the files, using the command
lines printed on the page (shortened: later options override the page's). Nothing
under ``src/`` knows about them.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from commsim import CommunityModel, load_scenario, results
from commsim.cli import main
from commsim.core.metrics import METRICS
from commsim.model.task_ledger import Status

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PAGE = ROOT / "docs" / "extending.md"
SHORT = {"run.days": 60, "run.communities": 2, "run.warmup_days": 0}
#: Shortened options appended to the page's compare lines (later options win).
FAST = ["--reps", "1", "--days", "30", "--communities", "2", "--set", "run.warmup_days=0",
        "--no-progress", "--executor", "serial"]
NEW_KEYS = ("inspected_hours_share", "inspected_records_waiting")


def _commands(block: str) -> list[list[str]]:
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(rf"<!-- example: {block} -->\n```sh\n(.*?)```", text, flags=re.S)
    assert found, f"docs/extending.md has no block {block}"
    return [line.split() for line in found.group(1).splitlines() if line.strip()]


@pytest.fixture()
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder holding copies of the examples, importable, as the current directory."""
    for path in EXAMPLES.iterdir():
        if path.suffix in (".py", ".toml"):
            shutil.copy(path, tmp_path / path.name)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    for key in NEW_KEYS:  # the metric example declares core-wide outputs: forget them
        METRICS.remove(key)
    for name in [m for m in sys.modules if "inspected_records" in m]:
        sys.modules.pop(name)


def _baseline() -> CommunityModel:
    model = CommunityModel.from_scenario(load_scenario("baseline"), seed=1, overrides=SHORT)
    model.run()
    return model


def test_grid_workers_take_visits_and_data_collection(workdir: Path) -> None:
    import grid_management

    model = CommunityModel.from_scenario(load_scenario("grid_management.toml"), seed=1,
                                         overrides=SHORT)
    model.run()
    model.check_invariants()
    base = _baseline()
    # the policy acts on tasks after they are drawn: same department tasks in both runs
    assert [d.issued for d in model.departments] == [d.issued for d in base.departments]
    summary = model.summary()
    done = model.ledger.done_by_workforce[grid_management.GRID]
    assert done > 0 and summary["grid_tasks_done"] == done
    assert model.ledger.count(Status.DONE_BY_WORKFORCE) == done
    # the hours appear in the hours table under their own destination ...
    rows = {(r["dimension"], r["category"]): r["hours"] for r in model.stats.hours_table()}
    grid_hours = rows[("destination", grid_management.GRID)]
    assert grid_hours > 0 and summary["grid_hours"] == pytest.approx(grid_hours)
    assert rows[("destination", "cadres")] == pytest.approx(model.stats.total_hours)
    # ... their cost in cost_helpers_yuan (no other helpers are paid in this scenario)
    wage = float(model.params["grid.wage_per_hour"])
    # (a cost metric is yuan a year: the window's cost over its years)
    years = model.stats.days / 365
    assert summary["cost_helpers_yuan"] == pytest.approx(grid_hours * wage / years)
    assert base.summary()["cost_helpers_yuan"] == 0
    # cadres did fewer home visits and data reports
    for kind in grid_management.KINDS:
        assert model.stats.hours_by_kind[kind] < base.stats.hours_by_kind[kind]
    # a task is handed over only while less than grid.max_queue_days of the grid workers'
    # hours wait, so what waits is below that plus the last task handed over
    queue = model.workforces[grid_management.GRID]
    days = float(model.params["grid.max_queue_days"])
    productivity = float(model.params["grid.productivity"])
    for community, waiting in enumerate(queue.queues):
        largest = max((t.remaining for t in waiting), default=0.0) / productivity
        assert queue.queued_hours(community) < days * queue.hours[community] + largest + 1e-9


def test_inspection_first_cadres_keep_records_first(workdir: Path) -> None:
    from inspection_first import InspectionFirstCadre, InspectionFirstModel, inspected_first

    model = InspectionFirstModel.from_scenario(load_scenario("inspection_first.toml"),
                                               seed=1, overrides={**SHORT, "run.days": 1})
    cadre = model.present_cadres()[0]
    assert all(isinstance(c, InspectionFirstCadre) for c in model.present_cadres())
    assert model.communities[0].priority is inspected_first  # the helpers' order too
    cadre.backlog.clear()
    pipeline = model.pipeline
    urgent_report = pipeline.create(0, 0, cadre.community, "department", False, False, 2.0, 0)
    record = pipeline.create(2, 0, cadre.community, "department", False, False, 2.0, 0,
                         deadline=5.0)
    for task in (urgent_report, record):
        model.ledger.open(task)
        cadre.assign(task, 0)
    assert urgent_report.deadline < record.deadline and record.inspected
    cadre.work(2.0 / cadre.productivity, 0)
    assert record.status == Status.DONE_BY_CADRE  # the inspected record first ...
    assert urgent_report.status == Status.PENDING  # ... though the report was due earlier
    assert cadre.backlog == [urgent_report]


def test_examples_run_compare_and_report_as_plugins(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checks = {
        "grid-cli": ("grid_tasks_done", "grid_management", "grid_workers"),
        "discipline-cli": (None, "inspection_first", "Through the year"),
        "metric-report-cli": ("inspected_hours_share", "inspection_first",
                              "Inspected records waiting"),
    }
    for block, (metric, scenario, in_report) in checks.items():
        run, compare, report = _commands(block)
        assert [run[:2], compare[:2], report[:2]] == [
            ["commsim", "run"], ["commsim", "compare"], ["commsim", "report"]]
        assert main([*run[1:], "--no-progress", "--json"]) == 0
        summary = json.loads(capsys.readouterr().out)
        if metric is not None:
            assert metric in summary
        assert main([*compare[1:], *FAST]) == 0
        table = capsys.readouterr().out
        assert scenario in table
        if metric is not None:
            assert f"{metric} (" in table  # the declaration put it in the table
        out = workdir / compare[compare.index("--out") + 1]
        stored = results.load(out)
        assert set(stored.runs["scenario"]) == {"baseline", scenario}
        assert main(report[1:]) == 0
        capsys.readouterr()
        html = (out / "report.html").read_text(encoding="utf-8")
        assert in_report in html
        if block == "grid-cli":
            hours = stored.hours
            grid = hours[(hours["dimension"] == "destination")
                         & (hours["category"] == "grid_workers")]
            assert (grid["hours"] > 0).all() and len(grid) == 1
        if block == "metric-report-cli":
            assert stored.runs["inspected_hours_share"].between(0, 1).all()
            assert stored.daily["inspected_records_waiting"].notna().all()
            assert stored.catalog.series["inspected_records_waiting"].report
            assert "Hours on inspected records" in html
