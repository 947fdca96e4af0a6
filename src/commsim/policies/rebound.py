"""The bounded rebound of work a policy turns away (加压—减负—再加压—再减负).

Reports from Anshan (2021) describe burdens that come back after each reduction
round: "加压—减负—再加压—再减负" (pressure, relief, pressure again, relief again). A
policy that refuses work or prices it out declares the share of that work that
leaks back to the committee as a curve in time,
``L(t) = L∞ - (L∞ - L0)·exp(-t/τ)``: it starts at ``L0``, creeps toward ``L∞ < 1``
with time scale ``τ`` years, and never reaches certainty. The curve's values are
the policy's own parameters; :mod:`commsim.model.fallback` applies it.
"""

from __future__ import annotations

import math
from typing import NamedTuple


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
