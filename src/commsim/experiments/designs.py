"""Designs: which parameter values each design point gets, and the sensitivity analyses.

Grid and Latin hypercube designs use :mod:`itertools` and :mod:`scipy.stats.qmc`;
Sobol and Morris sampling and analysis are SALib's, not re-implemented. Sampling
happens on the unit hypercube and each factor maps it to its values through its
inverse CDF (:meth:`~commsim.experiments.factors.Factor.from_unit`), so the same
samples serve uniform, normal, triangular and discrete factors.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd

from commsim.experiments.factors import Design

SOBOL_COLUMNS = ("metric", "parameter", "S1", "S1_conf", "ST", "ST_conf")
MORRIS_COLUMNS = ("metric", "parameter", "mu_star", "mu_star_conf", "sigma")


def _problem(design: Design) -> dict[str, Any]:
    k = len(design.factors)
    return {"num_vars": k, "names": [f.key for f in design.factors], "bounds": [[0.0, 1.0]] * k}


def unit_sample(design: Design, seed: int) -> np.ndarray | None:
    """Sample the unit hypercube for a sampling design (None for grid and replications).

    Parameters
    ----------
    design : Design
        The design (kind ``lhs``, ``sobol`` or ``morris``).
    seed : int
        Sampling seed (the design's own seed, else the experiment's root seed).

    Returns
    -------
    numpy.ndarray or None
        One row per design point, one column per factor.

    """
    k = len(design.factors)
    if design.kind == "lhs":
        from scipy.stats import qmc

        return qmc.LatinHypercube(d=k, rng=np.random.default_rng(seed)).random(design.samples)
    if design.kind == "sobol":
        from SALib.sample import sobol

        return sobol.sample(_problem(design), design.samples,
                            calc_second_order=design.second_order, scramble=True, seed=seed)
    if design.kind == "morris":
        from SALib.sample import morris

        return morris.sample(_problem(design), design.samples, num_levels=design.levels,
                             seed=seed)
    return None


def points(design: Design, seed: int) -> tuple[list[dict[str, Any]], np.ndarray | None]:
    """The parameter values of every design point.

    Returns
    -------
    tuple
        ``(values, unit)``: one dict of factor values per point, and the unit
        hypercube sample they came from (None for grid and replications).

    """
    if design.kind == "replications":
        return [{}], None
    if design.kind == "grid":
        keys = [f.key for f in design.factors]
        levels = [f.grid() for f in design.factors]
        return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*levels)], None
    if design.kind == "table":  # explicit points: the i-th value of every factor
        keys = [f.key for f in design.factors]
        rows = zip(*(f.values or () for f in design.factors), strict=True)
        return [dict(zip(keys, row, strict=True)) for row in rows], None
    unit = unit_sample(design, seed)
    assert unit is not None
    columns = [f.from_unit(unit[:, j]) for j, f in enumerate(design.factors)]
    keys = [f.key for f in design.factors]
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)], unit


def analyze_sobol(design: Design, outputs: dict[str, np.ndarray], seed: int) -> pd.DataFrame:
    """First-order and total Sobol indices with 95 % confidence intervals (SALib).

    Parameters
    ----------
    design : Design
        The Sobol design the outputs were computed on.
    outputs : dict
        Metric name -> output per design point (in sample order).
    seed : int
        Seed of SALib's bootstrap.

    Returns
    -------
    pandas.DataFrame
        Columns ``metric, parameter, S1, S1_conf, ST, ST_conf``.

    """
    from SALib.analyze import sobol

    rows = []
    problem = _problem(design)
    for metric, y in outputs.items():
        y = np.asarray(y, dtype=float)
        if not np.all(np.isfinite(y)) or np.ptp(y) == 0:
            res = None
        else:
            res = sobol.analyze(problem, y, calc_second_order=design.second_order,
                                conf_level=0.95, print_to_console=False, seed=seed)
        for j, name in enumerate(problem["names"]):
            if res is None:
                rows.append((metric, name, np.nan, np.nan, np.nan, np.nan))
            else:
                rows.append((metric, name, float(res["S1"][j]), float(res["S1_conf"][j]),
                             float(res["ST"][j]), float(res["ST_conf"][j])))
    return pd.DataFrame(rows, columns=list(SOBOL_COLUMNS))


def analyze_morris(design: Design, unit: np.ndarray, outputs: dict[str, np.ndarray],
                   seed: int) -> pd.DataFrame:
    """Morris elementary-effect statistics mu* (with 95 % CI) and sigma (SALib).

    Effects are per unit of the normalised factor range, so factors are comparable.

    Returns
    -------
    pandas.DataFrame
        Columns ``metric, parameter, mu_star, mu_star_conf, sigma``.

    """
    from SALib.analyze import morris

    rows = []
    problem = _problem(design)
    for metric, y in outputs.items():
        y = np.asarray(y, dtype=float)
        if not np.all(np.isfinite(y)):
            res = None
        else:
            res = morris.analyze(problem, unit, y, num_levels=design.levels, conf_level=0.95,
                                 print_to_console=False, seed=seed)
        for j, name in enumerate(problem["names"]):
            if res is None:
                rows.append((metric, name, np.nan, np.nan, np.nan))
            else:
                rows.append((metric, name, float(res["mu_star"][j]),
                             float(res["mu_star_conf"][j]), float(res["sigma"][j])))
    return pd.DataFrame(rows, columns=list(MORRIS_COLUMNS))
