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
    communities = 8                       # run.communities
    metrics = ["overtime_hours_per_cadre_week", "resident_satisfaction", "turnover_rate"]
    outputs = ["daily", "hours"]          # series to keep besides runs.parquet

    [params]                              # fixed overrides for every run
    "gate.review_days" = 3.0

    [design]
    kind = "grid"                         # replications | grid | lhs | sobol | morris
    [design.factors."gate.strictness"]
    values = [0.5, 0.7, 0.9]              # grid values; or low/high (+ levels for a grid)
    [design.factors."gate.leakage"]
    low = 0.1
    high = 0.5
    levels = 3

Sampling designs (``lhs``, ``sobol``, ``morris``) take ``samples`` and, per
factor, ``low``/``high`` (uniform), ``distribution = "normal"`` with ``mean``
and ``sd`` (clipped to the parameter's range), ``distribution = "triangular"``
with ``low``, ``mode``, ``high``, or a list of ``values`` drawn with equal
probability. Unknown keys and bad values raise :class:`~commsim.errors.InputError`
naming the key, value, allowed values and file.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from commsim.errors import InputError
from commsim.parameters import SCHEMA, Param, flatten
from commsim.scenario import Scenario, load_scenario, read_toml
from commsim.stats import HEADLINE_METRICS, SUMMARY_METRICS

DESIGNS = ("replications", "grid", "lhs", "sobol", "morris")
OUTPUTS = ("daily", "hours")
DISTRIBUTIONS = ("uniform", "normal", "triangular")
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
    "communities": "run.communities",
    "timeout": "seconds per run",
    "metrics": "summary metrics to analyse",
    "outputs": "daily, hours",
    "params": "fixed parameter values",
    "design": "the design table",
    "plugins": "modules or .py files that register extra policies",
}
_DESIGN = {"kind", "samples", "levels", "second_order", "seed", "factors"}
_FACTOR = {"values", "low", "high", "levels", "distribution", "mean", "sd", "mode"}
#: Spec fields that ``--set`` may change besides model parameters.
SETTABLE = ("replications", "max_replications", "precision", "seed", "days", "communities",
            "timeout", "baseline", "design.samples", "design.levels", "design.kind")


@dataclass(frozen=True)
class Factor:
    """An uncertain or swept parameter of a design.

    Attributes
    ----------
    key : str
        Dotted parameter key.
    values : tuple, optional
        Discrete values (grid levels, or equally likely values when sampled).
    low, high : float, optional
        Range (uniform, triangular, or clip bounds of a normal).
    distribution : str
        ``uniform``, ``normal`` or ``triangular``.
    mean, sd, mode : float, optional
        Parameters of the normal and triangular distributions.
    levels : int, optional
        Grid levels spread evenly over ``[low, high]``.

    """

    key: str
    values: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    distribution: str = "uniform"
    mean: float | None = None
    sd: float | None = None
    mode: float | None = None
    levels: int | None = None

    @property
    def param(self) -> Param:
        """The declaration of the parameter."""
        return SCHEMA[self.key]

    def _cast(self, value: Any) -> Any:
        default = self.param.default
        if isinstance(default, int) and not isinstance(default, bool):
            return int(round(float(value)))
        if isinstance(default, float):
            return float(value)
        return value

    def grid(self) -> list[Any]:
        """The factor's grid levels."""
        if self.values is not None:
            return list(self.values)
        assert self.low is not None and self.high is not None and self.levels is not None
        raw = np.linspace(self.low, self.high, self.levels)
        return list(dict.fromkeys(self._cast(v) for v in raw))

    def from_unit(self, u: np.ndarray) -> list[Any]:
        """Map points of the unit interval to parameter values (inverse CDF)."""
        from scipy import stats

        u = np.asarray(u, dtype=float)
        if self.values is not None:
            idx = np.minimum((u * len(self.values)).astype(int), len(self.values) - 1)
            return [self.values[i] for i in idx]
        if self.distribution == "normal":
            x = stats.norm.ppf(np.clip(u, 1e-12, 1 - 1e-12), loc=self.mean, scale=self.sd)
            lo = self.low if self.low is not None else self.param.low
            hi = self.high if self.high is not None else self.param.high
            x = np.clip(x, -np.inf if lo is None else lo, np.inf if hi is None else hi)
        elif self.distribution == "triangular":
            assert self.low is not None and self.high is not None and self.mode is not None
            width = self.high - self.low
            x = stats.triang.ppf(u, (self.mode - self.low) / width, loc=self.low, scale=width)
        else:
            assert self.low is not None and self.high is not None
            x = self.low + u * (self.high - self.low)
        return [self._cast(v) for v in x]


@dataclass(frozen=True)
class Design:
    """The design of an experiment: its kind, size and factors."""

    kind: str = "replications"
    samples: int | None = None
    levels: int = 4
    second_order: bool = False
    seed: int | None = None
    factors: tuple[Factor, ...] = ()


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
    metrics: tuple[str, ...] = HEADLINE_METRICS
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


