"""Worlds of the robust experiment: ensemble members paired with deep-uncertainty draws."""

import pandas as pd
import pytest

from commsim.robust.experiment import worlds_table
from commsim.robust.spec import robust_spec_from_table

SPEC = {
    "name": "worlds", "seed": 5, "days": 14, "communities": 1,
    "outcomes": ["cost_yuan"],
    "calibration": {"uncertainties": {"departments.hours_cv": {"low": 0.5, "high": 1.0}},
                    "targets": [{"metric": "mean_weekday_hours", "low": 0.0, "high": 24.0}]},
    "experiment": {"worlds": 7,
                   "uncertainties": {"street.leakage": {"low": 0.1, "high": 0.6}}},
    "policies": {"baseline": {"scenario": "baseline"}},
}


def test_more_worlds_than_members_reuse_members_with_fresh_deep_draws():
    spec = robust_spec_from_table(SPEC, "worlds.toml")
    ensemble = pd.DataFrame({"world": [0, 1, 2], "departments.hours_cv": [0.6, 0.7, 0.8]})
    worlds = worlds_table(spec, ensemble)
    assert list(worlds["world"]) == list(range(7))
    assert list(worlds["departments.hours_cv"]) == [0.6, 0.7, 0.8, 0.6, 0.7, 0.8, 0.6]
    leak = worlds["street.leakage"]
    assert leak.nunique() == 7 and leak.between(0.1, 0.6).all()
    # fewer worlds than members: the first members, in order
    assert list(worlds_table(spec, ensemble, 2)["departments.hours_cv"]) == [0.6, 0.7]


def test_an_empty_ensemble_is_an_error():
    spec = robust_spec_from_table(SPEC, "worlds.toml")
    with pytest.raises(ValueError, match="empty"):
        worlds_table(spec, pd.DataFrame({"world": [], "departments.hours_cv": []}))
