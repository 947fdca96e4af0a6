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

Summaries of a window are computed by the declared metrics on a
:class:`WindowView` — the model seen through the window's accumulators and task
counts. Accumulators are additive (numbers, lists and dicts of numbers), so the
view of any window is the difference of two snapshots.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

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


class WindowView:
    """The model seen through one window's accumulators and task counts.

    Metric functions read ``stats``, ``fines`` and ``ledger`` from the view; every
    other attribute is the model's own.
    """

    def __init__(
        self, model: CommunityModel, stats: RunStats, fines: FineBook, ledger: TaskLedger
    ) -> None:
        self._model = model
        self.stats = stats
        self.fines = fines
        self.ledger = ledger

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)


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

    def summary(self) -> dict[str, float]:
        """Summary metrics of the measured window so far."""
        model = self.model
        view = WindowView(model, model.stats, model.fines, self.ledger())
        return model.stats.summary(cast("CommunityModel", view))

    def yearly(self) -> pd.DataFrame:
        """One summary row per measured year (a last partial year if the window ends mid-year).

        Columns: ``year`` (1, 2, ...), ``first_day`` and ``days`` (measured day numbers,
        0 = first day after the warm-up) and every summary metric key.
        """
        model = self.model
        rows = []
        ends = [*self.years[1:], (model.day, model.stats, model.fines, model.ledger)]
        for k, ((first, stats0, fines0, ledger0), (last, stats1, fines1, ledger1)) in enumerate(
            zip(self.years, ends, strict=True)
        ):
            if last <= first:
                continue
            stats = cast(RunStats, difference(stats1, stats0))
            fines = cast(FineBook, difference(fines1, fines0))
            view = WindowView(model, stats, fines, ledger_flows(ledger1, ledger0))
            rows.append({"year": k + 1, "first_day": first - self.start_day,
                         "days": last - first,
                         **stats.summary(cast("CommunityModel", view))})
        return pd.DataFrame(rows)
