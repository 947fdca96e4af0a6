"""The task pipeline: from a department's request to a cadre's backlog.

For every potential task, in order:

1. the ledger opens it: the department needs it done;
2. ``pricing`` hooks — does the department still order it? Work not ordered
   (price response, empty budget) goes to :mod:`commsim.model.fallback`;
3. ``handoff`` hooks — a policy may hand the task to another workforce it
   declared (:mod:`commsim.model.workforces`): its records are kept
   (``paperwork_time``) and it leaves the committee's pipeline here;
4. ``intake`` hooks — accept, refuse, or let it in after a delay (review);
   refused work goes to :mod:`commsim.model.fallback`, which sends it back to the
   committee informally (leakage), to the department's own staff, or nowhere
   (a service shortfall);
5. ``paperwork_time`` hooks — adjust its hours (paper vs digital records);
6. ``extra_capacity`` hooks — money that came with it buys helper hours;
7. delivery — at once, or after the delay — to the cadre who holds the
   department's line of work (or, if that post is vacant, the least loaded).
   A delayed task (review, informal detour) keeps its lead time: its deadline
   moves with its arrival.
"""

from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING

import numpy as np

from commsim.core.metrics import summary_metric
from commsim.core.schema import KIND_NAMES
from commsim.model.accounting import safe_ratio
from commsim.model.agents.department import Catalogues, DepartmentDraws, issue_all
from commsim.model.fallback import Fallback, reissue
from commsim.model.task_ledger import Status, Task

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel
    from commsim.model.measurement import Window

_KIND = {name: i for i, name in enumerate(KIND_NAMES)}


