"""Which stores and specs ``commsim robust --reanalyse`` accepts (no simulation)."""

import json
from pathlib import Path

import pytest

from commsim.core.errors import InputError
from commsim.robust.reanalyse import check_same_spec, find_store
from commsim.robust.spec import robust_spec_from_table

SPEC = {
    "name": "tiny", "seed": 1, "days": 14, "communities": 1,
    "outcomes": ["overtime_hours_per_cadre_week", "resident_satisfaction"],
    "thresholds": {"overtime_hours_per_cadre_week": {"max": 8.0}},
    "calibration": {"uncertainties": {"departments.hours_cv": {"low": 0.5, "high": 1.0}},
                    "targets": [{"metric": "resident_satisfaction", "low": 0.0, "high": 1.0}]},
    "policies": {"baseline": {"scenario": "baseline"}},
    "quick": {"days": 7},
}


def _spec(quick: bool = False, **change):
    return robust_spec_from_table({**SPEC, **change}, "tiny.toml", quick=quick)


def _manifest(quick: bool = False, **extra):
    return {"kind": "robust", "status": "complete", "quick": quick,
            "spec": json.loads(json.dumps(_spec(quick).table)), **extra}


def _store(folder: Path, manifest: dict, outcomes: bool = True) -> Path:
    (folder / "experiment").mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    if outcomes:
        (folder / "experiment" / "outcomes.parquet").write_bytes(b"")
    return folder


def test_only_the_thresholds_may_differ():
    changed = _spec(thresholds={"resident_satisfaction": {"min": 0.6}})
    check_same_spec(changed, _manifest(), Path("store"))  # no error
    check_same_spec(_spec(thresholds={}), _manifest(), Path("store"))
    with pytest.raises(InputError) as err:
        check_same_spec(_spec(days=15), _manifest(), Path("store"))
    text = str(err.value)
    assert "key: days" in text and "15 (stored 14)" in text and "in: tiny.toml" in text
    with pytest.raises(InputError, match="key: policies.gate"):
        check_same_spec(_spec(policies={**SPEC["policies"], "gate": {
            "scenario": "admission_gate"}}), _manifest(), Path("store"))


def test_a_quick_run_needs_quick_again():
    check_same_spec(_spec(quick=True), _manifest(quick=True), Path("store"), quick=True)
    with pytest.raises(InputError) as err:
        check_same_spec(_spec(), _manifest(quick=True), Path("store"), quick=False)
    assert "key: --quick" in str(err.value) and "made with --quick" in str(err.value)
    with pytest.raises(InputError, match="key: days"):  # without the flag: the size named
        check_same_spec(_spec(), _manifest(quick=True), Path("store"))


def test_find_store_refuses_incomplete_stores(tmp_path):
    spec = _spec()
    runs = tmp_path / "tiny"
    older = _store(runs / "20260101-000000", _manifest())
    _store(runs / "20260102-000000", {**_manifest(), "status": "running"})
    _store(runs / "20260103-000000", _manifest(), outcomes=False)
    assert find_store(spec, None, tmp_path)[0] == older  # the newest complete one
    for bad in ("20260102-000000", "20260103-000000", "missing"):
        with pytest.raises(InputError, match="key: --reanalyse.*allowed: a complete"):
            find_store(spec, runs / bad, tmp_path)
    with pytest.raises(InputError, match="no complete robust run"):
        find_store(spec, None, tmp_path / "elsewhere")
