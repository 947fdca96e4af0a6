"""Small validators shared by the experiment specification parsers.

Each raises :class:`~commsim.core.errors.InputError` naming the key, the bad value,
what is allowed and the file it came from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from commsim.core.errors import InputError

#: Most replications per design point (``replications``, ``max_replications``,
#: ``compare --reps``). A street-year takes about a second on one core, so 100,000
#: replications of one scenario are already more than a day of one core's work, and
#: their daily series alone (365 rows each) fill tens of GB in the store; beyond that
#: the 95 % intervals shrink only as one over the square root of the replications.
#: A larger number is a typing slip, not an experiment.
MAX_REPLICATIONS = 100_000


def input_error(message: str, key: str, value: Any, allowed: str, source: str) -> InputError:
    """The error for a bad specification value."""
    return InputError(message, key=key, value=value, allowed=allowed, source=source)


def check_int(table: Mapping[str, Any], key: str, default: int | None, low: int, source: str,
              label: str | None = None, high: int | None = None) -> int | None:
    """``table[key]`` (or ``default``) checked to be an integer >= ``low`` (and <= ``high``)."""
    value = table.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise input_error(f"{label or key} must be an integer >= {low}", label or key, value,
                          f"integer >= {low}" if high is None else f"integer {low}..{high}",
                          source)
    if high is not None and value > high:
        raise input_error(f"{label or key} out of range", label or key, value,
                          f"integer {low}..{high}", source)
    return value


def check_number(value: Any, key: str, source: str, positive: bool = False) -> float:
    """``value`` checked to be a finite number (and positive if asked), as a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise input_error("expected a number", key, value, "a finite number", source)
    if positive and value <= 0:
        raise input_error("must be positive", key, value, "a number > 0", source)
    return float(value)
