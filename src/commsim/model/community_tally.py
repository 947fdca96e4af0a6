"""Per-community results: which communities of a district are worst off.

The street-level accumulators (:class:`~commsim.model.accounting.RunStats`) add every
community together. :class:`CommunityTally` keeps, per community, the few counters
that the headline metrics are computed from (cadre-days and overtime, cadre-weeks,
separations, headcount, household satisfaction, counter visits and waits); the
mechanisms book them beside the street-level counters, and the measurement window
resets them with the street's.

At the end of a run :func:`community_frame` gives one row per community: its name,
kind, households and cadre posts, and the *declared* metrics of
:data:`COMMUNITY_METRICS` — each evaluated by its own ``compute`` function on a view
of the model that sees only that community's counters, so units, labels and
directions are those of :mod:`commsim.core.metrics`, never redeclared. Metrics marked
``end`` are the community's state on the last day (daily series evaluated once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from commsim.core.metrics import METRICS
from commsim.inputs.district import district_for
from commsim.model.accounting import RunStats
from commsim.model.counter import EMPTY_OFFICE, SERVED

if TYPE_CHECKING:
    from commsim.model.agents.cadre import Cadre
    from commsim.model.agents.household import HouseholdCounts
    from commsim.model.community import Community
    from commsim.model.community_model import CommunityModel

#: Declared summary metrics reported per community (their inputs are tallied here).
COMMUNITY_METRICS: tuple[str, ...] = (
    "overtime_hours_per_cadre_week", "resident_satisfaction", "turnover_rate",
    "resident_wait_hours_mean", "mean_weekday_hours", "weekend_work_share",
    "resident_satisfaction_all", "served_share", "empty_office_share", "separations",
    "vacancy_days", "mean_headcount",
)
#: Declared daily series reported per community as their value on the last day.
COMMUNITY_END_STATE: tuple[str, ...] = ("backlog_hours", "backlog_tasks", "mean_exhaustion")
#: Identity columns of a community row, in order.
IDENTITY: tuple[str, ...] = ("community", "name", "kind", "households", "cadre_posts",
                             "high_need")
#: Counters kept per community (the same names as in RunStats).
FIELDS: tuple[str, ...] = (
    "cadre_days", "total_hours", "overtime", "workday_cadre_days", "workday_hours",
    "cadre_weeks", "cadre_weeks_weekend", "separations", "headcount_days", "vacancy_days",
    "days", "satisfied_all_sum", "contact_satisfied", "contact_household_days", "visits",
    "served", "empty", "wait_sum",
)


class CommunityTally:
    """Per-community counters of the measured window (one list per counter).

    Parameters
    ----------
    model : CommunityModel
        The model (its households and communities must exist).

    """

    def __init__(self, model: CommunityModel) -> None:
        self.n = model.n_communities
        counts = np.bincount(np.asarray(model.households.community), minlength=self.n)
        self._sizes = np.maximum(counts, 1)
        self.sums: dict[str, list[float]] = {}
        self.reset()

    def reset(self) -> None:
        """Start every counter afresh (the end of the warm-up)."""
        self.sums = {name: [0.0] * self.n for name in FIELDS}

    # -- booking (called by the mechanisms) ---------------------------------------------
    def cadre_day(self, cadre: Cadre, hours: float, overtime: float, workday: bool) -> None:
        """One cadre-day (:func:`commsim.model.working_day.WorkingDay.book`)."""
        c, s = cadre.community, self.sums
        s["cadre_days"][c] += 1
        s["total_hours"][c] += hours
        s["overtime"][c] += overtime
        if workday:
            s["workday_cadre_days"][c] += 1
            s["workday_hours"][c] += hours

    def cadre_week(self, cadre: Cadre, weekend: bool) -> None:
        """One cadre-week, with or without weekend work (Sundays)."""
        self.sums["cadre_weeks"][cadre.community] += 1
        self.sums["cadre_weeks_weekend"][cadre.community] += weekend

    def separation(self, community: int) -> None:
        """A cadre of ``community`` quit."""
        self.sums["separations"][community] += 1

    def day_end(self, model: CommunityModel, households: HouseholdCounts) -> None:
        """Headcount, vacancies and household satisfaction at the end of a day."""
        s = self.sums
        headcount, vacancies, days = s["headcount_days"], s["vacancy_days"], s["days"]
        for comm in model.communities:
            c = comm.index
            present = len(comm.cadres) - comm.cadres.count(None)
            headcount[c] += present
            vacancies[c] += len(comm.cadres) - present
            days[c] += 1
        sat = (households.satisfied / self._sizes).tolist()
        for name, values in (("satisfied_all_sum", sat),
                             ("contact_satisfied", households.both.tolist()),
                             ("contact_household_days", households.contact.tolist())):
            column = s[name]
            for c, v in enumerate(values):
                column[c] += v

    def counter_day(self, community: np.ndarray, outcome: np.ndarray, wait: np.ndarray) -> None:
        """The day's counter visits (served, empty office, waits) of every community.

        Parameters
        ----------
        community, outcome, wait : numpy.ndarray
            Per visit: its community, outcome and wait; sorted by community, each
            community's visits in the order its counter logged them.

        """
        s, n = self.sums, self.n
        served = outcome == SERVED
        where = community[served]
        if len(where) > 1 and (where[1:] < where[:-1]).any():
            raise ValueError("counter visits must come sorted by community")
        served_n = np.bincount(where, minlength=n).tolist()
        for name, values in (("visits", np.bincount(community, minlength=n).tolist()),
                             ("served", served_n),
                             ("empty", np.bincount(community[outcome == EMPTY_OFFICE],
                                                   minlength=n).tolist())):
            column = s[name]
            for c, v in enumerate(values):
                column[c] += v
        # each community's served waits, summed as Python sums them, in log order
        waits, first, wait_sum = wait[served].tolist(), 0, s["wait_sum"]
        for c, k in enumerate(served_n):
            if k:
                wait_sum[c] += sum(waits[first:first + k])
                first += k

    # -- results ------------------------------------------------------------------------
    def stats(self, community: int) -> RunStats:
        """The community's counters as a :class:`RunStats` (others zero)."""
        stats = RunStats()
        for name in FIELDS:
            value = self.sums[name][community]
            setattr(stats, name, value if isinstance(getattr(stats, name), float)
                    else int(round(value)))
        return stats


