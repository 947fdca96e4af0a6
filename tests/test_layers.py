"""Layers: the report and the dashboard import nothing from the model core.

The report reads a results store (its frames and the catalog in its manifest); the
dashboard runs the model only through :mod:`commsim.live` and the public ``commsim``
API. Neither imports the model, its mechanisms, the parameter schema or scenarios.
Both the current module names and those of the core's package layout are forbidden.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "commsim"
LAYERS = ("report", "app")
#: Modules (and their submodules) the report and the dashboard must not import.
FORBIDDEN: tuple[str, ...] = (
    # the model core, as flat modules ...
    "commsim.model", "commsim.agents", "commsim.stats", "commsim.schema",
    "commsim.parameters", "commsim.scenario", "commsim.tasks", "commsim.calendar",
    "commsim.workflow", "commsim.daywork", "commsim.counter", "commsim.visits",
    "commsim.staffing", "commsim.community", "commsim.rng", "commsim.runner",
    "commsim.calibration",
    # ... and as the package the core moves into (commsim.model.*, covered above)
    "commsim.accounting", "commsim.turnover", "commsim.inspections",
    # policy internals (the registry is read through commsim.live's catalogs)
    "commsim.policies",
)


def _modules() -> list[Path]:
    return sorted(p for layer in LAYERS for p in (SRC / layer).rglob("*.py"))


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_the_layers_have_modules() -> None:
    assert len(_modules()) >= 10


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_model_core_import(path: Path) -> None:
    bad = [f"line {line}: {name}" for line, name in _imports(path) if _forbidden(name)]
    assert not bad, f"{path.relative_to(SRC)} imports the model core: {bad}"


def test_the_check_catches_a_core_import() -> None:
    assert _forbidden("commsim.model") and _forbidden("commsim.model.accounting")
    assert _forbidden("commsim.parameters.SCHEMA") and _forbidden("commsim.policies.base")
    assert not _forbidden("commsim.metrics") and not _forbidden("commsim.results.store")
    assert not _forbidden("commsim.live") and not _forbidden("commsim.modelling")