class TaskPipeline:
    """Creates tasks, runs them through the policies and delivers them.

    Parameters
    ----------
    model : CommunityModel
        The model. The pipeline binds the collaborators it uses once (ledger,
        measurement window, communities, workforces, departments, street office,
        calendar, its random streams); it asks the model only for what changes or may
        be overridden: today's department rate and the policies acting today.

    """

    def __init__(self, model: CommunityModel) -> None:
        self.model = model
        p = model.params
        self.ledger = model.ledger
        self.measurement = model.measurement
        self.communities = model.communities
        self.workforces = model.workforces
        self.departments = model.departments
        self.street_office = model.street_office
        self.calendar = model.calendar
        self.field_effort = model.structure.field_effort
        self.department_rng = model.streams["departments"]
        self.inspection_rng = model.streams["inspections"]
        self.statutory_share = float(p["departments.statutory_share"])
        self.hours_mean = np.array([p[f"tasks.{k}.hours"] for k in KIND_NAMES])
        self.deadline_days = np.array([p[f"tasks.{k}.deadline_days"] for k in KIND_NAMES])
        self._lead_days = [round(float(d)) for d in self.deadline_days]
        self.away_share = [float(p[f"tasks.{k}.away_share"]) for k in KIND_NAMES]
        cv = float(p["departments.hours_cv"])
        self.sigma = math.sqrt(math.log1p(cv * cv))
        self.urgent_share = float(p["departments.urgent_share"])
        self._uid = 0
        self._transit: list[tuple[float, int, Task]] = []
        self._catalogues: Catalogues | None = None
        self.fallback = Fallback(model, self)

    def hours(self, kind: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Lognormal standard hours with the kind's mean and the common CV."""
        mean = self.hours_mean[kind]
        return mean * np.exp(self.sigma * z - self.sigma**2 / 2)

    def create(
        self, kind: int, dept: int, community: int, origin: str, statutory: bool,
        urgent: bool, hours: float, day: int, deadline: float | None = None,
    ) -> Task:
        """A new task (not yet submitted)."""
        self._uid += 1
        if deadline is None:
            deadline = day if urgent else day + self._lead_days[kind]
        return Task(self._uid, kind, dept, community, origin, statutory, urgent, hours,
                    self.away_share[kind], float(day), float(deadline))

    def submit(self, task: Task, day: int) -> None:
        """Run ``task`` through the policies and deliver it if accepted."""
        policies = self.model.active_policies
        self.ledger.open(task)
        if not policies:  # nothing prices, hands over, reviews or adjusts it
            self._deliver(task, day, 0.0)
            return
        policy_day = self.measurement.policy_day(day)
        for policy in policies:
            if not policy.pricing(task):
                self.fallback.route(task, day, policy, "not_ordered")
                return
        for policy in policies:
            workforce = policy.handoff(task)
            if workforce is not None:
                self.hand_over(task, workforce, policy.name)
                return
        delay = 0.0
        for policy in policies:
            decision, extra = policy.intake(task, policy_day)
            if decision == "refuse":
                self.fallback.route(task, day, policy, "refused")
                return
            if decision == "leak":
                task.origin = "leaked"
            delay += extra
        for policy in policies:
            policy.paperwork_time(task)
        community = self.communities[task.community]
        for policy in policies:
            policy.extra_capacity(task, community)
        self._deliver(task, day, delay)

    def hand_over(self, task: Task, workforce: str, policy: str) -> None:
        """Give ``task`` to a workforce a policy declared; its records are kept as usual."""
        queue = self.workforces.get(workforce)
        if queue is None:
            raise ValueError(f"policy {policy} handed a task to {workforce!r}, which no "
                             f"policy declared (declared: {', '.join(self.workforces)})")
        for policy_ in self.model.active_policies:
            policy_.paperwork_time(task)
        queue.take(task)

    def send_informally(self, task: Task, day: int, delay: float) -> None:
        """Deliver refused or unordered work that leaks back, unpaid, after ``delay`` days.

        It skips the remaining policies' pricing and intake (it comes as a
        "request" through the street office) and buys no helpers, but its records
        are kept like any other task's (``paperwork_time``).
        """
        for policy in self.model.active_policies:
            policy.paperwork_time(task)
        self._deliver(task, day, delay)

    def _deliver(self, task: Task, day: int, delay: float) -> None:
        if delay > 0:
            reissue(task, day + delay)
            heapq.heappush(self._transit, (task.arrival, task.uid, task))
        else:
            self.communities[task.community].deliver(task, day)

    def release(self, day: int) -> None:
        """Deliver tasks whose review or detour ends today."""
        while self._transit and self._transit[0][0] < day + 1:
            _, _, task = heapq.heappop(self._transit)
            self.communities[task.community].deliver(task, day)

    def in_transit(self) -> int:
        """Tasks accepted but not yet delivered."""
        return len(self._transit)

    def department_day(self, day: int) -> None:
        """Draw and submit today's department, street and campaign tasks.

        The departments draw their potential tasks (the ``departments`` stream) and the
        street office which of them it doubles (the ``street`` stream), department by
        department; then the day's tasks are priced, hours and all, in one go, and
        submitted in the order they were drawn. Submitting draws from neither stream,
        so drawing first gives the same tasks as drawing and submitting in turn.
        """
        rng = self.department_rng
        base = self.model.department_rate(day)
        campaign = bool(self.calendar.campaign[day])
        draws = issue_all(self.departments, base, campaign, rng, self._stacked_catalogues)
        if len(draws.kind):
            relay = self.street_office.relay_mask
            doubled = [relay(n).tolist() if n else [] for n in draws.counts]
            self._submit_drawn(draws, doubled, day)
        self._campaign_day(day)

    def _stacked_catalogues(self) -> Catalogues:
        """The departments' catalogues, stacked once a run (for the compiled draw)."""
        if self._catalogues is None:
            self._catalogues = Catalogues.of(self.departments)
        return self._catalogues

    def _submit_drawn(self, draws: DepartmentDraws, doubled: list[list[bool]],
                      day: int) -> None:
        """Submit the day's drawn department tasks, their duplicates and street doubles."""
        kind, community = draws.kind, draws.community
        # S12: door-to-door kinds cost more where residents do not cooperate.
        hours = (self.hours(kind, draws.hours_z) * self.field_effort[community, kind]).tolist()
        kinds, communities = kind.tolist(), community.tolist()
        statutory, uniforms = draws.statutory.tolist(), draws.uniforms.tolist()
        urgent_share = self.urgent_share
        create, submit = self.create, self.submit
        i = row = 0
        for dept, width, extras in zip(self.departments, draws.widths, doubled, strict=True):
            partners = list(enumerate(dept.partners, start=1))
            for extra in extras:
                kind_i, comm, task_hours, stat = kinds[i], communities[i], hours[i], statutory[i]
                urgent = uniforms[row] < urgent_share
                submit(create(kind_i, dept.index, comm, "department", stat, urgent,
                              task_hours, day), day)
                # S3: an overlapping line asks for the same data (overlapping_lines.OVERLAPS).
                for j, (twin, probability, effort) in partners:
                    if uniforms[row + j] < probability:
                        submit(create(kind_i, twin, comm, "duplicate", stat, urgent,
                                      task_hours * effort, day), day)
                if extra:
                    submit(create(kind_i, -1, comm, "street", stat, False, task_hours, day),
                           day)
                i += 1
                row += width

    def _campaign_day(self, day: int) -> None:
        counts = self.street_office.preparation_counts(day)
        if not counts.any():
            return
        inspection = self.calendar.next_inspection(day)
        kind = _KIND["inspection_prep"]
        rng = self.inspection_rng
        statutory_share = self.statutory_share
        for comm in np.nonzero(counts)[0]:
            k = int(counts[comm])
            hours = self.hours(np.full(k, kind), rng.standard_normal(k))
            statutory = rng.random(k) < statutory_share
            for h, stat in zip(hours, statutory, strict=True):
                deadline = inspection if inspection is not None else day
                self.submit(self.create(kind, -1, int(comm), "inspection", bool(stat), False,
                                        float(h), day, deadline=float(deadline)), day)

    def complaint(self, community: int, day: int) -> None:
        """A resident's hotline complaint comes down as an urgent task (S11, S12)."""
        kind = _KIND["complaint"]
        task = self.create(kind, -1, community, "resident", True, False,
                           float(self.hours_mean[kind]), day)
        self.submit(task, day)

    def rectification(self, failed: Task, day: int) -> None:
        """An inspection orders a failed record put right (S6).

        The order is an ``inspection_prep`` task due in ``tasks.inspection_prep.deadline_days``
        (campaign preparation, by contrast, is due on the inspection day).
        """
        kind = _KIND["inspection_prep"]
        task = self.create(kind, -1, failed.community, "inspection", failed.statutory, False,
                           float(self.hours_mean[kind]), day)
        self.submit(task, day)


@summary_metric(
    "dept_tasks_received",
    unit="tasks",
    label="Department tasks received",
    label_zh="部门下派任务数",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    description="Department tasks that reached the committee's door (all tasks departments "
                "needed done, less those they did not order).",
)
def _dept_tasks_received(window: Window) -> float:
    return float(window.ledger.created - window.ledger.not_ordered)


@summary_metric(
    "dept_tasks_refused",
    unit="tasks",
    label="Department tasks refused",
    label_zh="被拒任务数",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    description="Department tasks refused at the committee's door (admission gate); each then "
                "leaked back, was done by the department or became a shortfall.",
)
def _dept_tasks_refused(window: Window) -> float:
    return float(window.ledger.refused)


@summary_metric(
    "dept_tasks_per_community_day",
    unit="tasks per community-day",
    label="Department tasks per community-day",
    label_zh="每社区每日部门任务数",
    better="neither",
    bounds=(0.0, None),
    over_days="mean",
    over_communities="mean",
    description="Department tasks created per community and day.",
)
def _dept_tasks_per_community_day(window: Window) -> float:
    s = window.stats
    return safe_ratio(window.ledger.created, window.n_communities * max(s.days, 1))


@summary_metric(
    "dept_tasks_outsourced",
    unit="tasks",
    label="Department tasks outsourced",
    label_zh="外包任务数",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    description="Department tasks done by contracted capacity.",
)
def _dept_tasks_outsourced(window: Window) -> float:
    return float(window.ledger.count(Status.OUTSOURCED))


@summary_metric(
    "dept_tasks_not_ordered",
    unit="tasks",
    label="Department tasks not ordered",
    label_zh="未下单任务数",
    better="neither",
    bounds=(0.0, None),
    integer=True,
    description="Department tasks not ordered for the price or an empty budget (purchased "
                "services); each then leaked back, was done by the department or became a "
                "shortfall.",
)
def _dept_tasks_not_ordered(window: Window) -> float:
    return float(window.ledger.not_ordered)


@summary_metric(
    "conflicts",
    unit="collisions",
    label="Schedule collisions",
    label_zh="任务冲突次数",
    better="lower",
    bounds=(0.0, None),
    integer=True,
    description="Urgent department demands that collided on the same cadre and day.",
)
def _conflicts(window: Window) -> float:
    s = window.stats
    return float(s.conflicts)
