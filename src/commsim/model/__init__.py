"""The model core: one module per mechanism.

========================  =====================================================
``community_model``       the Mesa model: construction and the daily tick
``streams``               random streams keyed by stochastic process
``work_calendar``         office hours, working days, inspection seasons
``task_ledger``           tasks, their statuses and the ledger that counts them
``task_pipeline``         from a department's request to a cadre's backlog
``community``             a residents' committee: posts, counter staff, helpers
``post_lines``            which post holds which department's line (main duties on elected cadres)
``counter``               the counter on the SimPy clock: queue, abandonment, outcomes
``visits``                residents' visits: drawn each morning, judged each evening
``working_day``           how a cadre's day adds up: hours, overtime, weekends
``deadlines``             late work, fines for it, expiry
``turnover``              the quit hazard, quits, vacancies and hires
``inspections``           inspections, fabricated records and fines
``fallback``              where refused or unordered work goes (conservation of work)
``costs``                 the full social cost by component
``accounting``            the run's accumulators and summary
``observation``           the daily series
``series_recorder``       collects the daily series, one row per day
========================  =====================================================

Agents live in :mod:`commsim.model.agents` (one module per agent type). Summary metrics
are declared in the mechanism module that computes their inputs; the modules are
imported here in the order their metrics are listed.
"""

from __future__ import annotations

import importlib

for _name in ("working_day", "visits", "turnover", "task_pipeline", "deadlines", "inspections",
              "observation", "community_model", "fallback", "costs"):
    importlib.import_module(f"commsim.model.{_name}")

from commsim.core.metrics import METRICS  # noqa: E402
from commsim.model.community_model import CommunityModel  # noqa: E402

#: Daily series of the core model, in column order (from the declarations).
DAILY_SERIES: tuple[str, ...] = tuple(m.key for m in METRICS.series())
#: Headline metrics, in declaration order.
HEADLINE_METRICS: tuple[str, ...] = tuple(m.key for m in METRICS.headline())
#: Core summary metrics, in declaration order: every run reports them, first; active
#: policies and plugins may add their own (``summary_metric(..., policy=NAME)``).
SUMMARY_METRICS: tuple[str, ...] = tuple(m.key for m in METRICS.summaries() if m.policy is None)

__all__ = ["DAILY_SERIES", "HEADLINE_METRICS", "SUMMARY_METRICS", "CommunityModel"]
