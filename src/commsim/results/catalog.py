"""What a store says about its columns: metric declarations, parameter units, policies.

A store's manifest carries a copy of the metric declarations
(:func:`commsim.core.metrics.manifest_entry`; summary metrics and daily series in two tables,
since a key such as ``separations`` names both), the units of the parameters its runs set and
the names of the policies it used, so readers (the report, notebooks) label, unit and
orient every column without importing the model, the parameter schema or scenarios.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from commsim.core.metrics import METRICS, Metric, report_order, report_series

#: Manifest keys of the catalog.
METRICS_KEY = "metric_declarations"
SERIES_KEY = "series_declarations"
UNITS_KEY = "parameter_units"
POLICIES_KEY = "policies"


@dataclass
class Catalog:
    """Metric declarations and parameter units, as a store's manifest records them.

    Attributes
    ----------
    metrics : dict
        Summary metric key to :class:`~commsim.core.metrics.Metric` (declaration data, no
        ``compute``).
    series : dict
        Daily series key to its declaration.
    parameter_units : dict
        Dotted parameter key to its unit.
    policies : list of str
        Policies that runs of the store used.

    """

    metrics: dict[str, Metric] = field(default_factory=dict)
    series: dict[str, Metric] = field(default_factory=dict)
    parameter_units: dict[str, str] = field(default_factory=dict)
    policies: list[str] = field(default_factory=list)

    @classmethod
    def from_manifest(cls, manifest: Mapping[str, Any] | None) -> Catalog:
        """Read the catalog of a manifest (empty parts where an older store lacks them)."""
        manifest = manifest or {}
        tables: dict[bool, dict[str, Metric]] = {False: {}, True: {}}
        for section in (METRICS_KEY, SERIES_KEY):
            raw = manifest.get(section) or {}
            if not isinstance(raw, Mapping):
                continue
            for key, entry in raw.items():
                if isinstance(entry, Mapping):
                    metric = Metric.from_dict({"key": key, **entry})
                    tables[metric.daily][str(key)] = metric
        units = manifest.get(UNITS_KEY) or {}
        policies = manifest.get(POLICIES_KEY) or []
        return cls(tables[False], tables[True],
                   {str(k): str(v) for k, v in dict(units).items()},
                   [str(p) for p in policies])

    def metric(self, key: str) -> Metric | None:
        """The declaration of ``key`` (the summary metric if a daily series shares the key).

        The store's copy is preferred; else one declared in this process.
        """
        return self.metrics.get(key) or self.series.get(key) or METRICS.get(key)

    def report_metrics(self) -> list[str]:
        """Metric keys a report shows: headline first, then those flagged ``report``."""
        known = self.metrics.values() if self.metrics else METRICS.summaries()
        return [m.key for m in report_order(known)]

    def report_series(self) -> list[Metric]:
        """Daily series a report draws (declared ``report=True``), in declaration order.

        A store written before series could be declared for the report flags none: its
        series are then chosen by this process's declarations of the same keys.
        """
        chosen = report_series(self.series.values())
        if not chosen:
            stored = self.series
            chosen = [m for m in report_series(METRICS.series())
                      if not stored or m.key in stored]
        return chosen

    def headline(self) -> list[str]:
        """Headline metric keys in declaration order."""
        known = self.metrics.values() if self.metrics else METRICS.summaries()
        return [m.key for m in known if m.headline and not m.daily]
