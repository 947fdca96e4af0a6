"""MSER-5 and Welch's moving average against series whose transient is known."""

from __future__ import annotations

import numpy as np
import pytest

from commsim.analysis.warmup import mser5, welch_average


def test_mser5_finds_a_linear_ramp() -> None:
    series = np.r_[np.linspace(0.0, 10.0, 50), np.full(450, 10.0)]
    assert mser5(series) == 50


def test_mser5_on_a_noisy_exponential_transient() -> None:
    rng = np.random.default_rng(3)
    t = np.arange(2000)
    series = 10 * (1 - np.exp(-t / 40)) + rng.normal(0, 0.5, t.size)
    d = mser5(series)
    # the transient is below one noise s.d. after 40·ln(20) ≈ 120 days
    assert 60 <= d <= 250


def test_mser5_keeps_a_stationary_series() -> None:
    rng = np.random.default_rng(1)
    assert mser5(rng.normal(size=1000)) < 100


def test_mser5_needs_data() -> None:
    with pytest.raises(ValueError, match="at least 20"):
        mser5(np.ones(10))


def test_welch_average_of_a_constant_and_of_a_line() -> None:
    assert np.allclose(welch_average(np.full(30, 2.0), 5), 2.0)
    line = np.arange(30.0)
    assert np.allclose(welch_average(line, 5), line[:25])
