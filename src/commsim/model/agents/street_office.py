"""The street office (街道办事处): relays, multiplies and inspects (S2, S6, S10).

Every department task reaches a community through the street office, which adds
requirements of its own ("relays and multiplies"), carries work refused at a
gate back as informal "requests", passes residents' hotline complaints down,
and runs inspections and star ratings. Before each inspection it runs a
campaign (突击抓) that multiplies ledgers and forms and adds inspection
preparation; on the day it scores the inspected records. The seeds (000, 004):

    对于考核的好多内容,跟社区工作都靠不上边,但是为了考核过关,社区工作人员还要编造一些
    虚假的资料来应付考核验收。
    ("Much of what the evaluations score has nothing to do with community work, but to
    pass, the staff still fabricate materials to get through the inspection.")

    等到要检查考核时,都"枪抓机遇"突击抓,搞得社区忙不堪言,出现了作假剽袭应付差事的现象。
    ("When an inspection comes, everything is done in a surge; the communities are
    swamped, and faking and copying to get the job off one's hands appear.")

What is not finished is fabricated (with ``inspections.fabrication_probability``) or
fails; a failure brings a fine on the responsible cadre (S10) and a rectification
order. A fabricated record passes unless the inspector detects it
(``inspections.detection_probability``, an assumption: the seeds say fabrication is
common, not how often it is caught); a detected fabrication brings a larger fine
(``inspections.detected_fine_yuan``), a rectification order and a lower rating. Each
inspection rates each community 0–100: the share of the period's inspected records
(ledgers, forms and preparation opened since the previous inspection) that passed,
with a detected fabrication counting ``inspections.detection_penalty`` failures.
Records nobody kept because the work was refused and not done
(:mod:`commsim.model.fallback`) may be found too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from commsim.core.metrics import summary_metric
from commsim.model.inspections import Inspector

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel
    from commsim.model.measurement import Window


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
        p = model.params
        self.inspector = Inspector(
            fabrication_probability=float(p["inspections.fabrication_probability"]),
            detection_probability=float(p["inspections.detection_probability"]),
            fine=float(p["inspections.fine_yuan"]),
            detected_fine=float(p["inspections.detected_fine_yuan"]),
            rng=self.fabrication_rng, detection_rng=model.streams["detection"])
        self.opened_before: dict[int, int] = {}
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
        """Score every community's inspected records due by today and rate it (S6).

        Unfinished records are fabricated with probability
        ``inspections.fabrication_probability`` (counted as done and fabricated);
        the rest fail: a fine on the responsible cadre and a rectification task. A
        fabricated record is detected with ``inspections.detection_probability``:
        a fine of ``inspections.detected_fine_yuan`` and a rectification task.
        """
        model = self.model
        self.inspections_held += 1
        failed, detected = self.inspector.score(
            model.present_cadres(), day, model.n_communities, ledger=model.ledger,
            fines=model.fines, rectify=model.pipeline.rectification)
        self.failed_records += int(failed.sum())
        model.stats.fabrications_detected += int(detected.sum())
        self._rate(failed, detected)
        model.pipeline.fallback.inspect(day)

    def _rate(self, failed: np.ndarray, detected: np.ndarray) -> None:
        """Rate each community 0–100 on the records of the period since the last inspection."""
        model = self.model
        opened = model.ledger.inspected_opened
        penalty = float(model.params["inspections.detection_penalty"])
        stats = model.stats
        for c in range(model.n_communities):
            records = max(1, opened.get(c, 0) - self.opened_before.get(c, 0))
            stats.rating_sum += 100 * max(0.0, 1 - (failed[c] + penalty * detected[c]) / records)
            stats.ratings += 1
        self.opened_before = dict(opened)


@summary_metric(
    "inspection_rating",
    unit="score 0-100",
    label="Inspection rating",
    label_zh="考核评分",
    better="higher",
    bounds=(0.0, 100.0),
    over_days="ratio",
    over_communities="mean",
    description=(
        "Mean rating of communities at inspections: 100 x the share of the period's inspected "
        "records that passed, a detected fabrication counting inspections.detection_penalty "
        "failures (S6)."
    ),
)
def _inspection_rating(window: Window) -> float:
    s = window.stats
    return s.rating_sum / s.ratings if s.ratings else 100.0


@summary_metric(
    "fabrications_detected",
    unit="records",
    label="Fabrications detected",
    label_zh="查出造假台账数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    description="Fabricated records detected at inspections (S6).",
)
def _fabrications_detected(window: Window) -> float:
    return float(window.stats.fabrications_detected)
