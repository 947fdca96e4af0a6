"""Experiments at scale: replicated comparisons, sweeps and sensitivity analyses.

>>> from commsim import experiments, results
>>> res = experiments.run("experiments/gate_design.toml")   # doctest: +SKIP
>>> res.runs.head()                                         # doctest: +SKIP

A specification (:mod:`commsim.experiments.spec`) is expanded into runs
(:mod:`commsim.experiments.engine`), executed by an executor
(:mod:`commsim.experiments.executors`) and stored crash-safely
(:mod:`commsim.results.store`).
"""

from commsim.experiments.cluster import ClusterError, DaskExecutor
from commsim.experiments.engine import plan, run
from commsim.experiments.executors import (
    ProcessExecutor,
    SerialExecutor,
    make_executor,
)
from commsim.experiments.spec import Design, Factor, Spec, load_spec, spec_from_table

__all__ = [
    "ClusterError", "DaskExecutor", "Design", "Factor", "ProcessExecutor", "SerialExecutor", "Spec",
    "load_spec", "make_executor", "plan", "run", "spec_from_table",
]
