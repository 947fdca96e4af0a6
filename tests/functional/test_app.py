"""Dashboard: the model behind the controls, its charts and the command (no browser)."""

from __future__ import annotations

import argparse
import re

import pytest

pytest.importorskip("solara")
pytest.importorskip("mesa.visualization")

from commsim.app import assets  # noqa: E402
from commsim.app.charts import CHARTS, comparison_chart, comparison_table, live_chart  # noqa: E402
from commsim.app.model import DashboardModel, default_controls  # noqa: E402
from commsim.cli.app import command_line, configure  # noqa: E402
from commsim.report.style import active_catalog  # noqa: E402
from commsim.run.live import chosen_policies, policy_catalog  # noqa: E402

TINY = {**default_controls(), "run.days": 20}


def test_policy_switches_come_from_the_registry() -> None:
    names = [p["name"] for p in policy_catalog()]
    assert {"admission_gate", "purchased_services", "paperless"} <= set(names)
    assert "no_gate" not in names  # the status quo is what no switch means
    assert chosen_policies({}) == ("no_gate",)
    assert chosen_policies({"admission_gate": True, "purchased_services": True,
                            "paperless": True}) == ("admission_gate", "paperless",
                                                    "purchased_services")
    assert chosen_policies({"paperless": True}) == ("no_gate", "paperless")


@pytest.mark.usefixtures("plugin_registries")
def test_a_plugin_policy_gets_a_switch_and_sliders() -> None:
    from pathlib import Path

    from commsim.app.app import model_params
    from commsim.inputs.plugins import load_plugin
    from commsim.run.live import policy_catalog

    examples = Path(__file__).resolve().parents[2] / "examples"
    load_plugin(str(examples / "meeting_quota.py"))
    params = model_params()
    assert params["meeting_quota"]["type"] == "Checkbox"
    assert "meeting.quota_per_week" not in params  # sliders only for the run's policies
    model = DashboardModel(**{**TINY, "meeting_quota": True, "meeting.quota_per_week": 1})
    assert model.policy_names == ("meeting_quota",)
    assert model.params["meeting.quota_per_week"] == 1
    shown = model_params(model)  # after Reset: the run's policy gets its sliders ...
    assert shown["meeting.quota_per_week"]["type"] == "SliderInt"
    assert shown["meeting.quota_per_week"]["value"] == 1  # ... showing the run's values
    assert shown["meeting_quota"]["value"] is True
    assert "street.leakage" not in shown
    assert list(shown)[:len(policy_catalog())] == [p["name"] for p in policy_catalog()]


def test_controls_reach_the_parameters() -> None:
    model = DashboardModel(**{**TINY, "admission_gate": True, "street.leakage": 0.55,
                              "cadres.per_community": 5,
                              "departments.tasks_per_community_day": 6.0, "seed": 3})
    assert model.policy_names == ("admission_gate",)
    assert model.params["street.leakage"] == pytest.approx(0.55)
    assert model.params["cadres.per_community"] == 5
    assert model.params["departments.tasks_per_community_day"] == pytest.approx(6.0)
    assert model.baseline is not None and model.baseline.policy_names == ("no_gate",)
    assert model.baseline.params["street.leakage"] == pytest.approx(0.55)


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


def test_model_params_are_what_the_model_reads() -> None:
    from commsim.app.model import controls
    from commsim.run.live import policy_catalog

    params = controls([p["name"] for p in policy_catalog()], default_controls())  # all sliders
    assert {"admission_gate", "purchased_services", "paperless", "street.leakage",
            "funding.budget_yuan", "paperless.digital_acceptance", "cadres.per_community",
            "departments.tasks_per_community_day"} <= set(params)
    for name, spec in params.items():
        if spec["type"].startswith("Slider"):
            assert spec["min"] <= spec["value"] <= spec["max"], name
    model = DashboardModel(**{k: v["value"] for k, v in params.items()})  # Reset works
    assert model.params["street.leakage"] == params["street.leakage"]["value"]


