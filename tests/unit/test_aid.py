"""S11: aid places go to the neediest at allocation rounds, with no seasonal pattern."""

from __future__ import annotations

import numpy as np

from commsim import simulate
from commsim.analysis.inference import mean_ci
from conftest import build_model

FAST = {"street.households_per_community": 1000}


def test_places_go_to_the_neediest_of_recipients_and_applicants() -> None:
    model = build_model(overrides={**FAST, "run.communities": 2})
    aid = model.aid
    eligible = np.nonzero(aid.eligible)[0]
    assert aid.recipient.sum() == aid.places.sum()  # the initial state fills every place
    aid.apply(eligible)
    applicants = int(aid.applied.sum())
    round_day = min(aid.round_days)
    aid.allocate(round_day)
    community = model.households.community
    for c in range(2):
        mine = aid.eligible & (community == c)
        placed = mine & aid.recipient
        assert placed.sum() == aid.places[c]
        assert aid.need[placed].min() >= aid.need[mine & ~aid.recipient].max()
    assert aid.decided_today == applicants
    assert model.stats.aid_refused == aid.refused_today > 0


def test_only_eligible_non_recipients_apply() -> None:
    model = build_model(overrides=FAST)
    aid = model.aid
    ordinary = np.nonzero(~aid.eligible)[0][:5]
    holder = np.nonzero(aid.recipient)[0][:5]
    aid.apply(np.concatenate((ordinary, holder)))
    assert not aid.applied.any()


def test_refused_households_cooperate_less_for_a_while() -> None:
    model = build_model(overrides=FAST)
    aid = model.aid
    h = np.array([0])
    assert aid.service_factor(h, 10)[0] == 1.0
    aid.refused_day[0] = 10
    fresh, later = aid.service_factor(h, 10)[0], aid.service_factor(h, 400)[0]
    assert fresh == 1 + float(model.params["residents.grievance_service_factor"])
    assert 1.0 < later < fresh


def test_no_seasonal_pattern_in_refusals() -> None:
    """Refusal share at the first-quarter round vs the third: paired CI covers zero.

    First come, first served with a yearly quota refused nobody in the first quarter
    and about half of the applicants in the third (a difference of about -0.5).
    """
    differences = []
    for replication in range(8):
        daily = simulate("baseline", seed=11, replication=replication, overrides={
            **FAST, "run.communities": 2, "run.warmup_days": 365, "run.days": 730}).daily
        rounds = daily[daily["measured"] & (daily["aid_decisions"] > 0)]
        share = (rounds["aid_refused"] / rounds["aid_decisions"]).to_numpy()
        assert len(share) == 8
        differences.append((share[0] + share[4] - share[2] - share[6]) / 2)
    mean, low, high = mean_ci(np.array(differences))
    assert low <= 0.0 <= high, (mean, low, high)
    assert abs(mean) < 0.1
