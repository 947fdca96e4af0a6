"""Metrics declared once: what a run measures, in what unit, and which way is better.

Every summary metric and daily series is declared exactly once, next to the code that
computes it, with :func:`summary_metric` or :func:`daily_series`. Everything downstream —
the run summary, the result store's manifest, CLI tables, report labels, units and
forest-plot directions, the dashboard and ``docs/metrics.md`` — reads these declarations
(or their copy in a store's manifest), never a list of its own.

A declaration is data plus one function that computes the value. A summary metric's
function reads a *window* (:class:`commsim.model.measurement.Window`): the accounts, task
counts and fines of the measured window or of one of its years, never the whole run's
state, so the per-year rows (``yearly``) are computed from each year's own data. A
policy or plugin that counts something books it into the window's accounts
(``Policy.count(key)``, or ``model.stats.count(key)`` in a model or agent subclass) and its
metric reads it back with ``window.count(key)``. A daily series' function reads the
running model at the end of each day. ``over_days`` says how a metric aggregates over the
days of a run, so over the years of a window too (``"sum"``: additive, the years' values
add up to the window's):

>>> from commsim.core.metrics import Metric
>>> m = Metric("example_share", unit="share of visits", label="Example", better="higher",
...            bounds=(0.0, 1.0))
>>> m.is_share
True

Policies and plugins declare their own metrics the same way; a metric declared with
``policy="name"`` is reported only by runs in which that policy is active (other runs
store it as missing).

This module imports nothing heavy. The declarations, though, live in the modules that
compute the metrics, and ``import commsim`` is lazy: the first read of :data:`METRICS`
(lookup, iteration, :meth:`~MetricRegistry.summaries` ...) therefore has the package's
built-in declarations loaded (:func:`commsim.load_builtins`, through
:mod:`commsim.core.builtins`; the registry imports none of them), so it is complete
however it was reached, and the built-in metrics come in that function's fixed order.
Code that must stay light (``commsim --help``, ``commsim scenarios``) does not read it;
a finished store's metrics are also in its manifest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

from commsim.core import builtins
from commsim.core.i18n import missing

Better = Literal["lower", "higher", "neither"]
Aggregate = Literal["sum", "mean", "ratio", "last", "max"]
#: How values aggregate over days and communities (see :class:`Metric`).
AGGREGATES: tuple[str, ...] = get_args(Aggregate)


@dataclass(frozen=True, slots=True)
class Metric:
    """The declaration of one summary metric or daily series.

    Parameters
    ----------
    key : str
        Column name in every table (``snake_case``).
    unit : str
        Unit as a reader should see it (``"h per cadre-week"``).
    label : str
        Plain-language name for tables and axes.
    better : {"lower", "higher", "neither"}
        Which direction is better for residents and cadres; drives the forest plot's
        "better" arrow and the decision summary.
    headline : bool
        One of the few metrics shown first everywhere.
    bounds : tuple of float or None
        Lower and upper bound of the metric's values (``None`` = unbounded); confidence
        intervals are kept inside them.
    integer : bool
        Counts: printed without decimals.
    over_days : {"sum", "mean", "ratio", "last", "max"}
        How the metric aggregates over the days of a run, and so how the values of
        consecutive windows (the measured years) combine into the value of the whole
        window: ``"sum"`` additive (a count or total: the years' values add up to the
        window's), ``"mean"`` an average over days (the window's value is the mean of
        the years' weighted by their days), ``"ratio"`` a ratio of two totals (a share,
        a rate, a mean per event: the window's value is a weighted mean of the years',
        between the smallest and the largest), ``"last"`` the state at the end (the
        last year's value), ``"max"`` the largest. For a daily series: how its daily
        values make one value for the run. Declared once, here; the per-year property
        test checks every declaration against the model.
    over_communities : {"sum", "mean", "ratio", "last", "max"}
        How the metric aggregates over the communities of a street. Over replications
        every metric is averaged.
    description : str
        One or two sentences: what is counted and how.
    label_zh : str
        Chinese label for planners (may be empty: falls back to ``label``).
    policy : str or None
        If set, the metric is reported only when this policy is active.
    report : bool
        A summary metric: shown in reports, dashboards and the ``compare`` table after
        the headline metrics (headline metrics and metrics an active policy declares are
        always shown). A daily series: drawn as a panel of the report's daily figure,
        in declaration order.
    report_sum_days : int
        Daily series only: the report's panel draws each run's trailing sum over this
        many days (7 turns daily hours into hours per week); 0 draws the day's value.
    daily : bool
        ``True`` for a daily series (one value per simulated day), ``False`` for a
        summary metric (one value per run).
    compute : callable, optional
        ``compute(window) -> float`` for a summary metric (a
        :class:`~commsim.model.measurement.Window`), ``compute(model) -> float`` for a
        daily series. Not part of the declaration's data; omitted from :meth:`as_dict`.

    """

    key: str
    unit: str
    label: str
    better: Better = "neither"
    headline: bool = False
    bounds: tuple[float | None, float | None] = (None, None)
    integer: bool = False
    over_days: Aggregate = "sum"
    over_communities: Aggregate = "sum"
    description: str = ""
    label_zh: str = ""
    policy: str | None = None
    daily: bool = False
    report: bool = False
    report_sum_days: int = 0
    compute: Callable[[Any], float] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.key.isidentifier():
            raise ValueError(f"metric key {self.key!r} is not an identifier")
        if self.better not in ("lower", "higher", "neither"):
            raise ValueError(f"metric {self.key}: better={self.better!r}")
        for name in ("over_days", "over_communities"):
            if getattr(self, name) not in AGGREGATES:
                raise ValueError(f"metric {self.key}: {name}={getattr(self, name)!r}; "
                                 f"allowed: {', '.join(AGGREGATES)}")

    @property
    def additive(self) -> bool:
        """True if values of consecutive windows add up (``over_days="sum"``).

        Examples
        --------
        >>> Metric("n", unit="tasks", label="N").additive
        True
        >>> Metric("s", unit="share", label="S", over_days="ratio").additive
        False

        """
        return self.over_days == "sum"

    @property
    def is_share(self) -> bool:
        """True if the metric is a share or probability bounded by [0, 1]."""
        return self.bounds == (0.0, 1.0)

    def format(self, value: float | None, *, signed: bool = False, lang: str = "en") -> str:
        """``value`` for a text table: counts without decimals, others to 3 significant places.

        Examples
        --------
        >>> Metric("n", unit="tasks", label="N", integer=True).format(1234.0)
        '1,234'
        >>> Metric("x", unit="h", label="X").format(0.25, signed=True)
        '+0.250'

        """
        return format_number(value, signed=signed, integer=self.integer, lang=lang)

    def as_dict(self) -> dict[str, Any]:
        """The declaration as plain data (for a store's manifest); no ``compute``."""
        data = asdict(self)
        data.pop("compute")
        data["bounds"] = list(self.bounds)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Metric:
        """Rebuild a declaration from :meth:`as_dict` output (unknown keys ignored)."""
        known = {f for f in cls.__dataclass_fields__ if f != "compute"}
        values = {k: v for k, v in data.items() if k in known}
        if "bounds" in values:
            values["bounds"] = tuple(values["bounds"])
        return cls(**values)


def format_number(value: float | None, *, signed: bool = False, integer: bool = False,
                  lang: str = "en") -> str:
    """A number for a text table (``n/a``, or ``—`` in Chinese, when missing).

    See :meth:`Metric.format`.
    """
    if value is None or value != value:  # NaN
        return missing(lang)
    magnitude = abs(value)
    digits = 0 if integer else 3 if magnitude < 10 else 2 if magnitude < 1000 else 0
    return f"{value:+,.{digits}f}" if signed else f"{value:,.{digits}f}"


class MetricRegistry:
    """Declared metrics in declaration order.

    A key may be declared once as a summary metric and once as a daily series (the
    daily value and the run's summary of the same quantity, e.g. ``separations``);
    lookups by key return the summary metric first.
    """

    def __init__(self) -> None:
        self._metrics: dict[str, Metric] = {}
        self._series: dict[str, Metric] = {}
        self._declared = False

    def _complete(self) -> None:
        """Have the built-in declarations loaded (once; :mod:`commsim.core.builtins`)."""
        if not self._declared:
            self._declared = True
            builtins.ensure_loaded()

    def order_by_module(self, modules: Sequence[str]) -> None:
        """List declarations by the index of their module in ``modules`` (others last).

        Stable: declarations of one module keep their order, and those of modules not
        named (plugins) keep theirs after the named ones. :func:`commsim.load_builtins`
        calls this, so the built-in order does not depend on import order.
        """
        rank = {name: i for i, name in enumerate(modules)}

        def key(metric: Metric) -> int:
            module = getattr(metric.compute, "__module__", None)
            return rank.get(module, len(rank)) if module is not None else len(rank)

        for table in (self._metrics, self._series):
            ordered = sorted(table.values(), key=key)
            table.clear()
            table.update((m.key, m) for m in ordered)

    def add(self, metric: Metric) -> Metric:
        """Register ``metric``; a different declaration of the same key and kind is an error."""
        table = self._series if metric.daily else self._metrics
        known = table.get(metric.key)
        if known is not None and known.as_dict() != metric.as_dict():
            raise ValueError(f"metric {metric.key!r} is declared twice")
        # (an identical declaration replaces the old one: a plugin imported again)
        table[metric.key] = metric
        return metric

    def __getitem__(self, key: str) -> Metric:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        self._complete()
        return key in self._metrics or key in self._series

    def __iter__(self):  # noqa: ANN204 - a plain iterator of Metric
        self._complete()
        return iter([*self._metrics.values(), *self._series.values()])

    def __len__(self) -> int:
        self._complete()
        return len(self._metrics) + len(self._series)

    def get(self, key: str) -> Metric | None:
        """The declaration of ``key`` (the summary metric if both exist), or ``None``."""
        self._complete()
        return self._metrics.get(key) or self._series.get(key)

    def summaries(self, policies: Iterable[str] | None = None) -> list[Metric]:
        """Summary metrics (not daily); with ``policies``, only those a run of them reports.

        Core metrics come first, in declaration order, then the metrics policies declare
        (the column order of a summary and of a store's runs table).
        """
        self._complete()
        active = None if policies is None else set(policies)
        chosen = [m for m in self._metrics.values()
                  if m.policy is None or active is None or m.policy in active]
        return [m for m in chosen if m.policy is None] + [m for m in chosen if m.policy is not None]

    def series(self) -> list[Metric]:
        """Daily series, in declaration order."""
        self._complete()
        return list(self._series.values())

    def headline(self) -> list[Metric]:
        """Headline summary metrics, in declaration order."""
        return [m for m in self.summaries() if m.headline]

    def remove(self, key: str) -> None:
        """Forget the declarations of ``key`` (tests and plugin reloads only)."""
        self._metrics.pop(key, None)
        self._series.pop(key, None)


#: Every metric declared by the package and by loaded plugins.
METRICS = MetricRegistry()


def summary_metric(key: str, **declaration: Any) -> Callable[[Callable[[Any], float]], Callable]:
    """Declare a summary metric computed by the decorated function ``f(window) -> float``.

    ``window`` is a :class:`~commsim.model.measurement.Window`: the measured window's (or
    one measured year's) accounts ``stats``, task counts ``ledger`` and ``fines``, named
    counters (``window.count(key)``) and the run's fixed description (``params``,
    ``n_communities``, ...). Declare ``over_days`` unless the metric is additive (a
    count or total, the default ``"sum"``).

    Examples
    --------
    >>> @summary_metric("doc_example_metric", unit="tasks", label="Example", integer=True)
    ... def _example(model):
    ...     return 0.0
    >>> METRICS["doc_example_metric"].unit
    'tasks'
    >>> METRICS.remove("doc_example_metric")

    """

    def register(func: Callable[[Any], float]) -> Callable[[Any], float]:
        METRICS.add(Metric(key, compute=func, **declaration))
        return func

    return register


def daily_series(key: str, **declaration: Any) -> Callable[[Callable[[Any], float]], Callable]:
    """Declare a daily series computed by ``f(model) -> float`` at the end of each day.

    ``f`` must only read the model: runs whose daily series nobody keeps skip it
    (``simulate(..., daily=False)``), and nothing else may change when they do.
    """

    def register(func: Callable[[Any], float]) -> Callable[[Any], float]:
        METRICS.add(Metric(key, compute=func, daily=True, **declaration))
        return func

    return register


def report_order(metrics: Iterable[Metric]) -> list[Metric]:
    """Summary metrics a report shows: headline, then flagged ``report`` or policy metrics.

    Examples
    --------
    >>> a = Metric("a", unit="h", label="A", report=True)
    >>> b = Metric("b", unit="h", label="B", headline=True)
    >>> [m.key for m in report_order([a, b, Metric("c", unit="h", label="C")])]
    ['b', 'a']

    """
    chosen = [m for m in metrics
              if not m.daily and (m.headline or m.report or m.policy is not None)]
    return [m for m in chosen if m.headline] + [m for m in chosen if not m.headline]


def report_series(metrics: Iterable[Metric]) -> list[Metric]:
    """Daily series a report draws, one panel each: those declared ``report=True``.

    Examples
    --------
    >>> a = Metric("a", unit="h", label="A", daily=True, report=True)
    >>> [m.key for m in report_series([a, Metric("b", unit="h", label="B", daily=True)])]
    ['a']

    """
    return [m for m in metrics if m.daily and m.report]


def manifest_entry(metrics: Iterable[Metric]) -> dict[str, dict[str, Any]]:
    """Declarations as plain data keyed by metric, for a store's manifest."""
    return {m.key: m.as_dict() for m in metrics}
