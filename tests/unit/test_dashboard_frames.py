"""The dashboard's fast paths draw what the general ones draw.

The live charts are sent to the page as plain dicts (no Plotly validation pass), their
bands computed in whole arrays when replications are laid out block by block, and the
daily series converted incrementally; each must give what the general path gives.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("solara")

from commsim.app import charts  # noqa: E402
from commsim.app.model import DashboardModel, default_controls  # noqa: E402
from commsim.app.plotly_view import plain  # noqa: E402

TINY = {**default_controls(), "run.days": 30, "run.communities": 2, "replications": 3,
        "admission_gate": True}


@pytest.fixture(scope="module")
def model() -> DashboardModel:
    m = DashboardModel(**TINY)
    for _ in range(12):
        m.step()
        m.all_series()  # frames taken as the run goes: the incremental conversion
    return m


def _general_band(frame: pd.DataFrame, column: str, weekly: bool) -> pd.DataFrame:
    fast, charts._rectangular_band = charts._rectangular_band, lambda *a: None
    try:
        return charts.band(frame, column, weekly)
    finally:
        charts._rectangular_band = fast


@pytest.mark.parametrize("weekly", [False, True])
def test_array_band_equals_the_grouped_band(model: DashboardModel, weekly: bool) -> None:
    daily = model.all_series()
    for column in ("overtime_per_cadre", "headcount", "backlog_hours"):
        fast = charts._rectangular_band(daily, column, weekly)
        assert fast is not None
        general = _general_band(daily, column, weekly)
        assert fast["day"].tolist() == general["day"].tolist()
        assert fast["n"].tolist() == general["n"].tolist() == [3] * len(general)
        for key in ("median", "low", "high"):  # a 7-term sum: equal up to its rounding
            np.testing.assert_allclose(fast[key], general[key], rtol=1e-12, atol=1e-12)
        if not weekly:
            assert fast[["median", "low", "high"]].equals(general[["median", "low", "high"]])


def test_ragged_frames_take_the_general_path(model: DashboardModel) -> None:
    daily = model.all_series()
    ragged = daily[~((daily["replication"] == 2) & (daily["day"] > 8))]
    assert charts._rectangular_band(ragged, "headcount", False) is None
    assert len(charts.band(ragged, "headcount")) == 12


def test_plain_figure_equals_the_validated_figure(model: DashboardModel) -> None:
    daily, twins = model.all_series(), model.all_series(baseline=True)
    for key in charts.CHARTS:
        sent = plain(charts.live_figure(key, daily, model.days_total, baseline=twins))
        validated = plain(charts.live_chart(key, daily, model.days_total,
                                            baseline=twins).to_plotly_json())
        assert sent == validated


def test_incremental_series_equal_a_fresh_conversion(model: DashboardModel) -> None:
    from commsim.run.live import _snapshot

    for m in model._runs(False) + model._runs(True):
        kept = _snapshot(m, model._columns)
        fresh = _snapshot(m)
        pd.testing.assert_frame_equal(kept, fresh)
        assert len(fresh) == 12
    lists = model.datacollector.model_vars
    whole = pd.DataFrame({k: list(v) for k, v in lists.items()})
    whole["day"] = whole["day"] - model.calendar.warmup
    pd.testing.assert_frame_equal(_snapshot(model), whole)
