"""The dashboard starts from the captured warm-up, so its figures are the report's (issue 18.4)."""

from __future__ import annotations

import pytest

pytest.importorskip("solara")

from commsim import simulate  # noqa: E402
from commsim.app.model import DashboardModel, default_controls  # noqa: E402

SIZE = {"run.days": 12, "run.warmup_days": 25, "run.communities": 2}


def test_the_live_model_starts_warm_and_matches_compare_run_for_run():
    model = DashboardModel(**{**default_controls(), **SIZE, "admission_gate": True,
                              "replications": 2, "seed": 7})
    assert type(model) is DashboardModel
    assert (model.day, model.measured_day, model.warmup_days) == (25, 0, 25)
    assert model.days_total == 12 and model.series().empty  # nothing measured yet
    while model.running:
        model.step()
    assert model.measured_day == 12 and len(model.series()) == 12
    assert model.series()["day"].tolist() == list(range(12))
    for replication, (mine, twin) in enumerate(zip(model.summaries(),
                                                   model.summaries(baseline=True),
                                                   strict=True)):
        ran = simulate("admission_gate", seed=7, replication=replication, overrides=SIZE)
        base = simulate("baseline", seed=7, replication=replication, overrides=SIZE)
        assert mine == pytest.approx(ran.summary, rel=0, abs=0, nan_ok=True)
        assert twin == pytest.approx(base.summary, rel=0, abs=0, nan_ok=True)


def test_without_a_warm_up_the_live_model_starts_cold_at_day_zero():
    model = DashboardModel(**{**default_controls(), **SIZE, "run.warmup_days": 0,
                              "replications": 1})
    assert (model.day, model.measured_day, model.warmup_days) == (0, 0, 0)
    model.step()
    assert model.measured_day == 1 and len(model.series()) == 1


def test_the_screen_says_where_the_run_starts():
    from commsim.app.words import WORDS

    assert "warm-up" in WORDS["start.warm"]["en"] and "预热" in WORDS["start.warm"]["zh"]
    assert "cold" in WORDS["start.cold"]["en"] and "冷启动" in WORDS["start.cold"]["zh"]
