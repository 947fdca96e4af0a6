"""The measurement window: warm-up, whole-run and per-year summaries.

A run simulates ``run.warmup_days`` of warm-up and then ``run.days`` of
measurement. The warm-up is the status quo before the policy: the scenario's
policies are introduced on the first measured day (their hooks do not act during
the warm-up), so every scenario of one seed and replication shares the same
warm-up, and a policy's rebound clock, budgets and running totals (payments,
funded hours, running costs) start with the window. The warm-up turns the
arbitrary initial draws (empty backlogs, drawn exhaustion and tenure, initial
satisfaction) into a state the model itself produced; its length is chosen by
MSER-5 (see ``docs/warmup.md``). At the end of the warm-up the model's accumulators
(:class:`~commsim.model.accounting.RunStats` and the
:class:`~commsim.model.inspections.FineBook`) start afresh and the task ledger's
flows are counted from a baseline, so every summary metric measures the window only.
Each 365-day year of the window is summarised too (:meth:`Measurement.yearly`), with
the same metric keys, so multi-year effects (rebound, cumulative burnout) show.

Summaries of a window are computed by the declared metrics on a :class:`Window`: the
window's own accounts (:class:`~commsim.model.accounting.RunStats`, with the named
counters policies and plugins book), task counts and fines, plus the run's fixed
description (parameters, communities, households). A window holds nothing of the
whole run's state: a metric that reads a mechanism, a policy or an agent fails with an
error rather than report the whole run's count as a year's. Accumulators are additive
(numbers, lists and dicts of numbers), so each measured year's accounts are the
difference of the snapshots at its start and end; the whole window's are the model's
own, which start afresh when the warm-up ends.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from commsim.core.metrics import METRICS
from commsim.model.accounting import RunStats
from commsim.model.inspections import FineBook
from commsim.model.task_ledger import Status, TaskLedger

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel

#: Days in a measured year.
YEAR_DAYS = 365


def difference(end: Any, start: Any) -> Any:
    """``end - start`` attribute by attribute, for additive accumulator objects.

    Numbers subtract, lists subtract element-wise, dicts key by key; other
    attributes keep their value at ``end``.
    """
    out = copy.copy(end)
    for name, value in vars(end).items():
        before = getattr(start, name, None)
        setattr(out, name, _minus(value, before))
    return out


def _minus(value: Any, before: Any) -> Any:
    if before is None:
        return copy.deepcopy(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value - before
    if isinstance(value, list):
        return [_minus(v, b) for v, b in zip(value, before, strict=False)] + value[len(before):]
    if isinstance(value, dict):
        out = copy.copy(value)  # keeps a defaultdict's factory
        for key, v in value.items():
            out[key] = _minus(v, before.get(key))
        return out
    return value


def ledger_flows(end: TaskLedger, start: TaskLedger) -> TaskLedger:
    """Task counts between two ledger snapshots; pending stays the stock at ``end``."""
    window = cast(TaskLedger, difference(end, start))
    window.by_status[Status.PENDING] = end.by_status[Status.PENDING]
    return window


class Window:
    """The data of one measured window (the whole window or one measured year).

    A summary metric's function receives a window (see
    :func:`commsim.core.metrics.summary_metric`) and reads only what is here, so the same
    function gives the whole window's value and each year's.

    Attributes
    ----------
    stats : RunStats
        The window's accounts: hours, counts and the named counters of :meth:`count`.
    ledger : TaskLedger
        Task flows in the window; ``pending`` is the stock at its end.
    fines : FineBook
        Fines imposed in the window.
    params : Params
        The run's parameters.
    policy_names : tuple of str
        The run's policies.
    n_communities, n_households : int
        Communities of the street and households of all of them.
    community_sizes : numpy.ndarray
        Households per community.
    structure : Structure
        The district's drawn structure (office budgets, posts, roles).

    """

    __slots__ = ("stats", "ledger", "fines", "params", "policy_names", "n_communities",
                 "n_households", "community_sizes", "structure")

    def __init__(
        self, model: CommunityModel, stats: RunStats, fines: FineBook, ledger: TaskLedger
    ) -> None:
        self.stats = stats
        self.ledger = ledger
        self.fines = fines
        self.params = model.params
        self.policy_names = model.policy_names
        self.n_communities = model.n_communities
        self.n_households = len(model.households)
        self.community_sizes = model.community_sizes
        self.structure = model.structure

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(
            f"a summary metric reads the measured window, which has no {name!r}: the model's "
            "mechanisms, policies and agents hold the whole run's state, so a count kept "
            "there would be reported as every year's. Book the count into the window's "
            "accounts (Policy.count(key) or model.stats.count(key)) and read it with "
            "window.count(key); see docs/extending.md")

    @property
    def days(self) -> int:
        """Days in the window."""
        return self.stats.days

    def count(self, key: str) -> float:
        """The window's total of the named counter ``key`` (0 if never booked)."""
        return float(self.stats.counts.get(key, 0.0))

    def summary(self) -> dict[str, float]:
        """Every declared summary metric that applies to the run, on this window.

        The core metrics come first, in declaration order, then those of the active
        policies and plugins.
        """
        metrics = METRICS.summaries(self.policy_names)  # core first, then policies'
        return {m.key: float(m.compute(self)) for m in metrics if m.compute is not None}


