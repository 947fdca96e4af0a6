"""The warm start: runs started from a shared, captured warm-up equal runs from scratch.

Bit for bit, over every built-in scenario, several seeds and replications, and on the
serial executor, the process pool and a Dask LocalCluster (issue 18, item 1).
"""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pandas as pd
import pytest

from commsim import SCHEMA, CommunityModel, Params, load_scenario, policies, simulate
from commsim.experiments import ProcessExecutor, SerialExecutor, run
from commsim.experiments.planning import grouped, plan, warm_identities
from commsim.experiments.spec import spec_from_table
from commsim.experiments.worker import FAILED, GroupOrder, GroupOutcome, execute, split
from commsim.run.warm_start import (
    WarmCache,
    policy_parameters,
    shares_warmup,
    start_from,
    warm_key,
    warm_state,
    warmup_params,
)
from conftest import BUILTIN_SCENARIOS

SHORT = {"run.days": 20, "run.warmup_days": 30, "run.communities": 2}


def _same_run(a, b) -> None:
    assert a.summary.keys() == b.summary.keys()
    for key, value in a.summary.items():
        other = b.summary[key]
        assert value == other or (value != value and other != other), key  # NaN == NaN
    for name in ("daily", "hours", "yearly", "community"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)


@pytest.mark.parametrize(("seed", "replication"), [(3, 0), (8, 2)])
def test_every_scenario_from_the_warm_state_equals_its_run_from_scratch(seed, replication):
    params = load_scenario("baseline").params(SHORT)
    warm = warm_state(params, CommunityModel, seed, replication, cache=False)
    for name in BUILTIN_SCENARIOS:
        scratch = simulate(name, seed=seed, replication=replication, overrides=SHORT)
        warmed = simulate(name, seed=seed, replication=replication, overrides=SHORT, warm=warm)
        _same_run(scratch, warmed)


def test_a_run_without_its_daily_series_gives_every_other_table_unchanged():
    """Experiments that keep no daily series skip recording them (work nobody reads):
    the series only read the model, so summaries, hours, yearly and community tables are
    those of the recording run, from scratch and from a warm state, for every scenario."""
    params = load_scenario("baseline").params(SHORT)
    warm = warm_state(params, CommunityModel, 5, 1, cache=False)
    for name in BUILTIN_SCENARIOS:
        for start in (None, warm):
            full = simulate(name, seed=5, replication=1, overrides=SHORT, warm=start)
            lean = simulate(name, seed=5, replication=1, overrides=SHORT, warm=start,
                            daily=False)
            assert lean.daily.empty and len(full.daily) == 50
            lean = dataclasses.replace(lean, daily=full.daily)
            _same_run(full, lean)


def test_a_plugin_policy_with_its_own_workforce_starts_warm_as_from_scratch(monkeypatch):
    """The grid workers of examples/grid_management.py: a workforce built at introduction."""
    examples = Path(__file__).resolve().parents[2] / "examples"
    monkeypatch.syspath_prepend(str(examples))
    import grid_management  # noqa: F401  (registers the policy)

    scenario = load_scenario(examples / "grid_management.toml")
    params = scenario.params(SHORT)
    warm = warm_state(params, CommunityModel, 5, 1, cache=False)
    scratch = simulate(scenario, seed=5, replication=1, overrides=SHORT)
    _same_run(scratch, simulate(scenario, seed=5, replication=1, overrides=SHORT, warm=warm))
    assert scratch.summary["grid_tasks_done"] > 0  # the grid workers did work


def test_policy_parameters_do_not_shape_the_warm_up():
    """Every parameter left out of the key is read by a policy only (none acts in the warm-up)."""
    own = policy_parameters()
    builtin = {p.key for name in ("admission_gate", "paperless", "purchased_services")
               for p in policies.get(name).parameters}
    assert builtin and builtin <= own
    moved = {}
    for key in own:
        p = SCHEMA[key]
        if isinstance(p.default, bool) or p.choices or not isinstance(p.default, int | float):
            continue
        target = p.high if p.high is not None and p.high != p.default else p.low
        if target is not None and target != p.default:
            moved[key] = type(p.default)(target)
    assert builtin <= set(moved)  # every built-in policy parameter is moved to a bound
    base = Params.defaults().with_overrides(SHORT, "test")
    models = [CommunityModel(params, policies=(), seed=4) for params in
              (base, base.with_overrides(moved, "test"))]
    for model in models:
        while model.day < model.measurement.start_day:
            model.step()
    pd.testing.assert_frame_equal(models[0].daily(), models[1].daily(), check_exact=True)
    assert vars(models[0].ledger) == vars(models[1].ledger)
    assert warmup_params(base.with_overrides(moved, "test")) == warmup_params(base)


def test_key_follows_what_shapes_the_warm_up():
    params = Params.defaults().with_overrides(SHORT, "test")
    key = warm_key(params, CommunityModel, 1, 0)
    assert key == warm_key(params.with_overrides({"gate.strictness": 0.2}, "t"),
                           CommunityModel, 1, 0)
    assert len({key, warm_key(params, CommunityModel, 2, 0), warm_key(params, CommunityModel, 1, 1),
                warm_key(params.with_overrides({"cadres.per_community": 9}, "t"),
                         CommunityModel, 1, 0),
                warm_key(params.with_overrides({"run.warmup_days": 31}, "t"),
                         CommunityModel, 1, 0)}) == 5
    assert shares_warmup(params, ("admission_gate",))
    assert not shares_warmup(params.with_overrides({"run.warmup_days": 0}, "t"), ("no_gate",))


