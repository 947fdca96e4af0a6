"""How long an experiment will take, told before it starts.

The estimate counts the simulated days the experiment's orders will run — each run's
measured days, plus one warm-up per group of runs that share it (none if the captured
warm-up is in the cache; one per run for runs that share none) — and prices them at
a rate taken from, in this order:

1. the store being resumed: the mean wall time of its finished runs (the best guide,
   measured on this machine for this very experiment);
2. a short measurement: the first design point's model is built and simulated for
   :data:`PROBE_DAYS` days in this process.

A model's cost per simulated day hardly changes over a run (measured: 13-20 ms per day
from the first day to the fifth year at 8 communities, within the machine's noise),
so a few days from the cold start price a warm one. Workers share the total; the
estimate assumes each has a core of its own.
"""

from __future__ import annotations

import math
import time
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from commsim.experiments.planning import Plan

if TYPE_CHECKING:
    from commsim.core.parameters import Params
    from commsim.model import CommunityModel

#: Days simulated by the short measurement.
PROBE_DAYS = 20


@dataclass(frozen=True)
class Estimate:
    """The expected wall time of the runs still to do.

    Attributes
    ----------
    runs : int
        Runs to do.
    warmups : int
        Warm-ups to simulate (shared ones once, cached ones not at all).
    seconds : float
        Expected wall time.
    source : str
        ``"store"`` (mean of the finished runs) or ``"probe"`` (a short measurement).
    per_day : float
        Seconds per simulated day (probe), or per run (store).

    """

    runs: int
    warmups: int
    seconds: float
    source: str
    per_day: float


def _resolved(plan_: Plan) -> list[tuple[Params, type[CommunityModel]]]:
    """Per design point, its parameters and model class."""
    spec = plan_.spec
    out = []
    for point in plan_.points:
        cls = point.scenario.make_model_class()
        out.append((point.scenario.params({**spec.params, **point.values}, source=spec.source,
                                          model_class=cls), cls))
    return out


def probe(plan_: Plan, days: int = PROBE_DAYS) -> tuple[float, float, float]:
    """Seconds to build the first point's model, per simulated day, and to package a run.

    Packaging is what every run does at its end: its summary, daily series, yearly and
    per-community tables.
    """
    params, cls = _resolved(plan_)[0]
    started = time.perf_counter()
    model = cls(params, policies=plan_.points[0].scenario.policies, seed=plan_.spec.seed)
    built = time.perf_counter()
    # The first day pays once per process for what every later day reuses (compiling
    # the kernels, filling caches): it is stepped untimed, or a 20-day probe prices a day
    # at the seconds Numba needs to compile (the 270-run policy comparison, which took
    # 41 minutes, was announced at 92 hours).
    model.step()
    first = time.perf_counter()
    steps = max(1, min(days, int(model.calendar.days) - 1))
    for _ in range(steps):
        model.step()
    stepped = time.perf_counter()
    model.summary()
    model.daily()
    if model.measurement.years:  # (none while the probe is still in the warm-up)
        model.yearly()
    model.community_results()
    return (built - started, (stepped - first) / steps, time.perf_counter() - stepped)


def estimate(plan_: Plan, pending: Iterable[int], identities: list[Hashable | None] | None,
             workers: int, finished: pd.DataFrame | None = None) -> Estimate:
    """The expected wall time of the ``pending`` run ids.

    Parameters
    ----------
    plan_ : Plan
        The experiment's runs.
    pending : iterable of int
        Run ids still to do.
    identities : list, optional
        Per point, its warm-up identity (:func:`~commsim.experiments.planning.warm_identities`),
        or None when every run warms up itself.
    workers : int
        Workers running at once.
    finished : pandas.DataFrame, optional
        Rows of runs already finished in the store (``status``, ``wall_seconds``).

    """
    from commsim.run.warm_start import default_cache, warm_key

    size = plan_.size
    ids = list(pending)
    resolved = _resolved(plan_)
    shared = identities or [None] * size
    first = {key: i for i, key in reversed(list(enumerate(shared))) if key is not None}
    cache = default_cache()
    groups = set()
    for i in ids:
        ident = shared[i % size]
        if ident is None:
            continue
        params, cls = resolved[first[ident]]
        if cache is None or not cache.path(warm_key(params, cls, plan_.spec.seed,
                                                    i // size)).exists():
            groups.add((first[ident], i // size))
    alone = [i for i in ids if shared[i % size] is None]
    warmups = len(groups) + len(alone)
    workers = max(1, min(workers, warmups or len(ids)))  # a group keeps one worker busy
    if finished is not None and not finished.empty and "wall_seconds" in finished:
        ok = finished[finished["status"] == "ok"]["wall_seconds"]
        if len(ok):
            per_run = float(ok.mean())
            return Estimate(len(ids), warmups, per_run * len(ids) / workers, "store", per_run)
    if not ids:
        return Estimate(0, 0, 0.0, "probe", 0.0)
    build, per_day, package = probe(plan_)
    total_days = sum(int(resolved[i % size][0]["run.days"]) for i in ids)
    total_days += sum(int(resolved[point][0]["run.warmup_days"]) for point, _ in groups)
    total_days += sum(int(resolved[i % size][0]["run.warmup_days"]) for i in alone)
    seconds = (total_days * per_day + build * warmups + package * len(ids)) / workers
    return Estimate(len(ids), warmups, seconds, "probe", per_day)


def duration(seconds: float) -> str:
    """``42 s``, ``3.5 min`` or ``1.2 h``."""
    if not math.isfinite(seconds):
        return "?"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"
