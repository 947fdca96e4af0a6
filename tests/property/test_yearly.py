"""Per-year results: every declared metric is computed from each year's own data.

One run — 2 communities, a full measured year and a partial one (so the years differ in
length as well as in what happened), no warm-up, every built-in policy (admission gate,
purchased services, paperless: the policy and pipeline counters are exercised), the
worked examples' plugins loaded as a researcher loads them (``examples/``: the grid
management and meeting quota policies with their metrics, the inspected-records metric)
and a plugin policy with two metrics declared here as ``docs/extending.md`` shows. For
every declared summary metric the per-year rows and the whole window must be consistent
with how the declaration says the metric aggregates (``Metric.over_days``):

* ``sum`` (additive): the years' values add up to the window's;
* ``mean`` (an average over days): the window's value is the years' weighted by days;
* ``ratio`` (a ratio of two totals): the window's value lies between the years';
* ``last`` / ``max``: the last year's / the largest year's value.

And no metric may report the whole run's value as a year's: when the years differ, some
year's value differs from the window's. A metric that read whole-run state (a policy's
running count, the model's pipeline) broke both: ``gate_leaked_tasks`` used to show the
two-year total in each year.

The comparisons allow floating-point rounding only: a year's accounts are the difference
of two running sums, so a sum of years may differ from the window in the last bits
(``REL`` = 1e-9 relative, about 4.5 million float64 epsilons: far below any modelled
difference, far above the rounding of the ~10^5 additions behind a run's totals, ~10^-11;
in this run the sums are in fact exact).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from commsim import simulate
from commsim.core.metrics import METRICS, Metric, summary_metric
from commsim.inputs.plugins import load_plugin
from commsim.inputs.scenario import Scenario
from commsim.model.measurement import Window
from commsim.model.task_ledger import Task
from commsim.policies import ACCEPT, Intake, Policy, register
from conftest import registries_restored

REL = 1e-9
#: A run's whole-window summary, its per-year rows and the summary metrics it reports.
Run = tuple[dict[str, float], pd.DataFrame, list[Metric]]
POLICIES = ("admission_gate", "purchased_services", "paperless", "grid_management",
            "meeting_quota", "yearly_probe")
#: The worked examples loaded as plugins (their metrics are declared metrics too).
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PLUGINS = ("grid_management.py", "meeting_quota.py", "inspected_records.py")
OVERRIDES = {"run.communities": 2, "run.days": 365 + 120, "run.warmup_days": 0,
             "street.households_per_community": 400, "meeting.quota_per_week": 0}


class YearlyProbe(Policy):
    """A plugin policy that counts the tasks reaching its intake hook (and accepts them)."""

    name = "yearly_probe"
    description = "counts the tasks it sees (test plugin)"

    def intake(self, task: Task, day: int) -> Intake:
        """Count every task, and the statutory ones apart."""
        self.count("yearly_probe_tasks")
        if task.statutory:
            self.count("yearly_probe_statutory")
        return ACCEPT


def _probe_tasks(window: Window) -> float:
    return window.count("yearly_probe_tasks")


def _probe_statutory_share(window: Window) -> float:
    seen = window.count("yearly_probe_tasks")
    return window.count("yearly_probe_statutory") / seen if seen else 0.0


@pytest.fixture(scope="module")
def run() -> Iterator[Run]:
    """The run's whole-window summary, its per-year rows and the metrics it reports."""
    with registries_restored():
        for plugin in PLUGINS:
            load_plugin(str(EXAMPLES / plugin))
        register(YearlyProbe)
        summary_metric("yearly_probe_tasks", unit="tasks", label="Tasks the probe saw",
                       integer=True, policy="yearly_probe")(_probe_tasks)
        summary_metric("yearly_probe_statutory_share", unit="share of tasks",
                       label="Statutory share of the tasks the probe saw", bounds=(0.0, 1.0),
                       over_days="ratio", policy="yearly_probe")(_probe_statutory_share)
        scenario = Scenario(name="yearly_probe", description="", policies=POLICIES)
        result = simulate(scenario, seed=5, overrides=OVERRIDES)
        yield result.summary, result.yearly, METRICS.summaries(POLICIES)


def test_every_declared_metric_is_reported_per_year(run: Run) -> None:
    summary, yearly, metrics = run
    assert list(yearly["days"]) == [365, 120]
    keys = [m.key for m in metrics]
    for key in ("gate_leaked_tasks", "grid_tasks_done", "meetings_refused_by_quota",
                "inspected_hours_share", "yearly_probe_tasks"):
        assert key in keys, key
    assert set(keys) == set(summary) and set(keys) <= set(yearly.columns)


def test_policy_and_pipeline_counters_are_exercised_every_year(run: Run) -> None:
    _, yearly, _ = run
    for key in ("gate_leaked_tasks", "dept_tasks_refused", "dept_tasks_not_ordered",
                "cost_helpers_yuan", "cost_systems_yuan", "grid_tasks_done", "grid_hours",
                "meetings_refused_by_quota", "yearly_probe_tasks"):
        assert (yearly[key] > 0).all(), key


def test_years_aggregate_to_the_window_as_declared(run: Run) -> None:
    summary, yearly, metrics = run
    days = yearly["days"].to_numpy(dtype=float)
    for m in metrics:
        years = yearly[m.key].to_numpy(dtype=float)
        whole = summary[m.key]
        scale = max(abs(whole), *abs(years), 1.0)
        if m.additive:
            expected = float(years.sum())
        elif m.over_days == "mean":
            expected = float((years * days).sum() / days.sum())
        elif m.over_days == "last":
            expected = float(years[-1])
        elif m.over_days == "max":
            expected = float(years.max())
        else:  # ratio: a weighted mean of the years, between the smallest and the largest
            assert years.min() - REL * scale <= whole <= years.max() + REL * scale, (
                f"{m.key}: whole window {whole} outside its years {list(years)}")
            continue
        assert math.isclose(whole, expected, rel_tol=REL, abs_tol=REL * scale), (
            f"{m.key} (over_days={m.over_days}): years {list(years)} give {expected}, "
            f"whole window {whole}")


#: Costs a year of budgets fixed a year (office budgets, systems, the gate's running cost):
#: the same in every year and in the window by construction, not a whole-run leak.
FIXED_A_YEAR = ("cost_office_yuan", "cost_systems_yuan", "cost_administration_yuan")


def test_no_year_reports_the_whole_run(run: Run) -> None:
    summary, yearly, metrics = run
    for m in metrics:
        years = yearly[m.key].to_numpy(dtype=float)
        whole = summary[m.key]
        if m.key in FIXED_A_YEAR:
            continue
        if (years == whole).all():
            # the same value in every year and the window: only a metric that sits at a
            # declared bound throughout (a share of 0, a count of events that never
            # happened) may do that
            assert whole in m.bounds, (
                f"{m.key}: every year reports the whole run's value {whole}")