def test_a_state_is_refused_by_a_run_it_is_not_the_warm_up_of():
    params = Params.defaults().with_overrides({**SHORT, "run.warmup_days": 5}, "test")
    warm = warm_state(params, CommunityModel, 1, 0, cache=False)
    with pytest.raises(ValueError, match="not that of this run"):
        start_from(warm, params, ("no_gate",), CommunityModel, 1, 1)


def test_the_cache_is_read_written_atomically_and_bounded(tmp_path):
    params = Params.defaults().with_overrides({**SHORT, "run.warmup_days": 5}, "test")
    cache = WarmCache(tmp_path / "warm")
    first = warm_state(params, CommunityModel, 1, 0, cache=cache)
    assert first.seconds > 0 and cache.path(first.key).exists()
    again = warm_state(params, CommunityModel, 1, 0, cache=cache)
    assert again.seconds == 0.0 and again.data == first.data  # read, not simulated
    assert not [p for p in cache.folder.iterdir() if p.name.startswith(".tmp-")]
    cache.path(first.key).write_bytes(first.data[: len(first.data) // 2])  # damaged
    assert cache.load(first.key) is None
    assert warm_state(params, CommunityModel, 1, 0, cache=cache).seconds > 0  # simulated again
    small = WarmCache(tmp_path / "small", limit_bytes=len(first.data) * 3 // 2)
    for replication in range(3):
        warm_state(params, CommunityModel, 1, replication, cache=small)
    assert len(list(small.folder.iterdir())) == 1  # the least recently used went


def test_a_model_cannot_be_captured_within_a_day():
    model = CommunityModel(Params.defaults().with_overrides(SHORT, "test"), seed=1)

    def errand():
        yield model.env.timeout(5)

    model.env.process(errand())
    with pytest.raises(RuntimeError, match="between days"):
        pickle.dumps(model)


def _spec(**table):
    return spec_from_table({"name": "w", "seed": 21, "days": 20, "warmup_days": 30,
                            "communities": 2, "scenarios": list(BUILTIN_SCENARIOS),
                            "replications": 2, **table}, source="test")


def test_runs_of_a_replication_are_grouped_by_their_warm_up():
    spec = _spec(scenarios=["baseline", "paperless", "admission_gate"],
                 design={"kind": "grid", "factors": {"cadres.per_community": {"values": [5, 6]}}})
    p = plan(spec)
    orders = list(grouped(p, range(2 * p.size), warm_identities(p)))
    groups = [o for o in orders if isinstance(o, GroupOrder)]
    # per replication: one group per staffing level, holding its three scenarios
    assert len(orders) == len(groups) == 4
    assert all(len({r.replication for r in g.runs}) == 1 and len(g.runs) == 3 for g in groups)
    assert sorted(r.run_id for g in groups for r in g.runs) == list(range(12))
    halves = list(grouped(p, range(p.size), warm_identities(p), chunks=2))
    assert sorted(len(o.runs) if isinstance(o, GroupOrder) else 1 for o in halves) == [1, 1, 2, 2]
    cold = plan(_spec(warmup_days=0))
    assert all(i is None for i in warm_identities(cold))


def test_a_group_whose_warm_up_fails_fails_each_of_its_runs():
    spec = _spec(scenarios=["baseline", "paperless"], replications=1)
    p = plan(spec)
    group = next(iter(grouped(p, range(2), warm_identities(p))))
    broken = GroupOrder.of([dataclasses.replace(r, overrides={**r.overrides, "no.such.key": 1})
                            for r in group.runs])
    outcome = execute(broken)
    assert isinstance(outcome, GroupOutcome)
    assert [o.status for _, o in split(broken, outcome)] == [FAILED, FAILED]
    died = split(group, type(outcome)(group.run_id, FAILED, "worker died"))
    assert [(t.run_id, o.error) for t, o in died] == [(0, "worker died"), (1, "worker died")]


def _same_store(a, b) -> None:
    for name in ("runs", "daily", "hours", "yearly", "comparison"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None) == (y is None), name
        if x is not None:
            pd.testing.assert_frame_equal(x.drop(columns=["wall_seconds"], errors="ignore"),
                                          y.drop(columns=["wall_seconds"], errors="ignore"),
                                          check_exact=True)


def test_warm_started_experiments_equal_runs_from_scratch_on_pool_and_dask(tmp_path):
    """The Done-when item: same tables from scratch (serial) and warm (pool, Dask)."""
    pytest.importorskip("distributed")
    from commsim.experiments.cluster import DaskExecutor

    spec = _spec(scenarios=["baseline", "admission_gate", "paperless", "combined"],
                 communities=1, days=15, warmup_days=20)
    scratch = run(spec, out=tmp_path / "scratch", executor=SerialExecutor(), progress=False,
                  warm_start=False)
    pool = run(spec, out=tmp_path / "pool", executor=ProcessExecutor(2), progress=False)
    _same_store(scratch, pool)
    dask = run(spec, out=tmp_path / "dask", executor=DaskExecutor(None, 2), progress=False)
    _same_store(scratch, dask)
    assert len(scratch.runs) == 2 * 4
    assert (pool.runs["status"] == "ok").all() and (dask.runs["status"] == "ok").all()
