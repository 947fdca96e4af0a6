"""Robustness metrics (after McPhail et al. 2018, Earth's Future 6:169-191).

Every function takes a tidy table with one row per (world, policy) and one column
per metric, and returns plain tables:

- :func:`regret`: each policy's shortfall against the best policy in the same world
  (direction from the metric declarations: ``better = "lower"`` or ``"higher"``);
- :func:`regret_summary`: minimax (largest) and 90th-percentile regret per policy and
  metric, with bootstrap confidence intervals over worlds;
- :func:`satisficing`: the share of worlds where a policy meets every threshold (and
  each threshold alone), with an exact (Clopper-Pearson) or Wilson interval, which
  stays in [0, 1];
- :func:`rank_stability`: the share of bootstrap resamples of the worlds in which each
  policy ranks first.

>>> import pandas as pd
>>> t = pd.DataFrame({"world": [0, 0, 1, 1], "policy": ["a", "b", "a", "b"],
...                   "cost": [1.0, 3.0, 5.0, 4.0]})
>>> regret(t, ["cost"], directions={"cost": "lower"})["regret"].tolist()
[0.0, 2.0, 1.0, 0.0]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

WORLD, POLICY = "world", "policy"


@dataclass(frozen=True)
class Threshold:
    """A planner's requirement on one metric: ``low <= value <= high``.

    Attributes
    ----------
    metric : str
        Summary metric.
    low, high : float, optional
        Smallest and largest acceptable value (``None``: no bound on that side).

    """

    metric: str
    low: float | None = None
    high: float | None = None

    def met(self, values: pd.Series | np.ndarray) -> np.ndarray:
        """Boolean array: which values meet the threshold (a missing value does not)."""
        arr = np.asarray(values, dtype=float)
        ok = np.isfinite(arr)
        if self.low is not None:
            ok &= arr >= self.low
        if self.high is not None:
            ok &= arr <= self.high
        return ok

    def __str__(self) -> str:
        parts = []
        if self.low is not None:
            parts.append(f"{self.metric} >= {self.low:g}")
        if self.high is not None:
            parts.append(f"{self.metric} <= {self.high:g}")
        return " and ".join(parts) or f"{self.metric} (any value)"


def directions_of(metrics: Sequence[str]) -> dict[str, str]:
    """``better`` of each metric from its declaration in :mod:`commsim.core.metrics`.

    Raises
    ------
    ValueError
        A metric is undeclared or has no better direction (``"neither"``).

    """
    import commsim.model  # noqa: F401  (declares the core summary metrics)
    from commsim.core.metrics import METRICS

    out: dict[str, str] = {}
    for m in metrics:
        decl = METRICS.get(m)
        if decl is None or decl.better == "neither":
            raise ValueError(f"metric {m!r} has no better direction; regret needs lower/higher")
        out[m] = decl.better
    return out


def _directions(metrics: Sequence[str], directions: Mapping[str, str] | None) -> dict[str, str]:
    found = dict(directions) if directions is not None else directions_of(metrics)
    for m in metrics:
        if found.get(m) not in ("lower", "higher"):
            raise ValueError(f"metric {m!r}: direction must be 'lower' or 'higher'")
    return found


def regret(table: pd.DataFrame, metrics: Sequence[str], *,
           directions: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Regret of every policy in every world, per metric.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``world``, ``policy`` and one per metric (one row per world and policy).
    metrics : sequence of str
        Metrics to compute regret for.
    directions : mapping, optional
        Metric -> ``"lower"`` or ``"higher"`` (default: the metric declarations).

    Returns
    -------
    pandas.DataFrame
        Columns ``world, policy, metric, value, best, regret``: ``best`` is the best
        value any policy reached in that world; ``regret = |value - best| >= 0``.

    """
    dirs = _directions(metrics, directions)
    frames = []
    for m in metrics:
        part = table[[WORLD, POLICY, m]].rename(columns={m: "value"}).copy()
        grouped = part.groupby(WORLD)["value"]
        part["best"] = grouped.transform("min" if dirs[m] == "lower" else "max")
        part["regret"] = (part["value"] - part["best"]).abs()
        part.insert(2, "metric", m)
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def _matrix(long: pd.DataFrame, column: str) -> pd.DataFrame:
    """Worlds x policies matrix of ``column`` (one metric)."""
    return long.pivot(index=WORLD, columns=POLICY, values=column).sort_index()


def _boot_indices(n: int, n_boot: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, n, size=(n_boot, n))


