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

import numpy as np
import pandas as pd
from scipy import stats

from commsim.inference import Samples, by_replication

#: Ratios reported: (name, effect metric, sign of the effect, unit).
MEASURES: tuple[tuple[str, str, int, str], ...] = (
    ("yuan_per_overtime_hour_avoided", "overtime_hours", -1, "yuan per h avoided"),
    ("yuan_per_satisfied_household_gained", "satisfied_households", 1,
     "yuan per household gained"),
)
#: Columns of a cost-effectiveness table.
COLUMNS: tuple[str, ...] = ("scenario", "measure", "cost_diff", "effect_diff", "ratio",
                            "ci_low", "ci_high")


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


def table(
    runs: pd.DataFrame, baseline: str | None = None, confidence: float = 0.95,
    scenarios: Sequence[str] | None = None, cost: str = "cost_yuan",
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
        Cost metric.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, one row per non-reference scenario and measure;
        empty if a needed metric is missing.

    """
    needed = [cost] + [m[1] for m in MEASURES]
    if any(col not in runs for col in needed):
        return pd.DataFrame(columns=list(COLUMNS))
    order, base, wide = by_replication(runs, needed, scenarios, baseline)
    rows = []
    for scenario in order:
        if scenario == base or base not in wide[cost] or scenario not in wide[cost]:
            continue
        for name, effect, sign, _unit in MEASURES:
            rows.append((scenario, name, *paired_ratio(
                wide[cost][scenario].to_numpy(), wide[cost][base].to_numpy(),
                wide[effect][scenario].to_numpy(), wide[effect][base].to_numpy(), sign,
                confidence)))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def format_table(frame: pd.DataFrame, baseline: str) -> str:
    """Render a cost-effectiveness table as text (empty string if there is nothing)."""
    if frame.empty:
        return ""
    units = {m[0]: m[3] for m in MEASURES}
    width = max([len("scenario")] + [len(s) for s in frame["scenario"]])
    lines = [f"cost-effectiveness vs {baseline} (full social cost, cost_yuan)"]
    for measure, part in frame.groupby("measure", sort=False):
        lines.append(f"  {measure} ({units.get(str(measure), '')})")
        lines.append(f"    {'scenario':<{width}}  {'diff cost':>12}  {'effect':>10}  "
                     f"{'ratio':>10}  {'95% CI':>25}")
        for row in part.itertuples(index=False):
            ci = ("n/a (effect CI includes 0)" if math.isnan(row.ci_low)
                  else f"[{row.ci_low:,.1f}, {row.ci_high:,.1f}]")
            lines.append(f"    {row.scenario:<{width}}  {row.cost_diff:>+12,.0f}  "
                         f"{row.effect_diff:>+10,.1f}  {row.ratio:>10,.1f}  {ci:>25}")
    lines.append("  Paired by replication; delta-method CI of the ratio of mean differences. "
                 "A negative ratio: cheaper and better, or dearer and worse (see the signs).")
    return "\n".join(lines)
