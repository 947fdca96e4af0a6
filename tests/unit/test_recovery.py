"""Recovery on rest days: partial with little work; idle rota duty is not overtime."""

from __future__ import annotations

from conftest import build_model


def _after_rest_day(hours: float) -> float:
    model = build_model()
    cadre = model.present_cadres()[0]
    cadre.exhaustion = 0.5
    cadre.rest_and_recover(0, hours, rest_day=True)
    return cadre.exhaustion


def test_recovery_falls_with_work_on_a_rest_day() -> None:
    model = build_model()
    c = model.cadre_constants
    span = c.rest_day_span
    full, rota, long_day = _after_rest_day(0.0), _after_rest_day(4.0), _after_rest_day(span)
    assert full == 0.5 * (1 - c.recovery)  # a day off recovers fully
    assert full < rota < long_day  # four hours of duty keep part of the recovery
    assert long_day >= 0.5  # a full shift: no recovery at all


def test_idle_rota_duty_is_not_overtime() -> None:
    model = build_model()
    rest = next(d for d in range(14) if not model.calendar.workday[d])
    for cadre in model.present_cadres():
        cadre.backlog = []
    model.working_day.rest_day(rest)
    assert all(c.hours_today == 0 and c.overtime_today == 0 for c in model.present_cadres())
    assert model.stats.overtime == 0
