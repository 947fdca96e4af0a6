"""One closed, validated parameter object.

Every model parameter is declared once as a :class:`Param` (key, default, unit,
range, source). :class:`Params` is an immutable mapping over *all* declared keys:
unknown keys and out-of-range values raise :class:`~commsim.core.errors.InputError`
naming the key, the value, the allowed range and where the value came from.

Core parameters live in :mod:`commsim.core.schema`; each policy module declares its
own, so a new policy brings its parameters without editing core files.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from commsim.core import builtins
from commsim.core.errors import InputError

Value = bool | int | float | str


@dataclass(frozen=True, slots=True)
class Param:
    """Declaration of one parameter.

    Parameters
    ----------
    key : str
        Dotted name, e.g. ``"cadres.per_community"``.
    default : bool, int, float or str
        Default value; its type is the parameter's type.
    unit : str
        Unit of measurement (``"h"``, ``"yuan"``, ``"share"``, ``"count"``, ...).
    low, high : float, optional
        Inclusive bounds for numbers.
    source : str
        Seed passage (``"S7"``), literature source, or ``"assumption"``.
    doc : str
        One sentence saying what the parameter means.
    choices : tuple of str, optional
        Allowed values for a string parameter.

    """

    key: str
    default: Value
    unit: str
    low: float | None = None
    high: float | None = None
    source: str = "assumption"
    doc: str = ""
    choices: tuple[str, ...] | None = None

    @property
    def group(self) -> str:
        """The first component of the dotted key."""
        return self.key.split(".", 1)[0]

    def allowed(self) -> str:
        """Describe the allowed values in words."""
        kind = type(self.default).__name__
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if isinstance(self.default, bool):
            return "true or false"
        lo = "-inf" if self.low is None else f"{self.low:g}"
        hi = "inf" if self.high is None else f"{self.high:g}"
        return f"{kind} in [{lo}, {hi}]"

    def coerce(self, value: Any, source: str) -> Value:
        """Convert and validate ``value``; raise :class:`InputError` if it does not fit.

        Strings (from ``--set key=value``) are parsed as the parameter's type.
        """
        parsed = self._parse(value, source)
        if isinstance(parsed, (int, float)) and not isinstance(parsed, bool) and (
            (self.low is not None and parsed < self.low)
            or (self.high is not None and parsed > self.high)
        ):
            raise InputError(
                "value out of range", key=self.key, value=value, allowed=self.allowed(),
                source=source,
            )
        if self.choices and parsed not in self.choices:
            raise InputError(
                "value not allowed", key=self.key, value=value, allowed=self.allowed(),
                source=source,
            )
        return parsed

    def _parse(self, value: Any, source: str) -> Value:
        def bad() -> InputError:
            return InputError(
                "wrong type", key=self.key, value=value, allowed=self.allowed(), source=source
            )

        if isinstance(self.default, bool):
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in {"true", "false", "1", "0"}:
                return value.strip().lower() in {"true", "1"}
            raise bad()
        if isinstance(self.default, int):
            if isinstance(value, bool):
                raise bad()
            if isinstance(value, float) and value.is_integer():
                return int(value)
            if isinstance(value, int):
                return value
            if isinstance(value, str):
                try:
                    return int(value.strip())
                except ValueError:
                    raise bad() from None
            raise bad()
        if isinstance(self.default, float):
            if isinstance(value, bool):
                raise bad()
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise bad() from None
            if not math.isfinite(number):
                raise bad()
            return number
        if not isinstance(value, str):
            raise bad()
        return value


class Schema:
    """The registry of all declared parameters (core and policy parameters).

    Reading it first declares the package's own parameters — the core schema, the model
    core's mechanism modules and the built-in policies — through
    :func:`commsim.core.builtins.ensure_loaded` (the registry imports none of them), so it
    is complete however it was reached.
    """

    def __init__(self) -> None:
        self._params: dict[str, Param] = {}
        self._owners: dict[str, str] = {}
        self._declared = False

    def _complete(self) -> None:
        """Have the built-in declarations loaded (once; :mod:`commsim.core.builtins`)."""
        if not self._declared:
            self._declared = True
            builtins.ensure_loaded()

    def register(self, *params: Param, owner: str | None = None) -> None:
        """Declare parameters; a key may be declared only once.

        ``owner`` names the code that reads them (``"policy:NAME"``,
        ``"model:MODULE:CLASS"`` or ``"module:MODULE"``); a run that sets an owned
        parameter while its owner is not active is an input error (see
        :func:`commsim.inputs.scenario.check_read`). Core parameters have no owner.
        """
        for p in params:
            if p.key in self._params and self._params[p.key] != p:
                raise ValueError(f"parameter {p.key!r} declared twice")
            if p.choices is None and not isinstance(p.default, str):
                p.coerce(p.default, "schema default")  # defaults must respect their own range
            self._params[p.key] = p
            if owner is not None:
                self._owners[p.key] = owner

    def owner(self, key: str) -> str | None:
        """Who reads parameter ``key`` (``None``: the core model, always active)."""
        self._complete()
        return self._owners.get(key)

    def claim(self, keys: Iterable[str], owner: str) -> None:
        """Give the unowned parameters among ``keys`` to ``owner``."""
        for key in keys:
            self._owners.setdefault(key, owner)

    def keys(self) -> set[str]:
        """Every declared key."""
        self._complete()
        return set(self._params)

    def __getitem__(self, key: str) -> Param:
        self._complete()
        return self._params[key]

    def __contains__(self, key: object) -> bool:
        self._complete()
        return key in self._params

    def __iter__(self) -> Iterator[Param]:
        self._complete()
        return iter(sorted(self._params.values(), key=lambda p: p.key))

    def __len__(self) -> int:
        self._complete()
        return len(self._params)

    def lookup(self, key: str, source: str) -> Param:
        """Return the declaration of ``key`` or raise an error with a suggestion."""
        self._complete()
        try:
            return self._params[key]
        except KeyError:
            close = difflib.get_close_matches(key, self._params, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InputError(
                f"unknown parameter{hint}",
                key=key,
                allowed="a key listed in docs/parameters.md",
                source=source,
            ) from None


SCHEMA = Schema()


class Params(Mapping[str, Any]):
    """Immutable, closed mapping of every declared parameter to its value.

    Build one with :meth:`Params.defaults` and derive others with
    :meth:`with_overrides`; unknown keys and invalid values are rejected.

    Examples
    --------
    >>> p = Params.defaults().with_overrides({"cadres.per_community": 9}, source="example")
    >>> p["cadres.per_community"]
    9

    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Value]) -> None:
        self._values = dict(values)

    @classmethod
    def defaults(cls) -> Params:
        """All parameters at their declared defaults."""
        return cls({p.key: p.default for p in SCHEMA})

    def with_overrides(self, overrides: Mapping[str, Any], source: str) -> Params:
        """Return a copy with ``overrides`` applied and validated.

        Parameters
        ----------
        overrides : mapping
            Dotted keys to new values (strings are parsed as the parameter's type).
        source : str
            Where the overrides came from; named in error messages.

        """
        values = dict(self._values)
        for key, value in overrides.items():
            values[key] = SCHEMA.lookup(key, source).coerce(value, source)
        for key in SCHEMA._params.keys() - values.keys():  # late-registered policy params
            values[key] = SCHEMA[key].default
        return Params(values)

    def __getitem__(self, key: str) -> Any:
        # Typed as Any: the schema, not the type checker, guarantees each key's type.
        try:
            return self._values[key]
        except KeyError:
            if key in SCHEMA:
                return SCHEMA[key].default
            raise

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._values))

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._values.items() if k in SCHEMA and SCHEMA[k].default != v}
        return f"Params({changed})"

    def changed(self) -> dict[str, Value]:
        """The values that differ from the defaults."""
        return {k: v for k, v in sorted(self._values.items()) if SCHEMA[k].default != v}

    def group(self, prefix: str) -> dict[str, Value]:
        """Values under ``prefix.``, keyed by the rest of the dotted key."""
        head = prefix + "."
        return {k[len(head) :]: v for k, v in self._values.items() if k.startswith(head)}


def flatten(table: Mapping[str, Any], prefix: str = "", source: str | None = None
            ) -> dict[str, Any]:
    """Flatten nested TOML tables into dotted keys.

    A parameter written twice in different forms (``"street.leakage" = 0.3`` and
    ``[params.street] leakage = 0.5``) raises :class:`InputError` naming ``source``
    instead of silently keeping the later value.

    >>> flatten({"gate": {"leakage": 0.3}})
    {'street.leakage': 0.3}
    """
    flat: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        items = (flatten(value, dotted + ".", source) if isinstance(value, Mapping)
                 else {dotted: value})
        for name, item in items.items():
            if name in flat:
                raise InputError("parameter given twice (as a dotted key and in a table)",
                                 key=name, value=item, allowed="each parameter once",
                                 source=source)
            flat[name] = item
    return flat


def parse_assignments(items: Iterable[str], source: str = "--set") -> dict[str, str]:
    """Parse ``key=value`` strings from the command line."""
    parsed: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(
                "expected dotted.key=value", key=item, allowed="dotted.key=value", source=source
            )
        parsed[key.strip()] = value.strip()
    return parsed
