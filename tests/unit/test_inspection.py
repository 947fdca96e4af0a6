"""S6: fabricated records are detected at inspection with their probability."""

from __future__ import annotations

import math

from commsim.model.task_ledger import Status
from conftest import build_model


def test_detection_rate_matches_its_parameter() -> None:
    p_detect = 0.3
    model = build_model(overrides={
        "run.communities": 2, "run.days": 120, "street.households_per_community": 300,
        "inspections.per_year": 12, "inspections.fabrication_probability": 1.0,
        "inspections.detection_probability": p_detect,
        "departments.tasks_per_community_day": 20.0,  # enough unfinished records in 120 days
    })
    model.run()
    fabricated = model.ledger.fabricated
    detected = model.stats.fabrications_detected
    assert fabricated > 200
    # binomial 99.9 % interval around the parameter
    half = 3.29 * math.sqrt(p_detect * (1 - p_detect) / fabricated)
    assert abs(detected / fabricated - p_detect) < half
    summary = model.summary()
    assert summary["fabrications_detected"] == detected
    assert 0 <= summary["inspection_rating"] < 100


def test_detection_brings_fines_rectification_and_a_lower_rating() -> None:
    base = {"run.communities": 2, "run.days": 200, "street.households_per_community": 300,
            "inspections.fabrication_probability": 1.0, "inspections.per_year": 12,
            "departments.tasks_per_community_day": 10.0}
    never = build_model(overrides={**base, "inspections.detection_probability": 0.0})
    always = build_model(overrides={**base, "inspections.detection_probability": 1.0})
    never.run()
    always.run()
    assert never.stats.fabrications_detected == 0 and always.stats.fabrications_detected > 0
    assert never.summary()["inspection_rating"] == 100.0
    assert always.summary()["inspection_rating"] < 100.0
    assert always.fines.total > never.fines.total
    always.check_invariants()
    assert always.ledger.count(Status.DONE) > 0
