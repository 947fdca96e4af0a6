"""The estimate's probe prices a simulated day without the process's one-off costs."""

from __future__ import annotations

import time

from commsim.experiments import estimate, plan, spec_from_table
from commsim.model.community_model import CommunityModel


def test_the_first_day_compile_time_is_not_priced_as_every_days(monkeypatch):
    # The first step of a process compiles the kernels (seconds); later days take
    # milliseconds. A probe that averaged them priced a 41-minute sweep at 92 hours.
    step = CommunityModel.step
    calls = {"n": 0}

    def slow_first(self: CommunityModel) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            time.sleep(0.5)
        step(self)

    monkeypatch.setattr(CommunityModel, "step", slow_first)
    spec = spec_from_table({"name": "probe", "scenarios": ["baseline"], "replications": 1,
                            "days": 30, "communities": 1, "params": {"run.warmup_days": 0}},
                           source="test")
    build, per_day, _ = estimate.probe(plan(spec), days=5)
    assert calls["n"] == 6  # one untimed day, then the five priced ones
    assert per_day < 0.1, per_day
