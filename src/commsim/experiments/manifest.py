"""The manifest of a results store: what was run, how, where and with which versions."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commsim.core.metrics import METRICS, manifest_entry
from commsim.core.parameters import SCHEMA
from commsim.core.sharing import input_key, recorded
from commsim.results.catalog import METRICS_KEY, POLICIES_KEY, SERIES_KEY, UNITS_KEY

if TYPE_CHECKING:  # annotations only: the manifest must not import the engine (no circle)
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


def catalog(policies: Iterable[str], parameter_keys: Iterable[str]) -> dict[str, Any]:
    """What readers of a store need to label its columns without importing the model.

    Parameters
    ----------
    policies : iterable of str
        Policies that runs of the store use.
    parameter_keys : iterable of str
        Parameters whose units readers may need (resolved and swept ones).

    Returns
    -------
    dict
        ``metric_declarations`` (every declared summary metric, as data),
        ``series_declarations`` (every declared daily series; a key may be both),
        ``parameter_units`` and ``policies``.

    """
    keys = sorted(k for k in set(parameter_keys) if k in SCHEMA)
    return {
        METRICS_KEY: manifest_entry(METRICS.summaries()),
        SERIES_KEY: manifest_entry(METRICS.series()),
        UNITS_KEY: {k: str(SCHEMA[k].unit) for k in keys},
        POLICIES_KEY: list(dict.fromkeys(policies)),
    }


def versions_and_host() -> dict[str, Any]:
    """Versions, commit, host and machine, for any manifest (the host dropped when shared)."""
    return {
        "versions": _versions(),
        "git_commit": _git_commit(),
        "host": platform.node(),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                    "load_1min": os.getloadavg()[0] if hasattr(os, "getloadavg") else None},
    }


def runs_manifest(runs: Iterable[Any], descriptions: Mapping[str, tuple[str, str]],
                  made_by: str) -> dict[str, Any]:
    """The manifest of a store of single runs (``commsim run --out``, ``RunResult.write``).

    Parameters
    ----------
    runs : iterable of RunResult
        The runs (their scenario, seed, policies and parameters are recorded).
    descriptions : mapping
        Scenario name to ``(description, source)``.
    made_by : str
        The command that writes the store.

    """
    runs = list(runs)
    first = runs[0]
    scenarios = {r.scenario: {"description": descriptions.get(r.scenario, ("", ""))[0],
                              "policies": list(r.policies), "model": r.model,
                              "source": descriptions.get(r.scenario, ("", ""))[1],
                              "params": dict(r.params)} for r in runs}
    policies = [p for r in runs for p in r.policies]
    keys = [k for r in runs for k in r.params]
    return recorded({
        "experiment": "run", "description": f"{made_by} {first.scenario}", "made_by": made_by,
        "status": "running", "scenarios": scenarios, "baseline": first.scenario,
        "metrics": [m.key for m in METRICS.headline()], "root_seed": first.seed,
        **catalog(policies, keys), **versions_and_host(),
        "started": now(), "command": sys.argv,
    })


def new_manifest(spec: Spec, plan_: Plan, executor: Executor,
                 made_by: str = "commsim sweep") -> dict[str, Any]:
    """The manifest of a new store (status ``running``)."""
    scenario_params = {s.name: dict(s.params(spec.params, spec.source)) for s in spec.scenarios}
    keys = [k for params in scenario_params.values() for k in params]
    return recorded({
        "experiment": spec.name,
        "made_by": made_by,
        "description": spec.description,
        "status": "running",
        "spec": spec.table,
        "spec_source": spec.source,
        "spec_fingerprint": spec.fingerprint(),
        "inputs": input_hashes(spec),
        "design": {"kind": spec.design.kind, "samples": spec.design.samples,
                   "levels": spec.design.levels, "second_order": spec.design.second_order,
                   "factors": [f.key for f in spec.factors], "points": plan_.size},
        "scenarios": {
            s.name: {"description": s.description, "description_zh": s.description_zh,
                     "policies": list(s.policies), "model": s.model_name(), "source": s.source,
                     "params": scenario_params[s.name]}
            for s in spec.scenarios},
        "baseline": spec.baseline,
        "metrics": list(spec.metrics),
        "root_seed": spec.seed,
        "seeds": "every run's streams derive from (root_seed, replication, process); "
                 "replication k of every scenario and design point shares its streams",
        **catalog([p for s in spec.scenarios for p in s.policies],
                  [*keys, *(f.key for f in spec.factors)]),
        **versions_and_host(),
        "executor": {"kind": executor.name, "workers": executor.workers},
        "started": now(),
        "command": sys.argv,
    })


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _plugin_file(plugin: str) -> Path | None:
    if plugin.endswith(".py"):
        return Path(plugin)
    try:
        found = importlib.util.find_spec(plugin)
    except (ImportError, ValueError):
        return None
    origin = found.origin if found is not None else None
    return Path(origin) if origin and origin not in ("built-in", "frozen") else None


def input_files(spec: Spec) -> list[Path]:
    """Every file a run of ``spec`` reads: the spec, its scenarios, plugins and district files."""
    from commsim.inputs.district import resolve_district

    files = [Path(spec.source), *(Path(s.source) for s in spec.scenarios)]
    files += [p for p in map(_plugin_file, spec.plugins) if p is not None]
    districts = [spec.params.get("run.district"),
                 *(s.overrides.get("run.district") for s in spec.scenarios)]
    files += [resolve_district(d) for d in districts if isinstance(d, str) and d]
    return [f for f in dict.fromkeys(files) if f.is_file()]


def _inputs(spec: Spec) -> dict[str, Path]:
    base = Path(spec.source).parent
    return {input_key(f, base): f for f in input_files(spec)}


def input_hashes(spec: Spec) -> dict[str, str]:
    """Content hashes of :func:`input_files` (relative to the spec's folder), the version."""
    from commsim import __version__

    hashes = {key: _sha256(f) for key, f in _inputs(spec).items()}
    hashes["commsim version"] = __version__
    return hashes


def changed_input(recorded_hashes: Mapping[str, str], spec: Spec) -> str | None:
    """The first input of ``spec`` that differs from ``recorded_hashes`` (None if none does).

    Named by its path on this machine where it still exists.
    """
    current = input_hashes(spec)
    files = _inputs(spec)
    for name in sorted(set(recorded_hashes) | set(current)):
        if recorded_hashes.get(name) != current.get(name):
            return str(files[name].resolve()) if name in files else name
    return None
