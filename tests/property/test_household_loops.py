"""Households' compiled loops agree with their whole-array forms.

Word of mouth: :meth:`HouseholdPopulation.word_of_mouth` runs compiled by Numba where it
is installed (:func:`commsim.model.agents.household.word_of_mouth_loop`); its
whole-array form is the readable definition. On generated populations (communities
without contact, households never contacted, contiguous or shuffled communities) all
three leave the same satisfaction, bit for bit.

The evening's counts: :meth:`HouseholdPopulation.counts` counts, per community, the
households with contact in the past 12 months, the satisfied ones and those with both —
in one compiled pass (:func:`commsim.model.agents.household.household_counts_loop`)
where Numba is installed, else from whole-array flags. Both equal the counts of the
flags themselves (satisfaction exactly at the threshold included).
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
    household_counts_loop,
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
    at_threshold = rng.random(n) < 0.1  # exactly at the satisfaction threshold
    pop.satisfaction = np.where(at_threshold, pop._threshold, rng.uniform(0, 100, n))
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
    pop.satisfaction = start.copy()
    pop.word_of_mouth(day)  # the model's path: compiled where Numba is installed
    assert np.array_equal(pop.satisfaction, want)
    slices = pop._community_slices()
    assert (slices is None) == shuffled  # the loops need households stored in order
    if slices is None:
        return
    loops = [word_of_mouth_loop]
    if compiled_module.compiled(word_of_mouth_loop) is not None:
        loops.append(compiled_module.compiled(word_of_mouth_loop))
    for loop in loops:
        got = start.copy()
        loop(*slices, pop.last_contact, got, day, CONTACT_DAYS, pop._word_of_mouth)
        assert np.array_equal(got, want)


def test_the_model_compiles_word_of_mouth_where_numba_is_installed() -> None:
    pytest.importorskip("numba")
    assert compiled_module.enabled()
    assert compiled_module.compiled(word_of_mouth_loop) is not None


def _by_flags(pop: HouseholdPopulation, day: int) -> tuple[np.ndarray, ...]:
    """The counts straight from the flags, community by community."""
    contact, satisfied = pop.contact(day), pop.satisfied()
    m = pop._n_communities
    return tuple(np.array([int(np.count_nonzero(flags[pop.community == c]))
                           for c in range(m)], dtype=np.int64)
                 for flags in (contact, satisfied, contact & satisfied))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1), communities=st.integers(1, 9),
       day=st.integers(0, 800), shuffled=st.booleans())
def test_counts_equal_the_flags_counted(seed: int, communities: int, day: int,
                                        shuffled: bool) -> None:
    pop = _population(seed, communities, shuffled)
    want = _by_flags(pop, day)
    on = household.compiled
    household.compiled = lambda kernel: None  # type: ignore[assignment]
    try:
        whole_array = pop.counts(day)
    finally:
        household.compiled = on
    runs = [whole_array, pop.counts(day)]
    slices = pop._community_slices()
    if slices is not None:  # households stored community by community
        runs.append(household_counts_loop(*slices, pop.last_contact, pop.satisfaction, day,
                                          CONTACT_DAYS, pop._threshold))
    for got in runs:
        for column, expected in zip(got, want, strict=True):
            assert np.asarray(column).dtype == np.int64
            assert np.array_equal(column, expected)
