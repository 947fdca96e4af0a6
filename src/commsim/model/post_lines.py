"""Which post holds which department's line: the main duties fall on elected cadres.

Seed 001 on the staff of a community:

    "居委会干部是居民选举出来的,承担着社区工作的主要职责,工作压力较大。其它人员分别由区
    相关部门分口管理,待遇不同。"

    (The committee cadres are elected by the residents and carry the main duties of
    community work, under heavy pressure. The other staff are each managed by the
    district department they belong to, each on its own pay.)

Seed 000 on the hours: "好多居干非常敬业,为了工作有时都要到晚上七八点钟才能走,而且
每天都这样" (many cadres — not all — are very dedicated; they often leave only at
19:00–20:00, and every day like that, S1). The Ningbo survey (2010, n = 45) has
48.9 % of cadres at 8 h and 31.1 % above 9 h; the burnout survey (CJPH 2019) names
"one person, many posts" (一人多岗) as a risk factor. Both fit one picture: the
load is unequal between posts. The secretary and the elected committee cadres hold
most lines of work and stay late every day; staff placed by departments and
temporary staff hold fewer and mostly keep office hours.

Mechanism: each district department's line (条线) belongs to one post. Lines are
dealt once per community, heaviest department first, to the post whose load per
unit of *line weight* would be lowest (longest-processing-time rule for unequal
machines): the secretary's post has weight ``cadres.line_weight_secretary``, an
elected committee post (role ``staff``) weight 1, a post of department-placed or
temporary staff (``assigned``, ``contract``) weight ``cadres.line_weight_placed``.
With both weights at 1 the lines are spread evenly by department volume. A vacant
post's lines still fall on the least-loaded colleague
(:meth:`~commsim.model.community.Community.owner`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from commsim.core.parameters import SCHEMA, Param

#: Roles of the elected committee: the secretary and the committee staff (seed 001).
ELECTED: tuple[str, ...] = ("secretary", "staff")

SCHEMA.register(
    Param("cadres.line_weight_secretary", 3.1, "weight", 0, 20,
          "S1 (000: 好多居干…每天都这样), CJPH 2019 (一人多岗), level: assumption",
          "Share of the department lines the secretary's post holds, relative to an "
          "elected committee post (weight 1)."),
    Param("cadres.line_weight_placed", 0.0, "weight", 0, 20,
          "S9 (001: 居委会干部…承担着社区工作的主要职责; 其它人员…分口管理), "
          "level: assumption",
          "Share of the department lines a department-placed or temporary post holds, "
          "relative to an elected committee post (weight 1)."),
)


def post_weights(roles: Sequence[str], params: Mapping[str, Any]) -> np.ndarray:
    """Line weight of each post from its role.

    >>> from commsim.core.parameters import Params
    >>> post_weights(["secretary", "staff", "assigned", "contract"], Params.defaults()).tolist()
    [3.1, 1.0, 0.0, 0.0]
    """
    by_role = {"secretary": float(params["cadres.line_weight_secretary"]), "staff": 1.0,
               "assigned": float(params["cadres.line_weight_placed"]),
               "contract": float(params["cadres.line_weight_placed"])}
    return np.array([by_role.get(r, 1.0) for r in roles], dtype=float)


def deal_lines(dept_weights: Sequence[float] | np.ndarray, post_weight: np.ndarray) -> list[int]:
    """Owner post of each department's line, by the longest-processing-time rule.

    Departments are dealt heaviest first; each goes to the post whose load divided
    by its weight would be smallest after taking it (ties to the lower post). Posts
    of weight 0 get no line unless every post has weight 0 (then all count equally).

    >>> deal_lines([0.4, 0.3, 0.2, 0.1], np.array([1.0, 1.0]))
    [0, 1, 1, 0]
    >>> deal_lines([0.25, 0.25, 0.25, 0.25], np.array([3.0, 1.0]))
    [0, 0, 0, 1]
    """
    weights = np.asarray(post_weight, dtype=float)
    if len(weights) == 0:
        return [0] * len(dept_weights)
    if not (weights > 0).any():
        weights = np.ones_like(weights)
    load = np.zeros(len(weights))
    owner = [0] * len(dept_weights)
    order = sorted(range(len(dept_weights)), key=lambda d: (-float(dept_weights[d]), d))
    eligible = weights > 0
    for d in order:
        share = float(dept_weights[d])
        after = np.where(eligible, (load + share) / np.where(eligible, weights, 1.0), np.inf)
        post = int(np.argmin(after))
        owner[d] = post
        load[post] += share
    return owner
