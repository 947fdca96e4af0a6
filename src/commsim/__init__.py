"""commsim: agent-based simulation of community workload and the policies meant to relieve it.

Public API
----------
- :class:`CommunityModel` — the Mesa model (``step()`` is one day).
- :func:`load_scenario`, :func:`list_scenarios`, :class:`Scenario` — scenarios as data.
- :class:`Params` — the closed, validated parameter object.
- :func:`simulate` — one run, returning its summary and daily series.
- :class:`InputError` — raised for any bad user input.
- :func:`load_builtins` — declare the package's own parameters, metrics and policies.

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
    "BUILTIN_MODULES", "load_builtins", "load_scenario", "policies", "simulate",
]


#: Modules that declare the package's own metrics, in the order the metrics are listed
#: (summary tables, stores, reports); within a module, in declaration order.
BUILTIN_MODULES: tuple[str, ...] = (
    "commsim.model.working_day", "commsim.model.inspections",
    "commsim.model.agents.street_office", "commsim.model.visits", "commsim.model.turnover",
    "commsim.model.fallback", "commsim.model.task_pipeline", "commsim.model.deadlines",
    "commsim.model.costs", "commsim.model.aid", "commsim.model.observation",
    "commsim.model.community_model", "commsim.policies.admission_gate",
    "commsim.policies.no_gate", "commsim.policies.paperless",
    "commsim.policies.purchased_services",
)


def load_builtins() -> None:
    """Declare the package's own parameters, metrics and policies.

    The registries of the ground floor never import what registers into them
    (:mod:`commsim.core.builtins`); this function does, once: the core parameter
    schema, the model's mechanism modules and the built-in policies. The built-in
    metrics are then listed in the order of :data:`BUILTIN_MODULES`, whatever order a
    program imported the modules in; metrics of plugins follow. Registries call this
    before their first read, so calling it is needed only to declare everything at a
    chosen moment.
    """
    import commsim.core.schema
    import commsim.model.agents.street_office
    import commsim.model.aid
    import commsim.model.community_model
    import commsim.model.costs
    import commsim.model.deadlines
    import commsim.model.fallback
    import commsim.model.inspections
    import commsim.model.observation
    import commsim.model.task_pipeline
    import commsim.model.turnover
    import commsim.model.visits
    import commsim.model.working_day
    import commsim.policies.admission_gate
    import commsim.policies.no_gate
    import commsim.policies.paperless
    import commsim.policies.purchased_services  # noqa: F401
    from commsim.core.metrics import METRICS

    METRICS.order_by_module(BUILTIN_MODULES)


def _install() -> None:
    from commsim.core import builtins

    builtins.install(load_builtins)


_install()

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
