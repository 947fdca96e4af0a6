"""Net monetary benefit, acceptability curves and the expected value of perfect information.

Samples come as two arrays of shape ``(samples, options)``: cost and effect of each
option in each sample (a replication paired by common random numbers, or a world of
the robust study). At a willingness to pay ``λ`` per unit of effect the net monetary
benefit is ``NB = λ·effect − cost`` (Stinnett & Mullahy 1998); the best option has the
largest *expected* NB.

- **CEAC** (cost-effectiveness acceptability curve, Van Hout et al. 1994): for each
  ``λ``, the share of samples in which each option has the largest NB (ties shared).
- **CEAF** (acceptability frontier, Fenwick et al. 2001): for each ``λ``, the option
  with the largest expected NB and its CEAC value.
- **EVPI**: ``E[max_d NB_d] − max_d E[NB_d]``, what resolving every uncertainty the
  samples carry would be worth per year of decision (Claxton 1999).

>>> import numpy as np
>>> evpi(np.array([[0.0, 1.0], [0.0, -3.0]]))
0.5
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def net_benefit(cost: np.ndarray, effect: np.ndarray, wtp: float) -> np.ndarray:
    """Net monetary benefit ``wtp·effect − cost`` (same shape as the inputs)."""
    return wtp * np.asarray(effect, dtype=float) - np.asarray(cost, dtype=float)


def best_shares(nb: np.ndarray) -> np.ndarray:
    """Share of samples in which each option has the largest net benefit, ties shared.

    >>> best_shares(np.array([[1.0, 1.0], [0.0, 2.0]])).tolist()
    [0.25, 0.75]
    """
    nb = np.atleast_2d(np.asarray(nb, dtype=float))
    top = nb == nb.max(axis=1, keepdims=True)
    return (top / top.sum(axis=1, keepdims=True)).mean(axis=0)


def evpi(nb: np.ndarray) -> float:
    """Expected value of perfect information of samples of net benefit ``(samples, options)``."""
    nb = np.atleast_2d(np.asarray(nb, dtype=float))
    return float(nb.max(axis=1).mean() - nb.mean(axis=0).max())


def ceac(cost: np.ndarray, effect: np.ndarray, options: Sequence[str],
         wtps: Sequence[float]) -> pd.DataFrame:
    """Acceptability curve and frontier over ``wtps``.

    Returns
    -------
    pandas.DataFrame
        One row per WTP and option: ``wtp, option, probability`` (share of samples in
        which the option has the largest net benefit), ``expected_nb`` and
        ``on_frontier`` (True for the option with the largest expected net benefit,
        the CEAF; ties go to the first listed).

    """
    rows = []
    for wtp in wtps:
        nb = net_benefit(cost, effect, float(wtp))
        shares, means = best_shares(nb), nb.mean(axis=0)
        best = int(np.argmax(means))
        rows += [(float(wtp), str(o), float(shares[i]), float(means[i]), i == best)
                 for i, o in enumerate(options)]
    return pd.DataFrame(rows, columns=["wtp", "option", "probability", "expected_nb",
                                       "on_frontier"])
