"""The commsim model: departments, a street office, communities, cadres, households.

:class:`CommunityModel` is a Mesa model. It owns the agents, the random streams
and data collection; SimPy owns the clock (hours). ``step()`` is the daily
tick: it schedules the day's counter visits and away periods on the SimPy
clock, runs the clock to midnight, then books the day. ``model.time`` counts
days and always equals ``env.now / 24`` after a step.

Examples
--------
>>> from commsim import CommunityModel, load_scenario
>>> model = CommunityModel.from_scenario(load_scenario("baseline"), seed=1,
...                                      overrides={"run.days": 14, "run.communities": 1})
>>> model.run()
>>> 0 <= model.summary()["resident_satisfaction"] <= 1
True

"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np
import pandas as pd
import simpy

from commsim import daywork, policies, staffing
from commsim.agents.cadre import Cadre
from commsim.agents.department import Department
from commsim.agents.household import Household, HouseholdPopulation
from commsim.agents.street_office import StreetOffice
from commsim.aid import AidAllocation
from commsim.calendar import Calendar
from commsim.community import Community
from commsim.measurement import Measurement
from commsim.parameters import Params
from commsim.rng import Streams
from commsim.scenario import Scenario
from commsim.stats import RunStats
from commsim.tasks import Status, Task, TaskLedger
from commsim.visits import VisitFlow
from commsim.workflow import TaskFlow

#: Daily series collected by Mesa's DataCollector (model-level attributes).
DAILY_SERIES: tuple[str, ...] = (
    "day", "workday", "campaign", "headcount", "vacancies", "backlog_tasks", "backlog_hours",
    "overtime_per_cadre", "mean_hours", "resident_satisfaction", "resident_satisfaction_all",
    "satisfaction_index",
    "mean_exhaustion", "burnout_share", "visits_today", "mean_wait_hours", "tasks_received",
    "tasks_refused", "tasks_done", "tasks_outsourced", "separations", "fabricated_records",
    "aid_decisions", "aid_refused", "measured",
)
#: In :meth:`CommunityModel.daily`, ``day`` counts from the first measured day (negative
#: during the warm-up) and ``measured`` is False during the warm-up.


@dataclass(frozen=True, slots=True)
class CadreConstants:
    """Cadre parameters read once per run (the hot path reads these, not Params)."""

    newcomer: float
    ramp_days: float
    fatigue_loss: float
    gain: float
    recovery: float
    evening_recovery: float
    evening_span: float
    rest_day_span: float
    reference_wage: float
    quit_base: float
    quit_exhaustion: float
    quit_pay_gap: float
    quit_fines: float
    quit_overtime: float
    conflict_rework: float
    fine_memory: int
    overtime_memory: float

    @classmethod
    def from_params(cls, p: Params) -> CadreConstants:
        """Read the constants from the run's parameters."""
        return cls(
            newcomer=float(p["cadres.newcomer_productivity"]),
            ramp_days=float(p["cadres.ramp_years"]) * 365,
            fatigue_loss=float(p["cadres.fatigue_loss"]),
            gain=float(p["cadres.exhaustion_gain"]),
            recovery=float(p["cadres.recovery_rate"]),
            evening_recovery=float(p["cadres.evening_recovery"]),
            evening_span=max(1.0, float(p["cadres.evening_end"])
                             - float(p["calendar.workday_end"])),
            rest_day_span=max(1e-9, float(p["cadres.rest_day_recovery_hours"])),
            reference_wage=float(p["cadres.reference_wage"]),
            quit_base=float(p["cadres.quit_base"]),
            quit_exhaustion=float(p["cadres.quit_exhaustion"]),
            quit_pay_gap=float(p["cadres.quit_pay_gap"]),
            quit_fines=float(p["cadres.quit_fines"]),
            quit_overtime=float(p["cadres.quit_overtime"]),
            conflict_rework=float(p["departments.conflict_rework_hours"]),
            fine_memory=int(p["cadres.fine_memory_days"]),
            overtime_memory=float(p["cadres.overtime_memory_days"]),
        )


