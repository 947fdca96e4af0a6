"""Turnover: the quit hazard, quits, vacancies and hires (seed points S9, S10).

Each evening every cadre may quit with the daily probability of their hazard
(:class:`QuitHazard`, reached through the overridable
:meth:`~commsim.model.agents.cadre.Cadre.quit_hazard`): a proportional (log-linear)
hazard in exhaustion, pay gaps (to the reference wage and to better-paid colleague
categories, S9), recent fines and smoothed overtime (Tett & Meyer
1993 for the path burnout → intention → quitting). The post stays vacant for an
exponential time (mean ``cadres.vacancy_days``); meanwhile its backlog and its
lines of work fall on the least-loaded colleagues (Casiraghi et al. 2021:
overload cascades). A hire starts with no tenure and low productivity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from commsim.core.metrics import summary_metric
from commsim.core.parameters import Params
from commsim.model import pay_categories
from commsim.model.accounting import average_headcount, run_years, safe_ratio

if TYPE_CHECKING:
    from collections.abc import Callable

    from commsim.model.accounting import RunStats
    from commsim.model.agents.cadre import Cadre
    from commsim.model.community import Community
    from commsim.model.community_tally import CommunityTally
    from commsim.model.measurement import Window


@dataclass(frozen=True, slots=True)
class QuitHazard:
    """The quit hazard's coefficients, read once per run."""

    reference_wage: float
    base: float
    exhaustion: float
    pay_gap: float
    peer_gap: float
    fines: float
    overtime: float
    fine_memory: int

    @classmethod
    def from_params(cls, p: Params) -> QuitHazard:
        """Read the coefficients from the run's parameters."""
        return cls(
            reference_wage=float(p["cadres.reference_wage"]),
            base=float(p["cadres.quit_base"]),
            exhaustion=float(p["cadres.quit_exhaustion"]),
            pay_gap=float(p["cadres.quit_pay_gap"]),
            peer_gap=float(p["cadres.quit_peer_gap"]),
            fines=float(p["cadres.quit_fines"]),
            overtime=float(p["cadres.quit_overtime"]),
            fine_memory=int(p["cadres.fine_memory_days"]),
        )

    def recent_fines(self, cadre: Cadre, day: int) -> float:
        """Fines of ``cadre`` within the fine memory, yuan (older ones are forgotten)."""
        fines = cadre.fines
        if not fines:  # most cadres on most days: nothing to forget or add
            return 0
        while fines and fines[0][0] < day - self.fine_memory:
            fines.popleft()
        return sum(amount for _, amount in fines)

    def probability(self, cadre: Cadre, day: int) -> float:
        """Daily probability of quitting: ``1 - exp(-h/365)``, ``h`` log-linear (S9, S10).

        Two pay gaps enter: to the reference wage of comparable (civil-servant) work and
        to the best-paid staff category among the cadre's colleagues (同工不同酬, S9,
        :mod:`commsim.model.pay_categories`).
        """
        pay = cadre.pay
        gap = 1 - pay / self.reference_wage
        gap = gap if gap > 0.0 else 0.0  # max(0.0, gap) without a call: once per cadre-day
        peer = pay_categories.peer_gap(pay, cadre.model.communities[cadre.community].peer_pay)
        fines = self.recent_fines(cadre, day) if cadre.fines else 0
        log_h = (self.exhaustion * cadre.exhaustion + self.pay_gap * gap
                 + self.peer_gap * peer
                 + self.fines * fines / 1000
                 + self.overtime * cadre.overtime_week)
        return 1 - math.exp(-self.base * math.exp(log_h) / 365)


