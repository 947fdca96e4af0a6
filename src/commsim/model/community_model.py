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

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

import mesa
import numpy as np
import pandas as pd
import simpy
from mesa.agentset import AgentSet

from commsim import policies
from commsim.core.metrics import METRICS
from commsim.core.parameters import SCHEMA, Param, Params
from commsim.inputs.plugins import plain_module
from commsim.model import (
    costs,
    observation,
    pay_categories,
    post_lines,
    staffing_norm,
    turnover,
)
from commsim.model.accounting import RunStats
from commsim.model.agents.cadre import Cadre, CadreConstants
from commsim.model.agents.department import Department
from commsim.model.agents.household import Household, HouseholdPopulation
from commsim.model.agents.street_office import StreetOffice
from commsim.model.aid import AidAllocation
from commsim.model.community import Community
from commsim.model.community_tally import CommunityTally, community_frame
from commsim.model.counter import CounterDay
from commsim.model.deadlines import Deadlines
from commsim.model.inspections import FineBook
from commsim.model.measurement import Measurement
from commsim.model.series_recorder import SeriesRecorder
from commsim.model.streams import Streams
from commsim.model.structure import Structure
from commsim.model.task_ledger import Status, TaskLedger
from commsim.model.task_pipeline import TaskPipeline
from commsim.model.turnover import QuitHazard, Turnover
from commsim.model.visits import VisitFlow
from commsim.model.work_calendar import Calendar
from commsim.model.workforces import WorkforceQueue
from commsim.model.working_day import WorkingDay
from commsim.policies.base import Policy
from commsim.policies.context import PolicyContext
from commsim.policies.funding import Funding

if TYPE_CHECKING:
    from commsim.inputs.scenario import Scenario

T = TypeVar("T")


