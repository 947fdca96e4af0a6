"""The policy interface: strategies acting at four named hook points.

A policy is a class with a ``name``, its own parameter declarations and any of
four hooks. The model calls the hooks of every active policy, in the order the
scenario lists them, for every task a department sends:

``pricing(task) -> bool``
    Before the task is ordered: may the department still order it?
    (a price or an empty budget makes it order less).
``intake(task, day) -> Intake``
    At the committee's door: accept, refuse, or let it in after a delay.
``paperwork_time(task) -> None``
    Adjust the task's standard hours (paper vs digital records).
``extra_capacity(task, community) -> None``
    Money that comes with the task buys helper hours for the community.

One more decision comes between ``pricing`` and ``intake``:

``handoff(task) -> str | None``
    Hand the task to another workforce the policy declared
    (:meth:`Policy.workforces`, :mod:`commsim.policies.workforce`) instead of the
    committee; the model books its hours, cost and destination.

Every policy sees the run through a narrow :class:`~commsim.policies.context.PolicyContext`
(calendar, community sizes, the task ledger, the workforces' queues), given to
:meth:`Policy.attach` before the first day.

Work a policy turns away (``pricing`` False, ``intake`` "refuse") does not
vanish: :mod:`commsim.model.fallback` sends it back to the committee with the
policy's leakage curve (:meth:`Policy.rebound`), to the department's own staff,
or to a service shortfall. A policy's own costs are reported by
:meth:`Policy.cost_components` (helpers, systems, administration). What a policy
counts for its own metrics it books with :meth:`Policy.count` into the measured
window's accounts, never into an attribute of its own: the policy lives for the whole
run, the accounts are per measured year and for the whole window.

Policies never look at which scenario is running; scenarios differ only in which
policies they list and in parameter values. Each policy draws from its own
random stream, so adding a policy does not disturb the department and resident
streams (common random numbers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from commsim.core.parameters import Param, Params
from commsim.policies.rebound import NO_REBOUND, Rebound

if TYPE_CHECKING:
    import numpy as np

    from commsim.model.accounting import RunStats
    from commsim.model.community import Community
    from commsim.model.task_ledger import Task
    from commsim.policies.context import PolicyContext
    from commsim.policies.workforce import Workforce


class Intake(NamedTuple):
    """Decision at the committee's door.

    Attributes
    ----------
    decision : str
        ``"accept"``, ``"refuse"`` (the task goes to :mod:`commsim.model.fallback`) or
        ``"leak"`` (refused on paper, but let in informally after the delay).
    delay_days : float
        Days before the task reaches the cadres (review, informal detour).

    """

    decision: str = "accept"
    delay_days: float = 0.0


ACCEPT = Intake()


class Policy:
    """Base class of policies; every hook defaults to 'no effect'.

    Parameters
    ----------
    params : Params
        The run's parameters (a policy reads its own ``<prefix>.*`` keys).
    rng : numpy.random.Generator
        The policy's own random stream.

    Attributes
    ----------
    accounts : RunStats or None
        The measured window's accounts :meth:`count` books into; the model sets it
        when it builds the policy (``None`` for a policy built on its own).

    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    parameters: ClassVar[tuple[Param, ...]] = ()
    #: Keys of parameters declared elsewhere that the policy reads (the shared purse,
    #: the street office's leakage); the dashboard shows them with the policy.
    shared_parameters: ClassVar[tuple[str, ...]] = ()
    #: Those of :attr:`shared_parameters` that only policies read: like the policy's own
    #: parameters they cannot shape the warm-up, so runs differing in them share it
    #: (:func:`commsim.run.warm_start.policy_parameters`; a test moves them all).
    policy_only_parameters: ClassVar[tuple[str, ...]] = ()

    def __init__(self, params: Params, rng: np.random.Generator) -> None:
        self.params = params
        self.rng = rng
        self.accounts: RunStats | None = None

    def count(self, key: str, amount: float = 1.0) -> None:
        """Book ``amount`` into the window's named counter ``key`` (read by ``window.count``).

        Raises
        ------
        RuntimeError
            The policy is not part of a model (its ``accounts`` were never set).

        """
        if self.accounts is None:
            raise RuntimeError(f"policy {self.name!r} counts {key!r} but belongs to no model "
                               "(set policy.accounts to a RunStats)")
        self.accounts.count(key, amount)
        #: What the policy may see of the run (set by :meth:`attach` before the first day).
        self.context: PolicyContext | None = None

    def attach(self, context: PolicyContext) -> None:
        """Receive the run's context (calendar, community sizes, ledger, workforces).

        Called once, after the model is built and before :meth:`workforces` and the
        first day. Override to prepare per-community state; call ``super().attach``.
        """
        self.context = context

    def workforces(self) -> tuple[Workforce, ...]:
        """Workforces outside the committee this policy hands work to (default: none)."""
        return ()

    def start_day(self, day: int) -> None:
        """Called once at the start of every simulated day."""

    def pricing(self, task: Task) -> bool:
        """Return False if the department no longer orders ``task``."""
        return True

    def handoff(self, task: Task) -> str | None:
        """Name of a declared workforce that takes ``task`` instead of the committee, or None.

        Called after ``pricing`` and before ``intake``; the first policy (in the
        scenario's order) that names a workforce hands the task over.
        """
        return None

    def intake(self, task: Task, day: int) -> Intake:
        """Decide whether ``task`` is accepted by the committee."""
        return ACCEPT

    def paperwork_time(self, task: Task) -> None:
        """Adjust ``task.hours`` for how records are kept."""

    def extra_capacity(self, task: Task, community: Community) -> None:
        """Deposit helper hours the task pays for into ``community``."""

    def rebound(self) -> Rebound:
        """Leakage curve of the work this policy turns away (default: none leaks back)."""
        return NO_REBOUND

    def cost_yuan(self, days: int, communities: int) -> float:
        """Running cost of the policy itself: the sum of :meth:`cost_components`."""
        return sum(self.cost_components(days, communities).values())

    def cost_components(self, days: int, communities: int) -> dict[str, float]:
        """The policy's own costs in yuan by component.

        Keys are ``"helpers"`` (helper and contracted hours), ``"systems"`` and
        ``"administration"``; each adds to the ``cost_<key>_yuan`` metric and to
        ``cost_yuan``. The default has none.
        """
        return {}
