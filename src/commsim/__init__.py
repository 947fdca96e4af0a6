"""commsim: agent-based simulation of community workload and the policies meant to relieve it.

Public API
----------
- :class:`CommunityModel` — the Mesa model (``step()`` is one day).
- :func:`load_scenario`, :func:`list_scenarios`, :class:`Scenario` — scenarios as data.
- :class:`Params` — the closed, validated parameter object.
- :func:`simulate` — one run, returning its summary and daily series.
- :class:`InputError` — raised for any bad user input.
"""

from commsim import policies
from commsim import schema as _schema  # noqa: F401  (declares the core parameters)
from commsim.errors import InputError
from commsim.model import DAILY_SERIES, HEADLINE_METRICS, SUMMARY_METRICS, CommunityModel
from commsim.parameters import SCHEMA, Param, Params
from commsim.runner import RunResult, simulate
from commsim.scenario import Scenario, list_scenarios, load_scenario

__version__ = "0.1.0"

__all__ = [
    "DAILY_SERIES", "HEADLINE_METRICS", "SCHEMA", "SUMMARY_METRICS", "CommunityModel",
    "InputError", "Param", "Params", "RunResult", "Scenario", "list_scenarios",
    "load_scenario", "policies", "simulate",
]
