"""The dashboard's controls, built from the policy registry and the parameter declarations.

Mesa's ``SolaraViz`` re-creates the model on *Reset* by calling its class with the current
control values as keyword arguments. The controls are one switch per registered policy
(plugins' policies included), one slider per parameter of the policies of the run on
screen, and a few core parameters; their keys are the policy names and the dotted
parameter keys that :class:`commsim.live.LiveModel` accepts. The app reads only plain-data catalogs
(:func:`commsim.live.policy_catalog`, :func:`commsim.live.parameter_catalog`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from commsim.live import STATUS_QUO, LiveModel, parameter_catalog, policy_catalog

#: The model the dashboard drives (a baseline twin advances in lockstep).
DashboardModel = LiveModel
#: The status-quo policies every comparison is made against.
BASELINE_POLICIES: tuple[str, ...] = STATUS_QUO
#: Core parameters with a slider: label and the range the dashboard offers (a day of one
#: community takes milliseconds; eight take eight times as long).
CORE_SLIDERS: dict[str, tuple[str, float, float, float]] = {
    "cadres.per_community": ("Cadres per community", 3, 15, 1),
    "departments.tasks_per_community_day": ("Demand", 0.5, 12, 0.1),
    "run.communities": ("Communities", 1, 4, 1),
}


def _range(p: dict[str, Any]) -> tuple[float, float]:
    """Slider bounds of a parameter: its declared range, an open or huge top cut to 10x."""
    default = float(p["default"])
    low = float(p["low"]) if p["low"] is not None else min(0.0, default)
    room = max(abs(default), 1.0)
    high = p["high"]
    if high is None or float(high) > low + 20 * room:
        high = max(low + 10 * room, default)
    return low, float(high)


def _step(low: float, high: float, value: float) -> float:
    """A round slider step of about a twentieth of the range that lands on ``value``.

    A default off the slider's grid would be snapped (and changed) by the browser.
    """
    span = high - low
    for exponent in range(6, -7, -1):
        for mantissa in (5.0, 2.5, 2.0, 1.0):
            step = mantissa * 10.0 ** exponent
            ticks = (value - low) / step
            if step <= span / 20 and abs(ticks - round(ticks)) < 1e-9:
                return step
    return span / 20


def _slider(p: dict[str, Any], label: str, low: float | None = None, high: float | None = None,
            step: float | None = None) -> dict[str, Any]:
    lo, hi = _range(p) if low is None or high is None else (low, high)
    integer = p["kind"] == "int"
    value = p["default"] if not integer else int(p["default"])
    return {"type": "SliderInt" if integer else "SliderFloat", "value": value,
            "label": f"{label} ({p['unit']})", "min": int(lo) if integer else lo,
            "max": int(hi) if integer else hi,
            "step": step or (1 if integer else _step(lo, hi, float(value)))}


def controls(active: Iterable[str] = (),
             values: Mapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Every control in Mesa's ``model_params`` format, keyed as :class:`LiveModel` reads.

    One checkbox per policy (all switches first, so they keep their place on screen),
    then sliders for the numeric parameters of the ``active`` policies only, then the
    core sliders and the seed. A policy's sliders appear once a run with it is on
    screen (switch it on, press *Reset*), which keeps the sidebar short.

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
    shown = set(active)
    catalog = policy_catalog()
    out: dict[str, dict[str, Any]] = {}
    for policy in catalog:
        out[policy["name"]] = {"type": "Checkbox", "value": False, "label": policy["label"]}
    for policy in catalog:
        if policy["name"] not in shown:
            continue
        for p in policy["parameters"]:
            if p["kind"] in ("int", "float"):
                name = p["key"].split(".", 1)[-1].replace("_", " ")
                out[p["key"]] = _slider(p, f"{policy['label']}: {name}")
    for p in parameter_catalog(CORE_SLIDERS):
        label, low, high, step = CORE_SLIDERS[p["key"]]
        out[p["key"]] = _slider(p, label, low, high, step)
    out["seed"] = {"type": "SliderInt", "value": 0, "label": "Seed", "min": 0, "max": 99,
                   "step": 1}
    for key, spec in out.items():
        if values is not None and values.get(key) is not None:
            value = values[key]
            spec["value"] = (bool(value) if spec["type"] == "Checkbox" else int(value)
                             if spec["type"] == "SliderInt" else float(value))
    return out


def default_controls() -> dict[str, Any]:
    """Control values that reproduce the model's defaults (one community, one year)."""
    values = {key: spec["value"] for key, spec in controls().items()}
    values["run.communities"] = 1
    return values