class CommunityModel(mesa.Model):
    """Community workload under a set of policies.

    The model owns the agents, the random streams and data collection, and wires
    each mechanism to the collaborators it uses; ``step()`` is the daily tick.
    Every built-in entity is built from a class attribute, so a researcher swaps
    one by subclassing it and pointing the attribute of a model subclass at the
    subclass (see ``docs/extending.md``): ``cadre_class``, ``households_class``,
    ``department_class``, ``street_office_class``, ``community_class``,
    ``task_pipeline_class`` and ``visits_class``. A subclass may declare its own
    parameters in ``parameters``; they belong to it, and a run that sets one
    without using the subclass is an input error.

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
    department_class: type[Department] = Department
    street_office_class: type[StreetOffice] = StreetOffice
    community_class: type[Community] = Community
    task_pipeline_class: type[TaskPipeline] = TaskPipeline
    visits_class: type[VisitFlow] = VisitFlow
    #: Parameters read only by this class (declared with it; see the class docstring).
    parameters: ClassVar[tuple[Param, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("parameters", ())
        if own:
            owner = f"model:{plain_module(cls.__module__)}:{cls.__qualname__}"
            SCHEMA.register(*own, owner=owner)

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
        self.calendar = Calendar(self.params)
        self.env = simpy.Environment()
        #: The counters opened today, served together (:class:`~commsim.model.counter.CounterDay`).
        self.counters_today = CounterDay(self.env)
        self.ledger = TaskLedger()
        self.stats = RunStats()
        self.fines = FineBook()
        self.cadre_constants = CadreConstants.from_params(self.params)
        self.quit_hazard = QuitHazard.from_params(self.params)
        self.pay = pay_categories.pay_table(self.params)
        self._make_policies(policies)
        #: The policies acting today: none during the warm-up (the status quo before the
        #: policy), all of them from the first measured day (the policy's introduction).
        self.active_policies: list[Policy] = []
        self.day = 0
        #: Values computed once at the end of the day (see :meth:`end_of_day`).
        self._evening: dict[str, Any] | None = None
        self._build()
        self.tally = CommunityTally(self)
        # the daily mechanisms, each given the collaborators it uses
        self.working_day = WorkingDay(self.calendar, self.params, self.stats, self.tally,
                                      self.communities)
        self.deadlines = Deadlines(self.params, self.streams["fines"], self.ledger, self.fines)
        self.turnover = Turnover(self.params, self.communities, self.new_cadre,
                                 self.streams["cadres"], self.streams["staffing"],
                                 self.post_offsets, self.stats, self.tally)
        self.measurement = Measurement(self)
        if self.measurement.start_day == 0:  # no warm-up: the policies act from day 0
            self.active_policies = self.policies
        self.workforces: dict[str, WorkforceQueue] = {}
        self.policy_context = PolicyContext(self.calendar, self.community_sizes, self.ledger,
                                            self.workforces)
        self._attach_policies()
        self.pipeline = self.task_pipeline_class(self)
        self.visits = self.visits_class(self)
        self.aid = AidAllocation(self)
        # every declared series (core and plugins), a policy's own only when it is active
        self.datacollector = SeriesRecorder(
            {m.key: m.compute for m in METRICS.series()
             if m.compute is not None and (m.policy is None or m.policy in self.policy_names)})
        #: Whether each day's values of the daily series are recorded. A run whose daily
        #: series nobody reads (an experiment that keeps none) switches it off: the
        #: series only read the model, so every other result stays the same.
        self.record_series = True

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
        """Build a model of this class from a scenario plus overrides.

        See :class:`~commsim.inputs.scenario.Scenario`.
        """
        return cls(scenario.params(overrides, source, model_class=cls),
                   policies=scenario.policies, seed=seed, replication=replication)

    def _make_policies(self, names: Sequence[str]) -> None:
        self.policy_names = tuple(names)
        self.policies = [_policy(name)(self.params, self.streams[f"policy.{name}"])
                         for name in self.policy_names]
        # One purse per district: policies that take departments' money (the gate's
        # funding, purchased services) share its decisions and budgets (policies.funding).
        # Nothing draws from it or spends it before a policy acts.
        self.funding = Funding(self.params, self.streams["funding"])
        for policy in self.policies:
            policy.accounts = self.stats  # what a policy counts is counted per window
            if isinstance(getattr(policy, "funding", None), Funding):
                policy.funding = self.funding  # type: ignore[attr-defined]

    def introduce(self, params: Params, policies: Sequence[str]) -> None:
        """Take ``params`` and ``policies`` at the end of a policy-free warm-up.

        The model was warmed up without policies (:mod:`commsim.run.warm_start`); the
        policies act from the first measured day, as they do when the model is built
        with them. ``params`` may differ from the warm-up's only in policy parameters.

        Raises
        ------
        RuntimeError
            The measured window has begun.

        """
        if self.day > self.measurement.start_day or self.policies:
            raise RuntimeError("policies are introduced at the end of a policy-free warm-up")
        self.params = params
        self._make_policies(policies)
        self._attach_policies()  # their workforces' queues: empty while no policy acts
        if self.day == self.measurement.start_day == 0:
            self.active_policies = self.policies

    # --- pickling (the warm start, :mod:`commsim.run.warm_start`) ------------------------
    def __getstate__(self) -> dict[str, Any]:
        """The model's state between two days, without the SimPy clock's machinery.

        Between days no SimPy process is alive (every counter-day has ended), so the
        clock is its time and the number of its next event id; the queue holds at
        most the spent ``until`` events SimPy leaves behind, which carry no callback.
        The day's counters are spent too: a restored model starts with none.
        """
        env = self.env
        if any(event.callbacks for *_, event in env._queue):  # noqa: SLF001
            raise RuntimeError("a model can be captured between days only")
        next_id = next(env._eid)  # noqa: SLF001
        env._eid = itertools.count(next_id)  # noqa: SLF001 (the live clock goes on unchanged)
        state = self.__dict__.copy()
        state["env"] = (env.now, next_id)
        del state["counters_today"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        now, next_id = state["env"]
        env = simpy.Environment(initial_time=now)
        env._eid = itertools.count(next_id)  # noqa: SLF001
        self.__dict__.update({**state, "env": env, "counters_today": CounterDay(env)})

    # --- construction ------------------------------------------------------------------
    def _build(self) -> None:
        p = self.params
        # The district's structure comes from run.structure_seed, not from this
        # replication's streams (commsim.model.structure); "init" draws only the people.
        self.structure = structure = Structure.draw(p)
        rng = self.streams["init"]
        n = structure.n_communities
        self.n_communities = n
        sizes = structure.sizes
        self.community_sizes = sizes
        self.high_need = structure.high_need
        given = {"need_shares": structure.need_shares} if any(structure.need_shares) else {}
        self.households = self.households_class(p, sizes, structure.high_need,
                                                structure.streams["structure.households"],
                                                **given)
        self._household_agents: AgentSet | None = None
        n_dept = len(structure.department_names)
        catalogues = structure.streams["structure.departments"]
        self.departments = [
            self.department_class(self, d, float(structure.department_weights[d]),
                                  float(structure.statutory_shares[d]), catalogues,
                                  structure.partners[d])
            for d in range(n_dept)]
        self.street_office = self.street_office_class(self)
        self.n_posts = int(structure.posts.sum())
        self.post_offsets = structure.post_offsets()
        self.communities = [self.community_class(self, c, int(structure.posts[c]), n_dept)
                            for c in range(n)]
        tenure = float(p["cadres.tenure_mean_years"])
        for community in self.communities:
            community.roles = structure.roles[community.index]
            community.peer_pay = pay_categories.peer_pay(community.roles, self.pay)
            community.line_owner = post_lines.deal_lines(
                structure.department_weights, post_lines.post_weights(community.roles, p))
            for slot in range(len(community.cadres)):
                self.new_cadre(community, slot, rng,
                               float(rng.exponential(tenure)) if tenure > 0 else 0.0,
                               float(rng.uniform(0.1, 0.5)))
        self._rate_work = float(p["departments.tasks_per_community_day"]) * sizes / sizes.mean()
        self._rate_rest = np.zeros(n)
        workdays_per_year = float(self.calendar.workday.sum()) * 365 / self.calendar.days
        self.office_helper_hours = staffing_norm.helper_hours_per_workday(
            structure.office_budget, p, workdays_per_year)

    # --- households as Mesa agents ---------------------------------------------------
    @property
    def household_agents(self) -> AgentSet:
        """The households as Mesa agents, built the first time they are asked for.

        A household's state lives in the arrays of :attr:`households`; each
        :class:`~commsim.model.agents.household.Household` agent is a view of one row, so the
        model never needs them to run. Built on demand, they cost nothing to runs that
        do not look at them; once built they are registered with the model like any
        agent (``agents``, ``agents_by_type[Household]``).
        """
        if self._household_agents is None:
            self._household_agents = AgentSet(
                [Household(self, index) for index in range(len(self.households))],
                random=self.random)
        return self._household_agents

    @property
    def agents(self) -> Any:
        """Every agent of the model, households included (built on first use)."""
        _ = self.household_agents
        return super().agents

    @property
    def agents_by_type(self) -> dict[type[mesa.Agent], Any]:
        """Agents by class, households included (built on first use)."""
        _ = self.household_agents
        return super().agents_by_type

    def _attach_policies(self) -> None:
        """Give every policy its context and build the workforces the policies declare."""
        for policy in self.policies:
            policy.attach(self.policy_context)
        for policy in self.policies:
            for declared in policy.workforces():
                if declared.name in self.workforces:
                    raise ValueError(f"workforce {declared.name!r} is declared twice "
                                     f"(policy {policy.name})")
                self.workforces[declared.name] = WorkforceQueue(
                    declared, self.n_communities, self.ledger, self.stats)

    def new_cadre(self, community: Community, slot: int, rng: np.random.Generator,
                  tenure_years: float, exhaustion: float) -> Cadre:
        """Build the cadre of post ``slot`` of ``community`` (a ``cadre_class``) with drawn traits.

        Every cadre, initial or hired, is built here. The cadre's role (staff category,
        S9) is the post's: it belongs to the district's structure, not to the person.
        """
        skill, resilience = turnover.draw_traits(self.params, rng)
        cadre = self.cadre_class(self, community.index, slot, community.roles[slot],
                                 tenure_years, skill, resilience, exhaustion)
        community.cadres[slot] = cadre
        return cadre

    # --- queries used by submodels ---------------------------------------------------
    def department_rate(self, day: int) -> np.ndarray:
        """Expected department tasks per community today (zero on rest days)."""
        return self._rate_work if self.calendar.workday[day] else self._rate_rest

    def present_cadres(self) -> list[Cadre]:
        """All cadres currently holding a post."""
        return self.end_of_day("present_cadres", self._present_cadres)

    def _present_cadres(self) -> list[Cadre]:
        return [c for comm in self.communities for c in comm.present()]

    def end_of_day(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, computed once while the day's end is booked and recorded.

        Between the last mechanism of a day and the next day's first, nothing changes
        the model: the accounts, the daily series and the summary of that evening read
        the same state, so a query they share (the cadres present, the task counts of
        the window) is computed once under ``key``. At any other time ``compute()``
        runs on every call.
        """
        memo = self._evening
        if memo is None:
            return compute()
        if key not in memo:
            memo[key] = compute()
        return cast(T, memo[key])

    # --- the daily tick ----------------------------------------------------------------
    def step(self) -> None:
        """Simulate one day: morning set-up, the SimPy clock to midnight, evening booking."""
        day = self.day
        if day >= self.calendar.days:
            raise RuntimeError(f"the run has only {self.calendar.days} days")
        workday = bool(self.calendar.workday[day])
        self.measurement.start_of_day(day)
        if self.measurement.measuring(day):
            self.active_policies = self.policies
        for policy in self.active_policies:
            policy.start_day(self.measurement.policy_day(day))
        self.turnover.hire(day)
        staffing_norm.bank_office_helpers(self, day)
        for cadre in self.present_cadres():
            cadre.urgent_depts_today.clear()
        self.pipeline.release(day)
        self.pipeline.department_day(day)
        if workday:
            self.counters_today = CounterDay(self.env)  # served together (one kernel call)
            for community in self.communities:
                counter = community.open_counter(day)
                for start, hours in community.unmanned_periods(day):
                    counter.block(start, hours)
            self.visits.schedule(day)
        self.env.run(until=(day + 1) * 24.0)
        if workday:
            self.working_day.working_day(day)
            for workforce in self.workforces.values():
                workforce.work_day(day)
            self.visits.evaluate(day)
        else:
            self.working_day.rest_day(day)
        self.aid.allocate(day)
        self.households.word_of_mouth(day)
        self.deadlines.check(self.present_cadres(), day)
        if day in self.calendar.inspection_days:
            self.street_office.inspect(day)
        self.turnover.quit_or_stay(day)
        self.working_day.end_week(day)
        for community in self.communities:
            community.counter = None
        self._evening = {}
        try:
            self._book_day_end()
            if self.record_series:
                self.datacollector.collect(self)
        finally:
            self._evening = None
        self.day += 1

    def run(self, progress: Any = None) -> None:
        """Run every remaining day; ``progress`` (e.g. a tqdm bar) is updated per day."""
        while self.day < self.calendar.days:
            self.step()
            if progress is not None:
                progress.update(1)

    def _book_day_end(self) -> None:
        """Add today's headcount, vacancies, burnout and wages to the run's accounts."""
        cadres = self.present_cadres()
        n = len(cadres)
        stats = self.stats
        households = observation.household_counts(self)
        stats.satisfied_all_sum += observation.satisfied_all(self)
        stats.satisfaction_index_sum += observation.satisfaction_index(self)
        stats.contact_satisfied += int(households.both.sum())
        stats.contact_household_days += int(households.contact.sum())
        stats.days += 1
        stats.headcount_days += n
        stats.vacancy_days += self.n_posts - n
        stats.burnout_sum += observation.burnout_share(self)
        self.tally.day_end(self, households)
        costs.book_day(self, cadres)
        costs.book_policy_costs(self)

    # --- results -----------------------------------------------------------------------
    def summary(self) -> dict[str, float]:
        """Summary metrics of the measured window so far (see :mod:`commsim.model.accounting`).

        During the warm-up the accumulators count from day 0; at its end they start
        afresh (:mod:`commsim.model.measurement`).
        """
        return self.measurement.summary()

    def yearly(self) -> pd.DataFrame:
        """One summary row per measured year: ``year``, ``first_day``, ``days`` and metrics."""
        return self.measurement.yearly()

    def community_results(self) -> pd.DataFrame:
        """One row per community: name, kind, size, posts and per-community metrics."""
        return community_frame(self)

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
        """Raise AssertionError if tasks or hours do not add up.

        Conservation of work: every task created is pending or in exactly one
        destination (done by cadres, helpers or the department, a shortfall,
        expired, done by another workforce), and the pending ones are exactly those
        held by cadres, orphaned by vacancies, in transit or queued for a workforce.
        """
        ledger = self.ledger
        assert ledger.balanced(), "task statuses do not add up to tasks created"
        turned_away = ledger.refused + ledger.not_ordered
        routed = (ledger.leaked + ledger.count(Status.DONE_BY_DEPARTMENT)
                  + ledger.count(Status.SHORTFALL))
        assert routed == turned_away, (
            f"{turned_away} tasks refused or not ordered, {routed} leaked back, done by the "
            "department or not done")
        pending = sum(len(c.backlog) for c in self.present_cadres())
        pending += sum(len(c.orphans) for c in self.communities)
        pending += self.pipeline.in_transit()
        pending += sum(w.pending() for w in self.workforces.values())
        assert pending == ledger.count(Status.PENDING), (
            f"{pending} tasks held, ledger says {ledger.count(Status.PENDING)} pending")
        booked = sum(self.stats.hours_by_kind.values())
        assert abs(booked - self.stats.total_hours) <= 1e-6 * max(1.0, booked), (
            f"hours booked {booked} != hours worked {self.stats.total_hours}")


def _policy(name: str) -> type[policies.Policy]:
    return policies.get(name)
