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
``work_loop``             the one work loop of every workforce; queue disciplines
``workforces``            work policies hand to other workforces (grid workers, ...)
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
are declared in the mechanism module that computes their inputs;
:func:`commsim.load_builtins` imports those modules in the order their metrics are
listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from commsim.model.community_model import CommunityModel

__all__ = ["DAILY_SERIES", "HEADLINE_METRICS", "SUMMARY_METRICS", "CommunityModel"]


def __getattr__(name: str) -> Any:
    """The model class and the metric lists, on first access (PEP 562).

    Importing a mechanism module (``commsim.model.working_day``) thus imports only it,
    so :func:`commsim.load_builtins` decides the order in which metrics are declared.
    """
    from commsim.core.metrics import METRICS

    if name == "CommunityModel":
        from commsim.model.community_model import CommunityModel

        return CommunityModel
    if name == "DAILY_SERIES":  # daily series of the core model, in column order
        return tuple(m.key for m in METRICS.series())
    if name == "HEADLINE_METRICS":  # headline metrics, in declaration order
        return tuple(m.key for m in METRICS.headline())
    if name == "SUMMARY_METRICS":
        # core summary metrics in declaration order: every run reports them, first;
        # active policies and plugins may add their own (summary_metric(..., policy=NAME))
        return tuple(m.key for m in METRICS.summaries() if m.policy is None)
    raise AttributeError(f"module 'commsim.model' has no attribute {name!r}")
