"""A plugin model class runs from scenario files; a plugin parameter nobody reads is an error.

The plugin below is a researcher's module outside the package: households whose elderly
members forgive a bad visit (``elderly.forgiveness``), plugged in through the
``households_class`` attribute of a model subclass that declares the parameter.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from commsim import CommunityModel, InputError, load_scenario, simulate
from commsim.cli import main
from commsim.results import load

PLUGIN = '''
import numpy as np

from commsim import CommunityModel, Param
from commsim.model.agents.household import NEED_TYPES, HouseholdPopulation

ELDERLY = NEED_TYPES.index("elderly")


class ForgivingPopulation(HouseholdPopulation):
    def __init__(self, params, sizes, high_need, rng):
        super().__init__(params, sizes, high_need, rng)
        self.forgiveness = float(params["elderly.forgiveness"])

    def experience(self, index, performance):
        elderly = self.need[index] == ELDERLY
        performance = np.where(elderly, performance + self.forgiveness * (1 - performance),
                               performance)
        super().experience(index, performance)


class ForgivingModel(CommunityModel):
    households_class = ForgivingPopulation
    parameters = (Param("elderly.forgiveness", 0.0, "share", 0, 1, "assumption",
                        "Share of a bad visit an elderly household forgives."),)
'''
SCENARIO = '''
name = "forgiving"
description = "Baseline with forgiving elderly households."
policies = ["no_gate"]
model = "{model}"

[params]
"elderly.forgiveness" = 1.0
'''
QUICK = ["--days", "20", "--communities", "1", "--seed", "2", "--no-progress"]
#: How headers and manifests name the plugin's class and the built-in one.
MODEL = "forgiving_elderly:ForgivingModel"
BUILT_IN = "commsim.model.community_model:CommunityModel"


@pytest.fixture()
def plugin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "forgiving_elderly.py").write_text(PLUGIN)
    (tmp_path / "forgiving.toml").write_text(
        SCENARIO.format(model="forgiving_elderly.py:ForgivingModel"))
    return tmp_path


def test_scenario_names_a_plugin_model_class(plugin_dir: Path) -> None:
    scenario = load_scenario(plugin_dir / "forgiving.toml")
    assert scenario.model_class is not None
    assert scenario.model_class.__name__ == "ForgivingModel"
    small = {"run.days": 20, "run.communities": 1}
    forgiving = simulate(scenario, seed=2, overrides=small)
    base = simulate("baseline", seed=2, overrides=small)
    assert forgiving.params["elderly.forgiveness"] == 1.0
    assert forgiving.summary["satisfaction_index"] > base.summary["satisfaction_index"]
    # Same departments and visits (common random numbers): only the judgement differs.
    assert forgiving.summary["visits"] == base.summary["visits"]
    # Workers receive the scenario pickled and resolve the class again.
    again = pickle.loads(pickle.dumps(scenario))
    assert again.model_class is scenario.model_class


def test_run_and_compare_use_the_plugin_model(
    plugin_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "forgiving.toml", "--plugin", "forgiving_elderly.py", *QUICK,
                 "--json"]) == 0
    forgiving = capsys.readouterr().out
    assert main(["run", "baseline", *QUICK, "--json"]) == 0
    assert capsys.readouterr().out != forgiving
    # The run header and the store's manifest name the class the scenario names.
    assert main(["run", "forgiving.toml", "--plugin", "forgiving_elderly.py", *QUICK,
                 "--out", "one"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert "model forgiving_elderly:ForgivingModel)" in header
    assert load("one").manifest["scenarios"]["forgiving"]["model"] == MODEL
    # Worker processes receive the scenario and resolve its model class themselves.
    assert main(["compare", "baseline", "forgiving.toml", "--plugin", "forgiving_elderly.py",
                 "--reps", "1", *QUICK, "--executor", "process", "--workers", "1",
                 "--out", "both"]) == 0
    out = capsys.readouterr().out
    assert "forgiving" in out and "0 failed" in out
    assert f"model {MODEL}: forgiving" in out.splitlines()
    assert f"model {BUILT_IN}: baseline" in out.splitlines()
    recorded = load("both").manifest["scenarios"]
    assert recorded["forgiving"]["model"] == MODEL
    assert recorded["baseline"]["model"] == BUILT_IN


def test_sweep_uses_the_plugin_model(plugin_dir: Path) -> None:
    (plugin_dir / "spec.toml").write_text(
        'name = "plugin_sweep"\nscenarios = ["baseline", "forgiving.toml"]\n'
        'plugins = ["forgiving_elderly.py"]\nreplications = 2\nseed = 2\ndays = 20\n'
        'warmup_days = 0\ncommunities = 1\n')
    out = plugin_dir / "store"
    assert main(["sweep", "spec.toml", "--out", str(out), "--executor", "process",
                 "--workers", "1", "--no-progress"]) == 0
    runs = load(out).runs
    assert set(runs["status"]) == {"ok"}
    means = runs.groupby("scenario")["satisfaction_index"].mean()
    assert means["forgiving"] > means["baseline"]


def test_unread_plugin_parameter_is_an_error(
    plugin_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["run", "baseline", "--plugin", "forgiving_elderly.py", *QUICK,
                 "--set", "elderly.forgiveness=1"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "elderly.forgiveness" in err and "'1'" in err and "ForgivingModel" in err
    with pytest.raises(InputError, match="not read by this run"):
        simulate("baseline", overrides={"elderly.forgiveness": 0.5, "run.days": 2})


def test_module_level_plugin_parameters_belong_to_the_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loose_param.py").write_text(
        "from commsim import SCHEMA, Param\n"
        "SCHEMA.register(Param('loose.knob', 1.0, 'ratio', 0, 2, 'assumption', 'A knob.'))\n")
    assert main(["run", "baseline", "--plugin", "loose_param.py", *QUICK,
                 "--set", "loose.knob=1.5"]) == 2


def test_bad_model_names_are_input_errors(plugin_dir: Path) -> None:
    for model, message in (("no_colon", "malformed"), ("forgiving_elderly.py:Nope", "not a"),
                           ("no_such_module_xyz:Model", "cannot import")):
        (plugin_dir / "bad.toml").write_text(SCENARIO.format(model=model))
        with pytest.raises(InputError, match=message):
            load_scenario(plugin_dir / "bad.toml")


#: The seven entity classes a model subclass may swap, and where the model holds them.
SWAPPABLE: dict[str, Callable[[CommunityModel], list[object]]] = {
    "cadre_class": lambda m: [c for comm in m.communities for c in comm.cadres
                              if c is not None],
    "households_class": lambda m: [m.households],
    "department_class": lambda m: list(m.departments),
    "street_office_class": lambda m: [m.street_office],
    "community_class": lambda m: list(m.communities),
    "task_pipeline_class": lambda m: [m.pipeline],
    "visits_class": lambda m: [m.visits],
}
#: A subclass of each built-in entity class (same behaviour, its own type).
_SWAPS = {attribute: type(f"Swapped_{attribute}", (getattr(CommunityModel, attribute),), {})
          for attribute in SWAPPABLE}
_SwappedModel = type("_SwappedModel", (CommunityModel,), dict(_SWAPS))


def test_entity_classes_are_swappable() -> None:
    """Each of the seven class attributes builds the model's entities of its kind."""
    scenario, small = load_scenario("baseline"), {"run.days": 3, "run.communities": 2}
    swapped = _SwappedModel.from_scenario(scenario, seed=1, overrides=small)
    built = CommunityModel.from_scenario(scenario, seed=1, overrides=small)
    for model in (swapped, built):
        model.run()
    for attribute, held in SWAPPABLE.items():
        entities = held(swapped)
        assert entities, attribute
        assert all(type(e) is _SWAPS[attribute] for e in entities), attribute
        assert not any(isinstance(e, _SWAPS[attribute]) for e in held(built)), attribute
    # the same behaviour, so the same run (common random numbers)
    assert swapped.summary() == built.summary()


def test_model_named_by_the_stem_of_a_plugin_loaded_by_path(plugin_dir: Path) -> None:
    from commsim.inputs.plugins import load_plugin, loaded_plugin, plain_module

    module = load_plugin(str(plugin_dir / "forgiving_elderly.py"))
    assert module.__name__ != "forgiving_elderly"  # the path's hash keeps same-named files apart
    assert plain_module(module.__name__) == "forgiving_elderly"
    assert loaded_plugin("forgiving_elderly") is module
    by_stem = SCENARIO.format(model="forgiving_elderly:ForgivingModel")
    (plugin_dir / "by_stem.toml").write_text(by_stem)
    scenario = load_scenario(plugin_dir / "by_stem.toml")
    assert scenario.model_class is module.ForgivingModel
    assert scenario.params()["elderly.forgiveness"] == 1.0
