"""``--by community`` on ``commsim run`` and ``commsim compare``: a ranked table per community.

Communities are ranked worst first on overtime per cadre-week; with a comparison,
each scenario's block shows the paired difference against the baseline for the
same community (same replications, common random numbers). Names may be Chinese:
columns are padded by terminal width (:func:`commsim.core.i18n.display_width`), not by
characters, so they stay aligned.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from commsim.core.i18n import render_table, scenario_name, unit_name, wrap
from commsim.core.metrics import METRICS, Metric, format_number

if TYPE_CHECKING:  # pandas and the ranking load only when a table is printed (fast --help)
    import pandas as pd

#: Choices of ``--by``.
BY_CHOICES: tuple[str, ...] = ("street", "community")
#: The metric communities are ranked on (``community_ranking.RANK_METRIC``).
RANK_METRIC = "overtime_hours_per_cadre_week"
#: Metrics with a paired difference column in a comparison (the rest show means only).
DIFF_METRICS: tuple[str, ...] = (RANK_METRIC, "resident_satisfaction", "turnover_rate")

_HEAD = {
    "rank": {"en": "#", "zh": "#"}, "name": {"en": "community", "zh": "社区"},
    "kind": {"en": "kind", "zh": "类型"}, "households": {"en": "households", "zh": "户数"},
    "cadre_posts": {"en": "posts", "zh": "职数"}, "diff": {"en": "vs {base}", "zh": "较{base}"},
    "title": {"en": "Communities ranked worst first on {label}",
              "zh": "各社区按{label}排序(最差在前)"},
    "scenario": {"en": "scenario {name}", "zh": "情景 {name}"},
    "end": {"en": "(end of run)", "zh": "(期末)"},
    "urban": {"en": "urban", "zh": "城市社区"}, "town": {"en": "town", "zh": "城镇社区"},
    "village": {"en": "village", "zh": "村"},
    "note": {"en": "Means over {n} replication(s).", "zh": "{n}次重复运行的均值。"},
    "paired": {"en": "Differences are paired with the baseline by community and replication, "
                     "with 95% CIs.",
               "zh": "差值按社区与重复运行与基线配对,附95%置信区间。"},
}


def add_by_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--by street|community`` to a command."""
    parser.add_argument("--by", choices=BY_CHOICES, default="street",
                        help="street: street-level results (default); community: also a "
                             "table of communities ranked worst first on overtime")


def _say(key: str, lang: str, **fields: object) -> str:
    entry = _HEAD[key]
    return entry.get(lang, entry["en"]).format(**fields)


def _kind(kind: str, lang: str) -> str:
    return _say(kind, lang) if kind in ("urban", "town", "village") else kind or "-"


def _label(metric: Metric | None, key: str, lang: str) -> str:
    if metric is None:
        return key
    label = metric.label_zh if lang == "zh" and metric.label_zh else metric.label
    return f"{label} {_say('end', lang)}" if metric.daily else label


def _fmt(metric: Metric | None, value: object, signed: bool = False) -> str:
    number = None if value is None else float(value)  # type: ignore[arg-type]
    if metric is not None:
        return metric.format(number, signed=signed)
    return format_number(number, signed=signed)


def _diff(metric: Metric | None, row: pd.Series, key: str) -> str:
    mean = row.get(f"diff.{key}")
    low, high = row.get(f"diff_low.{key}"), row.get(f"diff_high.{key}")
    text = _fmt(metric, mean, signed=True)
    if low is None or high is None or math.isnan(float(low)):
        return text
    return f"{text} [{_fmt(metric, low, signed=True)}, {_fmt(metric, high, signed=True)}]"


def format_ranking(table: pd.DataFrame, *, baseline: str | None = None, lang: str = "en",
                   declarations: dict[str, Metric] | None = None, wide: bool = True) -> str:
    """The ranked per-community table of :func:`commsim.analysis.community_ranking.ranking`.

    One block per scenario; with a ``baseline``, the blocks show :data:`DIFF_METRICS` and
    the other scenarios' blocks add their paired difference from it. In a comparison
    that is not ``wide``, only the ranking metric is shown, so a block fits 100 columns.
    """
    if table.empty:
        return ""
    known = declarations or {}
    metrics = [k for k in table.columns if f"ci_low.{k}" in table.columns]
    if baseline is not None and table["scenario"].nunique() > 1:
        # a comparison: only the metrics with a paired difference, so a block fits a screen
        shown = DIFF_METRICS if wide else (RANK_METRIC,)
        metrics = [k for k in metrics if k in shown] or metrics
    first = known.get(RANK_METRIC) or METRICS.get(RANK_METRIC)
    lines = [_say("title", lang, label=_label(first, RANK_METRIC, lang))]
    for scenario, part in table.groupby("scenario", sort=False):
        compared = baseline is not None and scenario != baseline and \
            f"diff.{RANK_METRIC}" in part.columns
        headers = [_say(k, lang) for k in ("rank", "name", "kind", "households", "cadre_posts")]
        left = [False, True, True, False, False]
        for key in metrics:
            headers.append(_label(known.get(key) or METRICS.get(key), key, lang))
            left.append(False)
            if compared and key in DIFF_METRICS:
                headers.append(_say("diff", lang, base=scenario_name(str(baseline), lang)))
                left.append(False)
        rows = []
        for _, row in part.iterrows():
            cells = [str(int(row["rank"])), str(row.get("name", row.get("community"))),
                     _kind(str(row.get("kind", "") or ""), lang),
                     f"{int(row['households']):,}",
                     str(int(row["cadre_posts"]))]
            for key in metrics:
                metric = known.get(key) or METRICS.get(key)
                cells.append(_fmt(metric, row[key]))
                if compared and key in DIFF_METRICS:
                    cells.append(_diff(metric, row, key))
            rows.append(cells)
        lines += ["", _say("scenario", lang, name=scenario_name(str(scenario), lang)),
                  *render_table(headers, rows, left)]
    units = []
    for key in metrics:
        metric = known.get(key) or METRICS.get(key)
        if metric is not None:
            units.append(f"{_label(metric, key, lang)}: {unit_name(metric.unit, lang)}")
    n = int(table["replications"].max()) if "replications" in table else 1
    note = _say("note", lang, n=n)
    if baseline is not None and table["scenario"].nunique() > 1:
        note += " " + _say("paired", lang)
    width = 10_000 if wide else 100
    lines += ["", *wrap("; ".join(units), width), *wrap(note, width)]
    return "\n".join(lines)


def print_ranking(community: pd.DataFrame | None, *, baseline: str | None = None,
                  scenarios: Sequence[str] | None = None, lang: str = "en",
                  declarations: dict[str, Metric] | None = None, wide: bool = True) -> None:
    """Rank a community table and print it (nothing if the runs kept no community rows)."""
    if community is None or community.empty:
        return
    from commsim.analysis.community_ranking import ranking, shown_metrics

    table = ranking(community, baseline=baseline, scenarios=scenarios,
                    metrics=shown_metrics(community), declarations=declarations)
    print()
    print(format_ranking(table, baseline=baseline, lang=lang, declarations=declarations,
                         wide=wide))
