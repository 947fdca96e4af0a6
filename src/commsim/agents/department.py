"""District departments: where the work comes from (seed points S2, S3, S4).

Each department has a catalogue of item types — statutory community duties
(about a third; Beijing c. 2018: 53 of 162) and assisting items it shifts down
(S2) — and issues tasks of several kinds with work-hour and deadline
distributions: data reports, forms, ledgers (台账), meetings, field visits and
surveys, supervision duties. Some are due the same day ("a phone call in the
morning, due in the afternoon", S4); overlapping lines ask again for the same
data (S3); campaigns before inspections multiply ledgers and forms (S6).

Departments draw only from the ``departments`` stream, and the same potential
tasks are drawn in every scenario: policies act on them afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from commsim.schema import KIND_NAMES, REGULAR_KINDS

if TYPE_CHECKING:
    from commsim.model import CommunityModel

#: Department names used for labels (the seeds list these lines of work).
DEPARTMENT_NAMES: tuple[str, ...] = (
    "civil_affairs", "public_security", "health", "social_security", "family_planning",
    "sanitation", "statistics", "culture", "trade_union", "youth_league", "womens_federation",
    "animal_epidemic", "housing", "emergency_management", "market_supervision",
    "veterans_affairs", "disability_federation", "education", "justice", "urban_management",
)
#: Kinds whose volume campaigns multiply (S6).
SURGE_KINDS: tuple[str, ...] = ("ledger", "form")


class Department(mesa.Agent):
    """A district department that sends tasks to every community.

    Parameters
    ----------
    model : CommunityModel
        The model.
    index : int
        Department number.
    weight : float
        Share of the district's department work this department issues.
    statutory_share : float
        Share of this department's items that are statutory community duties.

    """

    def __init__(
        self, model: CommunityModel, index: int, weight: float, statutory_share: float
    ) -> None:
        super().__init__(model)
        self.index = index
        self.name = DEPARTMENT_NAMES[index % len(DEPARTMENT_NAMES)] + (
            f"_{index // len(DEPARTMENT_NAMES) + 1}" if index >= len(DEPARTMENT_NAMES) else ""
        )
        self.weight = weight
        self.statutory_share = statutory_share
        self.issued = 0

    def issue(self, rate: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
        """Draw today's potential tasks for all communities in bulk.

        Parameters
        ----------
        rate : numpy.ndarray, shape (communities, kinds)
            Expected tasks of each regular kind per community today, for the
            whole district; this department issues its ``weight`` of them.
        rng : numpy.random.Generator
            The departments' stream.

        Returns
        -------
        dict of numpy.ndarray
            Columns ``community``, ``kind`` (index into KIND_NAMES),
            ``statutory``, ``urgent``, ``duplicate``, ``hours_z`` (standard normal
            for the lognormal hours), one entry per task.

        """
        counts = rng.poisson(rate * self.weight)
        community, kind_pos = np.nonzero(counts)
        reps = counts[community, kind_pos]
        community = np.repeat(community, reps)
        kinds = np.repeat(self.model.regular_kind_index[kind_pos], reps)
        n = len(community)
        u = rng.random((n, 3))
        self.issued += n
        return {
            "community": community,
            "kind": kinds,
            "statutory": u[:, 0] < self.statutory_share,
            "urgent": u[:, 1],
            "duplicate": u[:, 2],
            "hours_z": rng.standard_normal(n),
        }


def regular_kind_index() -> np.ndarray:
    """Positions of the regular department kinds in KIND_NAMES."""
    return np.array([KIND_NAMES.index(k) for k in REGULAR_KINDS])
