"""Run one simulation and package what it produced.

:func:`simulate` is the narrow interface every other layer (command line,
experiments, reports, dashboard) uses to run the model: it returns plain data —
a summary dict, a daily DataFrame and an hours table — never agents.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from commsim.core.parameters import Params
from commsim.inputs.scenario import Scenario, class_name, load_scenario
from commsim.model import CommunityModel
from commsim.run.warm_start import WarmState, start_from


@dataclass
class RunResult:
    """Everything one run produced.

    Attributes
    ----------
    scenario : str
        Scenario name.
    seed, replication : int
        The run's root seed and replication index.
    summary : dict
        Summary metrics (see :data:`commsim.SUMMARY_METRICS`).
    daily : pandas.DataFrame
        One row per simulated day, warm-up included (see :data:`commsim.DAILY_SERIES`;
        ``measured`` marks the days after the warm-up).
    hours : pandas.DataFrame
        Cadre hours by ``dimension`` (kind / origin) and ``category``.
    params : dict
        The fully resolved parameters.
    policies : tuple of str
        Active policies.
    model : str
        ``"module:Class"`` of the model class the run built.
    wall_seconds : float
        Wall-clock time of the run.
    yearly : pandas.DataFrame
        One summary row per measured year (``year``, ``first_day``, ``days`` and the
        summary metric keys), see :meth:`CommunityModel.yearly`.
    community : pandas.DataFrame
        One row per community (name, kind, households, cadre posts and the
        per-community metrics), see :mod:`commsim.model.community_tally`.

    """

    scenario: str
    seed: int
    replication: int
    summary: dict[str, float]
    daily: pd.DataFrame
    hours: pd.DataFrame
    params: dict[str, Any]
    policies: tuple[str, ...]
    model: str = ""
    wall_seconds: float = 0.0
    yearly: pd.DataFrame = field(default_factory=pd.DataFrame)
    community: pd.DataFrame = field(default_factory=pd.DataFrame)
    extra: dict[str, Any] = field(default_factory=dict)

    def write(self, out: str | Path, *, description: str = "", source: str = "",
              made_by: str = "commsim.RunResult.write") -> Path:
        """Write this run as a results store at ``out`` (the layout every command writes).

        ``commsim report OUT`` and :func:`commsim.results.load` open it. The folder must
        be new, empty, or a store written the same way; an existing folder is never
        deleted.

        Parameters
        ----------
        out : str or Path
            The store folder.
        description, source : str
            The scenario's description and file, recorded in the manifest.
        made_by : str
            What writes the store (a store made by something else is never replaced).

        Returns
        -------
        Path

        Raises
        ------
        InputError
            ``out`` is not a folder a store may be written to.

        """
        from commsim.experiments.manifest import runs_manifest
        from commsim.results.tables import write_runs

        manifest = runs_manifest([self], {self.scenario: (description, source)}, made_by)
        return write_runs(out, [self], manifest)


def simulate(
    scenario: str | Scenario,
    *,
    seed: int = 0,
    replication: int = 0,
    overrides: Mapping[str, Any] | None = None,
    source: str = "--set",
    progress: Any = None,
    model_class: type[CommunityModel] | None = None,
    warm: WarmState | None = None,
    daily: bool = True,
) -> RunResult:
    """Run one simulation of ``scenario``.

    Parameters
    ----------
    scenario : str or Scenario
        A built-in scenario name, a path to a scenario TOML file, or a Scenario.
    seed : int
        Root seed.
    replication : int
        Replication index (common random numbers across scenarios).
    overrides : mapping, optional
        Dotted parameter keys to values, e.g. ``{"run.days": 90}``.
    source : str
        Where ``overrides`` came from, named in error messages.
    progress : object, optional
        Anything with ``update(n)`` (a tqdm bar), advanced once per day.
    model_class : type, optional
        A :class:`CommunityModel` subclass (a researcher's extended behaviour); by
        default the scenario's own (``model = "module:Class"``), else CommunityModel.
    warm : WarmState, optional
        The captured end of this run's warm-up (:func:`commsim.run.warm_start.warm_state`,
        shared by the scenarios of one replication): the run starts there and simulates
        the measured window only, with the same results as from scratch.
    daily : bool
        Record the daily series (``RunResult.daily``). Without them (an experiment that
        keeps none) the run skips their daily bookkeeping and ``daily`` is empty; every
        other table is the same.

    Returns
    -------
    RunResult

    Raises
    ------
    InputError
        Unknown scenario or parameter, or a value out of range.
    ValueError
        ``warm`` is not the warm-up of this run.

    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    cls = model_class or scenario.make_model_class()
    params: Params = scenario.params(overrides, source, model_class=cls)
    started = time.perf_counter()
    if warm is None:
        model = cls(params, policies=scenario.policies, seed=seed, replication=replication)
    else:
        model = start_from(warm, params, scenario.policies, cls, seed, replication)
    model.record_series = daily
    model.run(progress)
    return RunResult(
        scenario=scenario.name,
        seed=seed,
        replication=replication,
        summary=model.summary(),
        daily=model.daily() if daily else pd.DataFrame(),
        hours=pd.DataFrame(model.stats.hours_table()),
        params=dict(params.items()),
        policies=scenario.policies,
        model=class_name(cls),
        wall_seconds=time.perf_counter() - started,
        yearly=model.yearly(),
        community=model.community_results(),
    )
