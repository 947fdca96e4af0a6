"""The bounded rebound of work a policy turns away (加压—减负—再加压—再减负).

Reports from Anshan (2021) describe burdens that come back after each reduction
round: "加压—减负—再加压—再减负" (pressure, relief, pressure again, relief again). A
policy that refuses work or prices it out declares the share of that work that
leaks back to the committee as a curve in time,
``L(t) = L∞ - (L∞ - L0)·exp(-t/τ)``: it starts at ``L0``, creeps toward ``L∞ < 1``
with time scale ``τ`` years, and never reaches certainty;
:mod:`commsim.model.fallback` applies it.

Work turned away comes back through one channel whichever policy turned it away: the
street office, which relays it as informal "requests" (domain notes; seed 003 forbids
shifting unapproved work onto the community "以任何形式", in any form, which implies
that it happens). The built-in policies therefore share one curve,
:func:`street_rebound`, with its own ``street.leakage*`` parameters; a plugin policy
may declare another. The defaults of ``L∞`` and ``τ`` are assumptions: ``τ`` = 1.5
years puts the leakage at 0.50 after one year, and ``L∞`` = 0.7 keeps three in ten
turned-away tasks away for good.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NamedTuple

from commsim.core.parameters import SCHEMA, Param

SCHEMA.register(
    Param("street.leakage", 0.3, "probability", 0, 1, "domain.md (leaks via street office)",
          "L0: chance a task turned away (refused at a gate, or not paid for) comes back "
          "informally through the street office at the start."),
    Param("street.leakage_limit", 0.7, "probability", 0, 0.99,
          "Anshan 2021 (加压—减负—再加压), assumption",
          "L∞: the leakage the rebound creeps toward (never certainty)."),
    Param("street.rebound_years", 1.5, "yr", 0.05, 50,
          "Anshan 2021 (rebound), assumption (0.50 after one year)",
          "τ: time scale of the rebound, L(t) = L∞ - (L∞ - L0)·exp(-t/τ)."),
    Param("street.leak_delay_days", 2.0, "day", 0, 60, "assumption",
          "Days a task turned away takes to come back through the street office."),
)

#: The street office's leakage parameters (read by every built-in policy that turns work away).
STREET_KEYS: tuple[str, ...] = (
    "street.leakage", "street.leakage_limit", "street.rebound_years", "street.leak_delay_days")


class Rebound(NamedTuple):
    """A policy's leakage curve ``L(t) = limit - (limit - initial)·exp(-t / years)``.

    Attributes
    ----------
    initial : float
        ``L0``, the share of turned-away work that leaks back at the start.
    limit : float
        ``L∞ < 1``: the share it creeps back to after many years.
    years : float
        Time scale ``τ`` of the creep, in years.
    delay_days : float
        Days a leaked task takes to reach the committee.

    """

    initial: float = 0.0
    limit: float = 0.0
    years: float = 1.0
    delay_days: float = 0.0


#: No leakage at all (policies that declare no curve).
NO_REBOUND = Rebound()


def leakage(curve: Rebound, day: float) -> float:
    """Leakage probability on ``day`` (days since the policy started).

    The bounded rebound ``L(t) = L∞ - (L∞ - L0)·exp(-t/τ)``: it starts at ``L0``,
    moves toward ``L∞`` with time scale ``τ`` years and never passes it.

    Examples
    --------
    >>> round(leakage(Rebound(0.3, 0.7, 1.5), 0), 3)
    0.3
    >>> round(leakage(Rebound(0.3, 0.7, 1.5), 365 * 1.5), 3)  # one time scale: 63 % of the way
    0.553
    >>> leakage(Rebound(0.3, 0.7, 1.5), 1e9) <= 0.7
    True

    """
    years = max(curve.years, 1e-9)
    value = curve.limit - (curve.limit - curve.initial) * math.exp(-day / 365 / years)
    return min(1.0, max(0.0, value))


def street_rebound(params: Mapping[str, Any]) -> Rebound:
    """The street office's leakage curve, shared by every built-in policy that turns work away.

    >>> from commsim.core.parameters import Params
    >>> street_rebound(Params.defaults())
    Rebound(initial=0.3, limit=0.7, years=1.5, delay_days=2.0)
    """
    return Rebound(float(params["street.leakage"]), float(params["street.leakage_limit"]),
                   float(params["street.rebound_years"]), float(params["street.leak_delay_days"]))
