"""Kernels compiled by Numba where it is installed: the same source, run faster.

A few of the model's loops run many times a day over arrays: the counters' queues
(:func:`commsim.model.counter.queue_days`), word of mouth and the evening's household
counts (:class:`commsim.model.agents.household.HouseholdPopulation`) and the departments'
draws (:func:`commsim.model.agents.department.draw_departments`). Their
readable definition is plain Python/numpy; :func:`compiled` returns a Numba-compiled
function that computes the same values bit for bit (the same floating-point
operations in the same order; tests hold each pair equal), or None where Numba is
missing or ``COMMSIM_KERNEL=python`` asks for the readable path. Compiled code is
cached on disk, so only the first run on a machine compiles (a few seconds).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from typing import Any

#: Environment variable: ``python`` runs every kernel as Python, never compiled.
KERNEL_ENV = "COMMSIM_KERNEL"


def enabled() -> bool:
    """Whether compiled kernels may be used (Numba importable, not switched off)."""
    return _numba() is not None


@cache
def _numba() -> Any:
    if os.environ.get(KERNEL_ENV, "").strip().lower() == "python":
        return None
    try:
        import numba
    except ImportError:
        return None
    return numba


@cache
def compiled(kernel: Callable[..., Any]) -> Callable[..., Any] | None:
    """``kernel`` compiled by Numba (cached on disk), or None if kernels are not compiled."""
    numba = _numba()
    if numba is None:
        return None
    return numba.njit(cache=True)(kernel)  # type: ignore[no-any-return]