class CommunityView:
    """The model seen from one community: its counters, its cadres, its posts."""

    def __init__(self, model: CommunityModel, community: Community, stats: RunStats) -> None:
        self._model = model
        self.stats = stats
        self.communities = [community]
        self.n_communities = 1
        self.n_posts = len(community.cadres)
        self.present_cadres = community.present

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)


def community_metrics() -> list[str]:
    """Keys of the per-community metric columns, in order (declared metrics only)."""
    series = {m.key for m in METRICS.series()}
    return [k for k in COMMUNITY_METRICS if k in METRICS] + \
        [k for k in COMMUNITY_END_STATE if k in series]


def community_frame(model: CommunityModel) -> pd.DataFrame:
    """One row per community: identity columns, then the per-community metrics.

    Parameters
    ----------
    model : CommunityModel
        A model that has run (the measured window so far).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`IDENTITY` then :func:`community_metrics`.

    """
    structure = model.structure
    district = district_for(str(model.params["run.district"]))
    kinds = district.column("kind") if district is not None else [""] * model.n_communities
    series = {m.key: m for m in METRICS.series() if m.key in COMMUNITY_END_STATE}
    declared = [METRICS[k] for k in COMMUNITY_METRICS if k in METRICS]
    declared += [series[k] for k in COMMUNITY_END_STATE if k in series]
    rows = []
    for comm in model.communities:
        c = comm.index
        view: Any = CommunityView(model, comm, model.tally.stats(c))
        row: dict[str, Any] = {
            "community": c, "name": str(structure.names[c]), "kind": str(kinds[c]),
            "households": int(structure.sizes[c]), "cadre_posts": len(comm.cadres),
            "high_need": bool(structure.high_need[c]),
        }
        for metric in declared:
            if metric.compute is not None:
                row[metric.key] = float(metric.compute(view))
        rows.append(row)
    return pd.DataFrame(rows)
