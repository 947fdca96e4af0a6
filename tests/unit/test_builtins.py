"""Registries are filled by commsim.load_builtins, in one order whatever was imported first."""

from __future__ import annotations

import json
import subprocess
import sys

import commsim
from commsim.core.metrics import METRICS

_ORDER = """
import json, sys
for name in sys.argv[1:]:
    __import__(name)
from commsim.core.metrics import METRICS
print(json.dumps([m.key for m in METRICS]))
"""


def _order_after_importing(*modules: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _ORDER, *modules], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def test_metric_order_does_not_follow_import_order() -> None:
    first = _order_after_importing("commsim.model.costs", "commsim.policies.paperless")
    second = _order_after_importing("commsim.run.runner")
    assert first == second
    assert first.index("overtime_hours_per_cadre_week") < first.index("cost_yuan")


def test_the_builtin_order_is_the_declared_module_order() -> None:
    commsim.load_builtins()
    for daily in (False, True):
        ranks = [commsim.BUILTIN_MODULES.index(m.compute.__module__) for m in METRICS
                 if m.daily is daily and m.compute is not None
                 and m.compute.__module__ in commsim.BUILTIN_MODULES]
        assert ranks and ranks == sorted(ranks)
    declaring = {m.compute.__module__ for m in METRICS if m.compute is not None
                 and m.compute.__module__.startswith("commsim.")}
    assert declaring <= set(commsim.BUILTIN_MODULES), "a built-in module is not listed"


def test_the_registries_import_none_of_their_registrants() -> None:
    import ast
    from pathlib import Path

    core = Path(commsim.__file__).parent / "core"
    for name in ("parameters.py", "metrics.py", "builtins.py"):
        tree = ast.parse((core / name).read_text(encoding="utf-8"))
        imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import)
                     for a in n.names]
        assert not [m for m in imported if m.startswith(("commsim.model", "commsim.policies"))]
