"""Scenario discovery: the conditions under which a policy fails its thresholds.

A thin wrapper around EMA Workbench's maintained PRIM and CART
(``ema_workbench.analysis.prim`` and ``cart``, Kwakkel 2017) that returns plain data:
box limits of the restricted dimensions, coverage (share of all failures inside the
box), density (share of the box's cases that fail), mass (share of all cases inside),
and the whole peeling trajectory, so the report and tests need no EMA objects.

>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(1)
>>> x = pd.DataFrame({"a": rng.random(400), "b": rng.random(400)})
>>> box = prim_box(x, (x["a"] > 0.5).to_numpy())
>>> round(box.limits["a"][0], 1), box.density
(0.5, 1.0)
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

TRAJECTORY_COLUMNS = ("step", "coverage", "density", "mass", "res_dim")
#: Random state of CART's trees: ties between equally good splits are broken the same
#: way in every run, so the same worlds give the same leaves.
CART_SEED = 0


def describe_limits(limits: Mapping[str, Sequence[float]], digits: int = 3, *,
                    conjunction: str = " and ", le: str = "<=", ge: str = ">=",
                    anywhere: str = "anywhere (no restriction)") -> str:
    """Box limits in words; unbounded sides (``±inf``) are left out.

    Parameters
    ----------
    limits : mapping
        Dimension -> ``(low, high)``.
    digits : int
        Significant digits of the bounds.
    conjunction, le, ge, anywhere : str
        The words joining the conditions, the comparison signs, and the text of a box
        without limits (other languages pass their own).

    Examples
    --------
    >>> describe_limits({"x": (0.5, float("inf"))}, le="≤", ge="≥")
    'x ≥ 0.5'

    """
    parts = []
    for key, (low, high) in limits.items():
        lo = None if not math.isfinite(low) else f"{low:.{digits}g}"
        hi = None if not math.isfinite(high) else f"{high:.{digits}g}"
        if lo and hi:
            parts.append(f"{lo} {le} {key} {le} {hi}")
        elif lo:
            parts.append(f"{key} {ge} {lo}")
        elif hi:
            parts.append(f"{key} {le} {hi}")
    return conjunction.join(parts) or anywhere


@dataclass(frozen=True)
class Box:
    """One scenario-discovery box.

    Attributes
    ----------
    limits : dict
        Restricted dimension -> ``(low, high)`` (inclusive); unrestricted ones are omitted.
    coverage, density, mass : float
        Share of all failures inside the box; share of cases in the box that fail; share
        of all cases inside the box.
    cases : int
        Cases inside the box.
    trajectory : pandas.DataFrame
        PRIM's peeling trajectory (``step, coverage, density, mass, res_dim``); empty for CART.
    step : int
        The selected step of the trajectory.
    method : str
        ``"prim"`` or ``"cart"``.

    """

    limits: dict[str, tuple[float, float]]
    coverage: float
    density: float
    mass: float
    cases: int
    trajectory: pd.DataFrame = field(default_factory=pd.DataFrame)
    step: int = 0
    method: str = "prim"

    def describe(self, digits: int = 3) -> str:
        """The box in words, e.g. ``"x1 >= 0.702 and x2 <= 0.295"``."""
        return describe_limits(self.limits, digits)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON: limits, statistics and the trajectory as records."""
        return {"method": self.method, "rule": self.describe(), "coverage": self.coverage,
                "density": self.density, "mass": self.mass, "cases": self.cases,
                "step": self.step,
                "limits": {k: [float(lo), float(hi)] for k, (lo, hi) in self.limits.items()},
                "trajectory": self.trajectory.to_dict("records")}


def _quiet() -> Any:
    """Silence EMA Workbench's import warnings and info logging."""
    logging.getLogger("EMA").setLevel(logging.WARNING)
    ctx = warnings.catch_warnings()
    ctx.__enter__()
    warnings.simplefilter("ignore")
    return ctx


