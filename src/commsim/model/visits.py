"""Residents' visits: bulk generation each morning, bulk evaluation each evening.

Visits are drawn per community and need type from Poisson rates (S12: a few
demanding groups generate most contacts), all at once with numpy; each
community's counter gets its share in one call. In the evening the day's outcomes update the
satisfaction of exactly the households that visited, pass aid applications to the
next allocation round (S11, :mod:`commsim.model.aid`), and send complaints and return
visits onward.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from commsim.core.metrics import summary_metric
from commsim.model.accounting import safe_ratio
from commsim.model.agents.household import AID_TYPES, NEED_TYPES
from commsim.model.counter import ABANDONED, EMPTY_OFFICE, SERVED

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel
    from commsim.model.measurement import Window


class VisitFlow:
    """Draws residents' visits and evaluates what they experienced."""

    def __init__(self, model: CommunityModel) -> None:
        self.model = model
        p = model.params
        hh = model.households
        n_types = len(NEED_TYPES)
        groups = hh.community.astype(np.int64) * n_types + hh.need
        self.order = np.argsort(groups, kind="stable").astype(np.int64)
        n_groups = model.n_communities * n_types
        self.group_size = np.bincount(groups, minlength=n_groups)
        self.group_start = np.concatenate(([0], np.cumsum(self.group_size)[:-1]))
        per_year = np.array([p[f"residents.visits_{t}"] for t in NEED_TYPES])
        first_year = model.calendar.workday[:365]
        workdays = max(1.0, first_year.sum() * 365 / len(first_year))
        self.rate = self.group_size * np.tile(per_year, model.n_communities) / workdays
        self.is_aid_type = np.isin(np.arange(n_types), AID_TYPES)
        self.service_mean = float(p["residents.service_hours"])
        self.patience_mean = float(p["residents.patience_hours"])
        self.aid_share = float(p["residents.aid_share"])
        self.returning: list[int] = []
        #: Day of the last evaluation, its number of visits, and the mean wait of the
        #: last working day with a served visit (read by the daily series).
        self.visits_day = -1
        self.visits_today = 0
        self.mean_wait_today = 0.0

    def draw(self, day: int) -> dict[str, np.ndarray]:
        """Today's visits: household, arrival hour, service and patience hours, aid flag."""
        model = self.model
        rng = model.streams["residents"]
        counts = rng.poisson(self.rate)
        group = np.repeat(np.arange(len(counts)), counts)
        pick = (rng.random(len(group)) * self.group_size[group]).astype(np.int64)
        household = self.order[self.group_start[group] + pick]
        base = self._attributes(household, model.streams["service"])
        if not self.returning:
            return base
        # Return visits draw from their own stream, so that first visits stay
        # identical across scenarios (common random numbers).
        back = self._attributes(np.array(self.returning, dtype=np.int64),
                                model.streams["returns"])
        self.returning = []
        return {k: np.concatenate((base[k], back[k])) for k in base}

    def _attributes(self, household: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
        model = self.model
        n = len(household)
        need = model.households.need[household]
        return {
            "household": household,
            "community": model.households.community[household],
            "clock": rng.random(n) * model.calendar.office_hours,
            "service": rng.exponential(self.service_mean, n)
            * model.aid.service_factor(household, model.day),
            "patience": rng.exponential(self.patience_mean, n),
            "aid": self.is_aid_type[need] & (rng.random(n) < self.aid_share),
        }

    def schedule(self, day: int) -> None:
        """Hand each community's counter today's visits, in the order they were drawn."""
        model = self.model
        visits = self.draw(day)
        (m_open, m_close), (a_open, a_close) = model.calendar.sessions
        morning = m_close - m_open
        start = day * 24.0
        clock = visits["clock"]
        arrive = np.where(clock < morning, start + m_open + clock, start + a_open + clock - morning)
        community = visits["community"]
        order = np.argsort(community, kind="stable")
        bounds = np.searchsorted(community[order], np.arange(model.n_communities + 1))
        columns = [visits["household"][order], arrive[order], visits["service"][order],
                   visits["patience"][order], visits["aid"][order]]
        close = np.full(len(order), start + a_close)
        for comm, counter in enumerate(c.counter for c in model.communities):
            lo, hi = int(bounds[comm]), int(bounds[comm + 1])
            if hi > lo and counter is not None:
                hh, t, s, pat, aid = (col[lo:hi] for col in columns)
                counter.add_visits(hh, t, s, pat, close[lo:hi], aid)

    def evaluate(self, day: int) -> None:
        """Turn the day's counter logs into satisfaction, complaints and returns."""
        model = self.model
        p = model.params
        open_ = [c for c in model.communities if c.counter is not None]
        counters = [c.counter for c in open_ if c.counter is not None]
        sizes = [len(c.hh) for c in counters]
        n = sum(sizes)
        self.visits_day = day
        self.visits_today = n
        if n == 0:
            return
        hh, outcome, wait, aid = (np.concatenate([getattr(c, name) for c in counters])
                                  for name in ("hh", "outcome", "wait", "aid"))
        served = outcome == SERVED
        model.aid.apply(hh[served & aid])
        tolerance = p["residents.wait_tolerance_hours"]
        unserved = np.where(outcome == EMPTY_OFFICE, 0.0, p["residents.performance_abandoned"])
        perf = np.where(served, np.clip(1 - wait / tolerance, 0, 1), unserved)
        quality = np.repeat([c.quality for c in counters], sizes)
        perf = np.where(served, perf * quality, perf)
        model.households.experience(hh, perf)
        model.households.record_contact(hh, day)
        stats = model.stats
        stats.visits += len(hh)
        stats.served += int(served.sum())
        stats.abandoned += int((outcome == ABANDONED).sum())
        stats.empty += int((outcome == EMPTY_OFFICE).sum())
        served_wait = wait[served]
        stats.wait_sum += float(served_wait.sum())
        community = np.repeat([c.index for c in open_], sizes)
        model.tally.counter_day(community, outcome, wait)
        self.mean_wait_today = float(served_wait.mean()) if len(served_wait) else 0.0
        unhappy = ~served
        rng = model.streams["complaints"]
        u = rng.random((len(hh), 2))
        for h in hh[unhappy & (u[:, 0] < p["residents.complaint_probability"])].tolist():
            model.pipeline.complaint(int(model.households.community[h]), day)
        self.returning = hh[~served & (u[:, 1] < p["residents.return_probability"])].tolist()


@summary_metric(
    "resident_satisfaction",
    unit="share of households with contact satisfied (0-1)",
    label="Residents satisfied (had contact)",
    label_zh="居民满意率(近一年办过事)",
    better="higher",
    headline=True,
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description=(
        "Share satisfied (index at or above residents.satisfied_threshold) among households "
        "with a contact with the committee in the past 12 months, as a survey of service "
        "users asks it (Jinan 2022); averaged over the household-days of the measured "
        "window."
    ),
)
def _resident_satisfaction(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.contact_satisfied, s.contact_household_days)


@summary_metric(
    "resident_satisfaction_all",
    unit="share of households satisfied (0-1)",
    label="Residents satisfied (all households)",
    label_zh="居民满意率(全体住户)",
    better="higher",
    bounds=(0.0, 1.0),
    over_days="mean",
    over_communities="mean",
    description=(
        "Share satisfied among all households, with or without contact (those without "
        "contact hold the community's opinion by word of mouth); averaged over the days of "
        "the measured window."
    ),
)
def _resident_satisfaction_all(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.satisfied_all_sum, s.days)


@summary_metric(
    "satisfaction_index",
    report=True,
    unit="index 0-100",
    label="Satisfaction index",
    label_zh="满意度指数",
    better="higher",
    bounds=(0.0, 100.0),
    over_days="mean",
    over_communities="mean",
    description="Mean household satisfaction on a 0-100 scale, averaged over the measured days.",
)
def _satisfaction_index(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.satisfaction_index_sum, s.days)


@summary_metric(
    "resident_wait_hours_mean",
    unit="h",
    label="Resident waiting time",
    label_zh="居民平均等待时长",
    better="lower",
    bounds=(0.0, None),
    over_days="ratio",
    over_communities="mean",
    description="Mean wait of served counter visits.",
)
def _resident_wait_hours_mean(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.wait_sum, s.served)


@summary_metric(
    "visits",
    unit="visits",
    label="Counter visits",
    label_zh="来访人次",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    description="Resident visits to the community office counter.",
)
def _visits(window: Window) -> float:
    s = window.stats
    return float(s.visits)


@summary_metric(
    "served_share",
    unit="share of visits",
    label="Visits served",
    label_zh="来访办结率",
    better="higher",
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description="Share of counter visits that were served.",
)
def _served_share(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.served, s.visits)


@summary_metric(
    "empty_office_share",
    unit="share of visits",
    label="Office found empty",
    label_zh="扑空率",
    better="lower",
    bounds=(0.0, 1.0),
    over_days="ratio",
    over_communities="mean",
    description="Share of counter visits that found the office unmanned.",
)
def _empty_office_share(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.empty, s.visits)
