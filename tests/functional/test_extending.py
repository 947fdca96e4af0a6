"""The examples of docs/extending.md run, exactly as printed, and do what the page says.

Every code block after a ``<!-- example: NAME -->`` marker is either the verbatim copy of
a file under ``examples/`` (checked) or a snippet this test writes or executes; every
path and module the page names exists. The three newer worked examples run in
``tests/functional/test_examples.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from commsim import CommunityModel, InputError, load_scenario, policies, results
from commsim.cli import main
from commsim.core.metrics import METRICS
from commsim.model.agents.cadre import Cadre

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PAGE = ROOT / "docs" / "extending.md"
TINY = {"run.days": 28, "run.communities": 2}


def _blocks() -> dict[str, str]:
    text = PAGE.read_text(encoding="utf-8")
    found = re.findall(r"<!-- example: (\S+) -->\n```[a-z]*\n(.*?)```", text, flags=re.S)
    return dict(found)


@pytest.fixture()
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder holding the example scenario, with the examples importable."""
    monkeypatch.syspath_prepend(str(EXAMPLES))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "meeting_quota.toml").write_text(_blocks()["meeting_quota.toml"])
    return tmp_path


def test_page_shows_the_example_files_verbatim() -> None:
    blocks = _blocks()
    shown = [name for name in blocks if name.startswith("examples/")]
    files = sorted(p.relative_to(ROOT).as_posix() for p in EXAMPLES.iterdir()
                   if p.suffix in (".py", ".toml"))
    assert sorted(shown) == files, "every example file is shown on the page, and only those"
    for name in shown:
        assert blocks[name] == (ROOT / name).read_text(encoding="utf-8"), (
            f"docs/extending.md shows an outdated copy of {name}")
    assert {"meeting_quota.toml", "run", "cli", "rebound", "retention",
            "metric-cli"} <= blocks.keys()


def _named_paths(text: str) -> set[str]:
    """Repository paths the page names in code spans or links (``src/...``, ``examples/...``)."""
    spans = re.findall(r"`([^`\s]+)`", text) + re.findall(r"\]\(([^)#\s]+)", text)
    prefixes = ("src/", "examples/", "docs/", "tests/", "../examples/")
    return {p.removeprefix("../") for p in spans if p.startswith(prefixes)}


def _named_modules(text: str) -> set[str]:
    """Dotted ``commsim.*`` names the page mentions (modules, or attributes of one)."""
    return set(re.findall(r"\bcommsim(?:\.[A-Za-z_]\w*)+", text))


def test_every_path_and_module_the_page_names_exists() -> None:
    import importlib

    text = PAGE.read_text(encoding="utf-8")
    paths = _named_paths(text)
    assert {"src/commsim/model/work_loop.py", "examples/grid_management.py"} <= paths
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, f"docs/extending.md names paths that do not exist: {missing}"
    names = _named_modules(text)
    assert "commsim.policies.workforce.Workforce" in names
    stale = []
    for name in sorted(names):
        parts = name.split(".")
        # the longest importable prefix, then attributes along the rest
        for cut in range(len(parts), 0, -1):
            try:
                found: object = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for attr in parts[cut:]:
                found = getattr(found, attr, None)
            break
        if found is None:
            stale.append(name)
    assert not stale, f"docs/extending.md names modules or objects that do not exist: {stale}"


def test_the_path_check_catches_a_stale_path() -> None:
    assert _named_paths("see `src/commsim/fallback.py` and [x](../examples/a.py)") == {
        "src/commsim/fallback.py", "examples/a.py"}
    assert not (ROOT / "src/commsim/fallback.py").exists()
    assert _named_modules("`commsim.model.nowhere` and commsim.core.metrics.daily_series") == {
        "commsim.model.nowhere", "commsim.core.metrics.daily_series"}


def test_meeting_quota_refuses_meetings(workdir: Path) -> None:
    namespace: dict[str, object] = {}
    exec(compile(_blocks()["run"], "docs/extending.md (run)", "exec"), namespace)
    model = namespace["model"]
    assert isinstance(model, CommunityModel)
    assert "meeting_quota" in policies.available()
    assert model.policy_names == ("no_gate", "meeting_quota")
    assert model.params["meeting.quota_per_week"] == 1

    base = CommunityModel.from_scenario(load_scenario("baseline"), seed=1, overrides=TINY)
    base.run()
    counted = model.stats.counts["meetings_refused_by_quota"]  # the policy's own count
    refused = model.summary()["dept_tasks_refused"]
    assert counted > 0
    assert refused == counted
    # The policy's own metric: reported when it is active, not in the baseline.
    assert model.summary()["meetings_refused_by_quota"] == counted
    assert "meetings_refused_by_quota" not in base.summary()
    assert base.summary()["dept_tasks_refused"] == 0
    # Same department draws in both runs (common random numbers) ...
    assert [d.issued for d in model.departments] == [d.issued for d in base.departments]
    # ... but fewer of the meetings reached the cadres.
    assert model.stats.hours_by_kind["meeting"] < base.stats.hours_by_kind["meeting"]
    model.check_invariants()


def test_policy_parameters_are_validated(workdir: Path) -> None:
    import meeting_quota  # noqa: F401

    bad = workdir / "bad.toml"
    bad.write_text(_blocks()["meeting_quota.toml"].replace("= 1", "= 100"))
    with pytest.raises(InputError, match=r"meeting\.quota_per_week.*allowed: int in \[0, 50\]"):
        load_scenario(str(bad))
    bad.write_text(_blocks()["meeting_quota.toml"].replace("quota_per_week", "quota_per_wek"))
    with pytest.raises(InputError, match="did you mean 'meeting.quota_per_week'"):
        load_scenario(str(bad))


