"""The model the dashboard drives: a :class:`~commsim.CommunityModel` built from flat controls.

Mesa's ``SolaraViz`` re-creates the model on *Reset* by calling its class with the
current control values as keyword arguments, so the controls (four policies and
the key parameters) are plain keyword arguments here. A baseline twin with the
same parameters and seed, but only the status-quo policy, advances in lockstep so
the comparison view can show both side by side (common random numbers).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from commsim.model import CommunityModel
from commsim.parameters import Params

#: Dashboard control -> parameter key.
PARAM_KEYS: dict[str, str] = {
    "gate_leakage": "gate.leakage",
    "purchased_budget_yuan": "purchased.budget_yuan",
    "digital_acceptance": "paperless.digital_acceptance",
    "cadres_per_community": "cadres.per_community",
    "demand": "departments.tasks_per_community_day",
    "communities": "run.communities",
    "days": "run.days",
}
#: The status-quo policy every comparison is made against.
BASELINE_POLICIES: tuple[str, ...] = ("no_gate",)


def default_controls() -> dict[str, Any]:
    """Control values that reproduce the model's defaults (one community, one year)."""
    p = Params.defaults()
    values: dict[str, Any] = {"admission_gate": False, "purchased_services": False,
                              "paperless": False, "seed": 0}
    for control, key in PARAM_KEYS.items():
        values[control] = p[key]
    values["communities"] = 1
    return values


def policies_for(admission_gate: bool, purchased_services: bool,
                 paperless: bool) -> tuple[str, ...]:
    """Policy names for the four policy switches (no gate = the status quo ``no_gate``)."""
    names = ["admission_gate" if admission_gate else "no_gate"]
    if purchased_services:
        names.append("purchased_services")
    if paperless:
        names.append("paperless")
    return tuple(names)


class DashboardModel(CommunityModel):
    """A :class:`CommunityModel` with flat keyword controls and a baseline twin.

    Parameters
    ----------
    admission_gate, purchased_services, paperless : bool
        Policy switches; with the gate off the status quo ``no_gate`` applies.
    gate_leakage : float
        ``gate.leakage`` (probability).
    purchased_budget_yuan : float
        ``purchased.budget_yuan`` (yuan per department, community and year).
    digital_acceptance : float
        ``paperless.digital_acceptance`` (share).
    cadres_per_community : int
        ``cadres.per_community``.
    demand : float
        ``departments.tasks_per_community_day`` (tasks per community and workday).
    communities : int
        ``run.communities`` (keep it small: a day of one community takes milliseconds).
    days : int
        ``run.days``; the model stops (``running = False``) after the last day.
    seed : int
        Root seed, shared with the baseline twin.
    compare : bool
        Run the baseline twin (skipped when the policies already are the baseline).

    """

    def __init__(
        self,
        *,
        admission_gate: bool = False,
        purchased_services: bool = False,
        paperless: bool = False,
        gate_leakage: float | None = None,
        purchased_budget_yuan: float | None = None,
        digital_acceptance: float | None = None,
        cadres_per_community: int | None = None,
        demand: float | None = None,
        communities: int = 1,
        days: int | None = None,
        seed: int = 0,
        compare: bool = True,
        **_: Any,
    ) -> None:
        given = {"gate_leakage": gate_leakage, "purchased_budget_yuan": purchased_budget_yuan,
                 "digital_acceptance": digital_acceptance,
                 "cadres_per_community": cadres_per_community, "demand": demand,
                 "communities": communities, "days": days}
        overrides = {PARAM_KEYS[k]: v for k, v in given.items() if v is not None}
        overrides = {k: (int(v) if k in ("cadres.per_community", "run.communities", "run.days")
                         else float(v)) for k, v in overrides.items()}
        # The live view starts from the cold start: watching two years of warm-up
        # before the first measured day would hide what the controls do.
        overrides["run.warmup_days"] = 0
        params = Params.defaults().with_overrides(overrides, source="dashboard")
        self.controls = {"admission_gate": bool(admission_gate),
                         "purchased_services": bool(purchased_services),
                         "paperless": bool(paperless), **given, "seed": int(seed)}
        policies = policies_for(bool(admission_gate), bool(purchased_services), bool(paperless))
        super().__init__(params, policies=policies, seed=int(seed))
        self.baseline: CommunityModel | None = None
        if compare and policies != BASELINE_POLICIES:
            self.baseline = CommunityModel(params, policies=BASELINE_POLICIES, seed=int(seed))

    @property
    def days_total(self) -> int:
        """Days in the run."""
        return int(self.calendar.days)

    def step(self) -> None:
        """Advance one day (and the baseline twin); stop after the last day."""
        if self.day >= self.calendar.days:
            self.running = False
            return
        super().step()
        if self.baseline is not None:
            self.baseline.step()
        if self.day >= self.calendar.days:
            self.running = False

    def series(self) -> pd.DataFrame:
        """Daily series collected so far (one row per simulated day)."""
        return self.daily()

    def baseline_series(self) -> pd.DataFrame:
        """The baseline twin's daily series (this model's own when it is the baseline)."""
        return (self.baseline or self).daily()

    def baseline_summary(self) -> dict[str, float]:
        """Summary metrics of the baseline twin so far."""
        return (self.baseline or self).summary()
