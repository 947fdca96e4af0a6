"""Many-objective robust policy search over lever settings (pymoo NSGA-II / NSGA-III).

Each candidate lever setting is evaluated in the same ``search.worlds`` plausible worlds
(common random numbers across settings), and each objective is the setting's mean over
worlds, or its 90th percentile in the bad direction (``statistic = "p90"``: the 90th
percentile of a lower-is-better outcome, the 10th of a higher-is-better one). Every
generation is one resumable sweep (``gen-1/``, ``gen-2/``, ...): pymoo's ask-and-tell
interface with a fixed seed proposes the same settings again after a kill, so finished
generations are loaded from their stores instead of rerun.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from commsim.results.store import write_parquet
from commsim.robust.experiment import worlds_table
from commsim.robust.metrics import directions_of
from commsim.robust.spec import RobustSpec
from commsim.robust.sweeps import run_points


def _settings(unit: np.ndarray, spec: RobustSpec) -> pd.DataFrame:
    data = {}
    for j, r in enumerate(spec.search_levers):
        x = r.low + np.clip(unit[:, j], 0, 1) * (r.high - r.low)
        data[r.key] = np.round(x).astype(int) if r.integer else x
    return pd.DataFrame(data)


def _summarise(values: pd.DataFrame, spec: RobustSpec, dirs: Mapping[str, str]) -> pd.DataFrame:
    """Per setting: each outcome's mean or bad-side percentile over worlds."""
    grouped = values.groupby("setting")
    if spec.statistic == "mean":
        return grouped[list(spec.outcomes)].mean()
    out = {}
    for m in spec.outcomes:
        q = 0.9 if dirs[m] == "lower" else 0.1
        out[m] = grouped[m].quantile(q)
    return pd.DataFrame(out)


def _algorithm(spec: RobustSpec, n_obj: int) -> Any:
    if spec.algorithm == "nsga3":
        from pymoo.algorithms.moo.nsga3 import NSGA3
        from pymoo.util.ref_dirs import get_reference_directions

        ref = get_reference_directions("energy", n_obj, spec.population, seed=spec.seed)
        return NSGA3(ref_dirs=ref, pop_size=spec.population)
    from pymoo.algorithms.moo.nsga2 import NSGA2

    return NSGA2(pop_size=spec.population)


def search(spec: RobustSpec, ensemble: pd.DataFrame, folder: Path, *,
           executor: Mapping[str, Any] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Search the lever settings for the Pareto front of the outcomes over worlds.

    Parameters
    ----------
    spec : RobustSpec
        ``[search]``: scenario, levers with ranges, algorithm, statistic, sizes.
    ensemble : pandas.DataFrame
        The calibrated ensemble the search worlds are drawn from.
    folder : Path
        Where the generations' stores and the tables go.
    executor : mapping, optional
        Executor options for the sweep engine.

    Returns
    -------
    tuple of pandas.DataFrame
        ``(evaluations, pareto)``: every evaluated setting (``generation``, levers,
        objectives) and the non-dominated settings of the final population.

    """
    from pymoo.core.evaluator import Evaluator
    from pymoo.core.problem import Problem
    from pymoo.problems.static import StaticProblem

    if spec.search_scenario is None or not spec.search_levers:
        raise ValueError("the specification has no [search] scenario and levers")
    folder.mkdir(parents=True, exist_ok=True)
    dirs = directions_of(spec.outcomes)
    sign = np.array([1.0 if dirs[m] == "lower" else -1.0 for m in spec.outcomes])
    worlds = worlds_table(spec, ensemble, spec.search_worlds, seed_offset=1000)
    world_cols = worlds.drop(columns="world")
    problem = Problem(n_var=len(spec.search_levers), n_obj=len(spec.outcomes), xl=0.0, xu=1.0)
    algorithm = _algorithm(spec, len(spec.outcomes))
    algorithm.setup(problem, termination=("n_gen", spec.generations), seed=spec.seed,
                    verbose=False)
    evaluations = []
    generation = 0
    while algorithm.has_next():
        generation += 1
        pop = algorithm.ask()
        settings = _settings(pop.get("X"), spec)
        n_set, n_world = len(settings), len(world_cols)
        points = pd.concat([settings.loc[settings.index.repeat(n_world)].reset_index(drop=True),
                            pd.concat([world_cols] * n_set, ignore_index=True)], axis=1)
        runs = run_points(points, [spec.search_scenario], folder / f"gen-{generation}",
                          name=f"{spec.name}-search-gen{generation}", seed=spec.seed,
                          days=spec.days, communities=spec.communities, params=spec.params,
                          metrics=spec.outcomes, executor=executor, source=spec.source)
        runs["setting"] = runs["point"] // n_world
        summary = _summarise(runs, spec, dirs).reindex(range(n_set))
        objectives = summary[list(spec.outcomes)].to_numpy(float) * sign
        objectives = np.where(np.isfinite(objectives), objectives, 1e12)  # failed: dominated
        Evaluator().eval(StaticProblem(problem, F=objectives), pop)
        algorithm.tell(infills=pop)
        evaluations.append(settings.assign(generation=generation, setting=range(n_set),
                                           **{m: summary[m].to_numpy() for m in spec.outcomes}))
    result = algorithm.result()
    evals = pd.concat(evaluations, ignore_index=True)
    front_x = np.atleast_2d(result.X)
    front_f = np.atleast_2d(result.F) * sign
    pareto = _settings(front_x, spec).assign(**{m: front_f[:, j]
                                                for j, m in enumerate(spec.outcomes)})
    write_parquet(evals, folder / "evaluations.parquet")
    write_parquet(pareto, folder / "pareto.parquet")
    return evals, pareto


def load_search(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The stored ``(evaluations, pareto)`` of a search folder, ``None`` if it has none.

    Parameters
    ----------
    folder : Path
        The ``search/`` folder :func:`search` wrote.

    """
    files = [folder / "evaluations.parquet", folder / "pareto.parquet"]
    if not all(f.is_file() for f in files):
        return None
    evals, pareto = (pd.read_parquet(f) for f in files)
    return evals, pareto
