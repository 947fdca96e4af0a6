"""History matching with a Gaussian-process emulator (Craig et al. 1997; Andrianakis et al. 2015).

The simulator is run on a space-filling design over the parameter ranges; a
Gaussian-process emulator per target (scikit-learn, Matern kernel plus a white-noise
term that absorbs the model's stochastic noise) predicts every target's mean and
variance anywhere in the ranges. The implausibility of a parameter set for a target
interval ``[low, high]`` is its predicted distance outside the interval in units of
the predictive standard deviation::

    I(theta) = max(low - mu, mu - high, 0) / sqrt(var_emulator + var_noise)

Sets with ``max over targets I < cutoff`` (3, after Pukelsheim's three-sigma rule) are
"not ruled out yet" (NROY). Each wave runs the simulator inside the current NROY space
and refits the emulators; the ensemble of plausible worlds is drawn from the final
NROY space and verified by running the simulator on it.

The driver is generic: ``evaluate(points, label)`` runs a table of parameter sets and
returns one row of target outputs per set, so the same code calibrates the model
(through the sweep engine, see :mod:`commsim.robust.calibrate`) and toy functions
whose true parameters are known (the tests).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from commsim.analysis.inference import wilson

#: ``evaluate(points, label) -> outputs``: one output row per point row (same order).
Evaluate = Callable[[pd.DataFrame, str], pd.DataFrame]


@dataclass(frozen=True)
class Range:
    """A calibrated parameter and its prior range (uniform)."""

    key: str
    low: float
    high: float
    integer: bool = False


@dataclass(frozen=True)
class Target:
    """A target interval for one output: ``low <= mean output <= high``."""

    metric: str
    low: float = -math.inf
    high: float = math.inf
    text: str = ""
    source: str = ""


@dataclass
class Calibration:
    """Outcome of :func:`history_match`.

    Attributes
    ----------
    ensemble : pandas.DataFrame
        The plausible worlds: ``world`` plus one column per parameter, the simulated
        target outputs (``out.<metric>``) and ``implausibility`` (largest over targets).
    runs : pandas.DataFrame
        Every design point of every wave with its outputs (``wave`` column).
    waves : list of dict
        Per wave: points run, the joint NROY volume as a share of the prior box
        (``nroy_share``, with its 95 % Monte-Carlo interval ``nroy_low``-``nroy_high``),
        cutoff.
    ranges, targets : lists
        What was calibrated against what.

    """

    ensemble: pd.DataFrame
    runs: pd.DataFrame
    waves: list[dict[str, float]] = field(default_factory=list)
    ranges: Sequence[Range] = ()
    targets: Sequence[Target] = ()

    def narrowing(self) -> pd.DataFrame:
        """Per parameter: prior range, ensemble range and the share of the prior it spans."""
        rows = []
        for r in self.ranges:
            col = self.ensemble[r.key]
            width = r.high - r.low
            rows.append({"parameter": r.key, "prior_low": r.low, "prior_high": r.high,
                         "low": float(col.min()), "high": float(col.max()),
                         "median": float(col.median()),
                         "share_of_prior": float((col.max() - col.min()) / width)
                         if width > 0 else math.nan})
        return pd.DataFrame(rows)

    def fit(self) -> pd.DataFrame:
        """Per target: interval and the ensemble's simulated mean, 5th and 95th percentile."""
        rows = []
        for t in self.targets:
            col = self.ensemble[f"out.{t.metric}"].astype(float)
            inside = ((col >= t.low) & (col <= t.high)).mean()
            rows.append({"metric": t.metric, "low": t.low, "high": t.high, "text": t.text,
                         "source": t.source, "mean": float(col.mean()),
                         "p05": float(col.quantile(0.05)), "p95": float(col.quantile(0.95)),
                         "share_inside": float(inside)})
        return pd.DataFrame(rows)


def _unit_to_params(unit: np.ndarray, ranges: Sequence[Range]) -> pd.DataFrame:
    data = {}
    for j, r in enumerate(ranges):
        x = r.low + unit[:, j] * (r.high - r.low)
        data[r.key] = np.round(x).astype(int) if r.integer else x
    return pd.DataFrame(data)


