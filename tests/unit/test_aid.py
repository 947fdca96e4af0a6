"""S11: aid places go to the neediest at allocation rounds.

The absence of a seasonal pattern over years of rounds is tests/functional/test_aid_rounds.py.
"""

from __future__ import annotations

import numpy as np

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
