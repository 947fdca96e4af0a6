"""Aid places allocated by need at review rounds (seed point S11).

The seed (000) describes it so:

    由于下拨的户数名额有限,社区居干也只能从中筛选最困难的家庭来帮扶,剩下的这些生活困难的
    家庭得不到救助,怨言大,认为社区工作没做好……从而引发矛盾,有的居民对社区居干产生抵触
    情绪,不配合工作。

    ("Because the number of household places handed down is limited, the cadres can only
    pick the neediest families to help; the other struggling families get no aid, complain
    loudly, think the community has done its job badly ... conflicts follow, and some
    residents turn against the cadres and do not cooperate.")

Each community holds a standing number of aid places (``residents.aid_quota_share`` of
its low-income and disabled households). Applications made at the counter wait for the
next allocation round (``residents.aid_rounds_per_year``, a periodic review as in the
dynamic management of minimum-living allowances); at each round the places go to the
neediest of the current recipients and the new applicants by a need score. The score is
a household's hardship, a persistent random walk (``residents.need_persistence`` per
round; an assumption). Applicants who get no place, and recipients whose place goes to
a needier household, hear a refusal: a contact with low perceived performance
(``residents.performance_refused_aid``), a chance of a hotline complaint
(``residents.complaint_probability``) and a grievance that makes their later counter
visits slower (they cooperate less: ``residents.grievance_service_factor``, decaying
over ``residents.grievance_days``).

Because places are a standing stock reviewed at every round, no season is favoured:
the first-come-first-served yearly quota this replaces refused nobody in the first
quarter and about half of the applicants in the last two.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from commsim.core.metrics import summary_metric
from commsim.model.agents.household import AID_TYPES, NEVER

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel
    from commsim.model.measurement import Window


class AidAllocation:
    """Standing aid places per community, reallocated by need at each round.

    Parameters
    ----------
    model : CommunityModel
        The model (households, parameters, the ``aid`` random stream).

    """

    def __init__(self, model: CommunityModel) -> None:
        self.model = model
        p = model.params
        hh = model.households
        n = len(hh)
        self.rng = model.streams["aid"]
        self.eligible = np.isin(hh.need, AID_TYPES)
        self.need = self.rng.standard_normal(n)
        self.persistence = float(p["residents.need_persistence"])
        per_community = np.bincount(hh.community[self.eligible], minlength=model.n_communities)
        self.places = np.round(per_community * float(p["residents.aid_quota_share"])).astype(int)
        self.applied = np.zeros(n, dtype=bool)
        self.refused_day = np.full(n, NEVER, dtype=np.int64)
        self.grievance_days = float(p["residents.grievance_days"])
        self.grievance_factor = float(p["residents.grievance_service_factor"])
        self.refusal_performance = float(p["residents.performance_refused_aid"])
        self.complaint_probability = float(p["residents.complaint_probability"])
        rounds = int(p["residents.aid_rounds_per_year"])
        interval = 365 / rounds if rounds else np.inf
        days = model.calendar.days
        self.round_days = (
            {round((k + 1) * interval) - 1 for k in range(int(days / interval) + 1)}
            if rounds else set()
        )
        self.decided_today = 0
        self.refused_today = 0
        self.recipient = self._rank(self.eligible)  # the state at the first day

    def apply(self, households: np.ndarray) -> None:
        """Record aid applications (eligible non-recipients) until the next round."""
        households = households[self.eligible[households] & ~self.recipient[households]]
        self.applied[households] = True

    def service_factor(self, households: np.ndarray, day: int) -> np.ndarray:
        """Factor on counter service time: refused households cooperate less for a while."""
        if self.grievance_factor <= 0 or self.grievance_days <= 0:
            return np.ones(len(households))
        since = day - self.refused_day[households]
        return 1 + self.grievance_factor * np.exp(-since / self.grievance_days)

    def allocate(self, day: int) -> None:
        """On a round day, give the places to the neediest of recipients and applicants."""
        self.decided_today = self.refused_today = 0
        if day not in self.round_days:
            return
        model = self.model
        rho = self.persistence
        n = len(self.need)
        self.need = rho * self.need + np.sqrt(1 - rho**2) * self.rng.standard_normal(n)
        placed = self._rank(self.recipient | self.applied)
        refused = (self.applied | self.recipient) & ~placed
        self.decided_today = int(self.applied.sum())
        self.refused_today = int((self.applied & ~placed).sum())
        stats = model.stats
        stats.aid_decisions += self.decided_today
        stats.aid_refused += self.refused_today
        self.recipient = placed
        self.applied[:] = False
        index = np.nonzero(refused)[0]
        self.refused_day[index] = day
        model.households.experience(index, np.full(len(index), self.refusal_performance))
        model.households.record_contact(index, day)
        complain = index[self.rng.random(len(index)) < self.complaint_probability]
        community = model.households.community
        for h in complain.tolist():
            model.pipeline.complaint(int(community[h]), day)

    def _rank(self, pool: np.ndarray) -> np.ndarray:
        """The households of ``pool`` that get a place: per community, the neediest first."""
        community = self.model.households.community
        placed = np.zeros(len(pool), dtype=bool)
        candidates = np.nonzero(pool)[0]
        order = candidates[np.lexsort((-self.need[candidates], community[candidates]))]
        groups = community[order]
        starts = np.searchsorted(groups, np.arange(len(self.places)))
        rank = np.arange(len(order)) - starts[groups]
        placed[order[rank < self.places[groups]]] = True
        return placed


@summary_metric(
    "aid_refusal_share",
    unit="share of aid applications",
    label="Aid applications refused",
    label_zh="救助申请未获批比例",
    better="lower",
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description="Share of aid applications decided at allocation rounds that got no place (S11).",
)
def _aid_refusal_share(window: Window) -> float:
    s = window.stats
    return s.aid_refused / s.aid_decisions if s.aid_decisions else 0.0
