"""District departments: where the work comes from (seed points S2, S3, S4).

Each department has a catalogue of item types — statutory community duties
(about a third; Beijing c. 2018: 53 of 162) and assisting items it shifts down
(S2) — and issues tasks of several kinds with work-hour and deadline
distributions: data reports, forms, ledgers (台账), meetings, field visits and
surveys, supervision duties. Some are due the same day ("a phone call in the
morning, due in the afternoon", S4); the named overlapping lines of
:mod:`commsim.model.overlapping_lines` ask again for the same data (S3); campaigns before
inspections multiply ledgers and forms (S6).

A department's name, weight and catalogue belong to the district's structure
(:mod:`commsim.model.structure`, drawn from ``run.structure_seed``). Its daily tasks
are drawn only from the ``departments`` stream, and the same potential tasks are
drawn in every scenario: policies act on them afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from commsim.core.schema import KIND_NAMES, REGULAR_KINDS
from commsim.model.overlapping_lines import LINE_NAMES, line_name

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel

#: Department names used for labels, in index order (the table in
#: :mod:`commsim.model.overlapping_lines`).
DEPARTMENT_NAMES: tuple[str, ...] = LINE_NAMES
#: Kinds whose volume campaigns multiply (S6).
SURGE_KINDS: tuple[str, ...] = ("ledger", "form")


class Department(mesa.Agent):
    """A district department that sends tasks to every community.

    Each department keeps a catalogue of item types (事项): a kind of task and
    whether it is a statutory community duty (Beijing c. 2018: 53 of 162 item
    types statutory; Hongkou 2014: 146 assigned task types a year).

    Parameters
    ----------
    model : CommunityModel
        The model.
    index : int
        Department number.
    weight : float
        Share of the district's department work this department issues.
    statutory_share : float
        Expected share of this department's item types that are statutory.
    rng : numpy.random.Generator
        The structure stream (draws the catalogue).
    partners : list of (int, float, float), optional
        Overlapping departments: ``(index, probability, effort)`` (S3).

    """

    def __init__(
        self, model: CommunityModel, index: int, weight: float, statutory_share: float,
        rng: np.random.Generator, partners: list[tuple[int, float, float]] | None = None,
    ) -> None:
        super().__init__(model)
        self.index = index
        self.name = line_name(index)
        self.partners = list(partners or [])
        self.weight = weight
        p = model.params
        n_items = int(p["departments.items_per_department"])
        mix = np.array([p[f"tasks.{k}.share"] for k in REGULAR_KINDS], dtype=float)
        mix = mix / mix.sum() if mix.sum() > 0 else np.full(len(mix), 1 / len(mix))
        regular = regular_kind_index()
        #: Catalogue: kind (index into KIND_NAMES), statutory flag and relative frequency.
        self.item_kind = regular[rng.choice(len(mix), size=n_items, p=mix)]
        self.item_statutory = rng.random(n_items) < statutory_share
        self.item_weight = rng.dirichlet(np.full(n_items, 2.0))
        surge = float(p["inspections.surge_multiplier"])
        surging = np.isin(self.item_kind, [KIND_NAMES.index(k) for k in SURGE_KINDS])
        self._rate = {False: weight * self.item_weight,
                      True: weight * self.item_weight * np.where(surging, surge, 1.0)}
        self.issued = 0

    def issue(
        self, base: np.ndarray, campaign: bool, rng: np.random.Generator
    ) -> dict[str, np.ndarray]:
        """Draw today's potential tasks for all communities in bulk.

        Parameters
        ----------
        base : numpy.ndarray, shape (communities,)
            Expected department tasks per community today, for the whole district
            (zero on rest days); this department issues its ``weight`` of them.
        campaign : bool
            Inspection campaign: ledger and form items multiply (S6).
        rng : numpy.random.Generator
            The departments' stream.

        Returns
        -------
        dict of numpy.ndarray
            Columns ``community``, ``kind`` (index into KIND_NAMES),
            ``statutory``, ``urgent`` (uniform compared later with its share),
            ``overlap`` (shape ``(n, len(partners))``: uniforms compared with each
            overlapping line's probability, S3), ``hours_z`` (standard normal for
            the lognormal hours), one entry per task.

        """
        counts = rng.poisson(base[:, None] * self._rate[campaign][None, :])
        community, item = np.nonzero(counts)
        reps = counts[community, item]
        community = np.repeat(community, reps)
        item = np.repeat(item, reps)
        n = len(community)
        u = rng.random((n, 1 + len(self.partners)))
        self.issued += n
        return {
            "community": community,
            "kind": self.item_kind[item],
            "statutory": self.item_statutory[item],
            "urgent": u[:, 0],
            "overlap": u[:, 1:],
            "hours_z": rng.standard_normal(n),
        }


def regular_kind_index() -> np.ndarray:
    """Positions of the regular department kinds in KIND_NAMES."""
    return np.array([KIND_NAMES.index(k) for k in REGULAR_KINDS])
