"""Dashboard: the model behind the controls, its charts and the command (no browser)."""

from __future__ import annotations

import argparse
import inspect

import pytest

pytest.importorskip("solara")
pytest.importorskip("mesa.visualization")

from commsim.app import assets  # noqa: E402
from commsim.app.charts import CHARTS, comparison_chart, comparison_table, live_chart  # noqa: E402
from commsim.app.model import DashboardModel, default_controls, policies_for  # noqa: E402
from commsim.cli.app import command_line, configure  # noqa: E402

TINY = {**default_controls(), "days": 20}


def test_policy_switches_map_to_the_four_policies() -> None:
    assert policies_for(False, False, False) == ("no_gate",)
    assert policies_for(True, True, True) == ("admission_gate", "purchased_services",
                                              "paperless")
    assert policies_for(False, False, True) == ("no_gate", "paperless")


def test_controls_reach_the_parameters() -> None:
    model = DashboardModel(**{**TINY, "admission_gate": True, "gate_leakage": 0.55,
                              "cadres_per_community": 5, "demand": 6.0, "seed": 3})
    assert model.policy_names == ("admission_gate",)
    assert model.params["gate.leakage"] == pytest.approx(0.55)
    assert model.params["cadres.per_community"] == 5
    assert model.params["departments.tasks_per_community_day"] == pytest.approx(6.0)
    assert model.baseline is not None and model.baseline.policy_names == ("no_gate",)
    assert model.baseline.params["gate.leakage"] == pytest.approx(0.55)


def test_baseline_settings_have_no_twin_and_stop_at_the_end() -> None:
    model = DashboardModel(**TINY)
    assert model.baseline is None
    for _ in range(25):
        model.step()
    assert model.day == 20 and model.running is False
    assert len(model.series()) == 20
    assert model.baseline_series().equals(model.series())


def test_gate_changes_overtime_but_twin_matches_baseline() -> None:
    gated = DashboardModel(**{**TINY, "admission_gate": True})
    plain = DashboardModel(**TINY)
    for _ in range(15):
        gated.step()
        plain.step()
    twin = gated.baseline_series()["overtime_per_cadre"]
    assert twin.equals(plain.series()["overtime_per_cadre"])  # common random numbers
    assert not gated.series()["overtime_per_cadre"].equals(twin)


def test_model_params_match_the_model_signature() -> None:
    from commsim.app.app import model_params

    params = model_params()
    accepted = inspect.signature(DashboardModel.__init__).parameters
    assert set(params) <= set(accepted)
    assert {"admission_gate", "purchased_services", "paperless", "gate_leakage",
            "purchased_budget_yuan", "digital_acceptance", "cadres_per_community",
            "demand"} <= set(params)
    for name, spec in params.items():
        if spec["type"].startswith("Slider"):
            assert spec["min"] <= spec["value"] <= spec["max"], name
    DashboardModel(**{k: v["value"] for k, v in params.items()})  # Reset with defaults works


def test_charts_have_units_and_hover() -> None:
    model = DashboardModel(**{**TINY, "paperless": True})
    for _ in range(10):
        model.step()
    daily = model.series()
    daily.loc[3:5, "campaign"] = True
    for key in CHARTS:
        fig = live_chart(key, daily, model.days_total, baseline=model.baseline_series())
        assert fig.layout.yaxis.title.text and fig.layout.xaxis.title.text == "day (d)"
        assert all("%{y" in t.hovertemplate for t in fig.data)
        assert {t.line.color for t in fig.data} == {"#0072B2", "#000000"}
    assert len(live_chart("overtime", daily, 20).layout.shapes) == 1
    fig = comparison_chart(daily, model.baseline_series(), model.days_total)
    assert len(fig.data) == 8
    table = comparison_table(model.summary(), model.baseline_summary())
    assert len(table) == 8 and table["difference"].notna().all()


def test_command_binds_localhost_by_default() -> None:
    parser = argparse.ArgumentParser()
    configure(parser)
    args = parser.parse_args([])
    assert args.host == "127.0.0.1"
    cmd = command_line(args.port, args.host)
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1" and "commsim.app.app" in cmd


def test_required_assets_are_pinned_npm_packages() -> None:
    packages = assets.required_packages()
    assert any("solara-vuetify" in p for p in packages)
    assert all("@" in p.lstrip("@") for p in packages)
