"""The district's structure and the seed mechanisms S3, S9, S12, S13, on fixed random streams.

* structure (community sizes, households, catalogues, posts, categories, non-cooperating
  households) is identical across replications and root seeds, and differs across
  ``run.structure_seed``;
* S3: overlapping lines send their twin requests at the configured rate, to the partner line;
* S9: a lower-paid staff category has a higher quit hazard than a better-paid colleague;
* S12: non-cooperating households raise the hours of door-to-door kinds only;
* S13: the staffing norm gives ``ceil(households / norm)`` posts, clamped; office funds above
  running costs buy helper hours.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from commsim import CommunityModel
from commsim.core.errors import InputError
from commsim.core.parameters import Params
from commsim.core.schema import KIND_NAMES
from commsim.model.cooperation import FIELD_KINDS
from commsim.model.overlapping_lines import OVERLAPS
from commsim.model.structure import Structure
from commsim.model.task_ledger import Status, Task
from conftest import build_model

NO_OVERLAP = {f"departments.overlap.{o.key}.probability": 0.0 for o in OVERLAPS}


def _structure(model: CommunityModel) -> dict[str, Any]:
    d = model.structure
    return {
        "sizes": d.sizes.tolist(), "high_need": d.high_need.tolist(),
        "posts": d.posts.tolist(), "roles": d.roles, "hostile": d.hostile_share.tolist(),
        "need": model.households.need.tolist(),
        "weights": d.department_weights.tolist(),
        "catalogues": [(dep.item_kind.tolist(), dep.item_statutory.tolist(),
                        dep.item_weight.tolist()) for dep in model.departments],
    }


def test_structure_fixed_across_replications_and_root_seeds() -> None:
    over = {"run.communities": 4}
    a = build_model(seed=1, replication=0, overrides=over)
    b = build_model(seed=1, replication=7, overrides=over)
    c = build_model(seed=99, replication=3, overrides=over)
    assert _structure(a) == _structure(b) == _structure(c)
    # ... while the stochastic processes differ between replications
    assert a.streams["departments"].random() != b.streams["departments"].random()


def test_structure_differs_across_structure_seeds() -> None:
    over = {"run.communities": 4}
    a = build_model(seed=1, overrides={**over, "run.structure_seed": 0})
    b = build_model(seed=1, overrides={**over, "run.structure_seed": 1})
    sa, sb = _structure(a), _structure(b)
    for key in ("sizes", "need", "weights", "catalogues", "hostile"):
        assert sa[key] != sb[key], key


def test_structure_draw_is_a_function_of_the_parameters() -> None:
    p = Params.defaults().with_overrides({"run.structure_seed": 5}, "test")
    one, two = Structure.draw(p), Structure.draw(p)
    assert one.sizes.tolist() == two.sizes.tolist()
    assert one.roles == two.roles
    np.testing.assert_array_equal(one.field_effort, two.field_effort)


def _submitted(model: CommunityModel, days: int) -> list[Task]:
    """Run the department draws of ``days`` working days, recording every submitted task."""
    seen: list[Task] = []
    model.pipeline.submit = lambda task, day: seen.append(task)  # type: ignore[method-assign]
    for day in range(days):
        if model.calendar.workday[day]:
            model.pipeline.department_day(day)
    return seen


@pytest.mark.parametrize("probability", [0.3, 1.0])
def test_overlap_pair_sends_twins_at_the_configured_rate(probability: float) -> None:
    model = build_model(seed=3, overrides={
        **NO_OVERLAP, "departments.overlap.aid.probability": probability,
        "departments.overlap.aid.effort": 0.5, "run.days": 120, "run.communities": 2,
        "departments.tasks_per_community_day": 20.0})
    names = [d.name for d in model.departments]
    civil, union = names.index("civil_affairs"), names.index("trade_union")
    tasks = _submitted(model, 120)
    originals = [t for t in tasks if t.origin == "department" and t.dept in (civil, union)]
    twins = [t for t in tasks if t.origin == "duplicate"]
    assert twins and all(t.dept in (civil, union) for t in twins)
    rate = len(twins) / len(originals)
    if probability == 1.0:
        assert len(twins) == len(originals)
    else:
        se = math.sqrt(probability * (1 - probability) / len(originals))
        assert abs(rate - probability) < 4 * se
    # a twin goes to the other line of the pair, at the configured share of the hours
    by_uid = {t.uid: t for t in tasks}
    for twin in twins[:50]:
        original = by_uid.get(twin.uid - 1)
        assert original is not None and original.dept != twin.dept
        assert twin.hours == pytest.approx(0.5 * original.hours)


def test_no_overlap_no_twins_and_lines_outside_the_district_inactive() -> None:
    none = _submitted(build_model(seed=3, overrides=NO_OVERLAP), 14)
    assert not [t for t in none if t.origin == "duplicate"]
    # with 8 departments, trade_union (9th line) is not in the district: aid pair inactive
    model = build_model(seed=3, overrides={"departments.count": 8})
    assert all(not d.partners for d in model.departments if d.name == "civil_affairs")


def test_lower_paid_category_has_higher_quit_hazard() -> None:
    model = build_model(seed=2, overrides={"cadres.share_assigned": 0.5,
                                           "cadres.share_contract": 0.5})
    community = model.communities[0]
    a, b = community.present()[1:3]
    for cadre in (a, b):  # same state: only the category differs
        cadre.exhaustion, cadre.overtime_week = 0.3, 5.0
        cadre.fines.clear()
    a.role, b.role = "contract", "assigned"
    community.peer_pay = model.pay["assigned"]
    assert a.pay < b.pay
    assert a.quit_hazard(0) > b.quit_hazard(0)
    # without the peer comparison, only the reference-wage gap remains
    higher = a.quit_hazard(0)
    community.peer_pay = 0.0
    assert a.quit_hazard(0) < higher


def test_categories_drawn_from_the_shares() -> None:
    model = build_model(overrides={"run.communities": 40, "cadres.share_assigned": 0.25,
                                   "cadres.share_contract": 0.25})
    roles = [r for c in model.communities for r in c.roles[1:]]
    assert all(c.roles[0] == "secretary" for c in model.communities)
    assert all(cadre.role == c.roles[cadre.post] for c in model.communities
               for cadre in c.present())
    for role in ("assigned", "contract"):
        assert abs(roles.count(role) / len(roles) - 0.25) < 0.08
    with pytest.raises(InputError, match="cadres.share_assigned"):
        build_model(overrides={"cadres.share_assigned": 0.7, "cadres.share_contract": 0.7})


def test_hostile_households_raise_survey_and_visit_hours_only() -> None:
    over = {"run.communities": 2, "run.days": 30, "departments.tasks_per_community_day": 10.0}
    calm = _submitted(build_model(seed=4, overrides={**over, "residents.hostile_share": 0.0}),
                      30)
    hostile_model = build_model(seed=4, overrides={**over, "residents.hostile_share": 0.2,
                                                   "residents.hostile_effort": 3.0})
    hostile = _submitted(hostile_model, 30)
    assert [t.kind for t in calm] == [t.kind for t in hostile]  # same streams, same tasks
    for a, b in zip(calm, hostile, strict=True):
        if a.kind_name in FIELD_KINDS:
            share = hostile_model.structure.hostile_share[a.community]
            assert share > 0
            assert b.hours == pytest.approx(a.hours * (1 + a.away_share * share * 2.0))
        else:
            assert b.hours == pytest.approx(a.hours)
    field = [KIND_NAMES.index(k) for k in FIELD_KINDS]
    assert sum(t.hours for t in hostile if t.kind in field) > sum(
        t.hours for t in calm if t.kind in field)


def test_high_need_communities_have_more_non_cooperating_households() -> None:
    model = build_model(overrides={"run.communities": 40, "residents.hostile_share": 0.1})
    d = model.structure
    assert d.hostile_share[d.high_need].mean() > 2 * d.hostile_share[~d.high_need].mean()


def test_staffing_norm_gives_posts_from_community_size() -> None:
    model = build_model(overrides={"run.communities": 12, "staffing.households_per_worker": 300,
                                   "street.community_size_cv": 0.6})
    sizes = model.community_sizes
    want = np.clip(np.ceil(sizes / 300), 5, 16).astype(int)
    assert [len(c.cadres) for c in model.communities] == want.tolist()
    assert model.n_posts == want.sum()
    assert len(set(want.tolist())) > 1  # the norm gives communities different posts
    model.run()  # unequal posts per community: quits and hires stay aligned
    model.check_invariants()
    with pytest.raises(InputError, match="staffing.min_posts"):
        build_model(overrides={"staffing.households_per_worker": 300,
                               "staffing.min_posts": 10, "staffing.max_posts": 6})


def test_default_staffing_keeps_cadres_per_community() -> None:
    model = build_model(overrides={"run.communities": 3, "cadres.per_community": 6})
    assert [len(c.cadres) for c in model.communities] == [6, 6, 6]


def test_office_budget_above_running_costs_buys_helper_hours() -> None:
    over = {"run.days": 60}
    tight = build_model(seed=5, overrides=over)
    rich = build_model(seed=5, overrides={**over, "street.office_budget_yuan": 150000.0})
    assert not tight.office_helper_hours.any()
    assert rich.office_helper_hours == pytest.approx(
        120000 / 35 / (rich.calendar.workday.sum() * 365 / 60))
    tight.run()
    rich.run()
    assert tight.ledger.count(Status.OUTSOURCED) == 0
    assert rich.ledger.count(Status.OUTSOURCED) > 0


def test_district_file_replaces_the_drawn_parts() -> None:
    from pathlib import Path

    import commsim
    from commsim.inputs.district import load_district

    example = Path(commsim.__file__).parent / "inputs" / "districts" / "s14_example.csv"
    district = load_district(example)
    structure = Structure.draw(Params.defaults(), district)
    assert structure.sizes.tolist() == district.column("households")
    assert structure.posts.tolist() == district.column("cadre_posts")
    assert structure.high_need.tolist() == district.column("high_need")
    assert len(structure.roles) == len(structure.hostile_share) == len(district.communities)
    assert all(len(r) == k for r, k in zip(structure.roles, structure.posts, strict=True))