def _err(message: str, key: str, value: Any, allowed: str, source: str) -> InputError:
    return InputError(message, key=key, value=value, allowed=allowed, source=source)


def _int(table: Mapping[str, Any], key: str, default: int | None, low: int, source: str,
         label: str | None = None) -> int | None:
    value = table.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _err(f"{label or key} must be an integer >= {low}", label or key, value,
                   f"integer >= {low}", source)
    return value


def _number(value: Any, key: str, source: str, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _err("expected a number", key, value, "a finite number", source)
    if positive and value <= 0:
        raise _err("must be positive", key, value, "a number > 0", source)
    return float(value)


def _factor(key: str, raw: Any, kind: str, source: str) -> Factor:
    where = f"design.factors.{key}"
    if key not in SCHEMA:
        SCHEMA.lookup(key, source)  # raises with a suggestion
    param = SCHEMA[key]
    if not isinstance(raw, Mapping):
        raise _err("a factor must be a table", where, raw,
                   "{ values = [...] } or { low = ..., high = ... }", source)
    for k in raw:
        if k not in _FACTOR:
            raise _err("unknown factor field", f"{where}.{k}", raw[k],
                       ", ".join(sorted(_FACTOR)), source)
    numeric = isinstance(param.default, (int, float)) and not isinstance(param.default, bool)
    values = raw.get("values")
    if values is not None:
        if not isinstance(values, list) or not values:
            raise _err("values must be a non-empty list", f"{where}.values", values,
                       param.allowed(), source)
        values = tuple(param.coerce(v, source) for v in values)
        return Factor(key, values=values)
    if not numeric:
        raise _err("a non-numeric parameter needs a list of values", where, raw,
                   "values = [...]", source)
    dist = raw.get("distribution", "uniform")
    if dist not in DISTRIBUTIONS:
        raise _err("unknown distribution", f"{where}.distribution", dist,
                   ", ".join(DISTRIBUTIONS), source)

    def bound(name: str) -> float | None:
        if name not in raw:
            return None
        value = _number(raw[name], f"{where}.{name}", source)
        param.coerce(value if isinstance(param.default, float) else round(value),
                     f"{source} ({where}.{name})")
        return value

    low, high = bound("low"), bound("high")
    mean, mode = bound("mean"), bound("mode")
    sd = _number(raw["sd"], f"{where}.sd", source, positive=True) if "sd" in raw else None
    if dist == "normal":
        if mean is None or sd is None:
            raise _err("a normal factor needs mean and sd", where, raw, "mean = ..., sd = ...",
                       source)
    else:
        if low is None or high is None:
            raise _err("a factor needs low and high (or values)", where, raw,
                       "low < high within " + param.allowed(), source)
        if not low < high:
            raise _err("low must be below high", where, f"low={low}, high={high}",
                       "low < high", source)
        if dist == "triangular" and (mode is None or not low <= mode <= high):
            raise _err("a triangular factor needs low <= mode <= high", f"{where}.mode", mode,
                       f"a number in [{low}, {high}]", source)
    levels = _int(raw, "levels", None, 2, source, f"{where}.levels")
    if kind == "grid" and levels is None:
        raise _err("a grid factor needs values or levels", where, raw,
                   "values = [...] or low, high and levels", source)
    return Factor(key, low=low, high=high, distribution=dist, mean=mean, sd=sd, mode=mode,
                  levels=levels)


def _design(raw: Any, source: str) -> Design:
    if raw is None:
        return Design()
    if not isinstance(raw, Mapping):
        raise _err("design must be a table", "design", raw, "a TOML table", source)
    for k in raw:
        if k not in _DESIGN:
            raise _err("unknown design field", f"design.{k}", raw[k],
                       ", ".join(sorted(_DESIGN)), source)
    kind = raw.get("kind", "replications")
    if kind not in DESIGNS:
        raise _err("unknown design", "design.kind", kind, ", ".join(DESIGNS), source)
    factors_raw = raw.get("factors", {})
    if not isinstance(factors_raw, Mapping):
        raise _err("design.factors must be a table", "design.factors", factors_raw,
                   "a table of parameter keys", source)
    # accept both nested tables and quoted dotted keys
    flat: dict[str, Any] = {}
    for key, value in factors_raw.items():
        if isinstance(value, Mapping) and not (set(value) & _FACTOR):
            for sub, val in flatten(value, f"{key}.").items():
                head, _, leaf = sub.rpartition(".")
                flat.setdefault(head, {})[leaf] = val
        else:
            flat[key] = value
    factors = tuple(_factor(k, v, kind, source) for k, v in flat.items())
    if kind == "replications" and factors:
        raise _err("a plain replications design takes no factors", "design.factors",
                   ", ".join(f.key for f in factors), "kind = grid, lhs, sobol or morris",
                   source)
    if kind != "replications" and not factors:
        raise _err(f"a {kind} design needs factors", "design.factors", None,
                   "at least one [design.factors.\"dotted.key\"] table", source)
    samples = _int(raw, "samples", None, 1, source, "design.samples")
    if kind in ("lhs", "sobol", "morris") and samples is None:
        raise _err(f"a {kind} design needs samples", "design.samples", None,
                   "integer >= 1", source)
    if kind == "sobol" and samples is not None and samples & (samples - 1):
        raise _err("Sobol samples must be a power of two", "design.samples", samples,
                   "1, 2, 4, 8, 16, ...", source)
    if kind in ("sobol", "morris"):
        for f in factors:
            if f.values is not None and len(f.values) < 2:
                raise _err("a sensitivity factor needs a range", f"design.factors.{f.key}",
                           f.values, "two or more values, or low and high", source)
    levels = _int(raw, "levels", 4, 2, source, "design.levels") or 4
    second = raw.get("second_order", False)
    if not isinstance(second, bool):
        raise _err("second_order must be true or false", "design.second_order", second,
                   "true or false", source)
    seed = _int(raw, "seed", None, 0, source, "design.seed")
    return Design(kind, samples, levels, second, seed, factors)


def _apply_sets(table: dict[str, Any], sets: Mapping[str, Any] | None) -> dict[str, Any]:
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
            table["params"] = {**flatten(table["params"]), key: value}
    return table


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
    table = _apply_sets(dict(table), sets)
    if plugins:
        table["plugins"] = [*table.get("plugins", []), *plugins]
    for key in table:
        if key not in _TOP:
            raise _err("unknown experiment field", key, table[key], ", ".join(sorted(_TOP)),
                       source)
    name = table.get("name")
    if not isinstance(name, str) or not name.strip() or "/" in name or name.startswith("."):
        raise _err("an experiment needs a name usable as a folder name", "name", name,
                   "a non-empty string without '/'", source)
    description = table.get("description", "")
    if not isinstance(description, str):
        raise _err("description must be text", "description", description, "a string", source)
    plugin_list = table.get("plugins", [])
    if not isinstance(plugin_list, list) or not all(isinstance(x, str) for x in plugin_list):
        raise _err("plugins must be a list of module names or .py paths", "plugins",
                   plugin_list, "e.g. [\"mypkg.policy\", \"my_policy.py\"]", source)
    resolved_plugins = tuple(
        str((base / x).resolve() if base is not None and not Path(x).is_absolute()
            else Path(x).resolve()) if x.endswith(".py") else x for x in plugin_list)
    if resolved_plugins:
        from commsim.plugins import load_plugins

        load_plugins(resolved_plugins)
    names = table.get("scenarios", ["baseline"])
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise _err("scenarios must be a non-empty list of names or paths", "scenarios", names,
                   "e.g. [\"baseline\", \"admission_gate\"]", source)
    scenarios = []
    for n in names:
        path = Path(n)
        if path.suffix == ".toml" and base is not None and not path.is_absolute():
            path = base / path
        scenarios.append(load_scenario(path if path.suffix == ".toml" else n))
    labels = [s.name for s in scenarios]
    if len(set(labels)) != len(labels):
        raise _err("scenario listed twice", "scenarios", names, "distinct scenarios", source)
    baseline = table.get("baseline", labels[0])
    if baseline not in labels:
        raise _err("baseline is not one of the scenarios", "baseline", baseline,
                   ", ".join(labels), source)
    replications = _int(table, "replications", 1, 1, source) or 1
    cap = _int(table, "max_replications", max(100, replications), replications, source) or 100
    precision = table.get("precision")
    if precision is not None:
        precision = _number(precision, "precision", source, positive=True)
    seed = _int(table, "seed", 0, 0, source) or 0
    timeout = table.get("timeout")
    if timeout is not None:
        timeout = _number(timeout, "timeout", source, positive=True)
    metrics = table.get("metrics", list(HEADLINE_METRICS))
    if not isinstance(metrics, list) or not metrics:
        raise _err("metrics must be a non-empty list", "metrics", metrics,
                   ", ".join(SUMMARY_METRICS), source)
    for m in metrics:
        if m not in SUMMARY_METRICS:
            raise _err("unknown metric", "metrics", m, ", ".join(SUMMARY_METRICS), source)
    outputs = table.get("outputs", list(OUTPUTS))
    if not isinstance(outputs, list) or any(o not in OUTPUTS for o in outputs):
        raise _err("unknown output", "outputs", outputs, "a list of: daily, hours", source)
    raw_params = table.get("params", {})
    if not isinstance(raw_params, Mapping):
        raise _err("params must be a table", "params", raw_params,
                   "a table of dotted parameter keys", source)
    params = flatten(raw_params)
    for key, field_name in (("run.days", "days"), ("run.communities", "communities")):
        if field_name in table:
            params[key] = table[field_name]
    for scenario in scenarios:
        scenario.params(params, source=source)  # validate now, naming the spec file
    design = _design(table.get("design"), source)
    if design.kind in ("sobol", "morris") and len(scenarios) != 1:
        raise _err(f"a {design.kind} design analyses one scenario", "scenarios", names,
                   "exactly one scenario", source)
    for f in design.factors:
        if f.key in params:
            raise _err("a factor is also fixed in params", f.key, params[f.key],
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
