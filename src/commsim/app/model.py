"""The dashboard's controls, built from the policy registry and the parameter declarations.

Mesa's ``SolaraViz`` re-creates the model on *Reset* by calling its class with the current
control values as keyword arguments. The controls are one switch per registered policy
(plugins' policies included), one slider per parameter of the policies of the run on
screen, and a few core parameters; their keys are the policy names and the dotted
parameter keys that :class:`commsim.run.live.LiveModel` accepts. The app reads only plain-data
catalogs
(:func:`commsim.run.live.policy_catalog`, :func:`commsim.run.live.parameter_catalog`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from commsim.run.live import (
    DEFAULT_REPLICATIONS,
    MAX_REPLICATIONS,
    NO_DISTRICT,
    REPLICATIONS,
    STATUS_QUO,
    LiveModel,
    district_choices,
    parameter_catalog,
    policy_catalog,
)

#: The model the dashboard drives (further replications and baseline twins advance in
#: lockstep).
DashboardModel = LiveModel
#: The status-quo policies every comparison is made against.
BASELINE_POLICIES: tuple[str, ...] = STATUS_QUO
#: Core parameters with a slider and their labels; the range, step and default come from
#: the parameter's declaration (a day of one community takes milliseconds; eight
#: communities times five replications and their twins take under a tenth of a second).
CORE_SLIDERS: dict[str, str] = {
    "cadres.per_community": "Cadres per community",
    "departments.tasks_per_community_day": "Demand",
    "run.communities": "Communities (when no district file)",
}
#: The district control: a built-in example or a file given to ``commsim app --district``.
DISTRICT = "run.district"
#: Core sliders a district file overrides (its rows give each community's posts; their
#: number is the file's): hidden while a run with a district file is on screen.
DISTRICT_SETS: frozenset[str] = frozenset({"cadres.per_community", "run.communities"})


def slider_range(p: dict[str, Any]) -> tuple[float, float]:
    """Slider bounds of a parameter: its declared range, an open or huge top cut to 10x.

    Parameters
    ----------
    p : dict
        A declaration from :func:`commsim.run.live.parameter_catalog`.

    Returns
    -------
    tuple of float
        Low and high end; the default always lies between them.

    """
    default = float(p["default"])
    low = float(p["low"]) if p["low"] is not None else min(0.0, default)
    room = max(abs(default), 1.0)
    high = p["high"]
    if high is None or float(high) > low + 20 * room:
        high = max(low + 10 * room, default)
    return low, float(high)


def slider_step(low: float, high: float, value: float, *, integer: bool = False) -> float:
    """A round step of at most a twentieth of the range whose grid holds ``value``.

    A default off the slider's grid would be snapped (and changed) by the browser, so
    the step is the largest of 5, 2.5, 2 and 1 times a power of ten that divides
    ``value - low`` exactly; integer parameters never get a step below 1.

    Parameters
    ----------
    low, high : float
        Slider bounds.
    value : float
        The value the slider must be able to show exactly (the default).
    integer : bool
        The parameter takes whole numbers.

    Returns
    -------
    float

    """
    span = high - low
    for exponent in range(6, -7, -1):
        for mantissa in (5.0, 2.5, 2.0, 1.0):
            step = mantissa * 10.0 ** exponent
            if integer and step < 1:
                return 1
            ticks = (value - low) / step
            if step <= max(span / 20, 1 if integer else 0) and abs(ticks - round(ticks)) < 1e-9:
                return step
    return 1 if integer else span / 20


def _slider(p: dict[str, Any], label: str) -> dict[str, Any]:
    lo, hi = slider_range(p)
    integer = p["kind"] == "int"
    value = int(p["default"]) if integer else float(p["default"])
    step = slider_step(lo, hi, float(value), integer=integer)
    return {"type": "SliderInt" if integer else "SliderFloat", "value": value,
            "label": label, "unit": p["unit"], "default": value,
            "min": int(lo) if integer else lo, "max": int(hi) if integer else hi,
            "step": int(step) if integer else step}


def controls(active: Iterable[str] = (),
             values: Mapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Every control in Mesa's ``model_params`` format, keyed as :class:`LiveModel` reads.

    One checkbox per policy (all switches first, so they keep their place on screen),
    then sliders for the numeric parameters of the ``active`` policies only, then the
    core sliders, the district, the number of replications and the seed. Every slider
    starts at the parameter's declared default, which lies on its grid; its entry also
    carries ``unit`` and ``default`` (shown next to the value). A policy's sliders appear
    once a run with it is on screen (switch it on, press *Reset*), which keeps the sidebar short.

    Parameters
    ----------
    active : iterable of str
        Policies of the run on screen; their parameters get sliders.
    values : mapping, optional
        The controls of the run on screen (:attr:`LiveModel.controls`): shown instead of
        the defaults, so the sidebar shows what the run uses.

    Returns
    -------
    dict
        Control key to its Mesa ``model_params`` entry.

    """
    from commsim.app.words import WORDS, dashboard_language, parameter_label, tr
    from commsim.core.i18n import policy_name

    lang = dashboard_language()
    shown = set(active)
    catalog = policy_catalog()
    out: dict[str, dict[str, Any]] = {}
    for policy in catalog:
        label = policy_name(policy["name"], lang) if lang == "zh" else policy["label"]
        out[policy["name"]] = {"type": "Checkbox", "value": False, "label": label}
    for policy in catalog:
        if policy["name"] not in shown:
            continue
        for p in policy["parameters"]:
            if p["kind"] in ("int", "float"):
                name = p["key"].split(".", 1)[-1].replace("_", " ")
                out[p["key"]] = _slider(p, parameter_label(p["key"],
                                                           f"{policy['label']}: {name}"))
    choices = district_choices()
    district = (values or {}).get(DISTRICT) or choices[0]
    from_file = district != NO_DISTRICT  # a district file sets posts and households
    for p in parameter_catalog(CORE_SLIDERS):
        if from_file and p["key"] in DISTRICT_SETS:
            continue
        out[p["key"]] = _slider(p, parameter_label(p["key"], CORE_SLIDERS[p["key"]]))
    out[DISTRICT] = {"type": "Select", "value": choices[0], "values": choices,
                     "label": tr("control.district"),
                     "names": {c: tr("district.drawn") if c == NO_DISTRICT else
                               tr(f"district.{c}") if f"district.{c}" in WORDS else Path(c).stem
                               for c in choices},
                     "note": tr("control.district_note") if from_file else ""}
    out[REPLICATIONS] = {"type": "SliderInt", "value": DEFAULT_REPLICATIONS,
                         "default": DEFAULT_REPLICATIONS,
                         "label": tr("control.replications"),
                         "unit": "count", "min": 1, "max": MAX_REPLICATIONS, "step": 1}
    out["seed"] = {"type": "SliderInt", "value": 0, "default": 0,
                   "label": tr("control.seed"),
                   "unit": "count", "min": 0, "max": 99, "step": 1}
    for key, spec in out.items():
        if values is not None and values.get(key) is not None:
            value = values[key]
            spec["value"] = (bool(value) if spec["type"] == "Checkbox" else int(value)
                             if spec["type"] == "SliderInt" else float(value)
                             if spec["type"] == "SliderFloat" else value)
    return out


def default_controls() -> dict[str, Any]:
    """Control values that reproduce the model's parameter defaults."""
    return {key: spec["value"] for key, spec in controls().items()}
