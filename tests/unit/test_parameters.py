"""Parameters: one closed, validated, immutable object with a documented schema."""

from __future__ import annotations

import math

import pytest

from commsim import SCHEMA, InputError, Param, Params
from commsim.core.parameters import flatten, parse_assignments


def _error(overrides: dict, source: str = "test-source") -> InputError:
    with pytest.raises(InputError) as info:
        Params.defaults().with_overrides(overrides, source=source)
    return info.value


# --- errors name the key, the value, the allowed range and the source -------------------
def test_unknown_key_is_rejected_with_a_suggestion() -> None:
    err = _error({"cadres.per_comunity": 5})
    assert err.key == "cadres.per_comunity"
    assert err.source == "test-source"
    assert "unknown parameter" in str(err)
    assert "did you mean 'cadres.per_community'" in str(err)
    assert "test-source" in str(err)


def test_unknown_key_without_a_close_match_has_no_suggestion() -> None:
    err = _error({"zzz.qqq_xxx": 1})
    assert err.key == "zzz.qqq_xxx"
    assert "did you mean" not in str(err)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("cadres.per_community", "many"),  # int from a non-number
        ("cadres.per_community", 3.5),  # int from a fractional float
        ("cadres.per_community", True),  # bool is not an int here
        ("residents.service_hours", "fast"),  # float from a non-number
        ("residents.service_hours", "nan"),  # non-finite floats are rejected
        ("residents.service_hours", "inf"),
        ("residents.service_hours", False),
        ("residents.service_hours", [0.5]),
    ],
)
def test_wrong_type_names_key_value_allowed_and_source(key: str, value: object) -> None:
    err = _error({key: value})
    assert "wrong type" in str(err)
    assert err.key == key
    assert err.value == value
    assert err.allowed == SCHEMA[key].allowed()
    assert err.source == "test-source"
    for part in (key, repr(value), SCHEMA[key].allowed(), "test-source"):
        assert part in str(err)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("cadres.per_community", 10_000),
        ("cadres.per_community", 0),
        ("cadres.per_community", "-3"),
        ("residents.return_probability", 1.5),
        ("residents.return_probability", "-0.01"),
        ("run.days", -1),
    ],
)
def test_out_of_range_names_key_value_allowed_and_source(key: str, value: object) -> None:
    allowed = SCHEMA[key].allowed()
    assert allowed.startswith(("int in [", "float in ["))
    err = _error({key: value}, source="scenario.toml")
    assert "out of range" in str(err)
    assert (err.key, err.value, err.allowed, err.source) == (key, value, allowed,
                                                             "scenario.toml")
    for part in (key, repr(value), allowed, "scenario.toml"):
        assert part in str(err)


def test_bounds_are_inclusive() -> None:
    top = int(SCHEMA["cadres.per_community"].high)
    p = Params.defaults().with_overrides(
        {"cadres.per_community": top, "residents.return_probability": 0,
         "residents.complaint_probability": 1.0}, source="test")
    assert p["cadres.per_community"] == top
    assert p["residents.return_probability"] == 0.0
    assert p["residents.complaint_probability"] == 1.0


# --- parsing of strings (from --set key=value) ------------------------------------------
def test_strings_are_parsed_as_the_parameter_type() -> None:
    p = Params.defaults().with_overrides(
        {"cadres.per_community": " 9 ", "residents.service_hours": "0.5",
         "residents.return_probability": "1", "departments.count": 12.0}, source="--set")
    assert p["cadres.per_community"] == 9 and type(p["cadres.per_community"]) is int
    assert p["residents.service_hours"] == 0.5
    assert type(p["residents.service_hours"]) is float
    assert p["residents.return_probability"] == 1.0
    assert type(p["residents.return_probability"]) is float
    assert p["departments.count"] == 12 and type(p["departments.count"]) is int


def test_int_values_become_floats_for_float_parameters() -> None:
    p = Params.defaults().with_overrides({"residents.service_hours": 1}, source="test")
    assert type(p["residents.service_hours"]) is float


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("True", True), (" TRUE ", True), ("1", True), ("false", False),
     ("FALSE", False), ("0", False), (True, True), (False, False)],
)
def test_bool_parameters_parse_words_and_digits(text: object, expected: bool) -> None:
    flag = Param("test.flag", False, "flag", source="test", doc="A test switch.")
    assert flag.coerce(text, "--set") is expected


@pytest.mark.parametrize("text", ["yes", "no", "2", "", None, 0.5])
def test_bool_parameters_reject_anything_else(text: object) -> None:
    flag = Param("test.flag", False, "flag", source="test", doc="A test switch.")
    with pytest.raises(InputError, match="wrong type") as info:
        flag.coerce(text, "--set")
    assert info.value.allowed == "true or false"
    assert info.value.key == "test.flag"


