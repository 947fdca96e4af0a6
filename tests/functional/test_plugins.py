"""Plugins that fail, or that take a name already in use, give one line and exit 2.

A broken plugin used to end in a traceback; a plugin policy with a built-in's name
silently replaced the built-in; two plugin files with the same name in different
folders silently loaded only the first.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from commsim import InputError, policies
from commsim.cli import main
from commsim.core.parameters import SCHEMA
from commsim.inputs.plugins import load_plugins
from conftest import assert_one_line

QUICK = ["--days", "3", "--communities", "1", "--no-progress", "--json"]
POLICY = '''
from commsim.core.parameters import Param
from commsim.policies import Policy, register


@register
class {cls}(Policy):
    name = "{name}"
    parameters = ({params})
'''


@pytest.fixture(autouse=True)
def clean_registry() -> Iterator[None]:
    """Each test starts and ends with only the built-in policies and parameters."""
    registry = dict(policies._REGISTRY)
    params = dict(SCHEMA._params)
    owners = dict(SCHEMA._owners)
    modules = set(sys.modules)
    yield
    policies._REGISTRY.clear()
    policies._REGISTRY.update(registry)
    SCHEMA._params.clear()
    SCHEMA._params.update(params)
    SCHEMA._owners.clear()
    SCHEMA._owners.update(owners)
    for name in set(sys.modules) - modules:
        if name.startswith("commsim_plugin_"):
            del sys.modules[name]


def _policy(cls: str, name: str, params: str = "") -> str:
    return POLICY.format(cls=cls, name=name, params=params)


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *plugins: Path) -> str:
    argv = ["run", "baseline", *QUICK, "--out", str(tmp_path / "out")]
    for plugin in plugins:
        argv += ["--plugin", str(plugin)]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert not (tmp_path / "out").exists()
    return assert_one_line(captured.err, ["--plugin"])


@pytest.mark.parametrize(("body", "expected"), [
    ("x = 1\ndef broken(:\n", ["syntax error", "broken.py:2"]),
    ("from commsim.policies import NoSuchThing\n", ["ImportError", "NoSuchThing", "broken.py:1"]),
    ("import no_such_module_here\n", ["no_such_module_here", "broken.py:1"]),
    ("x = 1\ny = 1 / 0\n", ["ZeroDivisionError", "broken.py:2"]),
])
def test_broken_plugin_is_one_line_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, expected: list[str]
) -> None:
    plugin = tmp_path / "broken.py"
    plugin.write_text(body)
    line = _run(tmp_path, capsys, plugin)
    for part in expected:
        assert part in line, (part, line)


def test_plugin_cannot_replace_a_builtin_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plugin = tmp_path / "gate.py"
    plugin.write_text(_policy("AdmissionGate", "admission_gate"))
    line = _run(tmp_path, capsys, plugin)
    assert "'admission_gate' is already taken" in line and "gate.py" in line
    assert policies.get("admission_gate").__module__ == "commsim.policies.admission_gate"


def test_two_plugins_cannot_take_the_same_policy_name(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(_policy("Quota", "quota"))
    (tmp_path / "b.py").write_text(_policy("OtherQuota", "quota"))
    with pytest.raises(InputError, match="'quota' is already taken"):
        load_plugins([str(tmp_path / "a.py"), str(tmp_path / "b.py")])


def test_plugins_with_the_same_file_name_in_two_folders_both_load(tmp_path: Path) -> None:
    for folder, name in (("one", "first_policy"), ("two", "second_policy")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "policy.py").write_text(_policy("P", name))
    modules = load_plugins([str(tmp_path / "one" / "policy.py"),
                            str(tmp_path / "two" / "policy.py")])
    assert modules[0] is not modules[1]
    assert {"first_policy", "second_policy"} <= set(policies.available())


def test_the_same_plugin_file_loaded_twice_is_one_module(tmp_path: Path) -> None:
    (tmp_path / "p.py").write_text(_policy("P", "once"))
    first, second = load_plugins([str(tmp_path / "p.py"), str(tmp_path / "." / "p.py")])
    assert first is second


def test_parameter_declared_differently_by_two_plugins_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    param = 'Param("quota.limit", {default}, "tasks", 0, 10, "assumption", "Limit."),'
    (tmp_path / "a.py").write_text(_policy("A", "quota_a", param.format(default=1)))
    (tmp_path / "b.py").write_text(_policy("B", "quota_b", param.format(default=2)))
    line = _run(tmp_path, capsys, tmp_path / "a.py", tmp_path / "b.py")
    assert "'quota.limit' declared twice" in line and "b.py" in line