def test_charts_have_units_and_hover() -> None:
    model = DashboardModel(**{**TINY, "paperless": True, "replications": 3})
    for _ in range(10):
        model.step()
    daily = model.all_series()
    assert sorted(daily["replication"].unique()) == [0, 1, 2] and len(daily) == 30
    daily.loc[daily["day"].between(3, 5), "campaign"] = True
    for key in CHARTS:
        fig = live_chart(key, daily, model.days_total, baseline=model.all_series(baseline=True))
        assert fig.layout.yaxis.title.text and fig.layout.xaxis.title.text == "day (d)"
        lines = [t for t in fig.data if t.fill is None]
        bands = [t for t in fig.data if t.fill == "toself"]
        assert len(lines) == len(bands) and all("%{y" in t.hovertemplate for t in lines)
        assert {t.line.color for t in lines} == {"#0072B2", "#000000"}
        assert all("median" in t.hovertemplate for t in lines)
    assert len(live_chart("overtime", daily, 20).layout.shapes) == 1
    fig = comparison_chart(daily, model.all_series(baseline=True), model.days_total)
    assert len(fig.data) == 16  # 4 panels x 2 runs x (band + median)
    table = comparison_table(model.summaries(), model.summaries(baseline=True))
    # one row per metric the declarations put in reports that this run reports
    # (a policy's own metric only when that policy is on)
    reported = [k for k in active_catalog().report_metrics() if k in model.summaries()[0]]
    assert len(table) == len(reported) >= 8
    assert table["difference"].notna().all()
    assert (table["n"] == 3).all() and (table["low"] <= table["high"]).all()


def test_replications_share_seeds_with_their_twins() -> None:
    """Replication i of the settings and of the baseline run on the same random streams."""
    gated = DashboardModel(**{**TINY, "admission_gate": True, "replications": 3})
    plain = DashboardModel(**{**TINY, "replications": 3})
    assert gated.replications == 3 and gated.replicas == []  # built at the first step
    for _ in range(12):
        gated.step()
        plain.step()
    twins = gated.all_series(baseline=True)
    mine = plain.all_series()
    assert twins["overtime_per_cadre"].equals(mine["overtime_per_cadre"])
    by_rep = mine.groupby("replication")["overtime_per_cadre"].sum()
    assert by_rep.nunique() > 1  # replications differ from one another


def test_district_choice_runs_the_example_district() -> None:
    from commsim.run.live import NO_DISTRICT, district_choices

    assert district_choices()[:2] == [NO_DISTRICT, "s14_example"]
    model = DashboardModel(**{**TINY, "run.district": "s14_example", "replications": 1,
                              "run.days": 2})
    assert model.n_communities == 50
    assert DashboardModel(**{**TINY, "run.district": NO_DISTRICT}).n_communities == 8


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


def test_a_bad_district_file_stops_the_command_in_one_line(tmp_path, capsys) -> None:
    from commsim.cli import main

    bad = tmp_path / "district.csv"
    bad.write_text("name,kind,households,cadre_posts\nA,urban,-5,7\n", encoding="utf-8")
    assert main(["app", "--district", str(bad), "--port", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "district.csv" in err[0] and "households" in err[0]


def test_charts_reach_the_page_as_plain_json() -> None:
    import json

    import numpy as np

    from commsim.app.plotly_view import bundle_path, install_bundle, plain

    fig = live_chart("overtime", DashboardModel(**TINY).all_series(), 20)
    fig.add_scatter(x=np.arange(3), y=np.array([1.0, np.nan, 3.0]))
    data = plain(fig.to_plotly_json())
    text = json.dumps(data, allow_nan=False)  # valid JSON: no NaN, no typed arrays
    assert "bdata" not in text
    assert data["data"][-1]["y"] == [1.0, None, 3.0]
    assert re.fullmatch(r"plotly\.js-dist-min@\d+\.\d+\.\d+/plotly\.min\.js", bundle_path())
    assert install_bundle().stat().st_size > 1_000_000
