"""Low participation and hostile residents make door-to-door work dearer (seed point S12).

Seed 002: "对社区的事避之不及,对社区的事务淡漠不关心。例如,提到参加社区活动,居民甚至躲着,
但是有些社区事务如果没有居民的普遍参与,就无法进行" (residents avoid community affairs
and are indifferent to them; asked to take part, some even hide — yet some community
work cannot be done without general participation).

Seed 000, on the community of 2,400 low-rent flats: "有的居民对社区居干产生抵触情绪,不配合
工作 ... 其他人员都不愿意透露他们的情况 ... 平时接触时跟工作人员态度蛮横,不讲实话"
(some residents resent the cadres and do not cooperate; others will not disclose their
situation; in contact they are rude to staff and do not tell the truth).

A share ``residents.hostile_share`` of households does not cooperate (hostile or
avoiding); in high-need communities (S14) the share is multiplied by
``street.high_need_multiplier``. Which households they are is drawn once with the
district's structure. A door-to-door task (:data:`FIELD_KINDS`: household surveys and
visits, supervision of people under supervision) reaches every kind of household, and a
non-cooperating household costs ``residents.hostile_effort`` times the time of a
cooperating one (repeat visits, confrontations). The task's hours away from the office
therefore scale by ``1 + h·(k − 1)``, ``h`` the community's non-cooperating share, ``k``
the effort ratio; its office hours do not change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from commsim.core.parameters import SCHEMA, Param
from commsim.core.schema import KIND_NAMES

#: Task kinds done door to door, whose time away depends on residents' cooperation.
FIELD_KINDS: tuple[str, ...] = ("field_visit", "supervision")

SCHEMA.register(
    Param("residents.hostile_share", 0.05, "share", 0, 1,
          "S12 (居民甚至躲着; 抵触情绪,不配合工作), level: assumption",
          "Share of households that avoid or refuse to cooperate with cadres "
          "(times street.high_need_multiplier in high-need communities)."),
    Param("residents.hostile_effort", 3.0, "ratio", 1, 20, "S12, assumption",
          "Time a non-cooperating household takes in a survey or home visit, relative to a "
          "cooperating one."),
)


def hostile_shares(
    sizes: np.ndarray, high_need: np.ndarray, params: Mapping[str, Any],
    rng: np.random.Generator,
) -> np.ndarray:
    """Share of non-cooperating households in each community (binomial draw).

    Parameters
    ----------
    sizes : numpy.ndarray of int
        Households per community.
    high_need : numpy.ndarray of bool
        High-need communities (their share is multiplied by ``street.high_need_multiplier``).
    params : Params
        Reads ``residents.hostile_share`` and ``street.high_need_multiplier``.
    rng : numpy.random.Generator
        The structure stream.

    """
    base = float(params["residents.hostile_share"])
    share = np.minimum(1.0, base * np.where(high_need,
                                            float(params["street.high_need_multiplier"]), 1.0))
    hostile = rng.binomial(sizes, share)
    return hostile / np.maximum(sizes, 1)


def field_effort(shares: np.ndarray, params: Mapping[str, Any]) -> np.ndarray:
    """Hours factor by community and task kind, shape ``(communities, kinds)``.

    ``1 + away_share·h·(k − 1)`` for the door-to-door kinds, 1 for the others.

    >>> from commsim.core.parameters import Params
    >>> f = field_effort(np.array([0.0, 0.1]), Params.defaults())
    >>> float(f[0].max()), round(float(f[1, KIND_NAMES.index("field_visit")]), 3)
    (1.0, 1.14)
    """
    k = float(params["residents.hostile_effort"])
    away = np.array([float(params[f"tasks.{kind}.away_share"]) if kind in FIELD_KINDS else 0.0
                     for kind in KIND_NAMES])
    return 1.0 + np.outer(shares, away) * (k - 1)
