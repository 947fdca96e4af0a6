"""The manifest of a results store: what was run, how, where and with which versions."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from commsim.experiments.executors import Executor
from commsim.experiments.planning import Plan
from commsim.experiments.spec import Spec


def _versions() -> dict[str, str | None]:
    names = ["commsim", "mesa", "simpy", "numpy", "pandas", "scipy", "pyarrow", "SALib",
             "dask", "distributed"]
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _git_commit() -> str | None:
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True,
                             text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def new_manifest(spec: Spec, plan_: Plan, executor: Executor) -> dict[str, Any]:
    """The manifest of a new store (status ``running``)."""
    return {
        "experiment": spec.name,
        "description": spec.description,
        "status": "running",
        "spec": spec.table,
        "spec_source": spec.source,
        "spec_fingerprint": spec.fingerprint(),
        "design": {"kind": spec.design.kind, "samples": spec.design.samples,
                   "levels": spec.design.levels, "second_order": spec.design.second_order,
                   "factors": [f.key for f in spec.factors], "points": plan_.size},
        "scenarios": {
            s.name: {"description": s.description, "policies": list(s.policies),
                     "source": s.source, "params": dict(s.params(spec.params, spec.source))}
            for s in spec.scenarios},
        "baseline": spec.baseline,
        "metrics": list(spec.metrics),
        "root_seed": spec.seed,
        "seeds": "every run's streams derive from (root_seed, replication, process); "
                 "replication k of every scenario and design point shares its streams",
        "versions": _versions(),
        "git_commit": _git_commit(),
        "host": platform.node(),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                    "load_1min": os.getloadavg()[0] if hasattr(os, "getloadavg") else None},
        "executor": {"kind": executor.name, "workers": executor.workers},
        "started": now(),
        "command": sys.argv,
    }
