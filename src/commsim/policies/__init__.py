"""Policy registry.

Built-in policies register themselves when :func:`commsim.load_builtins` imports
them; the registry imports none of them (:mod:`commsim.core.builtins`). A
researcher adds a policy by writing one module with a
:class:`~commsim.policies.base.Policy` subclass and calling :func:`register` (see
``docs/extending.md``); no core file changes.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from commsim.core import builtins
from commsim.core.errors import InputError
from commsim.core.parameters import SCHEMA
from commsim.policies.base import ACCEPT, Intake, Policy

_REGISTRY: dict[str, type[Policy]] = {}


def register[P: type[Policy]](policy: P) -> P:
    """Register a policy class (usable as a decorator) and declare its parameters."""
    if not policy.name:
        raise ValueError(f"{policy.__qualname__} has no name")
    existing = _REGISTRY.get(policy.name)
    if existing is not None and not _same_class(existing, policy):
        # the same class may register again (a module reloaded, or the same file
        # imported under another name); anything else would silently replace a
        # built-in or another plugin's policy
        raise ValueError(f"policy name {policy.name!r} is already taken by "
                         f"{_origin(existing)}; choose another name for {_origin(policy)}")
    # A plugin's policy owns its parameters: setting them in a run without the policy is
    # an error. Built-in policies' parameters stay settable in any run (compare, sweeps).
    builtin = policy.__module__.startswith("commsim.")
    SCHEMA.register(*policy.parameters, owner=None if builtin else f"policy:{policy.name}")
    _REGISTRY[policy.name] = policy
    return policy


def _origin(policy: type[Policy]) -> str:
    return f"{policy.__module__}.{policy.__qualname__}"


def _same_class(a: type[Policy], b: type[Policy]) -> bool:
    """Same class name in the same module, or in two copies of the same source file."""
    if a.__qualname__ != b.__qualname__:
        return False
    if a.__module__ == b.__module__:
        return True
    digest = _source_digest(a)
    return digest is not None and digest == _source_digest(b)


def _source_digest(policy: type[Policy]) -> str | None:
    """Hash of the source file that defines ``policy`` (``None`` if it has none)."""
    path = getattr(sys.modules.get(policy.__module__), "__file__", None)
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else None
    except OSError:
        return None


def get(name: str, source: str = "scenario") -> type[Policy]:
    """Return the policy class registered as ``name``."""
    builtins.ensure_loaded()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise InputError(
            "unknown policy", key="policies", value=name, allowed=", ".join(available()),
            source=source,
        ) from None


def available() -> list[str]:
    """Names of all registered policies (the built-ins and loaded plugins)."""
    builtins.ensure_loaded()
    return sorted(_REGISTRY)


__all__ = ["ACCEPT", "Intake", "Policy", "available", "get", "register"]
