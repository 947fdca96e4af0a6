"""Fuzzing: generated specifications and damaged stores end in exit 0 or 2, never a traceback.

Every example must either succeed (a complete store) or fail with one line and
exit status 2, leaving nothing half-written. Sizes are kept tiny so the whole
file runs in about a minute.
"""

import contextlib
import io
import json
import math
import random
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commsim import InputError
from commsim.cli import main
from commsim.experiments import run, spec_from_table
from commsim.results import load

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") \
            if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}"
                               for k, v in value.items()) + "}"
    raise TypeError(type(value))


def _toml(table):
    return "".join(f"{json.dumps(k)} = {_toml_value(v)}\n" for k, v in table.items())


BAD = st.sampled_from([-1, 0, 2.5, "x", "", [], {}, True, float("nan"), "a/b", ["nope"]])
DESIGNS = [
    {"kind": "grid", "factors": {"street.leakage": {"values": [0.1, 0.3]}}},
    {"kind": "lhs", "samples": 2, "factors": {"street.leakage": {"low": 0.1, "high": 0.5}}},
    {"kind": "sobol", "samples": 2, "factors": {"street.leakage": {"low": 0.1, "high": 0.5}}},
    {"kind": "lhs", "samples": 2,
     "factors": {"street.leakage": {"distribution": "triangular", "low": 0.1, "mode": 0.2,
                                  "high": 0.5}}},
]
BAD_DESIGNS = [
    {"kind": "grid", "factors": {"street.leakage": {"low": 0.5, "high": 0.1, "levels": 2}}},
    {"kind": "morris", "samples": 0},
    {"kind": "bogus"},
    {"kind": "lhs", "samples": 2,
     "factors": {"street.leakage": {"distribution": "normal", "mean": 0.3, "sd": -1}}},
    {"kind": "grid", "factors": {"no.such": {"values": [1]}}},
]
#: Valid values of the optional fields (tiny runs only).
VALID = {
    "description": st.text(max_size=20),
    "scenarios": st.sampled_from([["baseline"], ["baseline", "paperless"], "paperless"]),
    "seed": st.integers(0, 2**63 - 1),
    "timeout": st.sampled_from([30.0, 100]),
    "metrics": st.sampled_from([["turnover_rate"], ["turnover_rate", "resident_satisfaction"]]),
    "outputs": st.lists(st.sampled_from(["daily", "hours"]), unique=True),
    "params": st.dictionaries(st.just("street.leakage"), st.floats(0, 1)),
    "design": st.sampled_from(DESIGNS),
    "plugins": st.just([]),
    "precision": st.just(50.0),
}
#: Broken values, one of which may replace a valid field.
BROKEN = st.one_of(
    st.tuples(st.sampled_from(["name", "description", "scenarios", "baseline", "replications",
                               "max_replications", "precision", "seed", "days", "communities",
                               "timeout", "metrics", "outputs", "params", "design", "plugins",
                               "bogus_field"]), BAD),
    st.tuples(st.sampled_from(["seed", "days", "communities"]),
              st.sampled_from([2**64, -(2**63), 10**30])),
    st.tuples(st.just("design"), st.sampled_from(BAD_DESIGNS)),
    st.tuples(st.just("plugins"), st.sampled_from([["missing_plugin_module"], ["missing.py"],
                                                   [3], "x"])),
    st.tuples(st.just("scenarios"), st.sampled_from([["nope"], ["missing.toml"], [1],
                                                     ["baseline", "baseline"]])),
)


@st.composite
def specs(draw):
    table = draw(st.fixed_dictionaries(
        {"name": st.sampled_from(["fz", "名字", "a b"]), "days": st.integers(1, 3),
         "communities": st.just(1), "replications": st.integers(1, 2)}, optional=VALID))
    if "precision" in table:
        table["max_replications"] = table["replications"] + 1
    broken = draw(st.one_of(st.none(), st.none(), st.none(), BROKEN))
    if broken is not None:
        table[broken[0]] = broken[1]
    return table


def _check_cli(argv, out):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    text = err.getvalue()
    assert code in (0, 2), text
    assert "Traceback" not in text
    if code == 2:
        assert text.count("\n") == 1 and text.startswith("commsim: error:"), text
        # nothing half-written: no store, or an earlier one untouched
        assert not out.exists() or not any(out.iterdir()), list(out.iterdir())
    else:
        assert load(out).complete
    return code


@pytest.mark.slow
@FUZZ
@given(table=specs(), mangle=st.one_of(st.none(), st.tuples(st.integers(0, 400),
                                                         st.text(max_size=3))))
def test_fuzzed_spec_exits_0_or_2_without_traceback(table, mangle):
    folder = Path(tempfile.mkdtemp(prefix="commsim-fuzz-"))
    try:
        text = _toml(table)
        if mangle is not None:
            at, junk = mangle
            text = text[:at] + junk + text[at:]
        spec = folder / "spec.toml"
        spec.write_text(text, encoding="utf-8")
        out = folder / "out"
        _check_cli(["sweep", str(spec), "--out", str(out), "--executor", "serial",
                    "--no-progress"], out)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def good_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "store"
    spec = spec_from_table({"name": "f", "seed": 1, "days": 3, "warmup_days": 0, "communities": 1,
                            "replications": 2, "scenarios": ["baseline", "paperless"]},
                           source="test")
    run(spec, out=path, executor="serial", progress=False)
    return path


def _damage(data: bytes, how: str, rng: random.Random) -> bytes:
    if how == "truncate":
        return data[: rng.randrange(len(data) + 1)]
    if how == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            if out:
                out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if how == "garbage":
        return rng.randbytes(rng.randrange(200))
    return b""


@pytest.mark.slow
@FUZZ
@given(which=st.integers(0, 10**6), how=st.sampled_from(["truncate", "flip", "garbage",
                                                          "empty"]),
       seed=st.integers(0, 2**32))
def test_fuzzed_damaged_store_loads_or_raises_input_error(good_store, which, how, seed):
    folder = Path(tempfile.mkdtemp(prefix="commsim-fuzz-"))
    try:
        path = folder / "s"
        shutil.copytree(good_store, path)
        files = sorted(p for p in path.rglob("*") if p.is_file())
        target = files[which % len(files)]
        target.write_bytes(_damage(target.read_bytes(), how, random.Random(seed)))
        try:
            res = load(path)
            for name in ("runs", "daily", "hours", "comparison"):
                getattr(res, name)
        except InputError as exc:
            assert str(exc).count("\n") == 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, derandomize=True)
@given(which=st.sampled_from(["manifest.json", "runs.parquet", "daily/part-00000.parquet",
                              "comparison.parquet"]),
       how=st.sampled_from(["truncate", "flip", "garbage", "empty"]))
def test_fuzzed_damaged_store_report_exits_0_or_2(good_store, which, how):
    folder = Path(tempfile.mkdtemp(prefix="commsim-fuzz-"))
    try:
        path = folder / "s"
        shutil.copytree(good_store, path)
        target = path / which
        target.write_bytes(_damage(target.read_bytes(), how, random.Random(7)))
        report = folder / "r.html"
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["report", str(path), "-o", str(report)])
        assert code in (0, 2) and "Traceback" not in err.getvalue()
        assert (code == 0) == report.exists()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
