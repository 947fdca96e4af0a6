"""Metric declarations: how a metric aggregates is declared once and checked."""

from __future__ import annotations

import pytest

from commsim.core.metrics import AGGREGATES, METRICS, Metric


def test_how_a_metric_aggregates_is_one_of_the_declared_kinds() -> None:
    assert AGGREGATES == ("sum", "mean", "ratio", "last", "max")
    with pytest.raises(ValueError, match=r"over_days='average'; allowed: sum, mean, ratio"):
        Metric("x", unit="h", label="X", over_days="average")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="over_communities"):
        Metric("x", unit="h", label="X", over_communities="total")  # type: ignore[arg-type]


def test_only_sums_are_additive() -> None:
    kinds = {kind: Metric("x", unit="h", label="X", over_days=kind).additive
             for kind in AGGREGATES}
    assert kinds == {"sum": True, "mean": False, "ratio": False, "last": False, "max": False}
    assert Metric("n", unit="tasks", label="N").additive  # counts are the default


def test_every_built_in_share_is_a_ratio_or_a_mean_never_a_sum() -> None:
    shares = [m for m in METRICS.summaries() if m.is_share]
    assert shares
    assert {m.over_days for m in shares} <= {"ratio", "mean"}, [
        m.key for m in shares if m.over_days not in ("ratio", "mean")]
