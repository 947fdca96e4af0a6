"""Quits, vacancies and hires (seed point S10).

Each evening every cadre may quit with the daily probability of their hazard
(:meth:`~commsim.agents.cadre.Cadre.quit_hazard`). The post stays vacant for an
exponential time (mean ``cadres.vacancy_days``); meanwhile its backlog and its
lines of work fall on the least-loaded colleagues (Casiraghi et al. 2021:
overload cascades). A hire starts with no tenure and low productivity.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from commsim.agents.cadre import Cadre
    from commsim.community import Community
    from commsim.model import CommunityModel


def new_cadre(
    model: CommunityModel, community: Community, slot: int, rng: np.random.Generator,
    tenure_years: float, exhaustion: float,
) -> Cadre:
    """Create a cadre for post ``slot`` of ``community`` with drawn skill and resilience.

    The cadre's role (staff category, S9) is the post's: it belongs to the district's
    structure, not to the person.
    """
    p = model.params
    skill = float(np.exp(rng.normal(0, p["cadres.skill_sd"]) - p["cadres.skill_sd"] ** 2 / 2))
    resilience = float(np.exp(rng.normal(0, p["cadres.resilience_sd"])
                              - p["cadres.resilience_sd"] ** 2 / 2))
    role = community.roles[slot]
    cadre = model.cadre_class(model, community.index, slot, role, tenure_years, skill,
                              resilience, exhaustion)
    community.cadres[slot] = cadre
    return cadre


def hire(model: CommunityModel, day: int) -> None:
    """Fill every post whose vacancy ends today; the newcomer takes orphaned work."""
    rng = model.streams["staffing"]
    for community in model.communities:
        for slot, cadre in enumerate(community.cadres):
            if cadre is None and community.vacant_until[slot] <= day:
                hired = new_cadre(model, community, slot, rng, 0.0, 0.0)
                model.stats.recruitment += model.params["cadres.recruitment_cost"]
                mine = [t for t in model.orphans if t.community == community.index]
                if mine:
                    model.orphans = [t for t in model.orphans if t.community != community.index]
                    for task in mine:
                        hired.assign(task, day)


def quit_or_stay(model: CommunityModel, day: int) -> None:
    """Evening quit decisions; one uniform per post per day (aligned across scenarios)."""
    draws = model.streams["cadres"].random(model.n_posts)
    rng = model.streams["staffing"]
    mean_vacancy = float(model.params["cadres.vacancy_days"])
    offsets = model.post_offsets
    for community in model.communities:
        first = int(offsets[community.index])
        for slot, cadre in enumerate(community.cadres):
            if cadre is None or draws[first + slot] >= cadre.quit_hazard(day):
                continue
            community.cadres[slot] = None
            wait = rng.exponential(mean_vacancy) if mean_vacancy > 0 else 0.0
            community.vacant_until[slot] = day + 1 + math.floor(wait)
            model.stats.separations += 1
            backlog, cadre.backlog = cadre.backlog, []
            cadre.remove()
            for task in backlog:
                community.deliver(task, day)
