"""The examples of docs/extending.md run, exactly as printed, and do what the page says.

Every code block after a ``<!-- example: NAME -->`` marker is either the verbatim copy of
a file under ``docs/examples/`` (checked) or a snippet this test writes or executes.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from commsim import CommunityModel, InputError, load_scenario, policies

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
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
    shown = [name for name in blocks if name.startswith("docs/examples/")]
    assert len(shown) == 2
    for name in shown:
        assert blocks[name] == (ROOT / name).read_text(encoding="utf-8"), (
            f"docs/extending.md shows an outdated copy of {name}")
    assert {"meeting_quota.toml", "run", "rebound"} <= blocks.keys()


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
    quota = model.policies[1]
    refused = model.summary()["dept_tasks_refused"]
    assert quota.refused > 0
    assert refused == quota.refused
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
