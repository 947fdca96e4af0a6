"""Adapters that let Mesa's batch_run and EMA Workbench run commsim (benchmark only).

They live in their own importable module so that spawned worker processes can
unpickle them by reference.
"""

from __future__ import annotations

from typing import Any

from commsim import CommunityModel, load_scenario

SCENARIO = "baseline"
SEED = 2026


class BatchModel(CommunityModel):
    """The street scenario as a plain Mesa model for ``mesa.batchrunner.batch_run``."""

    def __init__(self, replication: int = 0, days: int = 365, communities: int = 8,
                 rng: Any = None) -> None:
        scenario = load_scenario(SCENARIO)
        params = scenario.params({"run.days": days, "run.communities": communities})
        super().__init__(params, policies=scenario.policies, seed=SEED,
                         replication=replication)

    def step(self) -> None:
        super().step()
        if self.day >= self.calendar.days:
            self.summary_metrics = self.summary()  # what commsim's runner computes too
            self.running = False


def ema_function(replication: int = 0, days: int = 365, communities: int = 8) -> dict:
    """The street scenario as an EMA Workbench model function (headline metrics out)."""
    from commsim import simulate

    result = simulate(SCENARIO, seed=SEED, replication=int(replication),
                      overrides={"run.days": int(days), "run.communities": int(communities)})
    return dict(result.summary)
