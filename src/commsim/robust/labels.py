"""Names readers see in the robust report: policies, metrics, thresholds, PRIM boxes, criteria.

Everything goes through :mod:`commsim.core.i18n` (policy and scenario names, metric labels
and units) and :mod:`commsim.robust.words`, so the report and its figures say the same
thing in the same language.

>>> policy_label("paperless(digital_acceptance=0.5)", "zh")
'无纸化办公(digital_acceptance=0.5)'
>>> rule_text({"street.leakage": [0.3, float("inf")]}, "zh")
'street.leakage ≥ 0.3'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from commsim.core.i18n import metric_name, policy_name, scenario_name, unit_name
from commsim.robust.metrics import Threshold
from commsim.robust.words import WORDS, say


def _declaration(metric: str) -> Any:
    import commsim.model  # noqa: F401  (declares the core summary metrics)
    from commsim.core.metrics import METRICS

    return METRICS.get(metric)


def policy_label(name: str, lang: str = "en", scenario: str | None = None) -> str:
    """A policy option's name as readers see it.

    English keeps the spec's name. Chinese translates a built-in policy or scenario name
    (lever settings in brackets are kept); a name of the user's own is prefixed with the
    Chinese name of its built-in ``scenario``, e.g. ``准入制度·gate_funded``.
    """
    if lang == "en":
        return name
    base, bracket, rest = name.partition("(")
    translated = policy_name(base, lang)
    if translated == base:
        translated = scenario_name(base, lang)
    if translated != base:
        return translated + (f"({rest}" if bracket else "")
    if scenario is not None and scenario_name(scenario, lang) != scenario:
        return f"{scenario_name(scenario, lang)}·{name}"
    return name


def metric_label(metric: str, lang: str = "en", *, unit: bool = False) -> str:
    """A metric's label (its key if undeclared), in English the key as before.

    Parameters
    ----------
    metric : str
        Metric key.
    lang : {"en", "zh"}
        Under ``"en"`` the key itself (the English report names metrics by key).
    unit : bool
        Add the unit in brackets (unless the metric is a share).

    """
    decl = _declaration(metric)
    if lang == "en" or decl is None:
        return metric
    label = metric_name(decl, lang)
    shown = unit_name(decl.unit, lang) if decl.unit else ""
    if unit and shown and not decl.is_share and f"({shown})" not in label:
        return f"{label}({shown})"
    return label


def threshold_label(threshold: Threshold, lang: str = "en") -> str:
    """Readable name of a threshold from its metric declaration, e.g. ``Overtime ... ≤ 8 h``.

    The bound carries the metric's unit unless the metric is a share (a unit of 0-1).
    """
    decl = _declaration(threshold.metric)
    name = metric_name(decl, lang) if decl is not None else threshold.metric
    unit = f" {unit_name(decl.unit, lang)}" \
        if decl is not None and decl.unit and not decl.is_share else ""
    low, high = threshold.low, threshold.high
    if low is not None and high is not None:
        return f"{low:g} ≤ {name} ≤ {high:g}{unit}"
    if high is not None:
        return f"{name} ≤ {high:g}{unit}"
    if low is not None:
        return f"{name} ≥ {low:g}{unit}"
    return say("any", lang, name=name)


def thresholds_text(thresholds: Sequence[Threshold], lang: str = "en") -> str:
    """All thresholds in one phrase: as in the spec in English, readable labels in Chinese."""
    if lang == "en":
        return " and ".join(str(t) for t in thresholds)
    return say("and", lang).join(threshold_label(t, lang) for t in thresholds)


def rule_text(limits: Mapping[str, Sequence[float]], lang: str = "en", digits: int = 3) -> str:
    """A box's limits in words, e.g. ``0.2 ≤ street.leakage ≤ 0.5 且 x ≥ 1``.

    Unbounded sides (``±inf``) are left out; the English report keeps the box's own rule.
    """
    from commsim.robust.discovery import describe_limits

    return describe_limits(limits, digits, conjunction=say("and", lang), le="≤", ge="≥",
                           anywhere=say("anywhere", lang))


def box_rule(box: Mapping[str, Any], lang: str = "en") -> str:
    """The rule of a stored box (``discovery.json``) in ``lang``."""
    if lang == "en" or "limits" not in box:
        return str(box["rule"])
    return rule_text(box["limits"], lang)


def criterion_label(criterion: str, lang: str = "en") -> str:
    """A ranking criterion of the stability table (as stored) in ``lang``."""
    if lang == "en":
        return criterion
    if criterion == "satisficing share":
        return say("criterion.sat", lang)
    prefix = "90th-percentile regret: "
    if criterion.startswith(prefix):
        return say("criterion.regret", lang,
                   metric=metric_label(criterion.removeprefix(prefix), lang))
    return criterion


def provenance_rows(provenance: Mapping[str, Any], lang: str = "en") -> tuple[list[str],
                                                                               list[str]]:
    """Keys and values of the provenance table in ``lang`` (keys without a phrase kept)."""
    keys, values = [], []
    for key, value in provenance.items():
        keys.append(say(f"prov.{key}", lang) if f"prov.{key}" in WORDS else key)
        if isinstance(value, bool) and lang != "en":
            value = say("yes" if value else "no", lang)
        elif key == "language" and value in ("en", "zh"):
            value = say(f"lang.{value}", lang)
        values.append(str(value))
    return keys, values