def test_string_parameters_with_choices() -> None:
    mode = Param("test.mode", "a", "mode", source="test", doc="A mode.", choices=("a", "b"))
    assert mode.coerce("b", "x") == "b"
    with pytest.raises(InputError, match="not allowed") as info:
        mode.coerce("c", "x")
    assert info.value.allowed == "one of a, b"
    with pytest.raises(InputError, match="wrong type"):
        mode.coerce(3, "x")


def test_parse_assignments() -> None:
    assert parse_assignments(["a.b=1", " c.d = x=y "]) == {"a.b": "1", "c.d": "x=y"}
    for bad in ("novalue", "=3", " =3"):
        with pytest.raises(InputError, match=r"dotted\.key=value") as info:
            parse_assignments([bad], source="--set")
        assert info.value.source == "--set"


def test_flatten_nested_tables() -> None:
    assert flatten({"gate": {"leakage": 0.3, "x": {"y": 1}}, "run.days": 5}) == {
        "gate.leakage": 0.3, "gate.x.y": 1, "run.days": 5}


# --- immutability and closedness ---------------------------------------------------------
def test_params_are_immutable(defaults: Params) -> None:
    with pytest.raises(TypeError):
        defaults["cadres.per_community"] = 3  # type: ignore[index]
    with pytest.raises(TypeError):
        del defaults["cadres.per_community"]  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        defaults.extra = 1  # type: ignore[attr-defined]
    assert not hasattr(defaults, "__dict__")


def test_overrides_return_a_new_object_and_leave_the_original(defaults: Params) -> None:
    before = dict(defaults)
    changed = defaults.with_overrides({"cadres.per_community": 9}, source="test")
    assert changed is not defaults
    assert dict(defaults) == before
    assert changed["cadres.per_community"] == 9
    assert changed.changed() == {"cadres.per_community": 9}
    assert defaults.changed() == {}
    assert "cadres.per_community" in repr(changed)


def test_a_failed_override_changes_nothing(defaults: Params) -> None:
    before = dict(defaults)
    with pytest.raises(InputError):
        defaults.with_overrides({"cadres.per_community": 9, "cadres.nope": 1}, source="t")
    assert dict(defaults) == before


def test_params_are_closed_over_the_schema(defaults: Params) -> None:
    assert set(defaults) == {p.key for p in SCHEMA}
    assert len(defaults) == len(SCHEMA)
    with pytest.raises(KeyError):
        defaults["no.such.key"]
    assert "no.such.key" not in defaults
    assert all(defaults[p.key] == p.default for p in SCHEMA)


def test_group_strips_the_prefix(defaults: Params) -> None:
    run = defaults.group("run")
    assert run["days"] == defaults["run.days"]
    assert set(run) == {p.key[len("run."):] for p in SCHEMA if p.group == "run"}


# --- the schema itself ----------------------------------------------------------------
def test_schema_covers_core_and_policy_parameters() -> None:
    groups = {p.group for p in SCHEMA}
    assert {"run", "calendar", "street", "residents", "departments", "inspections", "cadres",
            "tasks", "gate", "purchased", "paperless"} <= groups


@pytest.mark.parametrize("param", list(SCHEMA), ids=lambda p: p.key)
def test_every_parameter_is_documented_and_its_default_fits(param: Param) -> None:
    assert param.key.count(".") >= 1 and param.key == param.key.strip()
    assert param.unit.strip(), "no unit"
    assert param.source.strip(), "no source"
    assert param.doc.strip(), "no doc"
    assert isinstance(param.default, bool | int | float | str)
    if isinstance(param.default, int | float) and not isinstance(param.default, bool):
        assert math.isfinite(param.default)
        assert param.low is not None and param.high is not None, "numbers need a range"
        assert param.low <= param.high
        assert param.low <= param.default <= param.high
    assert param.coerce(param.default, "schema") == param.default
    # the range's own ends are accepted; just beyond them is not
    if param.low is not None and not isinstance(param.default, bool):
        param.coerce(param.low if isinstance(param.default, float) else math.ceil(param.low),
                     "schema")
        with pytest.raises(InputError):
            param.coerce(param.low - 1, "schema")
    if param.high is not None and not isinstance(param.default, bool):
        param.coerce(param.high if isinstance(param.default, float) else math.floor(param.high),
                     "schema")
        with pytest.raises(InputError):
            param.coerce(param.high + 1, "schema")
