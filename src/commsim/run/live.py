"""A model that advances day by day under flat controls, and plain-data catalogs for it.

This is the narrow interface the live dashboard (``commsim.app``) uses: it never touches
the model core, the parameter schema or the policy registry itself. It gets

- :class:`LiveModel`, a model built from flat keyword controls (one switch per policy,
  one value per dotted parameter key) that steps one day at a time, together with
  further replications and a baseline twin of each on the same parameters, seed and
  replication (common random numbers);
- :func:`policy_catalog` and :func:`parameter_catalog`, the registered policies and the
  parameter declarations as plain dicts, so the dashboard builds its switches and sliders
  from them and a plugin's policy and parameters appear without a change to the app.
"""

from __future__ import annotations

import collections
import os
import threading
import types
from collections.abc import Iterable, Mapping
from typing import Any, cast

import numpy as np
import pandas as pd

from commsim import policies
from commsim.core.parameters import SCHEMA, Params
from commsim.model import CommunityModel
from commsim.policies.base import Policy
from commsim.run.warm_start import WarmState, start_from, warm_key, warm_state

#: The status-quo policies every comparison is made against (no admission gate).
STATUS_QUO: tuple[str, ...] = ("no_gate",)
_SEED = "seed"
#: The control that sets how many replications run side by side.
REPLICATIONS = "replications"
#: Replications the dashboard runs by default, and at most.
DEFAULT_REPLICATIONS = 5
MAX_REPLICATIONS = 10
#: Environment variable naming plugins (``os.pathsep``-separated) for the dashboard server.
PLUGINS_ENV = "COMMSIM_PLUGINS"
#: Environment variable naming district files (``os.pathsep``-separated) the dashboard
#: offers first (``commsim app --district FILE``).
DISTRICTS_ENV = "COMMSIM_DISTRICTS"
#: The district choice that means "communities drawn from ``run.communities``".
NO_DISTRICT = "none (drawn communities)"


def load_env_plugins() -> list[str]:
    """Import the plugins named in ``$COMMSIM_PLUGINS`` (``commsim app --plugin``)."""
    from commsim.inputs.plugins import load_plugins

    names = [n for n in os.environ.get(PLUGINS_ENV, "").split(os.pathsep) if n]
    load_plugins(names)
    return names


def district_choices() -> list[str]:
    """Districts the dashboard offers, in the order of its menu.

    First the files named in ``$COMMSIM_DISTRICTS``, then none (communities drawn from
    ``run.communities``), then the built-in examples (``s14_example``: 50 communities).
    Every file is validated here, so a bad one fails when the server starts.
    """
    from commsim.inputs.district import EXAMPLES, district_for

    files = [f for f in os.environ.get(DISTRICTS_ENV, "").split(os.pathsep) if f]
    for name in files:
        district_for(name)
    return list(dict.fromkeys([*files, NO_DISTRICT, *EXAMPLES]))


def policy_catalog() -> list[dict[str, Any]]:
    """Registered policies that can be switched on, with their parameter declarations.

    Returns
    -------
    list of dict
        ``name``, ``label``, ``description`` and ``parameters`` (see
        :func:`parameter_catalog`) of every registered policy except the status quo,
        including policies that plugins registered.

    """
    out = []
    for name in policies.available():
        if name in STATUS_QUO:
            continue
        cls = policies.get(name)
        out.append({"name": name, "label": name.replace("_", " ").capitalize(),
                    "description": cls.description,
                    "parameters": parameter_catalog(
                        [p.key for p in cls.parameters] + list(cls.shared_parameters))})
    return out


def parameter_catalog(keys: Iterable[str]) -> list[dict[str, Any]]:
    """Declarations of the parameters ``keys`` as plain dicts.

    Returns
    -------
    list of dict
        ``key``, ``default``, ``unit``, ``low``, ``high``, ``kind`` (``"int"``,
        ``"float"``, ``"bool"`` or ``"str"``) and ``doc`` of each parameter.

    """
    out = []
    for key in keys:
        p = SCHEMA[key]
        kind = ("bool" if isinstance(p.default, bool) else "int" if isinstance(p.default, int)
                else "float" if isinstance(p.default, float) else "str")
        out.append({"key": key, "default": p.default, "unit": str(p.unit), "low": p.low,
                    "high": p.high, "kind": kind, "doc": p.doc})
    return out