class Measurement:
    """Start of the measured window and the snapshots at each measured year's end.

    Parameters
    ----------
    model : CommunityModel
        The model; its ``stats`` and ``fines`` are reset in place when the warm-up
        ends.

    """

    def __init__(self, model: CommunityModel) -> None:
        self.model = model
        self.start_day = model.calendar.warmup
        self.ledger_start = TaskLedger()
        #: (first day, stats, fines, ledger) at the start of each measured year
        self.years: list[tuple[int, RunStats, FineBook, TaskLedger]] = []

    def measuring(self, day: int) -> bool:
        """True on measured days (after the warm-up)."""
        return day >= self.start_day

    def policy_day(self, day: int) -> int:
        """Days since the policies were introduced (0 = first measured day).

        The warm-up is the status quo before the policy: policies act from the first
        measured day on, so their rebound clock, yearly budgets and running totals
        start there.
        """
        return day - self.start_day

    def start_of_day(self, day: int) -> None:
        """Open the window at the end of the warm-up; snapshot at each year boundary."""
        model = self.model
        if day == self.start_day:
            # in place: cadres and other collaborators hold references to these objects
            model.stats.__init__()  # type: ignore[misc]
            model.fines.__init__()  # type: ignore[misc]
            model.tally.reset()
            self.ledger_start = copy.deepcopy(model.ledger)
        if day >= self.start_day and (day - self.start_day) % YEAR_DAYS == 0:
            self.years.append((day, copy.deepcopy(model.stats), copy.deepcopy(model.fines),
                               copy.deepcopy(model.ledger)))

    def ledger(self) -> TaskLedger:
        """Task counts since the window opened (since day 0 during the warm-up)."""
        model = self.model
        return model.end_of_day("window_ledger",
                                lambda: ledger_flows(model.ledger, self.ledger_start))

    def count(self, read: Callable[[TaskLedger], int]) -> int:
        """One task count of :meth:`ledger`, without building the whole window ledger.

        ``read`` picks a count from a ledger (e.g. ``lambda led: led.created``); the
        result is that count since the window opened — the same integer as ``read``
        applied to :meth:`ledger` for every flow (not for the pending stock).
        """
        return read(self.model.ledger) - read(self.ledger_start)

    def window(self) -> Window:
        """The measured window so far (since day 0 during the warm-up)."""
        model = self.model
        return Window(model, model.stats, model.fines, self.ledger())

    def year_windows(self) -> list[tuple[int, int, Window]]:
        """``(first day, days, window)`` of each measured year so far, the last maybe partial.

        Day numbers are the model's; each year's accounts are the difference of the
        snapshots at its start and end.
        """
        model = self.model
        ends = [*self.years[1:], (model.day, model.stats, model.fines, model.ledger)]
        windows = []
        for (first, stats0, fines0, ledger0), (last, stats1, fines1, ledger1) in zip(
                self.years, ends, strict=True):
            if last <= first:
                continue
            window = Window(model, cast(RunStats, difference(stats1, stats0)),
                            cast(FineBook, difference(fines1, fines0)),
                            ledger_flows(ledger1, ledger0))
            windows.append((first, last - first, window))
        return windows

    def summary(self) -> dict[str, float]:
        """Summary metrics of the measured window so far."""
        return self.window().summary()

    def yearly(self) -> pd.DataFrame:
        """One summary row per measured year (a last partial year if the window ends mid-year).

        Columns: ``year`` (1, 2, ...), ``first_day`` and ``days`` (measured day numbers,
        0 = first day after the warm-up) and every summary metric key.
        """
        rows = [{"year": k + 1, "first_day": first - self.start_day, "days": days,
                 **window.summary()}
                for k, (first, days, window) in enumerate(self.year_windows())]
        return pd.DataFrame(rows)
