"""Cost-effectiveness against a reference scenario, paired by replication.

For a scenario ``x`` and the reference ``b``, replication ``k`` gives a cost
difference ``Δc_k = cost_k(x) - cost_k(b)`` and an effect ``Δe_k`` (overtime hours
avoided, ``overtime_k(b) - overtime_k(x)``; satisfied households gained,
``sat_k(x) - sat_k(b)``). The incremental cost-effectiveness ratio is the ratio of
the paired means ``R = mean(Δc) / mean(Δe)`` (yuan per unit of effect); its
confidence interval comes from the delta method (first-order Taylor expansion of
the ratio of two correlated means):

``Var(R) ≈ (s_c² - 2 R s_ce + R² s_e²) / (n · mean(Δe)²)``

with the sample (co)variances of the paired differences and a t quantile with
``n - 1`` degrees of freedom. When the effect's own confidence interval contains
zero the ratio is unbounded and its interval is reported as missing (NaN).
Read the ratio together with the two differences: a negative ratio means either
cheaper and better (the policy dominates) or dearer and worse (it is dominated).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from commsim.analysis.inference import Samples, by_replication, mean_ci
from commsim.core.i18n import VALUES_ZH


class Measure(NamedTuple):
    """One cost-effectiveness ratio: its name, effect metric, sign and unit."""

    name: str
    effect: str
    sign: int
    unit: str
    per_year: bool  # the effect is a level (not divided by the window's years)


#: Ratios reported. Costs are yuan a year. Overtime hours are a flow over the window, so
#: the effect is taken per year of the window too (yuan per hour avoided); satisfied
#: households are a level (a time average): yuan a year for each household kept satisfied.
MEASURES: tuple[Measure, ...] = (
    Measure("yuan_per_overtime_hour_avoided", "overtime_hours", -1, "yuan per h avoided",
            False),  # flow: effect per year
    Measure("yuan_per_satisfied_household_gained", "satisfied_households", 1,
            "yuan a year per satisfied household gained", True),
)
#: Columns of a cost-effectiveness table (``cost_effectiveness.parquet`` of a store).
COLUMNS: tuple[str, ...] = (
    "scenario", "measure", "n", "cost_diff", "cost_ci_low", "cost_ci_high", "effect_diff",
    "effect_ci_low", "effect_ci_high", "ratio", "ci_low", "ci_high", "reading")

def paired_ratio(
    cost: Samples, cost_ref: Samples, effect: Samples, effect_ref: Samples, sign: int = 1,
    confidence: float = 0.95,
) -> tuple[float, float, float, float, float]:
    """Ratio of paired mean differences with a delta-method confidence interval.

    Parameters
    ----------
    cost, cost_ref : sequence of float
        Cost of the scenario and of the reference, aligned by replication.
    effect, effect_ref : sequence of float
        Effect metric of the scenario and of the reference, aligned likewise.
    sign : {1, -1}
        ``1``: the effect is ``effect - effect_ref`` (a gain); ``-1``: it is
        ``effect_ref - effect`` (something avoided).
    confidence : float
        Confidence level.

    Returns
    -------
    tuple of float
        ``(mean cost difference, mean effect, ratio, low, high)``; the bounds are
        NaN with fewer than two complete pairs or when the effect's interval
        contains zero.

    Examples
    --------
    >>> paired_ratio([110, 120, 130], [100, 100, 100], [8, 6, 4], [10, 10, 10], sign=-1)[2]
    5.0

    """
    arrays = [np.asarray(a, dtype=float) for a in (cost, cost_ref, effect, effect_ref)]
    if len({a.shape for a in arrays}) != 1:
        raise ValueError("paired samples must have the same length")
    keep = np.logical_and.reduce([np.isfinite(a) for a in arrays])
    dc = (arrays[0] - arrays[1])[keep]
    de = sign * (arrays[2] - arrays[3])[keep]
    n = dc.size
    if n == 0:
        return math.nan, math.nan, math.nan, math.nan, math.nan
    mc, me = float(dc.mean()), float(de.mean())
    ratio = mc / me if me != 0 else math.nan
    if n < 2 or me == 0:
        return mc, me, ratio, math.nan, math.nan
    t = float(stats.t.ppf(0.5 + confidence / 2, n - 1))
    cov = np.cov(dc, de, ddof=1)
    if abs(me) <= t * math.sqrt(cov[1, 1] / n):
        return mc, me, ratio, math.nan, math.nan
    var = (cov[0, 0] - 2 * ratio * cov[0, 1] + ratio**2 * cov[1, 1]) / (n * me**2)
    half = t * math.sqrt(max(var, 0.0))
    return mc, me, ratio, ratio - half, ratio + half


def reading(cost: tuple[float, float, float], effect: tuple[float, float, float]) -> str:
    """Plain-language reading of a paired cost difference and effect, each ``(mean, lo, hi)``.

    An interval that contains 0 counts as no difference; the ratio is only meaningful
    when the effect differs from 0.

    Examples
    --------
    >>> reading((-5.0, -8.0, -2.0), (3.0, 1.0, 5.0))
    'dominant: cheaper and better'
    >>> reading((4.0, 1.0, 7.0), (0.5, -1.0, 2.0))
    'no effect distinguishable from 0: ratio not estimable'

    """
    def sign(mean: float, low: float, high: float) -> int:
        if math.isnan(mean):
            return 0
        if math.isnan(low) or math.isnan(high):  # one pair, or no spread at all
            return (mean > 0) - (mean < 0)
        return 1 if low > 0 else -1 if high < 0 else 0

    c, e = sign(*cost), sign(*effect)
    if e == 0:
        return "no effect distinguishable from 0: ratio not estimable"
    return {(-1, 1): "dominant: cheaper and better",
            (0, 1): "better at no distinguishable extra cost",
            (1, 1): "better at extra cost (trade-off)",
            (-1, -1): "cheaper but worse (trade-off)",
            (0, -1): "worse at no distinguishable cost difference",
            (1, -1): "dominated: dearer and worse"}[(c, e)]


def table(
    runs: pd.DataFrame, baseline: str | None = None, confidence: float = 0.95,
    scenarios: Sequence[str] | None = None, cost: str = "cost_yuan", years: float = 1.0,
) -> pd.DataFrame:
    """Cost-effectiveness of every scenario against ``baseline``.

    Parameters
    ----------
    runs : pandas.DataFrame
        One row per run with ``scenario``, ``replication``, optional ``status``
        (only ``"ok"`` rows count), ``cost`` and the effect metrics of
        :data:`MEASURES`.
    baseline : str, optional
        Reference scenario (default: the first).
    confidence : float
        Confidence level.
    scenarios : sequence of str, optional
        Scenario order (default: order of first appearance).
    cost : str
        Cost metric, yuan a year.
    years : float
        Length of the measured window in years: effects that are flows over the
        window (not ``per_year``) are divided by it.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, one row per non-reference scenario and measure, with
        the paired mean cost difference and effect and their confidence intervals, the
        ratio with its delta-method interval (NaN when the effect's interval contains 0,
        or the effect is exactly 0) and a :func:`reading`; empty if a needed metric is
        missing.

    """
    needed = [cost] + [m.effect for m in MEASURES]
    if any(col not in runs for col in needed):
        return pd.DataFrame(columns=list(COLUMNS))
    order, base, wide = by_replication(runs, needed, scenarios, baseline)
    rows = []
    for scenario in order:
        if scenario == base or base not in wide[cost] or scenario not in wide[cost]:
            continue
        for m in MEASURES:
            scale = 1.0 if m.per_year else 1.0 / years
            c, c_ref = (wide[cost][s].to_numpy(dtype=float) for s in (scenario, base))
            e, e_ref = (scale * wide[m.effect][s].to_numpy(dtype=float)
                        for s in (scenario, base))
            dc, de, ratio, low, high = paired_ratio(c, c_ref, e, e_ref, m.sign, confidence)
            keep = np.isfinite(c) & np.isfinite(c_ref) & np.isfinite(e) & np.isfinite(e_ref)
            cost_ci = mean_ci((c - c_ref)[keep], confidence)
            effect_ci = mean_ci((m.sign * (e - e_ref))[keep], confidence)
            rows.append((scenario, m.name, int(keep.sum()), dc, *cost_ci[1:], de,
                         *effect_ci[1:], ratio, low, high, reading(cost_ci, effect_ci)))
    return pd.DataFrame(rows, columns=list(COLUMNS))


#: Words of the text table (:func:`format_table`).
WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Cost-effectiveness against {base} (full social cost, yuan a year)",
              "zh": "成本效益(相对{base},按全社会成本,元/年)"},
    **{m.name: {"en": m.unit.replace("yuan per h", "yuan per overtime hour"),
                "zh": VALUES_ZH[m.name]} for m in MEASURES},
    "scenario": {"en": "scenario", "zh": "情景"},
    "cost": {"en": "cost diff", "zh": "成本差"},
    "effect": {"en": "effect", "zh": "效果"},
    "ratio": {"en": "ratio", "zh": "比值"},
    "ci": {"en": "95% CI", "zh": "95%置信区间"},
    "reading": {"en": "reading", "zh": "解读"},
    "note": {"en": "Paired by replication; delta-method CI of the ratio of mean differences. "
                   "A negative ratio: cheaper and better, or dearer and worse (see the "
                   "reading).",
             "zh": "按重复运行配对;比值的置信区间用德尔塔法。比值为负表示更省钱且更好,"
                   "或更贵且更差(见解读)。"},
}


def format_table(frame: pd.DataFrame, baseline: str, *, lang: str = "en",
                 wide: bool = False) -> list[str]:
    """Lines of a cost-effectiveness table as text (none if there is nothing).

    By default each measure shows the scenario, the ratio, its interval and the reading,
    which fits 100 terminal columns; ``wide`` adds the cost difference and the effect.
    """
    from commsim.core.i18n import missing, phrase, render_table, scenario_name, value_name, wrap

    if frame.empty:
        return []
    lines = [phrase(WORDS, "title", lang, base=scenario_name(baseline, lang))]
    head = [phrase(WORDS, k, lang) for k in ("scenario", *(("cost", "effect") if wide else ()),
                                             "ratio", "ci", "reading")]
    for measure, part in frame.groupby("measure", sort=False):
        lines.append("  " + phrase(WORDS, str(measure), lang))
        rows = []
        for row in part.itertuples(index=False):
            ci = (missing(lang) if math.isnan(row.ci_low)
                  else f"[{row.ci_low:,.1f}, {row.ci_high:,.1f}]")
            extra = [f"{row.cost_diff:+,.0f}", f"{row.effect_diff:+,.1f}"] if wide else []
            rows.append([scenario_name(str(row.scenario), lang), *extra,
                         f"{row.ratio:,.1f}", ci, value_name(row.reading, lang)])
        left = [True, *([False] * (len(head) - 2)), True]
        lines += ["    " + line for line in render_table(head, rows, left)]
    lines += wrap(phrase(WORDS, "note", lang), 100 if not wide else 10_000, "  ")
    return lines