def _restricted(box_lims: pd.DataFrame, x: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Dimensions whose limits are inside the data range, as ``(low, high)``.

    A side at the data's extreme is reported as unbounded (``-inf``/``inf``).
    """
    out = {}
    for col in x.columns:
        if col not in box_lims.columns:
            continue
        low, high = float(box_lims[col].iloc[0]), float(box_lims[col].iloc[1])
        lo_data, hi_data = float(x[col].min()), float(x[col].max())
        lo = low if low > lo_data else -math.inf
        hi = high if high < hi_data else math.inf
        if math.isfinite(lo) or math.isfinite(hi):
            out[col] = (lo, hi)
    return out


def _inside(x: pd.DataFrame, limits: dict[str, tuple[float, float]]) -> np.ndarray:
    ok = np.ones(len(x), dtype=bool)
    for key, (lo, hi) in limits.items():
        ok &= (x[key].to_numpy(dtype=float) >= lo) & (x[key].to_numpy(dtype=float) <= hi)
    return ok


def _stats(x: pd.DataFrame, y: np.ndarray, limits: dict[str, tuple[float, float]]
           ) -> tuple[float, float, float, int]:
    inside = _inside(x, limits)
    n_in, n_fail = int(inside.sum()), int(y.sum())
    fail_in = int(y[inside].sum())
    return (fail_in / n_fail if n_fail else math.nan, fail_in / n_in if n_in else math.nan,
            n_in / len(y), n_in)


def prim_box(x: pd.DataFrame, y: np.ndarray, *, min_density: float = 0.8,
             peel_alpha: float = 0.05, mass_min: float = 0.05) -> Box | None:
    """The first PRIM box of the cases where ``y`` is true (e.g. a policy fails).

    From the peeling trajectory the box with the largest coverage among those with a
    density of at least ``min_density`` is chosen (the densest box if none is).

    Parameters
    ----------
    x : pandas.DataFrame
        Uncertain inputs, one column each (numeric), one row per case.
    y : numpy.ndarray of bool
        Case of interest (failure) per row.
    min_density : float
        Smallest acceptable density of the chosen box.
    peel_alpha, mass_min : float
        PRIM's peeling fraction and smallest box mass.

    Returns
    -------
    Box or None
        ``None`` when no case or every case is of interest (nothing to discover).

    """
    y = np.asarray(y, dtype=bool)
    if y.sum() == 0 or y.all():
        return None
    ctx = _quiet()
    try:
        from ema_workbench.analysis import prim

        x = x.reset_index(drop=True).astype(float)
        finder = prim.Prim(x, y.astype(int), peel_alpha=peel_alpha,
                           mass_min=max(mass_min, 1.0 / len(x)))
        found = finder.find_box()
    finally:
        ctx.__exit__(None, None, None)
    if found is None:
        return None
    traj = found.peeling_trajectory
    trajectory = pd.DataFrame({"step": np.arange(len(traj)),
                               "coverage": traj["coverage"].astype(float).to_numpy(),
                               "density": traj["density"].astype(float).to_numpy(),
                               "mass": traj["mass"].astype(float).to_numpy(),
                               "res_dim": traj["res_dim"].astype(int).to_numpy()})
    dense = trajectory[trajectory["density"] >= min_density]
    step = int(dense.sort_values(["coverage", "density"], ascending=False).iloc[0]["step"]) \
        if not dense.empty else int(trajectory["density"].idxmax())
    limits = _restricted(found.box_lims[step], x)
    coverage, density, mass, cases = _stats(x, y, limits)
    return Box(limits, coverage, density, mass, cases, trajectory, step, "prim")


def cart_boxes(x: pd.DataFrame, y: np.ndarray, *, mass_min: float = 0.05,
               min_density: float = 0.5) -> list[Box]:
    """CART leaves in which most cases fail (density >= ``min_density``), densest first.

    Parameters
    ----------
    x : pandas.DataFrame
        Uncertain inputs.
    y : numpy.ndarray of bool
        Case of interest per row.
    mass_min : float
        Smallest share of cases in a leaf.
    min_density : float
        Leaves with a smaller share of failures are left out.

    """
    y = np.asarray(y, dtype=bool)
    if y.sum() == 0 or y.all():
        return []
    ctx = _quiet()
    try:
        from ema_workbench.analysis import cart
        from sklearn.tree import DecisionTreeClassifier

        x = x.reset_index(drop=True).astype(float)
        # at least two cases per leaf (sklearn's min_samples_leaf = int(mass_min * n) >= 1)
        tree = cart.CART(x, y.astype(int), mass_min=max(mass_min, 2.0 / len(x)))
        # CART.build_tree, with the tree's random state fixed: scikit-learn permutes the
        # features at every split and breaks ties between equally good splits by that
        # order, so an unseeded tree can give other leaves on the same data
        tree.clf = DecisionTreeClassifier(min_samples_leaf=int(tree.mass_min * len(x)),
                                          random_state=CART_SEED)
        tree.clf.fit(tree._x, tree.y)  # noqa: SLF001 (the inputs as CART prepared them)
        leaves = tree.boxes
    finally:
        ctx.__exit__(None, None, None)
    out = []
    for lims in leaves:
        limits = _restricted(lims, x)
        coverage, density, mass, cases = _stats(x, y, limits)
        if cases and density >= min_density:
            out.append(Box(limits, coverage, density, mass, cases, method="cart"))
    return sorted(out, key=lambda b: (-b.density, -b.coverage))
