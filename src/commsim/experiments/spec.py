"""Experiment specifications are data: TOML files validated like scenarios.

A specification names the scenarios (or one scenario whose policy levers are
swept), fixed parameter values, uncertain parameters (factors) with ranges or
distributions, the design, replications, the root seed, the run size and what
to store::

    name = "gate_design"
    description = "Gate strictness x leakage x funding."
    scenarios = ["admission_gate"]        # built-in names or paths (relative to this file)
    replications = 5
    seed = 2026
    days = 365                            # run.days
    warmup_days = 1095                    # run.warmup_days
    communities = 8                       # run.communities
    metrics = ["overtime_hours_per_cadre_week", "resident_satisfaction", "turnover_rate"]
    outputs = ["daily", "hours"]          # series to keep besides runs.parquet

    [params]                              # fixed overrides for every run
    "gate.review_days" = 3.0

    [design]
    kind = "grid"                         # replications | grid | lhs | sobol | morris
    [design.factors."gate.strictness"]
    values = [0.5, 0.7, 0.9]              # grid values; or low/high (+ levels for a grid)
    [design.factors."street.leakage"]
    low = 0.1
    high = 0.5
    levels = 3

Sampling designs (``lhs``, ``sobol``, ``morris``) take ``samples`` and, per
factor, ``low``/``high`` (uniform), ``distribution = "normal"`` with ``mean``
and ``sd`` (clipped to the parameter's range), ``distribution = "triangular"``
with ``low``, ``mode``, ``high``, or a list of ``values`` drawn with equal
probability. Unknown keys and bad values raise :class:`~commsim.core.errors.InputError`
naming the key, value, allowed values and file.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commsim.core.metrics import METRICS
from commsim.core.parameters import flatten
from commsim.core.tomlfile import read_toml
from commsim.experiments.checks import MAX_REPLICATIONS, check_int, check_number, input_error
from commsim.experiments.factors import DESIGNS, DISTRIBUTIONS, Design, Factor, parse_design
from commsim.inputs.scenario import Scenario, load_scenario

OUTPUTS = ("daily", "hours")
_TOP = {
    "name": "experiment name (folder under results/)",
    "description": "what the experiment asks",
    "scenarios": "list of scenario names or paths",
    "baseline": "scenario the paired differences are taken against",
    "replications": "replications per design point",
    "max_replications": "cap for --precision",
    "precision": "target 95 % CI half-width in % of the mean",
    "seed": "root seed",
    "days": "run.days",
    "warmup_days": "run.warmup_days",
    "communities": "run.communities",
    "timeout": "seconds per run",
    "metrics": "summary metrics to analyse",
    "outputs": "daily, hours",
    "params": "fixed parameter values",
    "design": "the design table",
    "plugins": "modules or .py files that register extra policies",
}
#: Spec fields that ``--set`` may change besides model parameters.
SETTABLE = ("replications", "max_replications", "precision", "seed", "days", "warmup_days",
            "communities",
            "timeout", "baseline", "design.samples", "design.levels", "design.kind")

__all__ = [
    "DESIGNS", "DISTRIBUTIONS", "OUTPUTS", "SETTABLE", "Design", "Factor", "Spec",
    "load_spec", "spec_from_table",
]


@dataclass(frozen=True)
class Spec:
    """A validated experiment specification (see the module docstring)."""

    name: str
    scenarios: tuple[Scenario, ...]
    description: str = ""
    baseline: str | None = None
    replications: int = 1
    max_replications: int = 100
    precision: float | None = None
    seed: int = 0
    params: dict[str, Any] = field(default_factory=dict)
    design: Design = Design()
    metrics: tuple[str, ...] = field(
        default_factory=lambda: tuple(m.key for m in METRICS.headline()))
    outputs: tuple[str, ...] = OUTPUTS
    timeout: float | None = None
    source: str = "<python>"
    table: dict[str, Any] = field(default_factory=dict)
    plugins: tuple[str, ...] = ()

    @property
    def factors(self) -> tuple[Factor, ...]:
        """The design's factors."""
        return self.design.factors

    def fingerprint(self) -> str:
        """Hash of everything that determines the runs (for checking a resume)."""
        data = json.dumps(self.table, sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()[:16]

def _apply_sets(table: dict[str, Any], sets: Mapping[str, Any] | None,
                source: str) -> dict[str, Any]:
    """Apply ``--set`` assignments: spec fields by name, everything else as a parameter."""
    table = copy.deepcopy(dict(table))
    for key, value in (sets or {}).items():
        parsed = _parse_literal(value)
        if key in SETTABLE:
            head, _, leaf = key.partition(".")
            if leaf:
                table.setdefault(head, {})[leaf] = parsed
            else:
                table[key] = parsed
        else:
            table.setdefault("params", {})
            table["params"] = {**flatten(table["params"], source=source), key: value}
    return table


def _own_district(table: Mapping[str, Any], base: Path | None,
                  sets: Mapping[str, Any] | None, source: str) -> str | None:
    """The spec file's own ``run.district``, resolved against the file's folder.

    A district given with ``--set`` stays relative to the working folder; a table that is
    not a table is left for the checks that name it.
    """
    raw = table.get("params")
    if base is None or "run.district" in (sets or {}) or not isinstance(raw, Mapping):
        return None
    value = flatten(raw, source=source).get("run.district")
    if not isinstance(value, str) or not value:
        return None
    from commsim.inputs.district import resolve_district

    return str(resolve_district(value, base))


def _parse_literal(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def spec_from_table(table: Mapping[str, Any], source: str = "<python>",
                    base: Path | None = None, sets: Mapping[str, Any] | None = None,
                    plugins: Sequence[str] = ()) -> Spec:
    """Validate a parsed specification table.

    Parameters
    ----------
    table : mapping
        The parsed TOML (or an equivalent dict).
    source : str
        Where it came from, named in error messages.
    base : Path, optional
        Folder that relative scenario paths are resolved against.
    sets : mapping, optional
        ``--set`` assignments: spec fields (``replications``, ``seed``, ``days``,
        ``design.samples``, ...) or model parameters.
    plugins : sequence of str, optional
        Further plugins (``--plugin``), loaded after the spec's own.

    Returns
    -------
    Spec

    Raises
    ------
    InputError
        Unknown field, bad value or parameter out of range.

    """
    own_district = _own_district(table, base, sets, source)
    table = _apply_sets(dict(table), sets, source)
    if own_district is not None:  # the file's own district, relative to the file
        table["params"] = {**flatten(table.get("params", {}), source=source),
                           "run.district": own_district}
    if plugins:
        table["plugins"] = [*table.get("plugins", []), *plugins]
    for key in table:
        if key not in _TOP:
            raise input_error("unknown experiment field", key, table[key], ", ".join(sorted(_TOP)),
                              source)
    name = table.get("name")
    if not isinstance(name, str) or not name.strip() or "/" in name or name.startswith("."):
        raise input_error("an experiment needs a name usable as a folder name", "name", name,
                          "a non-empty string without '/'", source)
    description = table.get("description", "")
    if not isinstance(description, str):
        raise input_error("description must be text", "description", description, "a string",
                          source)
    plugin_list = table.get("plugins", [])
    if not isinstance(plugin_list, list) or not all(isinstance(x, str) for x in plugin_list):
        raise input_error("plugins must be a list of module names or .py paths", "plugins",
                          plugin_list, "e.g. [\"mypkg.policy\", \"my_policy.py\"]", source)
    resolved_plugins = tuple(
        str((base / x).resolve() if base is not None and not Path(x).is_absolute()
            else Path(x).resolve()) if x.endswith(".py") else x for x in plugin_list)
    if resolved_plugins:
        from commsim.inputs.plugins import load_plugins

        load_plugins(resolved_plugins)
    names = table.get("scenarios", ["baseline"])
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise input_error("scenarios must be a non-empty list of names or paths", "scenarios",
                          names, "e.g. [\"baseline\", \"admission_gate\"]", source)
    scenarios = []
    for n in names:
        path = Path(n)
        if path.suffix == ".toml" and base is not None and not path.is_absolute():
            path = base / path
        scenarios.append(load_scenario(path if path.suffix == ".toml" else n))
    labels = [s.name for s in scenarios]
    if len(set(labels)) != len(labels):
        raise input_error("scenario listed twice", "scenarios", names, "distinct scenarios", source)
    baseline = table.get("baseline", labels[0])
    if baseline not in labels:
        raise input_error("baseline is not one of the scenarios", "baseline", baseline,
                          ", ".join(labels), source)
    replications = check_int(table, "replications", 1, 1, source,
                             high=MAX_REPLICATIONS) or 1
    cap = check_int(table, "max_replications", max(100, replications), replications, source,
                    high=MAX_REPLICATIONS) or 100
    precision = table.get("precision")
    if precision is not None:
        precision = check_number(precision, "precision", source, positive=True)
    seed = check_int(table, "seed", 0, 0, source, high=2**63 - 1) or 0  # stored as int64
    timeout = table.get("timeout")
    if timeout is not None:
        timeout = check_number(timeout, "timeout", source, positive=True)
    declared = [m.key for m in METRICS.summaries()]
    metrics = table.get("metrics", [m.key for m in METRICS.headline()])
    if not isinstance(metrics, list) or not metrics:
        raise input_error("metrics must be a non-empty list", "metrics", metrics,
                          ", ".join(declared), source)
    for m in metrics:
        if m not in declared:
            raise input_error("unknown metric", "metrics", m, ", ".join(declared), source)
    outputs = table.get("outputs", list(OUTPUTS))
    if not isinstance(outputs, list) or any(o not in OUTPUTS for o in outputs):
        raise input_error("unknown output", "outputs", outputs, "a list of: daily, hours", source)
    raw_params = table.get("params", {})
    if not isinstance(raw_params, Mapping):
        raise input_error("params must be a table", "params", raw_params,
                          "a table of dotted parameter keys", source)
    params = flatten(raw_params, source=source)
    for key, field_name in (("run.days", "days"), ("run.warmup_days", "warmup_days"),
                            ("run.communities", "communities")):
        if field_name in table:
            if key in params and str(params[key]) != str(table[field_name]):
                raise input_error(f"{key} given twice: {field_name} = {table[field_name]} and "
                                  f"{key} = {params[key]} in params (or --set)", key,
                                  params[key], f"either {field_name} or {key}, not both", source)
            params[key] = table[field_name]
    for scenario in scenarios:
        scenario.params(params, source=source)  # validate now, naming the spec file
    design = parse_design(table.get("design"), source)
    if design.kind in ("sobol", "morris") and len(scenarios) != 1:
        raise input_error(f"a {design.kind} design analyses one scenario", "scenarios", names,
                          "exactly one scenario", source)
    for f in design.factors:
        if f.key in params:
            raise input_error("a factor is also fixed in params", f.key, params[f.key],
                              "either a factor or a fixed parameter", source)
    resolved = {k: v for k, v in table.items()}
    resolved["params"] = params
    return Spec(name=name.strip(), description=description.strip(),
                scenarios=tuple(scenarios), baseline=baseline, replications=replications,
                max_replications=cap, precision=precision, seed=seed, params=params,
                design=design, metrics=tuple(metrics), outputs=tuple(outputs),
                timeout=timeout, source=source, table=resolved, plugins=resolved_plugins)


def load_spec(path: str | Path, sets: Mapping[str, Any] | None = None,
              plugins: Sequence[str] = ()) -> Spec:
    """Read and validate an experiment specification TOML file.

    Parameters
    ----------
    path : str or Path
        The TOML file.
    sets : mapping, optional
        ``--set`` assignments (see :func:`spec_from_table`).
    plugins : sequence of str, optional
        Further plugins to load (``--plugin``).

    """
    path = Path(path)
    if path.suffix != ".toml" and not path.exists():
        candidate = Path("experiments") / f"{path}.toml"
        if candidate.exists():
            path = candidate
    return spec_from_table(read_toml(path), str(path), base=path.parent, sets=sets,
                           plugins=[str(Path(x).resolve()) if x.endswith(".py") else x
                                    for x in plugins])