def _params_to_unit(frame: pd.DataFrame, ranges: Sequence[Range]) -> np.ndarray:
    return np.column_stack([(frame[r.key].to_numpy(float) - r.low) / (r.high - r.low)
                            for r in ranges])


class Emulator:
    """One Gaussian process per target output, on the unit cube of the parameters."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.models: dict[str, object] = {}
        self.noise: dict[str, float] = {}

    def fit(self, unit: np.ndarray, outputs: pd.DataFrame) -> Emulator:
        """Fit a GP (Matern 5/2 with ARD + white noise) to every output column."""
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.gaussian_process import GaussianProcessRegressor
        from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

        k = unit.shape[1]
        for metric in outputs.columns:
            y = outputs[metric].to_numpy(float)
            ok = np.isfinite(y)
            if ok.sum() < 3:
                raise RuntimeError(f"too few finished runs to emulate {metric} ({int(ok.sum())});"
                                   " see the error column of the batch's runs table")
            kernel = (ConstantKernel(1.0, (1e-3, 1e3))
                      * Matern(np.full(k, 0.5), (1e-2, 1e2), nu=2.5)
                      + WhiteKernel(0.1, (1e-8, 1.0)))
            gp = GaussianProcessRegressor(kernel, normalize_y=True, n_restarts_optimizer=2,
                                          random_state=self.seed)
            with warnings.catch_warnings():  # a flat likelihood is not an error here
                warnings.simplefilter("ignore", ConvergenceWarning)
                gp.fit(unit[ok], y[ok])
            self.models[metric] = gp
            white = gp.kernel_.k2.noise_level  # in normalised units
            self.noise[metric] = float(white) * float(np.var(y[ok]) or 1.0)
        return self

    def predict(self, unit: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Mean and variance (emulator plus noise) of every output at ``unit`` points."""
        out = {}
        for metric, gp in self.models.items():
            mean, sd = gp.predict(unit, return_std=True)  # type: ignore[attr-defined]
            out[metric] = (np.asarray(mean), np.asarray(sd) ** 2)
        return out


def implausibility(mean: np.ndarray, var: np.ndarray, target: Target) -> np.ndarray:
    """Distance of ``mean`` outside the target interval in predictive standard deviations."""
    dist = np.maximum.reduce([target.low - mean, mean - target.high, np.zeros_like(mean)])
    return dist / np.sqrt(np.maximum(var, 1e-12))


def max_implausibility(emulator: Emulator, unit: np.ndarray,
                       targets: Sequence[Target]) -> np.ndarray:
    """Largest implausibility over targets at each point."""
    pred = emulator.predict(unit)
    worst = np.zeros(len(unit))
    for t in targets:
        mean, var = pred[t.metric]
        worst = np.maximum(worst, implausibility(mean, var, t))
    return worst


