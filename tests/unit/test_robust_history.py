"""History matching on a toy model whose true parameters are known."""

import zlib

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sklearn")

from commsim.robust.history import Range, Target, history_match, implausibility  # noqa: E402

TRUE = {"a": 0.3, "b": 0.7}


def toy(points: pd.DataFrame, label: str) -> pd.DataFrame:
    rng = np.random.default_rng(zlib.crc32(label.encode()))
    a, b = points["a"].to_numpy(), points["b"].to_numpy()
    return pd.DataFrame({"y1": a + b + rng.normal(0, 0.01, len(a)),
                         "y2": 2 * a - b + rng.normal(0, 0.01, len(a))})


def test_implausibility_by_hand():
    t = Target("y", low=1.0, high=2.0)
    out = implausibility(np.array([0.0, 1.5, 3.0]), np.array([0.25, 1.0, 4.0]), t)
    assert out.tolist() == [2.0, 0.0, 0.5]


def test_true_parameters_lie_within_the_ensemble():
    labels = []

    def evaluate(points, label):
        labels.append((label, len(points)))
        return toy(points, label)

    y1 = TRUE["a"] + TRUE["b"]
    y2 = 2 * TRUE["a"] - TRUE["b"]
    cal = history_match(evaluate, [Range("a", 0, 1), Range("b", 0, 1)],
                        [Target("y1", y1 - 0.05, y1 + 0.05), Target("y2", y2 - 0.05, y2 + 0.05)],
                        waves=3, runs_per_wave=30, ensemble=100, candidates=5000, seed=4)
    ens = cal.ensemble
    assert len(ens) == 100 and ens["world"].tolist() == list(range(100))
    for key, value in TRUE.items():
        assert ens[key].min() <= value <= ens[key].max()
    narrow = cal.narrowing().set_index("parameter")
    assert (narrow["share_of_prior"] < 0.5).all()  # the targets narrowed both ranges
    fit = cal.fit().set_index("metric")
    assert (fit["share_inside"] > 0.5).all()
    assert [lbl for lbl, _ in labels] == ["wave-1", "wave-2", "wave-3", "ensemble"]
    assert all(w["nroy_share"] < 0.1 for w in cal.waves[:-1])  # most of the prior ruled out
    # the joint volume wave by wave, with its Monte-Carlo interval; it is smaller than the
    # box the marginal ranges span (the targets constrain the parameters jointly)
    for w in cal.waves[:3]:
        assert 0 <= w["nroy_low"] <= w["nroy_share"] <= w["nroy_high"] <= 1
    product = float(narrow["share_of_prior"].prod())
    assert cal.waves[2]["nroy_share"] < product
    assert (ens["implausibility"] < 3).all()
