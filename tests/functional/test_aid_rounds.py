"""S11 over years of allocation rounds: refusals show no seasonal pattern.

Moved out of the unit tests: it runs 8 replications of three simulated years.
"""

from __future__ import annotations

import numpy as np

from commsim import simulate
from commsim.analysis.inference import mean_ci

FAST = {"street.households_per_community": 1000}


def test_no_seasonal_pattern_in_refusals() -> None:
    """Refusal share at the first-quarter round vs the third: paired CI covers zero.

    First come, first served with a yearly quota refused nobody in the first quarter
    and about half of the applicants in the third (a difference of about -0.5).
    """
    differences = []
    for replication in range(8):
        daily = simulate("baseline", seed=11, replication=replication, overrides={
            **FAST, "run.communities": 2, "run.warmup_days": 365, "run.days": 730}).daily
        rounds = daily[daily["measured"] & (daily["aid_decisions"] > 0)]
        share = (rounds["aid_refused"] / rounds["aid_decisions"]).to_numpy()
        assert len(share) == 8
        differences.append((share[0] + share[4] - share[2] - share[6]) / 2)
    mean, low, high = mean_ci(np.array(differences))
    assert low <= 0.0 <= high, (mean, low, high)
    assert abs(mean) < 0.1
