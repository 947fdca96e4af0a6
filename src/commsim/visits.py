"""Residents' visits: bulk generation each morning, bulk evaluation each evening.

Visits are drawn per community and need type from Poisson rates (S12: a few
demanding groups generate most contacts), all at once with numpy; each becomes
one SimPy process at the counter. In the evening the day's outcomes update the
satisfaction of exactly the households that visited, pass aid applications to the
next allocation round (S11, :mod:`commsim.aid`), and send complaints and return
visits onward.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from commsim.agents.household import AID_TYPES, NEED_TYPES, SERVED

if TYPE_CHECKING:
    from commsim.model import CommunityModel


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
        """Start one SimPy process per visit at its community's counter."""
        model = self.model
        visits = self.draw(day)
        (m_open, m_close), (a_open, a_close) = model.calendar.sessions
        morning = m_close - m_open
        start = day * 24.0
        clock = visits["clock"]
        arrive = np.where(clock < morning, start + m_open + clock, start + a_open + clock - morning)
        close = np.full(len(clock), start + a_close)
        env = model.env
        counters = [c.counter for c in model.communities]
        for hh, comm, t, s, pat, end, aid in zip(
            visits["household"].tolist(), visits["community"].tolist(), arrive.tolist(),
            visits["service"].tolist(), visits["patience"].tolist(), close.tolist(),
            visits["aid"].tolist(), strict=True,
        ):
            env.process(counters[comm].visit(hh, t, s, pat, end, aid))

    def evaluate(self, day: int) -> None:
        """Turn the day's counter logs into satisfaction, complaints and returns."""
        model = self.model
        p = model.params
        counters = [c.counter for c in model.communities if c.counter is not None]
        hh = np.array([h for c in counters for h in c.hh], dtype=np.int64)
        if len(hh) == 0:
            return
        outcome = np.array([o for c in counters for o in c.outcome])
        wait = np.array([w for c in counters for w in c.wait])
        aid = np.array([a for c in counters for a in c.aid], dtype=bool)
        served = outcome == SERVED
        model.aid.apply(hh[served & aid])
        tolerance = p["residents.wait_tolerance_hours"]
        perf = np.where(served, np.clip(1 - wait / tolerance, 0, 1),
                        np.where(outcome == 2, 0.0, p["residents.performance_abandoned"]))
        quality = np.concatenate([np.full(len(c.hh), c.quality) for c in counters])
        perf = np.where(served, perf * quality, perf)
        model.households.experience(hh, perf, day)
        stats = model.stats
        stats.visits += len(hh)
        stats.served += int(served.sum())
        stats.abandoned += int((outcome == 1).sum())
        stats.empty += int((outcome == 2).sum())
        stats.wait_sum += float(wait[served].sum())
        model.today_wait = float(wait[served].mean()) if served.any() else 0.0
        unhappy = ~served
        rng = model.streams["complaints"]
        u = rng.random((len(hh), 2))
        for h in hh[unhappy & (u[:, 0] < p["residents.complaint_probability"])].tolist():
            model.flow.complaint(int(model.households.community[h]), day)
        self.returning = hh[~served & (u[:, 1] < p["residents.return_probability"])].tolist()