def regret_summary(regrets: pd.DataFrame, *, quantile: float = 0.9, n_boot: int = 1000,
                   confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Minimax and percentile regret per policy and metric, with bootstrap intervals.

    Parameters
    ----------
    regrets : pandas.DataFrame
        Output of :func:`regret`.
    quantile : float
        Percentile of regret over worlds reported besides the maximum (0.9).
    n_boot : int
        Bootstrap resamples of the worlds.
    confidence : float
        Level of the percentile bootstrap intervals.
    seed : int
        Seed of the resampling.

    Returns
    -------
    pandas.DataFrame
        Columns ``metric, policy, worlds, mean_regret, mean_low, mean_high, max_regret,
        pct_regret, pct_low, pct_high, minimax`` (``minimax`` marks the policy with the
        smallest largest regret for that metric).

    """
    alpha = (1 - confidence) / 2
    rows = []
    for metric, part in regrets.groupby("metric", sort=False):
        mat = _matrix(part, "regret")
        values = mat.to_numpy(dtype=float)
        idx = _boot_indices(len(mat), n_boot, seed)
        boot = values[idx]  # n_boot x worlds x policies
        boot_mean = np.nanmean(boot, axis=1)
        boot_pct = np.nanquantile(boot, quantile, axis=1)
        maxima = np.nanmax(values, axis=0)
        for j, pol in enumerate(mat.columns):
            rows.append({
                "metric": metric, "policy": pol, "worlds": int(np.isfinite(values[:, j]).sum()),
                "mean_regret": float(np.nanmean(values[:, j])),
                "mean_low": float(np.quantile(boot_mean[:, j], alpha)),
                "mean_high": float(np.quantile(boot_mean[:, j], 1 - alpha)),
                "max_regret": float(maxima[j]),
                "pct_regret": float(np.nanquantile(values[:, j], quantile)),
                "pct_low": float(np.quantile(boot_pct[:, j], alpha)),
                "pct_high": float(np.quantile(boot_pct[:, j], 1 - alpha)),
                "minimax": bool(maxima[j] == np.nanmin(maxima)),
            })
    return pd.DataFrame(rows)


def meets(table: pd.DataFrame, thresholds: Sequence[Threshold]) -> pd.Series:
    """Boolean series: whether each row meets every threshold."""
    ok = np.ones(len(table), dtype=bool)
    for t in thresholds:
        ok &= t.met(table[t.metric])
    return pd.Series(ok, index=table.index, name="meets")


def share_ci(successes: int, trials: int, confidence: float = 0.95,
             method: str = "exact") -> tuple[float, float]:
    """Confidence interval of a share, inside [0, 1].

    Parameters
    ----------
    successes, trials : int
        Counts.
    confidence : float
        Confidence level.
    method : {"exact", "wilson"}
        Clopper-Pearson (exact) or Wilson score interval.

    Returns
    -------
    tuple of float
        ``(low, high)``; ``(nan, nan)`` with no trials.

    """
    if trials <= 0:
        return float("nan"), float("nan")
    ci = stats.binomtest(int(successes), int(trials)).proportion_ci(confidence, method)
    return max(0.0, float(ci.low)), min(1.0, float(ci.high))


def satisficing(table: pd.DataFrame, thresholds: Sequence[Threshold], *,
                confidence: float = 0.95, method: str = "exact") -> pd.DataFrame:
    """Share of worlds in which each policy meets every threshold, and each one alone.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``policy`` and one per thresholded metric (one row per world and policy).
    thresholds : sequence of Threshold
        The planner's requirements (at most one per metric).
    confidence : float
        Level of the intervals.
    method : {"exact", "wilson"}
        Interval of every share (:func:`share_ci`).

    Returns
    -------
    pandas.DataFrame
        Columns ``policy, worlds, met, share, ci_low, ci_high`` (every threshold at once),
        then per threshold on metric ``m``: ``met_m, share_m, ci_low_m, ci_high_m`` (that
        threshold alone, so the smallest share shows which threshold binds); best
        overall share first.

    """
    flags = table[[POLICY]].assign(meets=meets(table, thresholds).to_numpy())
    for t in thresholds:
        flags[f"met_{t.metric}"] = t.met(table[t.metric])
    rows = []
    for pol, part in flags.groupby(POLICY, sort=False):
        n = len(part)
        row: dict[str, object] = {"policy": pol, "worlds": n}
        for suffix, column in [("", "meets"), *((f"_{t.metric}", f"met_{t.metric}")
                                                for t in thresholds)]:
            k = int(part[column].sum())
            low, high = share_ci(k, n, confidence, method)
            row.update({f"met{suffix}": k, f"share{suffix}": k / n if n else np.nan,
                        f"ci_low{suffix}": low, f"ci_high{suffix}": high})
        rows.append(row)
    out = pd.DataFrame(rows)
    return out.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)


def rank_stability(matrix: pd.DataFrame, statistic: Callable[[np.ndarray], np.ndarray], *,
                   better: str = "lower", n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Share of bootstrap resamples of the worlds in which each policy ranks first.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Worlds x policies (e.g. regret of one metric, or 1/0 for meeting thresholds).
    statistic : callable
        Maps a worlds x policies array to one score per policy (e.g. a column mean or
        ``lambda a: numpy.quantile(a, 0.9, axis=0)``).
    better : {"lower", "higher"}
        Whether the lowest or the highest score ranks first. Ties share the resample.
    n_boot : int
        Resamples.
    seed : int
        Seed of the resampling.

    Returns
    -------
    pandas.DataFrame
        Columns ``policy, score, share_first, mean_rank``, most often first on top.

    """
    values = matrix.to_numpy(dtype=float)
    sign = 1.0 if better == "lower" else -1.0
    first = np.zeros(values.shape[1])
    ranks = np.zeros(values.shape[1])
    for idx in _boot_indices(len(values), n_boot, seed):
        score = sign * np.asarray(statistic(values[idx]), dtype=float)
        winners = np.isclose(score, np.nanmin(score), rtol=1e-12, atol=1e-12)
        first += winners / winners.sum()
        ranks += stats.rankdata(score, method="average")
    out = pd.DataFrame({
        "policy": list(matrix.columns),
        "score": np.asarray(statistic(values), dtype=float),
        "share_first": first / n_boot,
        "mean_rank": ranks / n_boot,
    })
    return out.sort_values(["share_first", "mean_rank"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


def regret_matrix(regrets: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Worlds x policies regret of one metric (input of :func:`rank_stability`)."""
    return _matrix(regrets[regrets["metric"] == metric], "regret")


def satisficing_matrix(table: pd.DataFrame, thresholds: Sequence[Threshold]) -> pd.DataFrame:
    """Worlds x policies 1/0 matrix: whether the policy meets every threshold there."""
    flags = table[[WORLD, POLICY]].assign(meets=meets(table, thresholds).astype(float).to_numpy())
    return _matrix(flags, "meets")