class Turnover:
    """Quits, vacancies and hires of one run's posts.

    Parameters
    ----------
    params : Params
        The run's parameters (``cadres.vacancy_days``, ``cadres.recruitment_cost``).
    communities : list of Community
        The committees whose posts turn over.
    new_cadre : callable
        ``new_cadre(community, slot, rng, tenure_years, exhaustion) -> Cadre``: builds
        the cadre of a post (:meth:`commsim.model.community_model.CommunityModel.new_cadre`,
        which uses the model's ``cadre_class``).
    quit_rng, staffing_rng : numpy.random.Generator
        The ``cadres`` stream (one uniform per post per day) and the ``staffing``
        stream (vacancy lengths, newcomers' traits).
    post_offsets : numpy.ndarray
        Index of each community's first post among all posts.
    stats : RunStats
        The run's accounts (separations, recruitment cost).
    tally : CommunityTally
        Per-community accounts.

    """

    def __init__(self, params: Params, communities: list[Community],
                 new_cadre: Callable[[Community, int, np.random.Generator, float, float], Cadre],
                 quit_rng: np.random.Generator, staffing_rng: np.random.Generator,
                 post_offsets: np.ndarray, stats: RunStats, tally: CommunityTally) -> None:
        self.communities = communities
        self.new_cadre = new_cadre
        self.quit_rng = quit_rng
        self.staffing_rng = staffing_rng
        self.post_offsets = post_offsets
        self.n_posts = sum(len(c.cadres) for c in communities)
        self.stats = stats
        self.tally = tally
        self.mean_vacancy = float(params["cadres.vacancy_days"])
        self.recruitment_cost = params["cadres.recruitment_cost"]

    def hire(self, day: int) -> None:
        """Fill every post whose vacancy ends today; the newcomer takes orphaned work."""
        rng = self.staffing_rng
        for community in self.communities:
            for slot, cadre in enumerate(community.cadres):
                if cadre is None and community.vacant_until[slot] <= day:
                    hired = self.new_cadre(community, slot, rng, 0.0, 0.0)
                    self.stats.recruitment += self.recruitment_cost
                    mine, community.orphans = community.orphans, []
                    for task in mine:
                        hired.assign(task, day)

    def quit_or_stay(self, day: int) -> None:
        """Evening quit decisions; one uniform per post per day (aligned across scenarios)."""
        draws = self.quit_rng.random(self.n_posts).tolist()
        rng = self.staffing_rng
        mean_vacancy = self.mean_vacancy
        offsets = self.post_offsets
        for community in self.communities:
            first = int(offsets[community.index])
            for slot, cadre in enumerate(community.cadres):
                if cadre is None or draws[first + slot] >= cadre.quit_hazard(day):
                    continue
                community.cadres[slot] = None
                wait = rng.exponential(mean_vacancy) if mean_vacancy > 0 else 0.0
                community.vacant_until[slot] = day + 1 + math.floor(wait)
                self.stats.separations += 1
                self.tally.separation(community.index)
                backlog, cadre.backlog = cadre.backlog, []
                cadre.remove()
                for task in backlog:
                    community.deliver(task, day)


def draw_traits(params: Params, rng: np.random.Generator) -> tuple[float, float]:
    """A new cadre's skill and resilience: lognormal with mean 1 (``cadres.*_sd``)."""
    p = params
    skill = float(np.exp(rng.normal(0, p["cadres.skill_sd"]) - p["cadres.skill_sd"] ** 2 / 2))
    resilience = float(np.exp(rng.normal(0, p["cadres.resilience_sd"])
                              - p["cadres.resilience_sd"] ** 2 / 2))
    return skill, resilience


@summary_metric(
    "turnover_rate",
    unit="separations per mean headcount per year",
    label="Cadre turnover",
    label_zh="干部流失率",
    better="lower",
    headline=True,
    bounds=(0.0, None),
    over_days="ratio",
    over_communities="mean",
    description="Separations per mean headcount, per year.",
)
def _turnover_rate(window: Window) -> float:
    s = window.stats
    return safe_ratio(s.separations, average_headcount(window) * run_years(window))


@summary_metric(
    "vacancy_days",
    unit="post-days",
    label="Vacant post-days",
    label_zh="岗位空缺天数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    description="Days posts stood empty, summed over posts.",
)
def _vacancy_days(window: Window) -> float:
    s = window.stats
    return float(s.vacancy_days)


@summary_metric(
    "separations",
    unit="cadres",
    label="Separations",
    label_zh="离职人数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    description="Cadres who quit during the run.",
)
def _separations(window: Window) -> float:
    s = window.stats
    return float(s.separations)


@summary_metric(
    "mean_headcount",
    unit="cadres",
    label="Mean headcount",
    label_zh="平均在岗人数",
    better="higher",
    bounds=(0.0, None),
    over_days="mean",
    description="Cadres in post, averaged over days.",
)
def _mean_headcount(window: Window) -> float:
    return average_headcount(window)
