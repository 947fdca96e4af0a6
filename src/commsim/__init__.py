"""commsim: agent-based simulation of community workload and the policies meant to relieve it.

Public API
----------
- :class:`CommunityModel` — the Mesa model (``step()`` is one day).
- :func:`load_scenario`, :func:`list_scenarios`, :class:`Scenario` — scenarios as data.
- :class:`Params` — the closed, validated parameter object.
- :func:`simulate` — one run, returning its summary and daily series.
- :class:`InputError` — raised for any bad user input.

The names are imported on first use (PEP 562), so ``import commsim`` and the
command line's ``--help`` do not pay for importing Mesa, pandas and SciPy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> module that defines it (imported on first access).
_LAZY: dict[str, str] = {
    "DAILY_SERIES": "commsim.model",
    "CommunityModel": "commsim.model",
    "HEADLINE_METRICS": "commsim.model",
    "SUMMARY_METRICS": "commsim.model",
    "InputError": "commsim.errors",
    "Param": "commsim.parameters",
    "Params": "commsim.parameters",
    "SCHEMA": "commsim.parameters",
    "RunResult": "commsim.runner",
    "simulate": "commsim.runner",
    "Scenario": "commsim.scenario",
    "list_scenarios": "commsim.scenario",
    "load_scenario": "commsim.scenario",
}

__all__ = [
    "DAILY_SERIES", "HEADLINE_METRICS", "SCHEMA", "SUMMARY_METRICS", "CommunityModel",
    "InputError", "Param", "Params", "RunResult", "Scenario", "list_scenarios",
    "load_scenario", "policies", "simulate",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from commsim import policies
    from commsim.errors import InputError
    from commsim.model import DAILY_SERIES, HEADLINE_METRICS, SUMMARY_METRICS, CommunityModel
    from commsim.parameters import SCHEMA, Param, Params
    from commsim.runner import RunResult, simulate
    from commsim.scenario import Scenario, list_scenarios, load_scenario


def __getattr__(name: str) -> Any:
    """Import a public name on first access (PEP 562)."""
    if name == "policies":
        return importlib.import_module("commsim.policies")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'commsim' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later accesses skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
