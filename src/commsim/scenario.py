"""Scenarios are data: TOML files expanded into validated parameters.

A scenario file names the policies that are active and any parameter values
that differ from the defaults::

    name = "admission_gate"
    description = "Statutory list; other work refused unless it brings funding."
    policies = ["admission_gate"]

    [params]
    "gate.leakage" = 0.3          # or as a nested table: [params.gate] leakage = 0.3

Adding a scenario never needs a code change: drop a file into
``src/commsim/scenarios/`` (or pass its path).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commsim.errors import InputError
from commsim.parameters import Params, flatten
from commsim.tomlfile import read_toml

SCENARIO_DIR = Path(__file__).parent / "scenarios"
_TOP_LEVEL = {"name", "description", "policies", "params"}


@dataclass(frozen=True)
class Scenario:
    """A named combination of policies and parameter values.

    Attributes
    ----------
    name : str
        Short identifier, used on the command line and in result tables.
    description : str
        What the scenario represents, in words.
    policies : tuple of str
        Registered policy names, applied in this order at every hook.
    overrides : dict
        Dotted parameter keys to values (validated on :meth:`params`).
    source : str
        The file it came from.

    """

    name: str
    description: str
    policies: tuple[str, ...]
    overrides: dict[str, Any] = field(default_factory=dict)
    source: str = "<python>"

    def params(self, extra: Mapping[str, Any] | None = None, source: str = "--set") -> Params:
        """Resolve the scenario into a full, validated :class:`Params`.

        Parameters
        ----------
        extra : mapping, optional
            Further overrides (e.g. from ``--set``), applied after the scenario's own.
        source : str
            Where ``extra`` came from, for error messages.

        """
        resolved = Params.defaults().with_overrides(self.overrides, source=self.source)
        if extra:
            resolved = resolved.with_overrides(extra, source=source)
        return resolved


def scenario_from_table(table: Mapping[str, Any], source: str) -> Scenario:
    """Build and validate a :class:`Scenario` from a parsed TOML table."""
    from commsim import policies  # registers the built-in policies and their parameters

    for key in table:
        if key not in _TOP_LEVEL:
            raise InputError("unknown scenario field", key=key,
                             allowed=", ".join(sorted(_TOP_LEVEL)), source=source)
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError("scenario needs a name", key="name", value=name,
                         allowed="a non-empty string", source=source)
    description = table.get("description", "")
    if not isinstance(description, str):
        raise InputError("description must be text", key="description", value=description,
                         allowed="a string", source=source)
    names = table.get("policies", ["no_gate"])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InputError("policies must be a list of names", key="policies", value=names,
                         allowed=", ".join(policies.available()), source=source)
    for policy_name in names:
        policies.get(policy_name, source=source)
    raw = table.get("params", {})
    if not isinstance(raw, Mapping):
        raise InputError("params must be a table", key="params", value=raw,
                         allowed="a TOML table of dotted keys", source=source)
    scenario = Scenario(name.strip(), description.strip(), tuple(names),
                        flatten(raw, source=source), source)
    scenario.params()  # validate keys and ranges now, naming this file
    return scenario


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a built-in scenario by name, or any scenario file by path.

    Raises
    ------
    InputError
        Unknown scenario, malformed TOML, unknown key or value out of range.

    """
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = SCENARIO_DIR / f"{name_or_path}.toml"
        if not path.exists():
            raise InputError("unknown scenario", key="scenario", value=str(name_or_path),
                             allowed=", ".join(s.name for s in list_scenarios()),
                             source=str(SCENARIO_DIR.name))
    return scenario_from_table(read_toml(path), str(path))


def list_scenarios(validate: bool = True) -> list[Scenario]:
    """All built-in scenarios, sorted by name.

    Parameters
    ----------
    validate : bool
        Check policies and parameters (imports the policies). ``False`` only reads the
        files' names, descriptions and policy names, which is enough to list them.

    """
    if validate:
        found = [scenario_from_table(read_toml(p), str(p)) for p in SCENARIO_DIR.glob("*.toml")]
    else:
        found = [_described(read_toml(p), str(p)) for p in SCENARIO_DIR.glob("*.toml")]
    return sorted(found, key=lambda s: s.name)


def _described(table: Mapping[str, Any], source: str) -> Scenario:
    """A :class:`Scenario` with the table's name, description and policies, unvalidated."""
    return Scenario(str(table.get("name", "")).strip(), str(table.get("description", "")).strip(),
                    tuple(table.get("policies", ["no_gate"])), {}, source)
