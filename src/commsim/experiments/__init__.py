"""Experiments at scale: replicated comparisons, sweeps and sensitivity analyses.

>>> from commsim import experiments, results
>>> res = experiments.run("experiments/gate_design.toml")   # doctest: +SKIP
>>> res.runs.head()                                         # doctest: +SKIP

A specification (:mod:`commsim.experiments.spec`) is expanded into runs
(:mod:`commsim.experiments.engine`), executed by an executor
(:mod:`commsim.experiments.executors`) and stored crash-safely
(:mod:`commsim.results.store`).

The names are imported on first use (PEP 562): a run that only writes a manifest
(:mod:`commsim.experiments.manifest`) does not import the engine, so the runner,
which the engine's workers call, and the engine import no circle.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Public name -> module that defines it (imported on first access).
_LAZY: dict[str, str] = {
    "ClusterError": "commsim.experiments.cluster",
    "DaskExecutor": "commsim.experiments.cluster",
    "plan": "commsim.experiments.engine",
    "run": "commsim.experiments.engine",
    "ProcessExecutor": "commsim.experiments.executors",
    "SerialExecutor": "commsim.experiments.executors",
    "make_executor": "commsim.experiments.executors",
    "Design": "commsim.experiments.spec",
    "Factor": "commsim.experiments.spec",
    "Spec": "commsim.experiments.spec",
    "load_spec": "commsim.experiments.spec",
    "spec_from_table": "commsim.experiments.spec",
}

__all__ = [
    "ClusterError", "DaskExecutor", "Design", "Factor", "ProcessExecutor", "SerialExecutor", "Spec",
    "load_spec", "make_executor", "plan", "run", "spec_from_table",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from commsim.experiments.cluster import ClusterError, DaskExecutor
    from commsim.experiments.engine import plan, run
    from commsim.experiments.executors import ProcessExecutor, SerialExecutor, make_executor
    from commsim.experiments.spec import Design, Factor, Spec, load_spec, spec_from_table


def __getattr__(name: str) -> Any:
    """Import a public name on first access (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'commsim.experiments' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