def _lhs(n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    from scipy.stats import qmc

    return qmc.LatinHypercube(d=k, rng=rng).random(n)


def history_match(evaluate: Evaluate, ranges: Sequence[Range], targets: Sequence[Target], *,
                  waves: int = 3, runs_per_wave: int = 40, ensemble: int = 100,
                  cutoff: float = 3.0, candidates: int = 20000, seed: int = 0,
                  oversample: float = 1.3, verify_rounds: int = 3) -> Calibration:
    """Calibrate by history matching; return the ensemble of plausible worlds.

    Parameters
    ----------
    evaluate : callable
        ``evaluate(points, label)`` runs the simulator on each row of ``points`` (one
        column per parameter) and returns a frame with one column per target metric,
        rows in the same order. ``label`` names the batch (``wave-1``, ``ensemble``),
        so an evaluator can store and resume it.
    ranges : sequence of Range
        Calibrated parameters and their prior ranges.
    targets : sequence of Target
        Target intervals.
    waves : int
        Emulate-and-refocus waves before the ensemble is drawn.
    runs_per_wave : int
        Simulator runs per wave.
    ensemble : int
        Plausible worlds wanted.
    cutoff : float
        Implausibility cutoff.
    candidates : int
        Candidate points scored by the emulator per wave.
    seed : int
        Seed of every design and draw.
    oversample : float
        The ensemble is drawn ``oversample`` times larger and verified by simulation;
        the first ``ensemble`` sets whose simulated outputs are not implausible are kept.
    verify_rounds : int
        Verification batches drawn (``ensemble``, ``ensemble-2``, ...) until enough
        sets are accepted; the ensemble may be smaller if they are not.

    Returns
    -------
    Calibration

    """
    rng = np.random.default_rng(seed)
    k = len(ranges)
    runs: list[pd.DataFrame] = []
    history: list[dict[str, float]] = []
    emulators: list[Emulator] = []
    pool = _lhs(candidates, k, rng)

    def nroy(points: np.ndarray) -> np.ndarray:
        keep = np.ones(len(points), dtype=bool)
        for em in emulators:
            keep &= max_implausibility(em, points, targets) < cutoff
        return keep

    design = _lhs(runs_per_wave, k, rng)
    for wave in range(1, waves + 1):
        params = _unit_to_params(design, ranges)
        outputs = evaluate(params, f"wave-{wave}").reset_index(drop=True)
        runs.append(params.assign(wave=wave, **{f"out.{t.metric}": outputs[t.metric]
                                                for t in targets}))
        done = pd.concat(runs, ignore_index=True)
        unit_all = _params_to_unit(done, ranges)
        outs = pd.DataFrame({t.metric: done[f"out.{t.metric}"].to_numpy(float)
                             for t in targets})
        emulators = [Emulator(seed + wave).fit(unit_all, outs)]  # refit on everything so far
        pool = np.vstack([pool[nroy(pool)], _lhs(candidates, k, rng)])
        keep = nroy(pool)
        # the joint non-implausible volume, as a share of the prior box (Monte Carlo over
        # fresh points; the marginal ranges of the survivors overstate it)
        hits = int(nroy(_lhs(candidates, k, rng)).sum())
        low, high = wilson(hits, candidates)
        history.append({"wave": wave, "runs": len(params), "nroy_share": hits / candidates,
                        "nroy_low": low, "nroy_high": high, "cutoff": cutoff})
        pool = pool[keep]
        if len(pool) == 0:
            raise RuntimeError(f"history matching ruled out every parameter set in wave {wave}: "
                               "the targets cannot all be met within these ranges")
        if wave < waves:
            design = pool[rng.choice(len(pool), size=min(runs_per_wave, len(pool)),
                                     replace=False)]
    em = emulators[0]
    accepted: list[pd.DataFrame] = []
    n_ok = 0
    for attempt in range(1, verify_rounds + 1):
        draw = int(math.ceil((ensemble - n_ok) * oversample))
        chosen = pool[rng.choice(len(pool), size=draw, replace=len(pool) < draw)]
        params = _unit_to_params(chosen, ranges)
        label = "ensemble" if attempt == 1 else f"ensemble-{attempt}"
        outputs = evaluate(params, label).reset_index(drop=True)
        pred = em.predict(chosen)
        worst = np.zeros(len(params))
        for t in targets:
            y = outputs[t.metric].to_numpy(float)
            # a single stochastic run against the interval, in units of the emulator's
            # predictive sd there (which includes the run-to-run noise)
            worst = np.maximum(worst, np.where(np.isfinite(y),
                                               implausibility(y, pred[t.metric][1], t), np.inf))
        batch = params.assign(**{f"out.{t.metric}": outputs[t.metric] for t in targets},
                              implausibility=worst)
        batch = batch[batch["implausibility"] < cutoff]
        accepted.append(batch)
        n_ok += len(batch)
        history.append({"wave": waves + attempt, "runs": len(params), "nroy_share": math.nan,
                        "cutoff": cutoff, "accepted": float(len(batch))})
        if n_ok >= ensemble:
            break
    table = pd.concat(accepted, ignore_index=True).head(ensemble).reset_index(drop=True)
    table.insert(0, "world", np.arange(len(table)))
    return Calibration(table, pd.concat(runs, ignore_index=True), history, list(ranges),
                       list(targets))
