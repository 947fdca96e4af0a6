"""The district's structure, drawn from its own seed and fixed across replications.

A district is a fixed object: how large its communities are, which of them house a
concentrated high-need population (S14), who lives where, what each department's
catalogue of item types looks like (S2, S3), how many posts each committee has and of
which staff category (S9, S13), and how many of its residents will not cooperate (S12).
All of it is drawn from ``run.structure_seed`` alone — never from the root seed or the
replication index — so replications of one district differ only in the stochastic
processes (arrivals, service, quits, ...). Structural variation is explored explicitly,
by sweeping ``run.structure_seed`` (``experiments/structure.toml``), and never mixed
into a replication confidence interval.

Each part of the structure has its own named stream, so adding a part later does not
change the others. A planner's district file (:mod:`commsim.inputs.district`) replaces the drawn
parts it describes: community sizes, high-need flags, posts and office budgets, and the
departments' names, task shares and statutory shares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from commsim.core.parameters import SCHEMA, Param
from commsim.inputs.district import District, district_for
from commsim.model import cooperation, staffing_norm
from commsim.model import overlapping_lines as lines
from commsim.model import pay_categories as pay
from commsim.model.streams import Streams

SCHEMA.register(
    Param("run.structure_seed", 0, "seed", 0, 2**31 - 1, "assumption",
          "Seed of the district's structure (community sizes, high-need communities, "
          "households, department catalogues, posts, staff categories, non-cooperating "
          "households); the same in every replication."),
)

#: Concentration of a department's share of statutory item types around the mean.
STATUTORY_CONCENTRATION = 6.0


@dataclass
class Structure:
    """The structure of one simulated district (see the module docstring).

    Attributes
    ----------
    sizes : numpy.ndarray of int
        Households per community.
    high_need : numpy.ndarray of bool
        Communities with a concentrated high-need population (S14).
    department_names : list of str
        Department lines, in index order (:data:`commsim.model.overlapping_lines.LINES`).
    department_weights, statutory_shares : numpy.ndarray
        Each department's share of the district's work and expected statutory share.
    partners : list of list of (int, float, float)
        Overlapping departments (S3), see :func:`commsim.model.overlapping_lines.partners`.
    posts : numpy.ndarray of int
        Posts per community (S13).
    roles : list of list of str
        Staff category of every post, the secretary first (S9).
    hostile_share : numpy.ndarray
        Share of non-cooperating households per community (S12).
    field_effort : numpy.ndarray, shape (communities, kinds)
        Hours factor of each task kind in each community (S12).
    office_budget : numpy.ndarray
        Office funds of each community, yuan a year (S13).
    streams : Streams
        The structure streams (households and department catalogues draw from them).
    names : list of str
        Community names (from a district file, else ``C1``, ``C2``, ...).
    need_shares : list of dict
        Per community, need-type shares a district file gives (empty dicts otherwise).

    """

    sizes: np.ndarray
    high_need: np.ndarray
    department_names: list[str]
    department_weights: np.ndarray
    statutory_shares: np.ndarray
    partners: list[list[tuple[int, float, float]]]
    posts: np.ndarray
    roles: list[list[str]]
    hostile_share: np.ndarray
    field_effort: np.ndarray
    office_budget: np.ndarray
    streams: Streams
    names: list[str] = field(default_factory=list)
    need_shares: list[dict[str, float]] = field(default_factory=list)

    @classmethod
    def draw(cls, params: Mapping[str, Any], district: District | None = None) -> Structure:
        """Draw the structure from ``run.structure_seed`` and the parameters.

        Parameters
        ----------
        params : Params
            The run's parameters.
        district : District, optional
            A planner's district file: its communities (sizes, high-need flags, posts,
            office budgets) and departments replace the drawn ones.

        """
        streams = Streams(int(params["run.structure_seed"]), 0)
        if district is None:
            district = district_for(str(params["run.district"]))
        if district is None:
            sizes, high_need = _draw_communities(params, streams["structure.communities"])
        else:
            sizes = np.array(district.column("households"), dtype=int)
            high_need = np.array(district.column("high_need"), dtype=bool)
        rng = streams["structure.departments"]
        n_dept = int(params["departments.count"])
        names = [lines.line_name(d) for d in range(n_dept)]
        weights = rng.dirichlet(np.full(n_dept, 4.0))
        stat = float(params["departments.statutory_share"])
        conc = STATUTORY_CONCENTRATION
        shares = rng.beta(max(stat * conc, 1e-3), max((1 - stat) * conc, 1e-3), n_dept)
        posts = staffing_norm.posts_per_community(sizes, params)
        budget = np.full(len(sizes), float(params["street.office_budget_yuan"]))
        if district is not None:
            posts = np.array(district.column("cadre_posts"), dtype=int)
            budget = np.array([budget[0] if b is None else float(b)
                               for b in district.column("office_budget_yuan")])
            if district.departments:
                names = [d.name for d in district.departments]
                weights = np.array([d.task_share for d in district.departments], dtype=float)
                weights = weights / weights.sum()
                shares = np.array([stat if d.statutory_share is None else d.statutory_share
                                   for d in district.departments])
        rng = streams["structure.posts"]
        roles = [pay.draw_roles(int(k), params, rng) for k in posts]
        hostile = cooperation.hostile_shares(sizes, high_need, params,
                                             streams["structure.residents"])
        return cls(sizes=sizes, high_need=high_need, department_names=names,
                   department_weights=weights, statutory_shares=shares,
                   partners=lines.partners(names, params), posts=posts, roles=roles,
                   hostile_share=hostile,
                   field_effort=cooperation.field_effort(hostile, params),
                   office_budget=budget, streams=streams,
                   names=district.column("name") if district is not None
                   else [f"C{c + 1}" for c in range(len(sizes))],
                   need_shares=[dict(c.need_shares) for c in district.communities]
                   if district is not None else [{} for _ in sizes])

    @property
    def n_communities(self) -> int:
        """Number of communities."""
        return len(self.sizes)

    def post_offsets(self) -> np.ndarray:
        """Index of each community's first post in a street-wide array of posts."""
        return np.concatenate(([0], np.cumsum(self.posts)[:-1])).astype(int)


def _draw_communities(
    params: Mapping[str, Any], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Community sizes (normal, at least 50 households) and high-need flags (S14)."""
    n = int(params["run.communities"])
    mean = int(params["street.households_per_community"])
    cv = float(params["street.community_size_cv"])
    sizes = np.maximum(50, np.round(mean * (1 + cv * rng.standard_normal(n)))).astype(int)
    share = float(params["street.high_need_share"])
    high_need = rng.random(n) < share
    if share > 0 and not high_need.any():
        high_need[rng.integers(n)] = True  # S14: the example street has one such community
    return sizes, high_need
