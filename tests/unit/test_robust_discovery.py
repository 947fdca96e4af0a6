"""Scenario discovery on a hand-built example: failure exactly when x1 > 0.7 and x2 < 0.3."""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ema_workbench")

from commsim.robust.discovery import cart_boxes, prim_box  # noqa: E402


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    x = pd.DataFrame({"x1": rng.random(2000), "x2": rng.random(2000), "x3": rng.random(2000)})
    y = ((x["x1"] > 0.7) & (x["x2"] < 0.3)).to_numpy()
    return x, y


def test_prim_finds_the_box(data):
    x, y = data
    box = prim_box(x, y, min_density=0.95)
    assert box is not None
    assert set(box.limits) == {"x1", "x2"}  # x3 is irrelevant and stays unrestricted
    lo1, hi1 = box.limits["x1"]
    lo2, hi2 = box.limits["x2"]
    assert lo1 == pytest.approx(0.7, abs=0.03) and hi1 == np.inf
    assert lo2 == -np.inf and hi2 == pytest.approx(0.3, abs=0.03)
    assert box.coverage >= 0.9 and box.density >= 0.95
    assert box.mass == pytest.approx(y.mean(), abs=0.03)
    traj = box.trajectory
    assert list(traj.columns) == ["step", "coverage", "density", "mass", "res_dim"]
    assert traj["mass"].is_monotonic_decreasing and traj["coverage"].iloc[0] == 1.0
    assert "x1 >= 0.7" in box.describe(2) and "x2 <= 0.3" in box.describe(2)
    assert box.as_dict()["limits"]["x1"][0] == pytest.approx(lo1)


def test_cart_finds_the_box(data):
    x, y = data
    boxes = cart_boxes(x, y)
    assert boxes, "CART found no failing leaf"
    best = boxes[0]
    assert best.density == 1.0 and best.coverage >= 0.98
    assert best.limits["x1"][0] == pytest.approx(0.7, abs=0.02)
    assert best.limits["x2"][1] == pytest.approx(0.3, abs=0.02)


def test_nothing_to_discover(data):
    x, _ = data
    assert prim_box(x, np.zeros(len(x), bool)) is None
    assert cart_boxes(x, np.ones(len(x), bool)) == []


def test_cart_gives_the_same_leaves_every_time():
    """Tied splits (two identical inputs) are broken the same way in every run."""
    rng = np.random.default_rng(3)
    a = rng.uniform(0, 1, 300)
    x = pd.DataFrame({"a": a, "a_again": a, "b": rng.uniform(0, 1, 300)})
    y = (a > 0.6) & (x["b"] < 0.5)
    runs = {repr([box.as_dict() for box in cart_boxes(x, y.to_numpy())]) for _ in range(12)}
    assert len(runs) == 1
