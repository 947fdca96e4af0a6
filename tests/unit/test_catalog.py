"""A store's catalog chooses the report's daily panels from the series declarations."""

from __future__ import annotations

from commsim.core.metrics import Metric
from commsim.results.catalog import Catalog


def _series(key: str, report: bool = False) -> Metric:
    return Metric(key, unit="u", label=key, daily=True, report=report)


def test_the_stores_declarations_choose_the_panels() -> None:
    catalog = Catalog(series={"a": _series("a"), "b": _series("b", report=True),
                              "c": _series("c", report=True)})
    assert [m.key for m in catalog.report_series()] == ["b", "c"]


def test_an_older_store_gets_the_panels_of_this_process_declarations() -> None:
    # written before series were declared for the report: none is flagged
    catalog = Catalog(series={"headcount": _series("headcount"), "own": _series("own")})
    assert [m.key for m in catalog.report_series()] == ["headcount"]
    built_in = [m.key for m in Catalog().report_series()]
    assert built_in == ["headcount", "backlog_hours", "overtime_per_cadre",
                        "resident_satisfaction"]
