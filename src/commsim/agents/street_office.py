"""The street office (街道办事处): relays, multiplies and inspects (S2, S6, S10).

Every department task reaches a community through the street office, which adds
requirements of its own ("relays and multiplies"), carries work refused at a
gate back as informal "requests", passes residents' hotline complaints down,
and runs inspections and star ratings. Before each inspection it runs a
campaign (突击抓) that multiplies ledgers and forms and adds inspection
preparation; on the day it scores the inspected records: what is not finished
is fabricated (编造虚假的资料, S6) or fails, and a failure brings a fine on the
responsible cadre (S10) and a rectification order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from commsim.model.inspections import score_records

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel


class StreetOffice(mesa.Agent):
    """The street office between the district departments and the communities.

    Parameters
    ----------
    model : CommunityModel
        The model.

    The office draws from three streams of the model: ``street`` (relays),
    ``inspections`` (preparation tasks, drawn every day so that scenarios stay
    aligned) and ``fabrication`` (what happens to unfinished records).

    """

    def __init__(self, model: CommunityModel) -> None:
        super().__init__(model)
        self.relay_rng = model.streams["street"]
        self.prep_rng = model.streams["inspections"]
        self.fabrication_rng = model.streams["fabrication"]
        self.extra_share = float(model.params["street.relay_multiplier"]) - 1.0
        self.inspections_held = 0
        self.failed_records = 0

    def relay_mask(self, n: int) -> np.ndarray:
        """Which of ``n`` relayed tasks the street office doubles with its own requirement."""
        return self.relay_rng.random(n) < self.extra_share

    def preparation_counts(self, day: int) -> np.ndarray:
        """Inspection-preparation tasks per community today (zero outside campaigns)."""
        rate = self.model.params["inspections.prep_tasks_per_day"]
        counts = self.prep_rng.poisson(rate, self.model.n_communities)
        calendar = self.model.calendar
        active = calendar.campaign[day] and calendar.workday[day]
        return counts if active else np.zeros_like(counts)

    def inspect(self, day: int) -> None:
        """Score every community's inspected records due by today (S6).

        Unfinished records are fabricated with probability
        ``inspections.fabrication_probability`` (counted as done and fabricated);
        the rest fail: a fine on the responsible cadre and a rectification task.
        """
        model = self.model
        self.inspections_held += 1
        self.failed_records += score_records(
            model.present_cadres(), day,
            fabrication_probability=float(model.params["inspections.fabrication_probability"]),
            fine=float(model.params["inspections.fine_yuan"]), rng=self.fabrication_rng,
            ledger=model.ledger, fines=model.fines, rectify=model.flow.rectification)
