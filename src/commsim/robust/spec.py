"""The robust-decision specification: one TOML file for calibration, experiment and search.

The vocabulary is EMA Workbench's: *uncertainties* (parameters we do not control:
calibrated ones narrowed by targets, deep ones no target can narrow), *levers*
(settings a planner chooses) and *outcomes* (summary metrics). See
``experiments/robust_policy.toml`` for a commented example and ``docs/decisions.md``.
``[quick]`` holds dotted overrides applied by ``--quick`` (a laptop-sized run).
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commsim.core.parameters import SCHEMA
from commsim.experiments.checks import check_int, check_number, input_error
from commsim.inputs.scenario import Scenario, load_scenario, read_toml
from commsim.robust.history import Range, Target
from commsim.robust.metrics import Threshold

_TOP = {"name", "description", "seed", "days", "communities", "outcomes", "thresholds",
        "calibration", "experiment", "policies", "search", "quick", "params"}
#: Most candidate points a calibration wave screens (memory grows with candidates x
#: uncertainties; 200,000 x 20 doubles is 32 MB per pool).
MAX_CANDIDATES = 200_000
_CAL = {"scenario", "days", "waves", "runs_per_wave", "ensemble", "cutoff", "candidates",
        "uncertainties", "targets"}
_EXP = {"worlds", "uncertainties"}
_SEARCH = {"scenario", "levers", "generations", "population", "worlds", "statistic",
           "algorithm"}
STATISTICS = ("mean", "p90")
ALGORITHMS = ("nsga2", "nsga3")


@dataclass(frozen=True)
class Policy:
    """A policy option: a scenario with fixed lever values."""

    name: str
    scenario: Scenario
    levers: dict[str, Any] = field(default_factory=dict)

    def as_scenario(self) -> Scenario:
        """The scenario with the levers applied, named after the option."""
        s = self.scenario
        return Scenario(self.name, s.description, s.policies, {**s.overrides, **self.levers},
                        s.source)


@dataclass(frozen=True)
class RobustSpec:
    """A validated robust-decision specification."""

    name: str
    description: str
    seed: int
    days: int
    communities: int
    outcomes: tuple[str, ...]
    thresholds: tuple[Threshold, ...]
    params: dict[str, Any]
    cal_scenario: Scenario
    #: Measured days of each calibration run (the targets' own span; ``days`` if not set).
    cal_days: int
    ranges: tuple[Range, ...]
    targets: tuple[Target, ...]
    waves: int
    runs_per_wave: int
    ensemble: int
    cutoff: float
    candidates: int
    worlds: int
    deep: tuple[Range, ...]
    policies: tuple[Policy, ...]
    search_scenario: Scenario | None
    search_levers: tuple[Range, ...]
    generations: int
    population: int
    search_worlds: int
    statistic: str
    algorithm: str
    source: str
    table: dict[str, Any]

    def fingerprint(self, part: str = "") -> str:
        """Hash of the table (or of one part of it) for checking a resume."""
        data = self.table if not part else {
            k: self.table.get(k) for k in ("seed", "days", "communities", "params", part)}
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()
                              ).hexdigest()[:16]


def _err(msg: str, key: str, value: Any, allowed: str, source: str) -> Exception:
    return input_error(msg, key, value, allowed, source)


def _table(raw: Any, key: str, allowed: set[str] | None, source: str) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise _err("must be a table", key, raw, "a TOML table", source)
    if allowed is not None:
        for k in raw:
            if k not in allowed:
                raise _err("unknown field", f"{key}.{k}", raw[k], ", ".join(sorted(allowed)),
                           source)
    return dict(raw)


def _ranges(raw: Any, key: str, source: str) -> tuple[Range, ...]:
    out = []
    for pkey, bounds in _table(raw, key, None, source).items():
        where = f"{key}.{pkey}"
        SCHEMA.lookup(pkey, source)
        b = _table(bounds, where, {"low", "high"}, source)
        if "low" not in b or "high" not in b:
            raise _err("needs low and high", where, bounds, "{ low = ..., high = ... }", source)
        low = check_number(b["low"], f"{where}.low", source)
        high = check_number(b["high"], f"{where}.high", source)
        param = SCHEMA[pkey]
        for v, side in ((low, "low"), (high, "high")):
            param.coerce(round(v) if isinstance(param.default, int) else v,
                         f"{source} ({where}.{side})")
        if not low < high:
            raise _err("low must be below high", where, f"low={low}, high={high}", "low < high",
                       source)
        out.append(Range(pkey, low, high, isinstance(param.default, int)))
    return tuple(out)


def _metric(name: Any, key: str, source: str) -> str:
    import commsim.model  # noqa: F401  (declares the summary metrics)
    from commsim.core.metrics import METRICS

    if not isinstance(name, str) or METRICS.get(name) is None or METRICS[name].daily:
        known = ", ".join(m.key for m in METRICS.summaries())
        raise _err("unknown metric", key, name, known, source)
    return name


def _targets(raw: Any, source: str) -> tuple[Target, ...]:
    if not isinstance(raw, list) or not raw:
        raise _err("needs a list of targets", "calibration.targets", raw,
                   "[[calibration.targets]] tables with metric, low and/or high", source)
    out = []
    for i, t in enumerate(raw):
        where = f"calibration.targets[{i}]"
        t = _table(t, where, {"metric", "low", "high", "text", "source"}, source)
        metric = _metric(t.get("metric"), f"{where}.metric", source)
        low = check_number(t["low"], f"{where}.low", source) if "low" in t else float("-inf")
        high = check_number(t["high"], f"{where}.high", source) if "high" in t else float("inf")
        if not low < high:
            raise _err("a target needs low < high", where, t, "low and/or high, low < high",
                       source)
        out.append(Target(metric, low, high, str(t.get("text", "")), str(t.get("source", ""))))
    return tuple(out)


def _thresholds(raw: Any, source: str) -> tuple[Threshold, ...]:
    out = []
    for metric, bounds in _table(raw, "thresholds", None, source).items():
        _metric(metric, f"thresholds.{metric}", source)
        b = _table(bounds, f"thresholds.{metric}", {"min", "max"}, source)
        if not b:
            raise _err("a threshold needs min and/or max", f"thresholds.{metric}", bounds,
                       "{ max = 8.0 } or { min = 0.8 }", source)
        low = check_number(b["min"], f"thresholds.{metric}.min", source) if "min" in b else None
        high = check_number(b["max"], f"thresholds.{metric}.max", source) if "max" in b else None
        out.append(Threshold(metric, low, high))
    return tuple(out)


def _policies(raw: Any, base: Path, source: str) -> tuple[Policy, ...]:
    out: list[Policy] = []
    for name, body in _table(raw, "policies", None, source).items():
        where = f"policies.{name}"
        body = _table(body, where, {"scenario", "levers"}, source)
        scenario = _scenario(body.get("scenario", "baseline"), base, f"{where}.scenario", source)
        levers = _table(body.get("levers"), f"{where}.levers", None, source)
        for key in levers:
            SCHEMA.lookup(key, source)
        grid = {k: v if isinstance(v, list) else [v] for k, v in levers.items()}
        combos = list(itertools.product(*grid.values()))
        for combo in combos:
            values = dict(zip(grid, combo, strict=True))
            label = name if len(combos) == 1 else name + "(" + ", ".join(
                f"{k.rsplit('.', 1)[-1]}={v:g}" if isinstance(v, (int, float)) else
                f"{k.rsplit('.', 1)[-1]}={v}" for k, v in values.items()) + ")"
            opt = Policy(label, scenario, values)
            scenario.params(values, source=f"{source} ({where}.levers)")
            out.append(opt)
    if not out:
        raise _err("needs at least one policy", "policies", raw,
                   "[policies.NAME] tables with scenario and levers", source)
    return tuple(out)


def _scenario(name: Any, base: Path, key: str, source: str) -> Scenario:
    if not isinstance(name, str):
        raise _err("must be a scenario name or path", key, name, "e.g. \"admission_gate\"",
                   source)
    path = Path(name)
    if path.suffix == ".toml" and not path.is_absolute():
        path = base / path
    return load_scenario(path if path.suffix == ".toml" else name)


def _apply_quick(table: dict[str, Any], source: str) -> dict[str, Any]:
    table = copy.deepcopy(table)
    for dotted, value in _table(table.get("quick"), "quick", None, source).items():
        node = table
        *heads, leaf = dotted.split(".")
        for h in heads:
            node = node.setdefault(h, {})
        node[leaf] = value
    return table


def robust_spec_from_table(table: Mapping[str, Any], source: str = "<python>",
                           base: Path | None = None, quick: bool = False) -> RobustSpec:
    """Validate a parsed robust specification (``quick`` applies its ``[quick]`` table)."""
    table = dict(table)
    for k in table:
        if k not in _TOP:
            raise _err("unknown field", k, table[k], ", ".join(sorted(_TOP)), source)
    if quick:
        table = _apply_quick(table, source)
    table.pop("quick", None)
    base = base or Path(".")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip() or "/" in name:
        raise _err("needs a name usable as a folder name", "name", name,
                   "a non-empty string without '/'", source)
    cal = _table(table.get("calibration"), "calibration", _CAL, source)
    exp = _table(table.get("experiment"), "experiment", _EXP, source)
    search = _table(table.get("search"), "search", _SEARCH, source)
    outcomes = table.get("outcomes", ["cost_yuan", "overtime_hours_per_cadre_week",
                                      "resident_satisfaction", "turnover_rate"])
    if not isinstance(outcomes, list) or not outcomes:
        raise _err("must be a non-empty list of metrics", "outcomes", outcomes,
                   "summary metric names", source)
    outcomes = [_metric(m, "outcomes", source) for m in outcomes]
    ranges = _ranges(cal.get("uncertainties"), "calibration.uncertainties", source)
    deep = _ranges(exp.get("uncertainties"), "experiment.uncertainties", source)
    search_levers = _ranges(search.get("levers"), "search.levers", source)
    policies = _policies(table.get("policies"), base, source)
    clash = {r.key for r in ranges} & {r.key for r in deep}
    lever_keys = {k for p in policies for k in p.levers} | {r.key for r in search_levers}
    clash |= ({r.key for r in ranges} | {r.key for r in deep}) & lever_keys
    if clash:
        raise _err("a parameter is both an uncertainty and a lever (or uncertain twice)",
                   "uncertainties", sorted(clash), "disjoint sets of keys", source)
    statistic = search.get("statistic", "mean")
    if statistic not in STATISTICS:
        raise _err("unknown statistic", "search.statistic", statistic, ", ".join(STATISTICS),
                   source)
    algorithm = search.get("algorithm", "nsga2")
    if algorithm not in ALGORITHMS:
        raise _err("unknown algorithm", "search.algorithm", algorithm, ", ".join(ALGORITHMS),
                   source)
    params = _table(table.get("params"), "params", None, source)
    days = check_int(table, "days", 365, 1, source) or 365
    communities = check_int(table, "communities", 8, 1, source) or 8
    return RobustSpec(
        name=name.strip(), description=str(table.get("description", "")).strip(),
        seed=check_int(table, "seed", 0, 0, source) or 0, days=days, communities=communities,
        outcomes=tuple(outcomes), thresholds=_thresholds(table.get("thresholds"), source),
        params=params,
        cal_scenario=_scenario(cal.get("scenario", "baseline"), base, "calibration.scenario",
                               source),
        cal_days=check_int(cal, "days", days, 1, source, "calibration.days") or days,
        ranges=ranges, targets=_targets(cal.get("targets"), source),
        waves=check_int(cal, "waves", 3, 1, source, "calibration.waves") or 3,
        runs_per_wave=check_int(cal, "runs_per_wave", 60, 4, source,
                                "calibration.runs_per_wave") or 60,
        ensemble=check_int(cal, "ensemble", 100, 1, source, "calibration.ensemble") or 100,
        cutoff=check_number(cal.get("cutoff", 3.0), "calibration.cutoff", source, positive=True),
        candidates=check_int(cal, "candidates", 20000, 100, source,
                             "calibration.candidates", high=MAX_CANDIDATES) or 20000,
        worlds=check_int(exp, "worlds", 50, 1, source, "experiment.worlds") or 50,
        deep=deep, policies=policies,
        search_scenario=_scenario(search["scenario"], base, "search.scenario", source)
        if "scenario" in search else None,
        search_levers=search_levers,
        generations=check_int(search, "generations", 10, 1, source, "search.generations") or 10,
        population=check_int(search, "population", 16, 4, source, "search.population") or 16,
        search_worlds=check_int(search, "worlds", 10, 1, source, "search.worlds") or 10,
        statistic=statistic, algorithm=algorithm, source=source, table=table)


def load_robust_spec(path: str | Path, quick: bool = False) -> RobustSpec:
    """Read and validate a robust specification TOML file."""
    path = Path(path)
    return robust_spec_from_table(read_toml(path), str(path), path.parent, quick)