def test_rebound_model_scales_department_demand(workdir: Path) -> None:
    namespace: dict[str, object] = {}
    exec(compile(_blocks()["rebound"], "docs/extending.md (rebound)", "exec"), namespace)
    model = namespace["model"]
    assert type(model).__name__ == "ReboundModel"
    assert model.day == 20
    base = CommunityModel(model.params, seed=1)
    for day in (0, 3, 10):
        expected = base.department_rate(day) * (1 + 2.0 * day / 365)
        np.testing.assert_allclose(model.department_rate(day), expected)
    model.check_invariants()


def test_command_lines_load_the_plugin(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(EXAMPLES / "meeting_quota.py", workdir / "meeting_quota.py")
    lines = [line.split() for line in _blocks()["cli"].splitlines() if line.strip()]
    assert [argv[:2] for argv in lines] == [["commsim", "run"], ["commsim", "compare"]]
    for argv in lines:
        assert "--plugin" in argv
        if argv[1] == "run":
            assert main([*argv[1:], "--no-progress", "--json"]) == 0
            summary = json.loads(capsys.readouterr().out)
            assert summary["dept_tasks_refused"] > 0  # the plugin's policy ran
            assert summary["meetings_refused_by_quota"] > 0  # ... and reports its metric
        else:  # shortened: later options override the page's
            short = ["--reps", "1", "--days", "20", "--communities", "1", "--no-progress"]
            assert main([*argv[1:], *short, "--executor", "serial"]) == 0
            assert "meeting_quota" in capsys.readouterr().out


@pytest.fixture()
def metric_plugin(workdir: Path) -> Iterator[Path]:
    """The metric example's files in the work folder; its declaration is forgotten after."""
    for name in ("meeting_quota.py", "refused_meetings.py"):
        shutil.copy(EXAMPLES / name, workdir / name)
    yield workdir
    METRICS.remove("meetings_refused")
    sys.modules.pop("commsim_plugin_refused_meetings", None)


def test_plugin_outputs_reach_the_table_the_store_and_the_report(
    metric_plugin: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    compare, report = [line.split() for line in _blocks()["metric-cli"].splitlines()
                       if line.strip()]
    short = ["--reps", "2", "--days", "20", "--communities", "1", "--no-progress"]
    assert main([*compare[1:], *short, "--executor", "serial"]) == 0
    table = capsys.readouterr().out
    assert "meetings_refused_by_quota (tasks)" in table  # the policy's summary metric
    stored = results.load(metric_plugin / "compared")
    runs = stored.runs.set_index("scenario")["meetings_refused_by_quota"]
    assert runs.loc["baseline"].isna().all()  # not reported without the policy
    assert (runs.loc["meeting_quota"] > 0).all()
    declared = stored.manifest["metric_declarations"]["meetings_refused_by_quota"]
    assert declared["policy"] == "meeting_quota" and declared["unit"] == "tasks"
    # the plugin's daily series is recorded every day of runs with the policy
    daily = stored.daily.set_index("scenario")["meetings_refused"]
    assert daily.loc["baseline"].isna().all()
    quota = stored.daily[stored.daily["scenario"] == "meeting_quota"]
    assert len(quota) == 2 * 20 and quota["meetings_refused"].notna().all()
    last = quota.groupby("replication")["meetings_refused"].last()
    assert (last == runs.loc["meeting_quota"].to_numpy()).all()
    series = stored.manifest["series_declarations"]["meetings_refused"]
    assert series["daily"] and series["over_days"] == "last"
    assert stored.catalog.series["meetings_refused"].label == "Meetings refused so far"
    assert main(report[1:]) == 0
    html = (metric_plugin / "compared" / "report.html").read_text(encoding="utf-8")
    assert "Meetings refused by the quota" in html


def test_retention_cadres_quit_less(workdir: Path) -> None:
    namespace: dict[str, object] = {}
    exec(compile(_blocks()["retention"], "docs/extending.md (retention)", "exec"), namespace)
    result = namespace["result"]
    assert result.params["retention.success"] == 0.5  # type: ignore[attr-defined]
    from retention_talk import RetainedCadre, RetentionModel

    # A high quit hazard and instant hires, so that there are quits and newcomers to check.
    churn = {**TINY, "cadres.quit_base": 5.0, "cadres.vacancy_days": 0.0}
    base = CommunityModel.from_scenario(load_scenario("baseline"), seed=1, overrides=churn)
    base.run()
    assert base.stats.separations > 0

    def retention(success: float) -> CommunityModel:
        model = RetentionModel.from_scenario(
            load_scenario("baseline"), seed=1,
            overrides={**churn, "retention.success": success})
        model.run()
        model.check_invariants()
        return model

    half = retention(0.5)
    assert half.stats.separations > 0  # newcomers were hired ...
    cadres = half.present_cadres()
    assert all(isinstance(c, RetainedCadre) for c in cadres)  # ... as RetainedCadre too
    for cadre in cadres:
        assert cadre.quit_hazard(half.day) == pytest.approx(
            0.5 * Cadre.quit_hazard(cadre, half.day))
    # The subclass draws no random numbers: with no effect, the run is the baseline's.
    same = retention(0.0)
    assert same.stats.separations == base.stats.separations
    assert same.summary() == base.summary()
    # Every resignation talked out of: nobody quits.
    assert retention(1.0).stats.separations == 0
