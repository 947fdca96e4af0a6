"""Staff categories and unequal pay for equal work (同工不同酬, seed point S9).

Seed 001:

    "各社区工作人员构成复杂,包括居委会干部、军嫂、军转干部、协理员和残协委员,居委会干部是
    居民选举出来的,承担着社区工作的主要职责,工作压力较大。其它人员分别由区相关部门分口管理,
    待遇不同。在一定程度上影响了居委会干部的工作积极性"

    (Community staff are of many kinds — elected committee cadres, army spouses,
    demobilised officers, assistants and disability-association members. The elected
    cadres carry the main duties under heavy pressure; the others are managed by
    different district departments, each on its own pay. To some extent this dampens the
    elected cadres' motivation.)

Seed 002: "社区居委会干部干着公务员的活,却拿着低保的钱 ... 同工不同酬是一个比较突出问题"
(committee cadres do civil servants' work for minimum-allowance money; unequal pay for
equal work is a prominent problem). Seed 003: "社区自行聘用的临时人员待遇偏低" (temporary
staff the community hires itself are poorly paid).

Every post other than the secretary's belongs to a category, drawn once with the
district's structure: ``staff`` (elected committee cadres, ``cadres.pay_staff``),
``assigned`` (staff placed and paid by district departments — assistants, demobilised
officers; ``cadres.pay_assigned``) and ``contract`` (temporary staff hired by the
community; ``cadres.pay_contract``). All do the same work. The quit hazard reads two pay
gaps: to the civil-servant reference wage (``cadres.quit_pay_gap``, S9 002) and to the
best-paid staff category among the cadre's own colleagues (``cadres.quit_peer_gap``,
S9 001: relative deprivation within one office).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from commsim.core.parameters import SCHEMA, Param

#: Cadre roles: the committee secretary, then the staff categories (S9).
ROLES: tuple[str, ...] = ("secretary", "staff", "assigned", "contract")
#: Roles doing the same (staff) work, compared with each other.
STAFF_ROLES: tuple[str, ...] = ROLES[1:]

SCHEMA.register(
    Param("cadres.pay_assigned", 3600.0, "yuan/month", 0, 50000,
          "S9 (001: 分口管理, 待遇不同), level: assumption",
          "Monthly pay of staff placed and paid by district departments (assistants, "
          "demobilised officers)."),
    Param("cadres.pay_contract", 2200.0, "yuan/month", 0, 50000,
          "S9 (003: 临时人员待遇偏低), level: assumption",
          "Monthly pay of temporary staff hired by the community."),
    Param("cadres.share_assigned", 0.2, "share", 0, 1, "S9 (001), assumption",
          "Share of non-secretary posts held by department-placed staff."),
    Param("cadres.share_contract", 0.2, "share", 0, 1, "S9 (003), assumption",
          "Share of non-secretary posts held by community-hired temporary staff."),
    Param("cadres.quit_peer_gap", 0.8, "log-hazard/share", 0, 10,
          "S9 (001: 影响了居委会干部的工作积极性), assumption (as quit_pay_gap)",
          "Effect on the quit hazard of the pay gap to the best-paid staff category among "
          "one's colleagues."),
)


def pay_table(params: Mapping[str, Any]) -> dict[str, float]:
    """Monthly pay by role, yuan."""
    return {"secretary": float(params["cadres.pay_secretary"]),
            "staff": float(params["cadres.pay_staff"]),
            "assigned": float(params["cadres.pay_assigned"]),
            "contract": float(params["cadres.pay_contract"])}


def draw_roles(posts: int, params: Mapping[str, Any], rng: np.random.Generator) -> list[str]:
    """Roles of a community's posts: the secretary first, then drawn staff categories.

    Raises
    ------
    InputError
        If the two category shares add up to more than one.

    """
    assigned = float(params["cadres.share_assigned"])
    contract = float(params["cadres.share_contract"])
    if assigned + contract > 1:
        from commsim.core.errors import InputError

        raise InputError("staff category shares add up to more than 1",
                         key="cadres.share_assigned + cadres.share_contract",
                         value=assigned + contract, allowed="a sum in [0, 1]",
                         source="parameters")
    u = rng.random(max(0, posts - 1))
    others = np.where(u < assigned, "assigned", np.where(u < assigned + contract,
                                                         "contract", "staff"))
    return ["secretary", *[str(r) for r in others]][:posts]


def peer_pay(roles: list[str], pay: Mapping[str, float]) -> float:
    """Pay of the best-paid staff category among a community's posts (0 if none).

    >>> peer_pay(["secretary", "staff", "contract"], {"secretary": 4, "staff": 3, "contract": 2})
    3
    """
    return max((pay[r] for r in roles if r in STAFF_ROLES), default=0.0)


def peer_gap(own: float, peer: float) -> float:
    """Relative shortfall of ``own`` pay against the best-paid colleague category.

    >>> peer_gap(2000.0, 4000.0)
    0.5
    >>> peer_gap(4000.0, 3000.0)
    0.0
    """
    if peer <= 0:
        return 0.0
    gap = 1.0 - own / peer
    return gap if gap > 0.0 else 0.0  # max(0.0, gap), NaN included, without a call