def chosen_policies(switches: Mapping[str, Any]) -> tuple[str, ...]:
    """Policy names for the switches that are on, after the status quo where it applies.

    The status-quo policies stay unless a chosen policy decides intake itself (as the
    admission gate does), so switching nothing on gives the status quo.
    """
    chosen = [p["name"] for p in policy_catalog() if switches.get(p["name"])]
    decides_intake = any(policies.get(n).intake is not Policy.intake for n in chosen)
    return tuple(chosen) if decides_intake else (*STATUS_QUO, *chosen)


def settings(controls: Mapping[str, Any]) -> tuple[Params, tuple[str, ...]]:
    """The parameters and policies of flat dashboard controls (see :class:`LiveModel`)."""
    overrides: dict[str, Any] = {}
    for key, value in controls.items():
        if value is None or value == NO_DISTRICT or key not in SCHEMA:
            continue
        default = SCHEMA[key].default
        overrides[key] = (bool(value) if isinstance(default, bool) else int(value)
                          if isinstance(default, int) else float(value)
                          if isinstance(default, float) else value)
    params = Params.defaults().with_overrides(overrides, source="dashboard")
    return params, chosen_policies(controls)


#: Warm-ups this process captured lately (the dashboard rebuilds its models on every
#: page load and Reset), at most :data:`MEMO_STATES`, and one lock per warm-up so that
#: two models asking for the same one simulate it once.
MEMO_STATES = 2 * MAX_REPLICATIONS
_MEMO: collections.OrderedDict[str, WarmState] = collections.OrderedDict()
_LOCKS: dict[str, threading.Lock] = {}
_GUARD = threading.Lock()


def shared_warm_state(params: Params, seed: int, replication: int) -> WarmState:
    """The captured warm-up of these settings, simulated once per process (and cached)."""
    key = warm_key(params, CommunityModel, seed, replication)
    with _GUARD:
        lock = _LOCKS.setdefault(key, threading.Lock())
    with lock:
        state = _MEMO.get(key)
        if state is None:
            state = warm_state(params, CommunityModel, seed, replication)
        with _GUARD:
            _MEMO[key] = state
            _MEMO.move_to_end(key)
            while len(_MEMO) > MEMO_STATES:
                _LOCKS.pop(_MEMO.popitem(last=False)[0], None)
        return state


def warmed(params: Params, names: tuple[str, ...], seed: int, replication: int,
           state: WarmState | None = None) -> CommunityModel:
    """A model at the first measured day: started from the (cached) captured warm-up.

    Without a warm-up (``run.warmup_days = 0``) the model is built at day 0.
    """
    if int(params["run.warmup_days"]) <= 0:
        return CommunityModel(params, policies=names, seed=seed, replication=replication)
    if state is None:
        state = shared_warm_state(params, seed, replication)
    return start_from(state, params, names, CommunityModel, seed, replication)


