"""No admission gate: the status quo.

Models domain point S1/S2 and the status quo of S7 ("promised for years, never
run"): *every* department task lands on the committee — 上面千条线,下面一根针
("a thousand threads above, one needle below", seed 002). The policy has no
effect at any hook; it exists so that scenarios name the status quo explicitly.
"""

from __future__ import annotations

from commsim.policies import register
from commsim.policies.base import Policy


@register
class NoGate(Policy):
    """Every department task is accepted, at once and in full."""

    name = "no_gate"
    description = "every department task lands on the committee (status quo)"
