"""The package's own declarations, loaded once, explicitly, by the package that uses them.

The registries on the ground floor — parameters (:data:`commsim.core.parameters.SCHEMA`),
metrics (:data:`commsim.core.metrics.METRICS`) and policies
(:mod:`commsim.policies`) — never import the modules that register into them. The
package root defines :func:`commsim.load_builtins`, which imports the modules that
declare the built-in parameters, metrics and policies in one fixed order (so the
order of metrics is that list's, not the order in which a program happened to import
modules), and installs it here. A registry calls :func:`ensure_loaded` before it is
first read, so it is complete however it was reached; calling
:func:`commsim.load_builtins` first, where the package is used, does the same.
"""

from __future__ import annotations

from collections.abc import Callable

_loader: list[Callable[[], None]] = []
_state = {"loaded": False, "loading": False}


def install(loader: Callable[[], None]) -> None:
    """Set the function that declares the built-ins (the package root's ``load_builtins``)."""
    _loader[:] = [loader]


def ensure_loaded() -> None:
    """Declare the built-ins once (a no-op after the first call and while they load)."""
    if _state["loaded"] or _state["loading"] or not _loader:
        return
    _state["loading"] = True
    try:
        _loader[0]()
        _state["loaded"] = True
    finally:
        _state["loading"] = False
