"""Layers: the report and the dashboard import nothing from the model core.

The report reads a results store (its frames and the catalog in its manifest); the
dashboard runs the model only through :mod:`commsim.live` and the public ``commsim``
API. Neither imports the model, its mechanisms, the parameter schema or scenarios.
Statistics modules outside the core (e.g. :mod:`commsim.inference`) are allowed.
"""

from __future__ import annotations

import ast
import importlib.util
import pkgutil
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "commsim"
LAYERS = ("report", "app")
#: Modules (and their submodules) the report and the dashboard must not import.
#: Statistics and presentation helpers outside the core (``commsim.inference``,
#: ``commsim.precision``, ``commsim.warmup``, ``commsim.i18n``, ``commsim.metrics``)
#: are allowed.
FORBIDDEN: tuple[str, ...] = (
    # the model core: the package commsim.model.* (community model, mechanisms, accounting,
    # observation) and the entities it simulates
    "commsim.model", "commsim.agents",
    # parameters, scenarios and the inputs they read
    "commsim.schema", "commsim.parameters", "commsim.scenario", "commsim.district",
    # running and calibrating the model
    "commsim.runner", "commsim.calibration",
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


def test_the_scan_reads_every_module_of_the_layers() -> None:
    """The parametrized check below reads exactly the modules Python imports for each layer.

    The import system's own listing (the package's search location, walked by
    :mod:`pkgutil`) must equal the files scanned, so neither a wrong path nor a module
    outside the scan can make the check vacuous.
    """
    scanned = {".".join(p.relative_to(SRC.parent).with_suffix("").parts).removesuffix(
        ".__init__") for p in _modules()}
    importable = set()
    for layer in LAYERS:
        spec = importlib.util.find_spec(f"commsim.{layer}")
        assert spec is not None and spec.submodule_search_locations, layer
        modules = {m.name for m in pkgutil.walk_packages(
            list(spec.submodule_search_locations), prefix=f"commsim.{layer}.")}
        assert modules, f"commsim.{layer} has no modules"
        importable |= {f"commsim.{layer}", *modules}
    assert scanned == importable


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_model_core_import(path: Path) -> None:
    bad = [f"line {line}: {name}" for line, name in _imports(path) if _forbidden(name)]
    assert not bad, f"{path.relative_to(SRC)} imports the model core: {bad}"


def test_the_check_catches_a_core_import() -> None:
    assert _forbidden("commsim.model") and _forbidden("commsim.model.accounting")
    assert _forbidden("commsim.parameters.SCHEMA") and _forbidden("commsim.policies.base")
    assert not _forbidden("commsim.metrics") and not _forbidden("commsim.results.store")
    assert _forbidden("commsim.model.observation") and _forbidden("commsim.district")
    assert not _forbidden("commsim.live") and not _forbidden("commsim.modelling")
    assert not _forbidden("commsim.inference") and not _forbidden("commsim.precision")