class CommunityModel(mesa.Model):
    """Community workload under a set of policies.

    Researchers change an agent behaviour without editing this file by
    subclassing the agent and the model and pointing the class attributes at
    the subclasses (see ``docs/extending.md``): ``cadre_class`` and
    ``households_class``.

    Parameters
    ----------
    params : Params, optional
        Validated parameters (defaults if omitted).
    policies : sequence of str
        Registered policy names, applied in order at every hook.
    seed : int
        Root seed of the experiment.
    replication : int
        Replication index; with the same seed, replication ``k`` of every
        scenario shares its department and resident streams.

    """

    cadre_class: type[Cadre] = Cadre
    households_class: type[HouseholdPopulation] = HouseholdPopulation

    def __init__(
        self,
        params: Params | None = None,
        *,
        policies: Sequence[str] = ("no_gate",),
        seed: int = 0,
        replication: int = 0,
    ) -> None:
        self.streams = Streams(seed, replication)
        super().__init__(rng=np.random.default_rng(self.streams.seed_sequence("mesa")))
        self.params = params if params is not None else Params.defaults()
        self.policy_names = tuple(policies)
        self.calendar = Calendar(self.params)
        self.env = simpy.Environment()
        self.ledger = TaskLedger()
        self.stats = RunStats()
        self.orphans: list[Task] = []
        self.cadre_constants = CadreConstants.from_params(self.params)
        self.pay = {"secretary": float(self.params["cadres.pay_secretary"]),
                    "staff": float(self.params["cadres.pay_staff"])}
        self.policies = [_policy(name)(self.params, self.streams[f"policy.{name}"])
                         for name in self.policy_names]
        self.day = 0
        self.today_wait = 0.0
        self._visits_before = 0
        self._build()
        self.measurement = Measurement(self)
        self.flow = TaskFlow(self)
        self.visits = VisitFlow(self)
        self.aid = AidAllocation(self)
        self.datacollector = mesa.DataCollector(
            model_reporters={name: name for name in DAILY_SERIES})

    @classmethod
    def from_scenario(
        cls,
        scenario: Scenario,
        *,
        seed: int = 0,
        replication: int = 0,
        overrides: Mapping[str, Any] | None = None,
        source: str = "--set",
    ) -> CommunityModel:
        """Build a model from a :class:`~commsim.scenario.Scenario` plus overrides."""
        return cls(scenario.params(overrides, source), policies=scenario.policies, seed=seed,
                   replication=replication)

    # --- construction ------------------------------------------------------------------
    def _build(self) -> None:
        p = self.params
        rng = self.streams["init"]
        n = int(p["run.communities"])
        self.n_communities = n
        mean = int(p["street.households_per_community"])
        cv = float(p["street.community_size_cv"])
        sizes = np.maximum(50, np.round(mean * (1 + cv * rng.standard_normal(n)))).astype(int)
        high_need = rng.random(n) < p["street.high_need_share"]
        if p["street.high_need_share"] > 0 and not high_need.any():
            high_need[rng.integers(n)] = True  # S14: the example street has one such community
        self.community_sizes = sizes
        self.high_need = high_need
        self.households = self.households_class(p, sizes, high_need, rng)
        for index in range(len(self.households)):
            Household(self, index)
        n_dept = int(p["departments.count"])
        weights = rng.dirichlet(np.full(n_dept, 4.0))
        stat = float(p["departments.statutory_share"])
        conc = 6.0
        shares = rng.beta(max(stat * conc, 1e-3), max((1 - stat) * conc, 1e-3), n_dept)
        self.departments = [Department(self, d, float(weights[d]), float(shares[d]), rng)
                            for d in range(n_dept)]
        self.street_office = StreetOffice(self)
        posts = int(p["cadres.per_community"])
        self.n_posts = n * posts
        self.communities = [Community(self, c, posts, n_dept) for c in range(n)]
        tenure = float(p["cadres.tenure_mean_years"])
        for community in self.communities:
            for slot in range(posts):
                staffing.new_cadre(self, community, slot, rng,
                                   float(rng.exponential(tenure)) if tenure > 0 else 0.0,
                                   float(rng.uniform(0.1, 0.5)))
        self._rate_work = float(p["departments.tasks_per_community_day"]) * sizes / sizes.mean()
        self._rate_rest = np.zeros(n)

    # --- queries used by submodels ---------------------------------------------------
    def department_rate(self, day: int) -> np.ndarray:
        """Expected department tasks per community today (zero on rest days)."""
        return self._rate_work if self.calendar.workday[day] else self._rate_rest

    def present_cadres(self) -> list[Cadre]:
        """All cadres currently holding a post."""
        return [c for comm in self.communities for c in comm.present()]

    # --- the daily tick ----------------------------------------------------------------
    def step(self) -> None:
        """Simulate one day: morning set-up, the SimPy clock to midnight, evening booking."""
        day = self.day
        if day >= self.calendar.days:
            raise RuntimeError(f"the run has only {self.calendar.days} days")
        workday = bool(self.calendar.workday[day])
        self.measurement.start_of_day(day)
        if day == self.measurement.start_day:
            self._visits_before = 0
        for policy in self.policies:
            policy.start_day(day)
        staffing.hire(self, day)
        for cadre in self.present_cadres():
            cadre.urgent_depts_today.clear()
        self.flow.release(day)
        self.flow.department_day(day)
        if workday:
            for community in self.communities:
                counter = community.open_counter(day)
                for start, hours in community.unmanned_periods(day):
                    self.env.process(counter.block(start, hours))
            self.visits.schedule(day)
        self.env.run(until=(day + 1) * 24.0)
        if workday:
            daywork.working_day(self, day)
            self.visits.evaluate(day)
        else:
            daywork.rest_day(self, day)
        self.aid.allocate(day)
        self.households.word_of_mouth(day)
        daywork.check_deadlines(self, day)
        if day in self.calendar.inspection_days:
            self.street_office.inspect(day)
        staffing.quit_or_stay(self, day)
        self._end_week(day)
        for community in self.communities:
            community.counter = None
        self._observe(day)
        self.datacollector.collect(self)
        self.day += 1

    def run(self, progress: Any = None) -> None:
        """Run every remaining day; ``progress`` (e.g. a tqdm bar) is updated per day."""
        while self.day < self.calendar.days:
            self.step()
            if progress is not None:
                progress.update(1)

    def _end_week(self, day: int) -> None:
        if self.calendar.weekday[day] != 6:
            return
        for cadre in self.present_cadres():
            self.stats.cadre_weeks += 1
            self.stats.cadre_weeks_weekend += cadre.worked_weekend
            cadre.worked_weekend = False

    def _observe(self, day: int) -> None:
        """Set the model-level attributes the DataCollector reads."""
        cadres = self.present_cadres()
        stats = self.stats
        n = len(cadres)
        threshold = float(self.params["cadres.burnout_threshold"])
        exhaustion = np.array([c.exhaustion for c in cadres]) if n else np.zeros(1)
        self.day_index = day
        self.measured = self.measurement.measuring(day)
        self.workday_flag = bool(self.calendar.workday[day])
        self.campaign_flag = bool(self.calendar.campaign[day])
        self.headcount = n
        self.vacancies = self.n_posts - n
        self.backlog_tasks = sum(len(c.backlog) for c in cadres)
        self.backlog_hours = sum(c.backlog_hours for c in cadres)
        self.overtime_per_cadre = sum(c.overtime_today for c in cadres) / n if n else 0.0
        self.mean_hours = sum(c.hours_today for c in cadres) / n if n else 0.0
        households = self.households
        contact = households.contact(day)
        satisfied = households.satisfied()
        n_contact = int(contact.sum())
        n_satisfied = int((satisfied & contact).sum())
        self.resident_satisfaction = n_satisfied / n_contact if n_contact else 0.0
        self.resident_satisfaction_all = float(satisfied.mean())
        self.satisfaction_index = households.mean_satisfaction()
        self.mean_exhaustion = float(exhaustion.mean())
        self.burnout_share = float((exhaustion > threshold).mean()) if n else 0.0
        self.visits_today = stats.visits - self._visits_before
        self._visits_before = stats.visits
        self.mean_wait_hours = self.today_wait if self.workday_flag else 0.0
        ledger = self.measurement.ledger()
        self.tasks_received = ledger.created
        self.tasks_refused = ledger.count(Status.REFUSED)
        self.tasks_done = ledger.count(Status.DONE)
        self.tasks_outsourced = ledger.count(Status.OUTSOURCED)
        self.separations = stats.separations
        self.fabricated_records = ledger.fabricated
        self.aid_decisions = self.aid.decided_today
        self.aid_refused = self.aid.refused_today
        stats.days += 1
        stats.satisfied_all_sum += self.resident_satisfaction_all
        stats.satisfaction_index_sum += self.satisfaction_index
        stats.contact_satisfied += n_satisfied
        stats.contact_household_days += n_contact
        stats.headcount_days += n
        stats.vacancy_days += self.n_posts - n
        stats.burnout_sum += self.burnout_share
        stats.wages += sum(c.pay for c in cadres) * 12 / 365

    # DataCollector reads attributes by name; these three are keywords elsewhere.
    @property
    def workday(self) -> bool:  # noqa: D102
        return self.workday_flag

    @property
    def campaign(self) -> bool:  # noqa: D102
        return self.campaign_flag

    # --- results -----------------------------------------------------------------------
    def summary(self) -> dict[str, float]:
        """Summary metrics of the measured window so far (see :mod:`commsim.stats`).

        During the warm-up the accumulators count from day 0; at its end they start
        afresh (:mod:`commsim.measurement`).
        """
        return self.measurement.summary()

    def yearly(self) -> pd.DataFrame:
        """One summary row per measured year: ``year``, ``first_day``, ``days`` and metrics."""
        return self.measurement.yearly()

    def daily(self) -> pd.DataFrame:
        """The daily series, one row per simulated day, warm-up included.

        ``day`` counts from the first measured day (negative during the warm-up) and
        ``measured`` is False during the warm-up, so plots can shade it.
        """
        frame = self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        if len(frame):
            frame["day"] = frame["day"] - self.calendar.warmup
        return frame

    def check_invariants(self) -> None:
        """Raise AssertionError if tasks or hours do not add up."""
        ledger = self.ledger
        assert ledger.balanced(), "task statuses do not add up to tasks created"
        pending = sum(len(c.backlog) for c in self.present_cadres()) + len(self.orphans)
        pending += self.flow.in_transit()
        assert pending == ledger.count(Status.PENDING), (
            f"{pending} tasks held, ledger says {ledger.count(Status.PENDING)} pending")
        booked = sum(self.stats.hours_by_kind.values())
        assert abs(booked - self.stats.total_hours) <= 1e-6 * max(1.0, booked), (
            f"hours booked {booked} != hours worked {self.stats.total_hours}")


def _policy(name: str) -> type[policies.Policy]:
    return policies.get(name)