class LiveModel(CommunityModel):
    """A model built from flat controls that steps one day at a time, with a baseline twin.

    The model itself is replication 0; ``replications - 1`` more replications of the
    same settings advance in lockstep with it, each with a baseline twin on the same
    parameters, seed and replication (common random numbers), so the dashboard can draw
    a median and a band instead of one noisy run.

    Every model starts where the runs of a report start: at the end of the warm-up (the
    status quo before the policy), captured once per replication and kept in the
    warm-state cache (:mod:`commsim.run.warm_start`), so the dashboard's figures are
    those of ``commsim compare`` for the same settings and seed. Day 0 is the first
    measured day.

    Parameters
    ----------
    compare : bool
        Run the baseline twins (status-quo policies, same parameters and seed); skipped
        when the chosen policies already are the status quo.
    seed : int
        Root seed, shared with the twins.
    replications : int
        Replications run side by side (1 to :data:`MAX_REPLICATIONS`).
    **controls
        A policy name with a truthy value switches that policy on; a dotted parameter
        key sets that parameter. Other keywords are ignored (Mesa passes its own).

    """

    def __new__(cls, *, seed: int = 0, **controls: Any) -> LiveModel:  # noqa: D102
        # Mesa builds the dashboard's model by calling this class: with a warm-up, the
        # object it gets is the captured model of replication 0, made a LiveModel.
        params, chosen = settings(controls)
        if int(params["run.warmup_days"]) <= 0:
            return super().__new__(cls)
        state = shared_warm_state(params, int(seed), 0)
        model = warmed(params, chosen, int(seed), 0, state)
        model.__class__ = cls
        # Mesa's Model.__init__ keeps the step it wraps as ``_user_step``; the captured
        # model's is CommunityModel.step, this class's own step (with the replicas) is
        # what Mesa would have kept for an object built as a LiveModel
        model._user_step = types.MethodType(cls.step, model)  # type: ignore[attr-defined]
        model._warm = state  # type: ignore[attr-defined]  # for the twin, in __init__
        return cast(LiveModel, model)

    def __init__(self, *, compare: bool = True, seed: int = 0,
                 replications: int = DEFAULT_REPLICATIONS, **controls: Any) -> None:
        params, chosen = settings(controls)
        n = min(max(int(replications), 1), MAX_REPLICATIONS)
        state: WarmState | None = self.__dict__.pop("_warm", None)
        if "env" not in self.__dict__:  # no warm-up: built here, at day 0
            super().__init__(params, policies=chosen, seed=int(seed))
        self.controls = {**controls, _SEED: int(seed), REPLICATIONS: n}
        twin = compare and chosen != STATUS_QUO
        self.baseline: CommunityModel | None = (
            warmed(params, STATUS_QUO, int(seed), 0, state) if twin else None)
        self._series_cache: dict[tuple[bool, int], pd.DataFrame] = {}
        #: Daily series converted so far, per model (see :func:`_snapshot`).
        self._columns: dict[int, tuple[int, dict[str, np.ndarray]]] = {}
        #: Replications 1.. as (settings, baseline twin or None) pairs; built at the
        #: first step, so the page shows day 0 without waiting for them.
        self.replicas: list[tuple[CommunityModel, CommunityModel | None]] = []
        self._pending = (params, chosen, twin, n)
        #: Warm-ups of replications 1.., simulated in the background while the page shows
        #: day 0 (a visitor looks before pressing play); read at the first step.
        self._states: dict[int, WarmState] = {}
        self._prewarm: threading.Thread | None = None
        if n > 1 and self.warmup_days > 0:
            self._prewarm = threading.Thread(target=self._warm_replicas, daemon=True,
                                             name="commsim-prewarm")
            self._prewarm.start()

    def _warm_replicas(self) -> None:
        params, _, _, n = self._pending
        seed = int(self.controls[_SEED])
        for i in range(1, n):
            self._states[i] = shared_warm_state(params, seed, i)

    def _start_replicas(self) -> None:
        params, chosen, twin, n = self._pending
        if self._prewarm is not None:
            self._prewarm.join()
        seed = int(self.controls[_SEED])
        built = []
        for i in range(len(self.replicas) + 1, n):
            state = self._states.get(i)
            built.append((warmed(params, chosen, seed, i, state),
                          warmed(params, STATUS_QUO, seed, i, state) if twin else None))
        self.replicas = built

    @property
    def warmup_days(self) -> int:
        """Days of warm-up simulated before day 0 (0: the run started cold)."""
        return int(self.measurement.start_day)

    @property
    def measured_day(self) -> int:
        """Days simulated since the first measured day (the day shown on screen)."""
        return int(self.day) - self.warmup_days

    @property
    def days_total(self) -> int:
        """Measured days in the run."""
        return int(self.calendar.days) - self.warmup_days

    @property
    def replications(self) -> int:
        """Replications run side by side (this model is the first)."""
        return int(self._pending[3])

    def step(self) -> None:
        """Advance one day (every replication and twin); stop after the last day."""
        if self.day >= self.calendar.days:
            self.running = False
            return
        if self.measured_day == 0 and len(self.replicas) + 1 < self.replications:
            self._start_replicas()
        super().step()
        for other in (self.baseline, *(m for pair in self.replicas for m in pair)):
            if other is not None:
                other.step()
        if self.day >= self.calendar.days:
            self.running = False

    def series(self) -> pd.DataFrame:
        """Daily series of replication 0 collected so far (one row per simulated day)."""
        return _snapshot(self)

    def baseline_series(self) -> pd.DataFrame:
        """The baseline twin's daily series (this model's own when it is the baseline)."""
        return _snapshot(self.baseline or self)

    def _runs(self, baseline: bool) -> list[CommunityModel]:
        firsts: list[tuple[CommunityModel, CommunityModel | None]] = [(self, self.baseline),
                                                                       *self.replicas]
        return [(twin or model) if baseline else model for model, twin in firsts]

    def all_series(self, *, baseline: bool = False) -> pd.DataFrame:
        """Daily series of every replication (column ``replication``), up to a common day.

        Parameters
        ----------
        baseline : bool
            The baseline twins' series instead (the settings' own when they are the
            status quo).

        """
        key = (baseline, self.day)
        cached = self._series_cache.get(key)
        if cached is not None:  # the four charts of one render ask for the same frame
            return cached
        frames = [_snapshot(m, self._columns) for m in self._runs(baseline)]
        days = min(len(f) for f in frames)
        out = pd.concat([f.iloc[:days].assign(replication=i) for i, f in enumerate(frames)],
                        ignore_index=True)
        if days == self.measured_day:  # complete: every replication has collected this day
            self._series_cache = {k: v for k, v in self._series_cache.items()
                                  if k[1] == self.day}
            self._series_cache[key] = out
        return out

    def summaries(self, *, baseline: bool = False) -> list[dict[str, float]]:
        """Summary metrics so far of every replication (or of every baseline twin)."""
        return [m.summary() for m in self._runs(baseline)]

    def communities_so_far(self, *, baseline: bool = False) -> pd.DataFrame:
        """Per-community rows so far, averaged over the replications (or the baseline twins).

        One row per community: name, kind, households, posts and the per-community metrics.
        """
        frames = [m.community_results() for m in self._runs(baseline)]
        if len(frames) == 1:
            return frames[0]
        ident = ["community", "name", "kind", "households", "cadre_posts", "high_need"]
        joined = pd.concat(frames, ignore_index=True)
        return joined.groupby(ident, sort=False, as_index=False).mean(numeric_only=True)

    def baseline_communities(self) -> pd.DataFrame:
        """The baseline twins' per-community rows so far (see :meth:`communities_so_far`)."""
        return self.communities_so_far(baseline=True)


