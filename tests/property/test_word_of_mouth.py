"""Word of mouth: the whole-array form, its loop and the compiled loop agree bit for bit.

:meth:`HouseholdPopulation.word_of_mouth` runs compiled by Numba where it is installed
(:func:`commsim.model.agents.household.word_of_mouth_loop`); its whole-array form is the
readable definition. On generated populations (communities without contact, households
never contacted, contiguous or shuffled communities) all three leave the same
satisfaction, bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commsim.core.parameters import Params
from commsim.model import compiled as compiled_module
from commsim.model.agents import household
from commsim.model.agents.household import (
    CONTACT_DAYS,
    NEVER,
    HouseholdPopulation,
    word_of_mouth_loop,
)


def _population(seed: int, communities: int, shuffled: bool) -> HouseholdPopulation:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(0, 60, communities)
    sizes[0] = max(sizes[0], 1)
    pop = HouseholdPopulation(Params.defaults(), sizes, np.zeros(communities, bool),
                              np.random.default_rng(seed))
    n = len(pop)
    if shuffled:  # households not stored community by community
        pop.community = rng.permutation(pop.community)
        pop._runs = None
    pop.satisfaction = rng.uniform(0, 100, n)
    pop.last_contact = np.where(rng.random(n) < rng.uniform(0, 1), rng.integers(0, 400, n),
                                NEVER).astype(np.int64)
    return pop


def _array_form(pop: HouseholdPopulation, day: int) -> np.ndarray:
    """``pop.word_of_mouth(day)`` on its whole-array form (nothing compiled)."""
    on = household.compiled
    household.compiled = lambda kernel: None  # type: ignore[assignment]
    try:
        pop.word_of_mouth(day)
    finally:
        household.compiled = on
    return pop.satisfaction


@settings(max_examples=150, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1), communities=st.integers(1, 9),
       day=st.integers(0, 800), shuffled=st.booleans())
def test_loop_equals_whole_array_form(seed: int, communities: int, day: int,
                                      shuffled: bool) -> None:
    pop = _population(seed, communities, shuffled)
    start = pop.satisfaction.copy()
    want = _array_form(pop, day).copy()
    got = start.copy()
    word_of_mouth_loop(pop.community, pop.last_contact, got, day, CONTACT_DAYS,
                       pop._word_of_mouth, communities)
    assert np.array_equal(got, want)
    kernel = compiled_module.compiled(word_of_mouth_loop)
    if kernel is not None:
        fast = start.copy()
        kernel(pop.community, pop.last_contact, fast, day, CONTACT_DAYS, pop._word_of_mouth,
               communities)
        assert np.array_equal(fast, want)


def test_the_model_compiles_word_of_mouth_where_numba_is_installed() -> None:
    pytest.importorskip("numba")
    assert compiled_module.enabled()
    assert compiled_module.compiled(word_of_mouth_loop) is not None
