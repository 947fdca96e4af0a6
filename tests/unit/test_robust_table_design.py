"""The ``table`` design: explicit points, one value per point for every factor."""

import pytest

from commsim.core.errors import InputError
from commsim.experiments import plan, spec_from_table


def test_table_design_points():
    spec = spec_from_table({"name": "t", "scenarios": ["baseline", "admission_gate"], "design": {
        "kind": "table", "factors": {"street.leakage": {"values": [0.1, 0.2, 0.4]},
                                     "cadres.per_community": {"values": [5, 6, 7]}}}})
    p = plan(spec)
    assert p.size == 6
    assert [pt.values for pt in p.points[:3]] == [
        {"street.leakage": 0.1, "cadres.per_community": 5},
        {"street.leakage": 0.2, "cadres.per_community": 6},
        {"street.leakage": 0.4, "cadres.per_community": 7}]
    assert p.points[3].scenario.name == "admission_gate"


@pytest.mark.parametrize("factors, message", [
    ({"street.leakage": {"values": [0.1, 0.2]}, "cadres.per_community": {"values": [5]}},
     "equally many"),
    ({"street.leakage": {"low": 0.1, "high": 0.2}}, "list of values"),
])
def test_table_design_errors(factors, message):
    with pytest.raises(InputError, match=message):
        spec_from_table({"name": "t", "design": {"kind": "table", "factors": factors}})
