"""Policy registry.

Built-in policies register themselves on import. A researcher adds a policy by
writing one module with a :class:`~commsim.policies.base.Policy` subclass and
calling :func:`register` (see ``docs/extending.md``); no core file changes.
"""

from __future__ import annotations

from commsim.errors import InputError
from commsim.parameters import SCHEMA
from commsim.policies.base import ACCEPT, Intake, Policy

_REGISTRY: dict[str, type[Policy]] = {}


def register[P: type[Policy]](policy: P) -> P:
    """Register a policy class (usable as a decorator) and declare its parameters."""
    if not policy.name:
        raise ValueError(f"{policy.__qualname__} has no name")
    existing = _REGISTRY.get(policy.name)
    if existing is not None and existing.__qualname__ != policy.__qualname__:
        raise ValueError(f"policy {policy.name!r} is already registered")
    # A plugin's policy owns its parameters: setting them in a run without the policy is
    # an error. Built-in policies' parameters stay settable in any run (compare, sweeps).
    builtin = policy.__module__.startswith("commsim.")
    SCHEMA.register(*policy.parameters, owner=None if builtin else f"policy:{policy.name}")
    _REGISTRY[policy.name] = policy
    return policy


def get(name: str, source: str = "scenario") -> type[Policy]:
    """Return the policy class registered as ``name``."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise InputError(
            "unknown policy", key="policies", value=name, allowed=", ".join(available()),
            source=source,
        ) from None


def available() -> list[str]:
    """Names of all registered policies."""
    return sorted(_REGISTRY)


from commsim.policies import (  # noqa: E402  (built-ins register themselves)
    admission_gate,
    no_gate,
    paperless,
    purchased_services,
)

__all__ = ["ACCEPT", "Intake", "Policy", "available", "get", "register",
           "admission_gate", "no_gate", "paperless", "purchased_services"]
