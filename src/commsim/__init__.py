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
    "InputError": "commsim.core.errors",
    "Param": "commsim.core.parameters",
    "Params": "commsim.core.parameters",
    "SCHEMA": "commsim.core.parameters",
    "RunResult": "commsim.run.runner",
    "simulate": "commsim.run.runner",
    "Scenario": "commsim.inputs.scenario",
    "list_scenarios": "commsim.inputs.scenario",
    "load_scenario": "commsim.inputs.scenario",
}

__all__ = [
    "DAILY_SERIES", "HEADLINE_METRICS", "SCHEMA", "SUMMARY_METRICS", "CommunityModel",
    "InputError", "Param", "Params", "RunResult", "Scenario", "list_scenarios",
    "load_scenario", "policies", "simulate",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from commsim import policies
    from commsim.core.errors import InputError
    from commsim.core.parameters import SCHEMA, Param, Params
    from commsim.inputs.scenario import Scenario, list_scenarios, load_scenario
    from commsim.model import DAILY_SERIES, HEADLINE_METRICS, SUMMARY_METRICS, CommunityModel
    from commsim.run.runner import RunResult, simulate


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
