"""Scenarios are data: TOML files expanded into validated parameters.

A scenario file names the policies that are active and any parameter values
that differ from the defaults::

    name = "admission_gate"
    description = "Statutory list; other work refused unless it brings funding."
    policies = ["admission_gate"]
    model = "forgiving:ForgivingModel"   # optional: a model class from a plugin

    [params]
    "street.leakage" = 0.3          # or as a nested table: [params.street] leakage = 0.3

Adding a scenario never needs a code change: drop a file into
``src/commsim/inputs/scenarios/`` (or pass its path). ``model = "module:Class"`` names a
:class:`~commsim.CommunityModel` subclass: ``module`` is a plugin already loaded
with ``--plugin`` (by its file's stem), an importable module, or a ``.py`` file
relative to the scenario file.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from commsim.core.errors import InputError
from commsim.core.parameters import SCHEMA, Params, flatten
from commsim.core.tomlfile import read_toml
from commsim.inputs.plugins import load_plugin, loaded_plugin, plain_module

if TYPE_CHECKING:
    from commsim.model import CommunityModel

SCENARIO_DIR = Path(__file__).parent / "scenarios"
_TOP_LEVEL = {"name", "description", "description_zh", "policies", "params", "model"}


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
    model : str
        ``"module:Class"`` of the model class, or empty for :class:`~commsim.CommunityModel`.
    model_class : type or None
        The model class, resolved when the scenario is loaded (``None``: the built-in).
    description_zh : str
        The description in Chinese (empty: readers of Chinese see ``description``).

    """

    name: str
    description: str
    policies: tuple[str, ...]
    overrides: dict[str, Any] = field(default_factory=dict)
    source: str = "<python>"
    model: str = ""
    model_class: type[CommunityModel] | None = field(default=None, compare=False)
    description_zh: str = ""

    def describe(self, lang: str = "en") -> str:
        """The description in ``lang`` (the English one when there is no Chinese one)."""
        return self.description_zh if lang == "zh" and self.description_zh else self.description

    def params(
        self, extra: Mapping[str, Any] | None = None, source: str = "--set",
        model_class: type[CommunityModel] | None = None,
    ) -> Params:
        """Resolve the scenario into a full, validated :class:`Params`.

        Parameters
        ----------
        extra : mapping, optional
            Further overrides (e.g. from ``--set``), applied after the scenario's own.
        source : str
            Where ``extra`` came from, for error messages.
        model_class : type, optional
            The model class the run uses (default: the scenario's own).

        Raises
        ------
        InputError
            An unknown key, a value out of range, or a plugin's parameter that no
            active policy or model class reads.

        """
        resolved = Params.defaults().with_overrides(self.overrides, source=self.source)
        if extra:
            resolved = resolved.with_overrides(extra, source=source)
        model = model_class or self.model_class
        check_read(self.overrides, self.policies, model, self.source)
        check_read(extra or {}, self.policies, model, source)
        if resolved["run.district"]:
            from commsim.inputs.district import district_for

            district_for(str(resolved["run.district"]))  # a bad file fails here, one line
        return resolved

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled (e.g. to a worker process) without the class: the worker resolves
        # ``model`` again, loading the plugin file if needed.
        return (_rebuild, (self.name, self.description, self.policies, self.overrides,
                           self.source, self.model, self.description_zh))

    def make_model_class(self) -> type[CommunityModel]:
        """The class a run of this scenario builds."""
        if self.model_class is not None:
            return self.model_class
        from commsim.model import CommunityModel

        return CommunityModel

    def model_name(self) -> str:
        """``"module:Class"`` of the class a run builds (recorded in headers and manifests)."""
        return class_name(self.make_model_class())


def _rebuild(name: str, description: str, names: tuple[str, ...], overrides: dict[str, Any],
             source: str, model: str, description_zh: str = "") -> Scenario:
    model_class = resolve_model_class(model, source, Path(source).parent) if model else None
    return Scenario(name, description, names, overrides, source, model, model_class,
                    description_zh)


