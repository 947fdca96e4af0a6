"""Households: the residents a committee serves (seed points S11, S12, S14).

A household's state lives in the arrays of :class:`HouseholdPopulation` so that
per-day work never loops over all households in Python: households act only when
they have an event (a visit to the office), and all draws for a day are made in
bulk. Each household is also a Mesa agent (:class:`Household`, a view of its row),
built when first asked for (``model.household_agents``): a run never needs them.

Satisfaction follows expectancy–disconfirmation (Van Ryzin 2004, 2006):
``S = a + b·P + c·(P − E)`` with performance ``P`` of the experience in [0, 1]
and an expectation ``E`` that adapts toward each experience.

Satisfaction is reported as surveys measure it (the Jinan 2022 survey asked
residents about the committee's efficiency): the share satisfied among households
with a contact in the past 12 months (:data:`CONTACT_DAYS`), and among all
households. Households without a recent contact have no experience of their own;
their opinion drifts toward the community's opinion — the mean satisfaction of
the households of the same community who did have contact — by
``residents.word_of_mouth`` of the gap per day (word of mouth; an assumption).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

import mesa
import numpy as np

from commsim.core.parameters import Params
from commsim.model.compiled import compiled

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel

#: Need types (S12: "a few demanding groups ... generate most contacts").
NEED_TYPES: tuple[str, ...] = ("ordinary", "elderly", "disabled", "low_income", "supervised")
#: Types whose visits may be aid applications against a fixed quota (S11).
AID_TYPES: tuple[int, ...] = (NEED_TYPES.index("disabled"), NEED_TYPES.index("low_income"))

#: A household "had contact" if it visited (or heard an aid decision) within this many
#: days: surveys ask about the past 12 months.
CONTACT_DAYS = 365
#: ``last_contact`` of a household that never had contact.
NEVER = -(10**9)


class HouseholdPopulation:
    """Array state of all households of a model.

    Parameters
    ----------
    params : Params
        Uses ``street.*`` and ``residents.*``.
    sizes : numpy.ndarray
        Households per community.
    high_need : numpy.ndarray of bool
        Communities with a concentrated high-need population (S14).
    rng : numpy.random.Generator
        The initialisation stream.
    need_shares : sequence of mapping, optional
        Per community, need-type shares from a district file (``share_elderly`` ...) that
        replace the district-wide ``residents.share_*`` values there; the high-need
        multiplier is not applied to shares a district file gives.

    """

    def __init__(
        self, params: Params, sizes: np.ndarray, high_need: np.ndarray,
        rng: np.random.Generator, need_shares: Sequence[Mapping[str, float]] | None = None,
    ) -> None:
        shares = np.array([params[f"residents.share_{t}"] for t in NEED_TYPES[1:]])
        n = int(sizes.sum())
        self.community = np.repeat(np.arange(len(sizes)), sizes).astype(np.int32)
        need = np.zeros(n, dtype=np.int8)
        u = rng.random(n)
        for c, (start, stop) in enumerate(self.bounds(sizes)):
            type_shares = shares * (params["street.high_need_multiplier"] if high_need[c] else 1)
            given = need_shares[c] if need_shares else {}
            if given:
                type_shares = np.array([given.get(f"share_{t}", type_shares[i])
                                        for i, t in enumerate(NEED_TYPES[1:])])
            cuts = np.cumsum(type_shares / max(1.0, type_shares.sum()))
            need[start:stop] = np.searchsorted(cuts, u[start:stop], side="right") + 1
        need[need > len(shares)] = 0  # beyond the cumulative shares: ordinary
        self.need = need
        sd = params["residents.initial_satisfaction_sd"]
        mean = params["residents.initial_satisfaction"]
        self.satisfaction = np.clip(rng.normal(mean, sd, n), 0, 100)
        self.expectation = np.clip(self.satisfaction / 100 + rng.normal(0, 0.05, n), 0, 1)
        self.visits = np.zeros(n, dtype=np.int32)
        self.last_contact = np.full(n, NEVER, dtype=np.int64)
        self._word_of_mouth = float(params["residents.word_of_mouth"])
        self._n_communities = len(sizes)
        # households stored community by community: spreading per-community values is a
        # repeat, not a gather
        counts = np.bincount(self.community, minlength=len(sizes))
        ordered = bool((np.diff(self.community) >= 0).all())
        self._runs: np.ndarray | None = counts if ordered else None
        # each community's households as a slice (start, stop), for the compiled loops
        ends = np.cumsum(counts)
        self._slices = (ends - counts, ends)
        self._threshold = float(params["residents.satisfied_threshold"])
        self._a = float(params["residents.sat_intercept"])
        self._b = float(params["residents.sat_performance"])
        self._c = float(params["residents.sat_disconfirmation"])
        self._learn = float(params["residents.expectation_learning"])
        self._memory = float(params["residents.satisfaction_memory"])

    @staticmethod
    def bounds(sizes: np.ndarray) -> list[tuple[int, int]]:
        """Index ranges of each community's households."""
        ends = np.cumsum(sizes)
        return [(int(e - s), int(e)) for s, e in zip(sizes, ends, strict=True)]

    def __len__(self) -> int:
        return len(self.need)

    def experience(self, index: np.ndarray, performance: np.ndarray) -> None:
        """Update satisfaction and expectation of households that had an experience.

        Parameters
        ----------
        index : numpy.ndarray of int
            Households (may repeat; the last experience of a day wins).
        performance : numpy.ndarray of float
            Perceived performance ``P`` of each experience, in [0, 1].

        """
        if len(index) == 0:
            return
        expected = self.expectation[index]
        felt = np.clip(self._a + self._b * performance + self._c * (performance - expected), 0, 1)
        self.satisfaction[index] = (
            (1 - self._memory) * self.satisfaction[index] + self._memory * 100 * felt
        )
        self.expectation[index] = expected + self._learn * (performance - expected)
        np.add.at(self.visits, index, 1)

    def record_contact(self, index: np.ndarray, day: int) -> None:
        """Record that households ``index`` had contact with the committee on ``day``."""
        self.last_contact[index] = day

    def contact(self, day: int) -> np.ndarray:
        """Which households had contact with the committee in the past 12 months."""
        return np.asarray(day - self.last_contact < CONTACT_DAYS)

    def word_of_mouth(self, day: int) -> None:
        """Move households without recent contact toward their community's opinion.

        The opinion of a community is the mean satisfaction of its households with a
        contact in the past 12 months; a community with none keeps its opinions.
        """
        rate = self._word_of_mouth
        if rate <= 0:
            return
        kernel = compiled(word_of_mouth_loop)
        slices = self._community_slices()
        if kernel is not None and slices is not None:  # the same sums and updates, in order
            kernel(*slices, self.last_contact, self.satisfaction, day, CONTACT_DAYS, rate)
            return
        contact = self.contact(day)
        m = self._n_communities
        community, satisfaction = self.community, self.satisfaction
        # Sums over the households with contact only, in household order (bincount adds
        # in index order, so the opinions are those of the sums over every household).
        who = np.flatnonzero(contact)
        told = np.bincount(community[who], minlength=m)
        total = np.bincount(community[who], weights=satisfaction[who], minlength=m)
        opinion = np.divide(total, told, out=np.zeros(m), where=told > 0)
        listen = ~contact & self._per_household(told > 0)
        # satisfaction + rate * (opinion - satisfaction), without temporaries
        heard = self._per_household(opinion)
        heard -= satisfaction
        heard *= rate
        heard += satisfaction
        np.putmask(satisfaction, listen, heard)

    def _community_slices(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Each community's households as ``(starts, stops)``, if stored community by community."""
        return self._slices if self._runs is not None else None

    def _per_household(self, values: np.ndarray) -> np.ndarray:
        """Each household's entry of per-community ``values`` (a new array)."""
        if self._runs is not None:  # households stored community by community
            return np.repeat(values, self._runs)
        return values[self.community]

    def satisfied(self) -> np.ndarray:
        """Which households are at or above the satisfaction threshold."""
        return np.asarray(self.satisfaction >= self._threshold)

    def mean_satisfaction(self) -> float:
        """Mean satisfaction index (0–100)."""
        return float(self.satisfaction.mean())

    def counts(self, day: int) -> HouseholdCounts:
        """Per community: households with contact, satisfied, and both, on ``day``.

        The evening's accounts need only these counts, not the flags themselves
        (:func:`commsim.model.observation.household_counts`). Where Numba is installed
        one compiled pass over the households counts all three
        (:func:`household_counts_loop`); else whole-array flags are counted per community.
        Counts are integers, so both ways give the same numbers.
        """
        kernel = compiled(household_counts_loop)
        slices = self._community_slices()
        if kernel is not None and slices is not None:
            contact, satisfied, both = kernel(*slices, self.last_contact, self.satisfaction,
                                              day, CONTACT_DAYS, self._threshold)
            return HouseholdCounts(contact, satisfied, both)
        has_contact = self.contact(day)
        is_satisfied = self.satisfied()
        return HouseholdCounts(self._count(has_contact), self._count(is_satisfied),
                               self._count(has_contact & is_satisfied))

    def _count(self, flags: np.ndarray) -> np.ndarray:
        """How many households of each community have ``flags`` set (int64)."""
        if self._runs is not None and (self._runs > 0).all():  # reduceat: non-empty runs
            return np.add.reduceat(flags.view(np.int8), self._slices[0], dtype=np.int64)
        return np.bincount(self.community, weights=flags,
                           minlength=self._n_communities).astype(np.int64)


class HouseholdCounts(NamedTuple):
    """Households per community (int64 arrays) on one evening."""

    contact: np.ndarray  #: with contact in the past 12 months (:data:`CONTACT_DAYS`)
    satisfied: np.ndarray  #: at or above ``residents.satisfied_threshold``
    both: np.ndarray  #: with contact and satisfied


def household_counts_loop(starts: np.ndarray, stops: np.ndarray, last_contact: np.ndarray,
                          satisfaction: np.ndarray, day: int, window: int,
                          threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:meth:`HouseholdPopulation.counts` as loops, to be compiled by Numba.

    Households are stored community by community: community ``c`` is the slice
    ``starts[c]:stops[c]``. The flags are those of :meth:`HouseholdPopulation.contact` and
    :meth:`HouseholdPopulation.satisfied`; their counts are integers, so they equal the
    whole-array counts exactly (``tests/property/test_household_loops.py``).
    """
    communities = len(starts)
    contact = np.zeros(communities, dtype=np.int64)
    satisfied = np.zeros(communities, dtype=np.int64)
    both = np.zeros(communities, dtype=np.int64)
    for c in range(communities):
        # a loop over a slice from 0 (not over a range from its start) lets the compiler
        # vectorise it: about ten times faster
        last = last_contact[starts[c]:stops[c]]
        index = satisfaction[starts[c]:stops[c]]
        seen = happy = seen_happy = 0
        for i in range(len(last)):
            has_contact = day - last[i] < window
            is_satisfied = index[i] >= threshold
            seen += has_contact
            happy += is_satisfied
            seen_happy += has_contact & is_satisfied
        contact[c], satisfied[c], both[c] = seen, happy, seen_happy
    return contact, satisfied, both


def word_of_mouth_loop(starts: np.ndarray, stops: np.ndarray, last_contact: np.ndarray,
                       satisfaction: np.ndarray, day: int, window: int, rate: float) -> None:
    """:meth:`HouseholdPopulation.word_of_mouth` as loops, to be compiled by Numba.

    Households are stored community by community (community ``c`` is the slice
    ``starts[c]:stops[c]``). The same floating-point operations in the same order as the
    whole-array form (the opinion sums add the households with contact in household
    order, as ``bincount`` does), so ``satisfaction`` ends bit for bit the same
    (``tests/property/test_household_loops.py``); as Python it would be slow.
    """
    for c in range(len(starts)):
        last = last_contact[starts[c]:stops[c]]
        index = satisfaction[starts[c]:stops[c]]
        told = 0.0
        total = 0.0
        for i in range(len(last)):
            # without branches: a household without contact adds 0.0 (its satisfaction is
            # finite and not negative), which changes no sum
            contact = np.float64(day - last[i] < window)
            told += contact
            total += index[i] * contact
        if told > 0:  # a community with no contact keeps its opinions
            opinion = total / told
            for i in range(len(last)):
                now = index[i]
                heard = opinion - now
                heard *= rate
                if day - last[i] >= window:
                    index[i] = heard + now


class Household(mesa.Agent):
    """A resident household: a Mesa agent whose state is a row of the population arrays.

    Parameters
    ----------
    model : CommunityModel
        The model that owns the population.
    index : int
        Row in :class:`HouseholdPopulation`.

    """

    def __init__(self, model: CommunityModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def community(self) -> int:
        """Index of the household's community."""
        return int(self.model.households.community[self.index])

    @property
    def need_type(self) -> str:
        """One of :data:`NEED_TYPES`."""
        return NEED_TYPES[self.model.households.need[self.index]]

    @property
    def satisfaction(self) -> float:
        """Satisfaction index, 0–100."""
        return float(self.model.households.satisfaction[self.index])

    @property
    def expectation(self) -> float:
        """Expected performance, 0–1."""
        return float(self.model.households.expectation[self.index])
