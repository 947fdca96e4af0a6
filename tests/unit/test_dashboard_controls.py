"""Dashboard controls: every slider starts at the model's default, on its grid; money reads."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commsim.app.formatting import money, number, signed, wan_yuan, yuan
from commsim.app.model import controls, default_controls, slider_range, slider_step
from commsim.core.parameters import SCHEMA
from commsim.run.live import parameter_catalog, policy_catalog

ALL = controls([p["name"] for p in policy_catalog()])
SLIDERS = {k: v for k, v in ALL.items() if v["type"].startswith("Slider")}


def _on_grid(spec: dict) -> bool:
    """What a browser slider does: snap to min + k * step, rounded to the step's decimals."""
    step = Decimal(repr(spec["step"]))
    k = round((Decimal(repr(spec["value"])) - Decimal(repr(spec["min"]))) / step)
    snapped = Decimal(repr(spec["min"])) + k * step
    return float(snapped) == float(spec["value"])


@pytest.mark.parametrize("key", [k for k in SLIDERS if k in SCHEMA])
def test_every_parameter_slider_starts_at_the_declared_default(key: str) -> None:
    spec = SLIDERS[key]
    assert spec["value"] == SCHEMA[key].default
    assert spec["min"] <= spec["value"] <= spec["max"]
    assert _on_grid(spec), f"{key}: default {spec['value']} is off the grid of step {spec['step']}"
    declared = SCHEMA[key]
    assert declared.low is None or spec["min"] >= declared.low
    assert declared.high is None or spec["max"] <= declared.high
    assert (spec["max"] - spec["min"]) / spec["step"] >= 10 or spec["type"] == "SliderInt"
    if spec["type"] == "SliderInt":
        assert spec["step"] == 1 and isinstance(spec["value"], int)


def test_demand_slider_hits_its_default() -> None:
    declared = SCHEMA["departments.tasks_per_community_day"].default
    spec = SLIDERS["departments.tasks_per_community_day"]
    assert spec["value"] == declared and _on_grid(spec)
    assert default_controls()["departments.tasks_per_community_day"] == declared
    assert default_controls()["run.communities"] == SCHEMA["run.communities"].default


def test_steps_come_from_the_declared_range() -> None:
    (p,) = parameter_catalog(["funding.budget_yuan"])
    low, high = slider_range(p)
    assert (low, high) == (0.0, 50_000.0)  # declared 0 .. 10,000,000: cut to 10x the default
    assert slider_step(low, high, 5000.0) == 2500.0
    assert slider_step(0.0, 47.0, 4.7) == pytest.approx(0.1)
    assert slider_step(0.0, 1.0, 0.3) == 0.05
    assert slider_step(1.0, 40.0, 7.0, integer=True) == 1


def test_money_is_never_scientific() -> None:
    assert yuan(1_234_567.4) == "¥1,234,567"
    assert yuan(35) == "¥35.00"
    assert wan_yuan(1_234_567) == "123.46万元"
    assert money(278_501.2) == "¥278,501 (27.85万元)"
    assert money(5_000) == "¥5,000"
    assert signed(-56_021, "yuan") == "−¥56,021 (−5.60万元)"
    assert signed(56_021, "yuan") == "+¥56,021 (5.60万元)"
    assert number(1.5e7, "yuan per year") == "¥15,000,000 (1,500.00万元)"
    for value in (1e-5, 0.61234, 11.0, 1234.5, 2.5e9):
        assert "e" not in number(value, "h").lower()
    assert number(11.0, "count") == "11"
    assert number(0.61234, "share") == "0.612"


def test_slider_labels_show_value_unit_and_default() -> None:
    pytest.importorskip("solara")
    from commsim.app.inputs import slider_label

    demand = SLIDERS["departments.tasks_per_community_day"]
    default = SCHEMA["departments.tasks_per_community_day"].default
    assert slider_label(demand, default) == f"Demand: {default:.2f} tasks/community/workday"
    assert slider_label(demand, 6.0).endswith(f"(default {default:.2f})")
    budget = SLIDERS["funding.budget_yuan"]
    assert slider_label(budget, 25_000) == (
        "Purchased services: budget yuan: ¥25,000 (2.50万元) per department/community/yr "
        "(default ¥5,000)")
    assert slider_label(SLIDERS["run.communities"], 50).startswith("Communities")