def _owner_active(owner: str, names: tuple[str, ...], model: type | None) -> bool:
    # Classes are compared by module and name, not identity: a plugin file may be imported
    # both by path (--plugin) and as a module (a worker resolving a scenario's model).
    from commsim import policies

    kind, _, who = owner.partition(":")
    classes = list(model.__mro__) if model is not None else []
    if kind == "policy":
        return who in names
    if kind == "model":
        return any(f"{plain_module(c.__module__)}:{c.__qualname__}" == who for c in classes)
    return any(plain_module(c.__module__) == who for c in classes) or any(
        plain_module(policies.get(n).__module__) == who for n in names)


def _describe(owner: str) -> str:
    kind, _, who = owner.partition(":")
    if kind == "policy":
        return f"runs with policy {who}"
    if kind == "model":
        return f"runs of model class {who}"
    return f"runs of a model class or policy from plugin {who}"


def check_read(
    values: Mapping[str, Any], policy_names: tuple[str, ...], model_class: type | None,
    source: str,
) -> None:
    """Raise :class:`InputError` if a run sets a plugin parameter that no active code reads.

    A parameter declared by a plugin belongs to the policy or model class (or plugin
    module) that declares it; it is read only when that owner is active.
    """
    for key, value in values.items():
        owner = SCHEMA.owner(key)
        if owner is not None and not _owner_active(owner, policy_names, model_class):
            raise InputError("parameter not read by this run", key=key, value=value,
                             allowed=f"only in {_describe(owner)}", source=source)


def class_name(cls: type) -> str:
    """``"module:Class"`` naming ``cls`` as a scenario's ``model`` would.

    A plugin loaded from a file is named by the file's stem (:func:`plain_module`).

    Examples
    --------
    >>> from commsim.model import CommunityModel
    >>> class_name(CommunityModel)
    'commsim.model.community_model:CommunityModel'

    """
    return f"{plain_module(cls.__module__)}:{cls.__qualname__}"


def resolve_model_class(spec: str, source: str, base: Path | None = None) -> type[CommunityModel]:
    """Resolve ``"module:Class"`` to a :class:`~commsim.CommunityModel` subclass."""
    from commsim.model import CommunityModel

    module_name, sep, class_name = spec.partition(":")
    allowed = "module:Class, naming a CommunityModel subclass in a plugin or module"
    if not sep or not module_name or not class_name.isidentifier():
        raise InputError("malformed model class", key="model", value=spec, allowed=allowed,
                         source=source)
    module: ModuleType | None
    if module_name.endswith(".py"):
        path = Path(module_name)
        if base is not None and not path.is_absolute():
            path = base / path
        module = load_plugin(str(path))
    else:
        module = loaded_plugin(module_name) or sys.modules.get(module_name)
        if module is None:
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                raise InputError("cannot import the model's module (load it with --plugin)",
                                 key="model", value=spec, allowed=allowed,
                                 source=source) from None
    cls = getattr(module, class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, CommunityModel)):
        raise InputError("not a CommunityModel subclass", key="model", value=spec,
                         allowed=allowed, source=source)
    return cls


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
    description_zh = table.get("description_zh", "")
    for key, text in (("description", description), ("description_zh", description_zh)):
        if not isinstance(text, str):
            raise InputError("description must be text", key=key, value=text,
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
    model = table.get("model", "")
    if not isinstance(model, str):
        raise InputError("model must be text", key="model", value=model,
                         allowed="module:Class", source=source)
    model_class = resolve_model_class(model, source, Path(source).parent) if model else None
    overrides = flatten(raw, source=source)
    if isinstance(overrides.get("run.district"), str) and overrides["run.district"]:
        from commsim.inputs.district import resolve_district

        # a district file named in a scenario file is relative to that file
        overrides["run.district"] = str(resolve_district(
            overrides["run.district"], Path(source).parent))
    scenario = Scenario(name.strip(), description.strip(), tuple(names), overrides, source,
                        model, model_class, description_zh.strip())
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
                    tuple(table.get("policies", ["no_gate"])), {}, source,
                    description_zh=str(table.get("description_zh", "")).strip())
