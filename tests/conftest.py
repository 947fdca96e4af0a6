"""Shared helpers of the correctness tests (small, fast model runs only)."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import pytest

from commsim import SCHEMA, CommunityModel, Params, load_scenario, policies
from commsim.core.metrics import METRICS

#: Every built-in scenario (the issue asks for at least these six).
BUILTIN_SCENARIOS: tuple[str, ...] = (
    "admission_gate", "baseline", "combined", "paperless", "paperless_digital_inspections",
    "purchased_services",
)

#: Summary metrics that are shares or probabilities and must lie in [0, 1].
SHARE_METRICS: tuple[str, ...] = (
    "resident_satisfaction", "weekend_work_share", "deadline_miss_rate", "admin_time_share",
    "burnout_share", "days_over_9h_share", "late_night_share", "past_midnight_share",
    "surge_late_night_share", "surge_past_midnight_share", "served_share",
    "empty_office_share", "resident_satisfaction_all", "aid_refusal_share",
)

#: A short, one-community run: the size every quick test uses.
SMALL: dict[str, Any] = {"run.days": 14, "run.communities": 1}


def build_model(
    scenario: str = "baseline",
    *,
    seed: int = 0,
    replication: int = 0,
    overrides: Mapping[str, Any] | None = None,
) -> CommunityModel:
    """A model of a built-in scenario with ``SMALL`` plus ``overrides`` applied."""
    return CommunityModel.from_scenario(
        load_scenario(scenario), seed=seed, replication=replication,
        overrides={**SMALL, **(overrides or {})}, source="test",
    )


@contextmanager
def registries_restored() -> Iterator[None]:
    """Forget, on leaving, the policies, parameters and metrics registered inside."""
    METRICS.summaries()  # complete the built-in declarations before taking the snapshot
    saved = [(table, dict(table)) for table in (policies._REGISTRY, SCHEMA._params,
                                                SCHEMA._owners, METRICS._metrics,
                                                METRICS._series)]
    modules = set(sys.modules)
    try:
        yield
    finally:
        for table, content in saved:
            table.clear()
            table.update(content)
        for name in set(sys.modules) - modules:  # so a later test can load the plugin again
            if name.startswith("commsim_plugin_"):
                del sys.modules[name]


@pytest.fixture()
def plugin_registries() -> Iterator[None]:
    """Forget what a plugin loaded here registers (later tests count the built-ins)."""
    with registries_restored():
        yield


@pytest.fixture()
def defaults() -> Params:
    """All parameters at their defaults."""
    return Params.defaults()


def assert_one_line(stderr: str, expected: list[str]) -> str:
    """``stderr`` is exactly one ``commsim: error:`` line containing every ``expected`` part."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("commsim: error:") and "Traceback" not in stderr
    for part in expected:
        assert part in lines[0], (part, lines[0])
    return lines[0]


@pytest.fixture(autouse=True, scope="session")
def cold_start() -> Iterator[None]:
    """Mechanism tests run from the cold start: ``run.warmup_days`` defaults to 0 here.

    The default warm-up (two simulated years) would make every short test run two years
    longer; tests of the measured window set ``run.warmup_days`` explicitly. Command-line
    tests in a subprocess keep the real default.
    """
    key = "run.warmup_days"
    declared = SCHEMA[key]  # (reading completes the lazily declared schema)
    SCHEMA._params[key] = dataclasses.replace(declared, default=0)
    yield
    SCHEMA._params[key] = declared


@pytest.fixture(autouse=True, scope="session")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Captured warm-ups go to a folder of the test session, never to the user's cache.

    Set in the environment, so worker processes and command-line subprocesses see it.
    """
    import os

    from commsim.run.warm_start import CACHE_ENV

    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before


@pytest.fixture()
def free_port() -> int:
    """A free TCP port on 127.0.0.1: tests run on two workers at once, never use a fixed one."""
    from _ports import free_port as pick

    return pick()


# --- running on two workers (pytest-xdist; `make test` passes -n 2 --dist loadgroup) --------
#
# A test file is one unit of work: its module-scoped fixtures (stores built once and read
# by several tests) are built once. Tests marked ``xdist_group(name)`` form one unit
# across files; every browser test is put in the group "browser" (one Chromium and one
# dashboard server per language, not one per worker). Units that hold tests marked ``slow``
# or ``browser`` are started first, so no long unit is left for the end while the other
# worker idles.

#: Units of work weighted by these marks are scheduled first (most marked tests first).
HEAVY_MARKS = ("slow", "browser")


def _unit(nodeid: str) -> str:
    """The unit of work of a test: its ``xdist_group`` (after ``@``), else its file."""
    if nodeid.rfind("@") > nodeid.rfind("]"):
        return nodeid.rsplit("@", 1)[-1]
    return nodeid.split("::", 1)[0]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a worker: group the browser tests, then order the units heaviest first."""
    if not hasattr(config, "workerinput"):
        return  # a serial run keeps the collection order
    groups: dict[str, str] = {}
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group("browser"))
        mark = item.get_closest_marker("xdist_group")
        if mark is not None:
            groups[item.nodeid] = str(mark.args[0] if mark.args else
                                      mark.kwargs.get("name", "default"))
    units = {item.nodeid: groups.get(item.nodeid) or _unit(item.nodeid) for item in items}
    weight: dict[str, int] = {}
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        unit = units[item.nodeid]
        first.setdefault(unit, index)
        heavy = any(item.get_closest_marker(mark) for mark in HEAVY_MARKS)
        weight[unit] = weight.get(unit, 0) + int(heavy)
    items.sort(key=lambda item: (-weight[units[item.nodeid]], first[units[item.nodeid]]))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With ``--dist loadgroup``: units are files and groups, in collection order."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FileAndGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _unit(nodeid)

    config.option.loadscopereorder = False  # keep the heaviest-first order made above
    return FileAndGroupScheduling(config, log)
