"""Per-community results: the tally adds up to the street, rows name the district's communities."""

import math

import numpy as np
import pytest

from commsim import CommunityModel, load_scenario
from commsim.core.metrics import METRICS
from commsim.model.community_tally import FIELDS, IDENTITY, CommunityTally, community_metrics
from commsim.model.counter import EMPTY_OFFICE, SERVED

DISTRICT = ("name,kind,households,cadre_posts,high_need\n"
            "东湖社区,urban,900,6,0\nRiverside,town,600,4,1\n滨江新城社区,urban,1200,7,0\n")


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    path = tmp_path_factory.mktemp("district") / "d.csv"
    path.write_text(DISTRICT, encoding="utf-8")
    m = CommunityModel.from_scenario(
        load_scenario("baseline"), seed=3,
        overrides={"run.days": 60, "run.warmup_days": 20, "run.district": str(path)})
    m.run()
    return m


def test_tallies_add_up_to_the_street_totals_of_the_measured_window(model):
    stats = model.stats
    for name in FIELDS:
        if name == "days":  # each community counts the street's days
            assert model.tally.sums[name] == [stats.days] * model.n_communities
            continue
        total = sum(model.tally.sums[name])
        if name == "satisfied_all_sum":  # shares: weighted by community size
            sizes = model.structure.sizes
            total = sum(v * s for v, s in zip(model.tally.sums[name], sizes, strict=True))
            total /= sizes.sum()
        assert math.isclose(total, float(getattr(stats, name)), rel_tol=1e-9, abs_tol=1e-9), name


def test_one_row_per_community_with_the_declared_metrics(model):
    frame = model.community_results()
    assert list(frame.columns) == [*IDENTITY, *community_metrics()]
    assert list(frame["name"]) == ["东湖社区", "Riverside", "滨江新城社区"]
    assert list(frame["kind"]) == ["urban", "town", "urban"]
    assert list(frame["cadre_posts"]) == [6, 4, 7]
    assert list(frame["households"]) == [900, 600, 1200]
    for key in community_metrics():
        declared = METRICS[key]
        low, high = declared.bounds
        values = frame[key]
        assert values.notna().all(), key
        assert low is None or (values >= low - 1e-12).all(), key
        assert high is None or (values <= high + 1e-12).all(), key


def test_street_overtime_is_the_cadre_day_weighted_mean_of_the_communities(model):
    frame = model.community_results()
    days = model.tally.sums["cadre_days"]
    weighted = sum(v * d for v, d in zip(frame["overtime_hours_per_cadre_week"], days,
                                         strict=True)) / sum(days)
    assert math.isclose(weighted, model.summary()["overtime_hours_per_cadre_week"],
                        rel_tol=1e-9)


def test_a_drawn_street_has_named_communities_without_a_kind():
    m = CommunityModel.from_scenario(load_scenario("baseline"), seed=1,
                                     overrides={"run.days": 5, "run.warmup_days": 0,
                                                "run.communities": 2})
    m.run()
    frame = m.community_results()
    assert list(frame["name"]) == ["C1", "C2"] and list(frame["kind"]) == ["", ""]


def test_a_counter_day_is_tallied_per_community_as_each_counter_logged_it(model):
    """Visits, served, empty office and waits per community; waits summed in log order."""
    rng = np.random.default_rng(4)
    tally = CommunityTally(model)
    sizes = [5, 0, 7]
    community = np.repeat(np.arange(3), sizes)
    outcome = rng.integers(0, 3, len(community))
    wait = rng.exponential(0.3, len(community))
    tally.counter_day(community, outcome, wait)
    for c in range(3):
        mine = community == c
        assert tally.sums["visits"][c] == sizes[c]
        assert tally.sums["served"][c] == int(np.count_nonzero(outcome[mine] == SERVED))
        assert tally.sums["empty"][c] == int(np.count_nonzero(outcome[mine] == EMPTY_OFFICE))
        # exactly the Python sum of the community's served waits in log order
        assert tally.sums["wait_sum"][c] == sum(wait[mine & (outcome == SERVED)].tolist())
    with pytest.raises(ValueError, match="sorted by community"):
        tally.counter_day(community[::-1], np.full(len(community), SERVED), wait)
