"""Is a result precise enough to show? Warnings for thin evidence.

Small runs mislead without a word: two replications give confidence intervals that fill
a panel, and a Sobol analysis with too few samples gives indices whose confidence
interval is wider than the index itself (even negative indices). These functions turn
such cases into plain-language warnings that the command line and the report show next
to the numbers, never instead of them.

Thresholds (both stated in every warning):

- fewer than :data:`MIN_REPLICATIONS` replications per scenario;
- a 95 % half-width above :data:`MAX_RELATIVE_HALF_WIDTH` of the mean's magnitude.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

#: Fewer replications than this per scenario are flagged.
MIN_REPLICATIONS = 10
#: A confidence half-width above this share of ``|mean|`` is flagged.
MAX_RELATIVE_HALF_WIDTH = 0.10


def replication_warnings(
    rows: Iterable[Mapping[str, object]],
    replications: Mapping[str, int],
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
) -> list[str]:
    """Warnings for a comparison table (one row per scenario and metric).

    Parameters
    ----------
    rows : iterable of mapping
        Rows with ``scenario``, ``metric``, ``mean``, ``ci_low``, ``ci_high``.
    replications : mapping
        Scenario to the number of successful replications.
    labels : mapping, optional
        Metric to a plain-language label used in the message.
    lang : {"en", "zh"}
        Language of the warnings.

    Returns
    -------
    list of str
        One line per problem, in row order; empty when the evidence is adequate.

    Examples
    --------
    >>> replication_warnings([{"scenario": "a", "metric": "m", "mean": 1.0,
    ...                        "ci_low": 0.5, "ci_high": 1.5}], {"a": 20})
    ['a, m: the 95 % CI half-width is 50% of the mean (above 10%): add replications']

    """
    from commsim.core.i18n import text

    out: list[str] = []
    for scenario, n in replications.items():
        if n < MIN_REPLICATIONS:
            out.append(text("warn.few_reps", lang, scenario=scenario, n=n,
                            s="s" if n != 1 else "", min=MIN_REPLICATIONS))
    for row in rows:
        mean, low, high = (float(row[k]) for k in ("mean", "ci_low", "ci_high"))  # type: ignore[arg-type]
        if not all(map(math.isfinite, (mean, low, high))) or mean == 0:
            continue
        rel = (high - low) / 2 / abs(mean)
        if rel > MAX_RELATIVE_HALF_WIDTH:
            metric = str(row["metric"])
            name = (labels or {}).get(metric, metric)
            out.append(text("warn.wide_ci", lang, scenario=row["scenario"], metric=name,
                            rel=rel, limit=MAX_RELATIVE_HALF_WIDTH))
    return out


def sensitivity_flag(index: float, conf: float, samples: int) -> tuple[bool, int]:
    """Flag a Sobol or Morris index whose confidence exceeds it, and suggest a sample size.

    The half-width of a Sobol index's interval shrinks like ``1/sqrt(N)``; to bring it
    below half of the index, ``N`` must grow by ``(conf / (index / 2))²``. The suggestion is
    rounded up to a power of two (Sobol sequences need one).

    Parameters
    ----------
    index : float
        The estimated index (S1, ST or mu*).
    conf : float
        Half-width of its confidence interval.
    samples : int
        Base samples used.

    Returns
    -------
    tuple
        ``(flagged, suggested_samples)``; ``suggested_samples`` equals ``samples`` when not
        flagged.

    Examples
    --------
    >>> sensitivity_flag(0.05, 0.2, 64)
    (True, 4096)
    >>> sensitivity_flag(0.5, 0.05, 64)
    (False, 64)

    """
    if not (math.isfinite(index) and math.isfinite(conf)):
        return True, samples
    if conf <= abs(index) and index >= 0:
        return False, samples
    target = max(abs(index) / 2, 1e-3)
    needed = samples * (conf / target) ** 2
    return True, int(2 ** math.ceil(math.log2(max(needed, samples + 1))))


def sobol_warning(sobol: Iterable[Mapping[str, object]], runs: int) -> str:
    """One sentence flagging Sobol indices that the sample cannot support (empty if none).

    An index is flagged when its 95 % half-width exceeds it or it is negative (a Sobol index
    lies in [0, 1]: a negative estimate is sampling noise). The base sample size is taken as
    ``runs / (parameters + 2)`` (Saltelli's first- and total-order design).

    Parameters
    ----------
    sobol : iterable of mapping
        Rows with ``parameter``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``.
    runs : int
        Runs of the design.

    Examples
    --------
    >>> rows = [{"parameter": "a", "S1": -0.1, "S1_conf": 0.4, "ST": 0.2, "ST_conf": 0.3}]
    >>> sobol_warning(rows, 96)[:42]
    '2 of 2 indices are not distinguishable fro'

    """
    rows = list(sobol)
    if not rows:
        return ""
    parameters = len({str(r["parameter"]) for r in rows})
    base = max(1, runs // (parameters + 2))
    flagged, needed = 0, base
    for row in rows:
        for index in ("S1", "ST"):
            bad, suggest = sensitivity_flag(float(row[index]), float(row[f"{index}_conf"]),  # type: ignore[arg-type]
                                            base)
            if bad:
                flagged += 1
                needed = max(needed, suggest)
    if not flagged:
        return ""
    return (f"{flagged} of {2 * len(rows)} indices are not distinguishable from sampling noise "
            f"(confidence wider than the index, or negative) and are unknown, not findings; "
            f"about {needed:,} base samples (now {base:,}) would resolve them")