def _snapshot(model: CommunityModel,
              cache: dict[int, tuple[int, dict[str, np.ndarray]]] | None = None) -> pd.DataFrame:
    """The daily series of the measured days fully collected so far.

    The dashboard renders in another thread than the one that steps, so a day may be
    half collected while it reads: only the rows every series has are taken. The
    warm-up's rows are left out: the dashboard shows the measured window, as a report.
    With a ``cache`` (per model), the columns converted at the last call are kept and only
    the new days are converted, so a frame costs the days since the last one, not the run.
    """
    start = int(model.calendar.warmup)
    lists = model.datacollector.model_vars
    n = max(start, min((len(v) for v in lists.values()), default=0))
    have, columns = (start, {}) if cache is None else cache.get(id(model), (start, {}))
    if n != have or set(columns) != set(lists):
        fresh = have < n and set(columns) == set(lists)
        columns = {k: np.concatenate((columns[k], np.asarray(v[have:n]))) if fresh
                   else np.asarray(v[start:n]) for k, v in lists.items()}
        if cache is not None:
            cache[id(model)] = (n, columns)
    frame = pd.DataFrame(columns, copy=True)
    if "day" in frame:  # counted from the first measured day, as CommunityModel.daily does
        frame["day"] = frame["day"] - start
    return frame
