"""The house: floors, no import circles, a root of packages only.

The package is built in floors (README, "Layout"): a module may import modules of its
own floor or of floors below it, never above. On top of that:

- the report and the dashboard import nothing from the model core (they read results
  stores and :mod:`commsim.run.live`'s plain-data catalogs);
- no module imports another that (directly or not) imports it back at run time — an
  import under ``if TYPE_CHECKING:`` is for annotations only and does not count;
- the package root holds only ``__init__.py``, ``__main__.py`` and packages.

Imports are read from the source with :mod:`ast` (nothing is imported), including
imports inside functions and ``importlib.import_module("commsim....")`` calls.
"""

from __future__ import annotations

import ast
import importlib.util
import pkgutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "commsim"

#: Floor of each package or module (the longest matching prefix wins), bottom to top.
FLOORS: dict[str, int] = {
    # the ground floor: errors, words, TOML, parameter and metric declarations
    "commsim.core": 0,
    # reading inputs and result stores; a store's manifest
    "commsim.inputs": 1,  # district files, plugins, addresses (scenarios are higher up)
    "commsim.results": 1, "commsim.experiments.manifest": 1,
    # statistics on results; the policies (rules that act on the model through hooks)
    "commsim.analysis": 2, "commsim.policies": 2,
    # the model core; the report (reads stores only)
    "commsim.model": 3, "commsim.report": 3, "commsim.brief": 3,
    # scenarios name policies and a model class
    "commsim.inputs.scenario": 4,
    # one run, a live model
    "commsim.run": 5,
    # experiments at scale; the dashboard
    "commsim.experiments": 6, "commsim.app": 6,
    # robust decisions, document generators
    "commsim.robust": 7, "commsim.docgen": 7,
    # the command line
    "commsim.cli": 8,
}

#: Modules (and their submodules) the report and the dashboard must not import.
FORBIDDEN: tuple[str, ...] = (
    "commsim.model", "commsim.core.schema", "commsim.core.parameters",
    "commsim.inputs.scenario", "commsim.inputs.district", "commsim.run.runner",
    "commsim.docgen", "commsim.policies",
)


def _name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _resolve(name: str) -> str:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _annotation_only(tree: ast.Module) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    return skip


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """``(line, module)`` for every run-time import of a ``commsim`` module in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _annotation_only(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = [f"{node.module}.{a.name}" for a in node.names
                    if f"{node.module}.{a.name}" in MODULES]
            names = subs if len(subs) == len(node.names) else [node.module, *subs]
        elif (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("import_module")
              and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)):
            names = [node.args[0].value]
        for name in names:
            if name.startswith("commsim.") and _resolve(name):
                yield node.lineno, _resolve(name)


@cache
def graph() -> dict[str, frozenset[str]]:
    """Module -> the modules it imports at run time (importing ``a.b.c`` imports ``a.b``)."""
    edges: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets = set()
        for _, target in imports(path):
            parts = target.split(".")
            targets.update(".".join(parts[:k]) for k in range(2, len(parts) + 1))
        edges[name] = {t for t in targets if t in MODULES and t != name
                       and not name.startswith(t + ".")}
    return {k: frozenset(v) for k, v in edges.items()}


def circles(edges: dict[str, frozenset[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def floor(name: str) -> int | None:
    """The floor of module ``name`` (``None``: the package root)."""
    best = max((p for p in FLOORS if name == p or name.startswith(p + ".")), key=len,
               default=None)
    return FLOORS[best] if best else None


def test_the_scan_reads_every_module_the_import_system_finds() -> None:
    """The checks below read exactly the modules Python would import from the package.

    The import system's own listing (:mod:`pkgutil` walking the package's search
    location, nothing imported) must equal the files scanned, so neither a wrong path
    nor a module the scan misses can make the checks vacuous.
    """
    spec = importlib.util.find_spec("commsim")
    assert spec is not None and spec.submodule_search_locations
    found = {"commsim"}

    def walk(paths: list[str], prefix: str) -> None:
        for info in pkgutil.iter_modules(paths, prefix):
            found.add(info.name)
            if info.ispkg:
                leaf = info.name.rpartition(".")[2]
                walk([str(Path(p) / leaf) for p in paths], info.name + ".")

    walk(list(spec.submodule_search_locations), "commsim.")
    assert set(MODULES) == found


def test_no_import_circle() -> None:
    found = circles(graph())
    assert not found, "import circles: " + "; ".join(" <-> ".join(c) for c in found)


def test_the_circle_check_finds_a_circle() -> None:
    edges = {"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}),
             "d": frozenset({"a"})}
    assert circles(edges) == [["a", "b", "c"]]
    assert circles({"a": frozenset({"b"}), "b": frozenset()}) == []


def test_the_root_holds_only_packages() -> None:
    loose = sorted(p.name for p in SRC.iterdir()
                   if p.is_file() and p.name not in {"__init__.py", "__main__.py"})
    assert loose == [], f"modules at the package root: {loose}"
    packages = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").is_file())
    unassigned = [p for p in packages if floor(f"commsim.{p}") is None]
    assert unassigned == [], f"packages without a floor: {unassigned}"


def _upward() -> list[str]:
    bad = []
    for name, path in MODULES.items():
        here = floor(name)
        if here is None:  # the root's lazy re-exports
            continue
        for target in sorted({t for _, t in imports(path)}):
            there = floor(target)
            if there is not None and there > here:
                bad.append(f"{name} (floor {here}) -> {target} (floor {there})")
    return bad


def test_imports_go_down_or_level() -> None:
    bad = _upward()
    assert not bad, "imports that run back up:\n" + "\n".join(bad)


@pytest.mark.parametrize("layer", ["report", "app"])
def test_report_and_dashboard_import_no_model_core(layer: str) -> None:
    bad = [f"{name}:{line}: {target}" for name, path in MODULES.items()
           if name.startswith(f"commsim.{layer}")
           for line, target in imports(path)
           if any(target == f or target.startswith(f + ".") for f in FORBIDDEN)]
    assert not bad, f"{layer} imports the model core: {bad}"


def test_agents_and_mechanisms_do_not_import_the_model_at_run_time() -> None:
    # As in Mesa's examples: the model imports its agents and mechanisms, never the reverse
    # (annotations under TYPE_CHECKING are fine).
    top = {"commsim.model", "commsim.model.community_model"}
    bad = [f"{name}:{line}: {target}" for name, path in MODULES.items()
           if name.startswith("commsim.model.") and name not in top
           for line, target in imports(path) if target in top]
    assert not bad, f"agents or mechanisms import the model at run time: {bad}"


def test_policies_reach_the_model_through_hooks_only() -> None:
    bad = [f"{name}:{line}: {target}" for name, path in MODULES.items()
           if name.startswith("commsim.policies")
           for line, target in imports(path)
           if target.startswith("commsim.model") and target != "commsim.model.task_ledger"]
    assert not bad, f"policies import the model core: {bad}"


def test_the_floor_check_sees_an_upward_import() -> None:
    assert floor("commsim.core.metrics") == 0 and floor("commsim.cli.run") == 8
    assert floor("commsim.inputs.scenario") == 4 and floor("commsim.inputs.district") == 1
    assert floor("commsim") is None
