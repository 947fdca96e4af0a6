"""Scenarios are data: the built-in TOML files load, describe themselves and validate."""

from __future__ import annotations

from pathlib import Path

import pytest

from commsim import (
    DAILY_SERIES,
    SCHEMA,
    SUMMARY_METRICS,
    InputError,
    Scenario,
    list_scenarios,
    load_scenario,
    policies,
    simulate,
)
from commsim.core.metrics import METRICS
from conftest import BUILTIN_SCENARIOS


def _write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load_error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_scenario(path)
    err = info.value
    assert err.source == str(path), "the error must name the file"
    assert str(path) in str(err)
    return err


# --- the built-in scenarios --------------------------------------------------------------
def test_the_six_builtin_scenarios_are_listed() -> None:
    names = [s.name for s in list_scenarios()]
    assert set(BUILTIN_SCENARIOS) <= set(names)
    assert names == sorted(names)


@pytest.mark.parametrize("name", BUILTIN_SCENARIOS)
def test_builtin_scenario_loads_and_describes_itself(name: str) -> None:
    scenario = load_scenario(name)
    assert isinstance(scenario, Scenario)
    assert scenario.name == name
    assert len(scenario.description) > 20 and "\n" not in scenario.description
    assert scenario.policies, "a scenario names at least one policy"
    assert set(scenario.policies) <= set(policies.available())
    assert scenario.source.endswith(f"{name}.toml")
    params = scenario.params()
    for key, value in scenario.overrides.items():
        assert params[key] == value


def test_builtin_scenarios_say_what_they_represent() -> None:
    s = {name: load_scenario(name) for name in BUILTIN_SCENARIOS}
    assert s["baseline"].policies == ("no_gate",)
    assert s["baseline"].overrides == {}
    assert s["admission_gate"].policies == ("admission_gate",)
    assert s["purchased_services"].policies == ("purchased_services",)
    assert "paperless" in s["paperless"].policies
    assert "paperless" in s["paperless_digital_inspections"].policies
    assert {"admission_gate", "paperless"} <= set(s["combined"].policies)
    # the two paperless variants differ in whether inspections accept digital records
    paper = s["paperless"].params()["paperless.digital_acceptance"]
    digital = s["paperless_digital_inspections"].params()["paperless.digital_acceptance"]
    assert paper < 0.5 < digital


@pytest.mark.parametrize("name", BUILTIN_SCENARIOS)
def test_builtin_scenario_runs_and_reports_every_output(name: str) -> None:
    result = simulate(name, seed=3, overrides={"run.days": 10, "run.communities": 1})
    assert list(result.summary)[:len(SUMMARY_METRICS)] == list(SUMMARY_METRICS)
    extra = list(result.summary)[len(SUMMARY_METRICS):]
    assert all(METRICS[k].policy in result.policies for k in extra)  # policies' own metrics
    assert list(result.daily.columns) == list(DAILY_SERIES)
    assert len(result.daily) == 10
    assert result.policies == load_scenario(name).policies
    assert result.params["run.days"] == 10
    assert set(result.hours.columns) == {"dimension", "category", "hours"}


def test_scenario_by_path_and_nested_or_dotted_params(tmp_path: Path) -> None:
    path = _write(tmp_path, """
name = "  mine  "
description = "A test scenario."
policies = ["admission_gate", "paperless"]

[params]
"street.leakage" = 0.5
cadres.per_community = 6

[params.paperless]
digital_acceptance = 0.7
""")
    scenario = load_scenario(path)
    assert scenario.name == "mine"
    assert scenario.source == str(path)
    assert scenario.policies == ("admission_gate", "paperless")
    params = scenario.params({"run.days": "20"}, source="--set")
    assert params["street.leakage"] == 0.5
    assert params["cadres.per_community"] == 6
    assert params["paperless.digital_acceptance"] == 0.7
    assert params["run.days"] == 20
    # a string path works as well as a Path
    assert load_scenario(str(path)) == scenario


def test_policies_default_to_no_gate(tmp_path: Path) -> None:
    scenario = load_scenario(_write(tmp_path, 'name = "plain"\n'))
    assert scenario.policies == ("no_gate",)


# --- bad scenario files name the file ------------------------------------------------------
def test_malformed_toml(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name = "broken\npolicies = [\n')
    err = _load_error(path)
    assert "malformed TOML" in str(err)


def test_unknown_top_level_field(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name = "x"\npolicy = ["admission_gate"]\n')
    err = _load_error(path)
    assert err.key == "policy"
    assert "unknown scenario field" in str(err)
    assert "policies" in err.allowed


def test_unknown_parameter_key(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name = "x"\n[params]\n"street.leakge" = 0.3\n')
    err = _load_error(path)
    assert err.key == "street.leakge"
    assert "did you mean 'street.leakage'" in str(err)


def test_parameter_out_of_range(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name = "x"\n[params.cadres]\nper_community = 10000\n')
    err = _load_error(path)
    assert (err.key, err.value) == ("cadres.per_community", 10000)
    assert err.allowed == SCHEMA["cadres.per_community"].allowed()


def test_parameter_of_wrong_type(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name = "x"\n[params]\n"residents.service_hours" = "slow"\n')
    err = _load_error(path)
    assert err.key == "residents.service_hours"
    assert "wrong type" in str(err)


def test_unknown_policy(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name = "x"\npolicies = ["no_gate", "admision_gate"]\n')
    err = _load_error(path)
    assert err.value == "admision_gate"
    assert "admission_gate" in err.allowed


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('description = "no name"\n', "name"),
        ('name = ""\n', "name"),
        ("name = 3\n", "name"),
        ('name = "x"\ndescription = 5\n', "description"),
        ('name = "x"\npolicies = "admission_gate"\n', "policies"),
        ('name = "x"\npolicies = [1]\n', "policies"),
        ('name = "x"\nparams = 3\n', "params"),
    ],
)
def test_invalid_fields(tmp_path: Path, text: str, key: str) -> None:
    err = _load_error(_write(tmp_path, text))
    assert err.key == key


def test_missing_file_and_unknown_name(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    err = _load_error(missing)
    assert "cannot read" in str(err)
    with pytest.raises(InputError, match="unknown scenario") as info:
        load_scenario("basline")
    assert info.value.value == "basline"
    assert "baseline" in info.value.allowed


def test_simulate_rejects_bad_overrides_naming_their_source() -> None:
    with pytest.raises(InputError) as info:
        simulate("baseline", overrides={"run.dayz": 5}, source="--set")
    assert info.value.key == "run.dayz"
    assert info.value.source == "--set"
    assert "run.days" in str(info.value)


def test_simulate_accepts_a_scenario_object_and_reports_progress() -> None:
    class Bar:
        def __init__(self) -> None:
            self.n = 0

        def update(self, n: int) -> None:
            self.n += n

    bar = Bar()
    scenario = Scenario("custom", "made in Python", ("paperless", "admission_gate"),
                        {"paperless.digital_acceptance": 0.5})
    result = simulate(scenario, seed=1, overrides={"run.days": 6, "run.communities": 1},
                      progress=bar)
    assert bar.n == 6
    assert result.scenario == "custom"
    assert result.policies == ("paperless", "admission_gate")
    assert result.params["paperless.digital_acceptance"] == 0.5
