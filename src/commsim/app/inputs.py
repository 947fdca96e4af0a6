"""The sidebar's controls, each showing its current value (and its default) in its label.

:func:`ControlInputs` takes the ``model_params`` entries of :mod:`commsim.app.model` and
labels every slider with its value in its unit (money in yuan with separators and 万元),
in the dashboard's language, so a presenter and the audience always see what the run
uses; a select shows readable names for its values (a district file by its name, not its
path).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara

from commsim.app.formatting import number
from commsim.app.words import dashboard_language, slider_unit, tr


def slider_label(options: dict[str, Any], value: float) -> str:
    """``Demand: 4.7 tasks/community/workday (default 4.7)``, money formatted.

    Parameters
    ----------
    options : dict
        A slider's ``model_params`` entry (``label``, ``unit``, ``default``).
    value : float
        The slider's current value.

    Returns
    -------
    str

    """
    unit = str(options.get("unit", ""))
    shown = number(float(value), unit)
    zh = dashboard_language() == "zh"
    text = f"{options.get('label', '')}{':' if zh else ': '}{shown}"
    if unit and not shown.startswith("¥") and unit not in ("count", "share"):
        text += ("" if zh else " ") + slider_unit(unit)
    elif unit.startswith("yuan/"):
        text += ("/" + slider_unit(unit).removeprefix("元/")) if zh else \
            f" per {unit.removeprefix('yuan/')}"
    default = options.get("default")
    if default is not None and float(default) != float(value):
        text += f" ({tr('default', value=number(float(default), unit))})"
    return text


@solara.component
def ControlInput(name: str, options: dict[str, Any],  # noqa: N802 - a Solara component
                 on_change: Callable[[str, Any], None]) -> None:
    """One control; a slider's label carries its current value."""
    value, set_value = solara.use_state(options.get("value"))

    def change(new: Any) -> None:
        set_value(new)
        on_change(name, new)

    kind = options.get("type")
    label = options.get("label", name)
    if kind in ("SliderInt", "SliderFloat"):
        slider = solara.SliderInt if kind == "SliderInt" else solara.SliderFloat
        with solara.Column(gap="0px", classes=["commsim-control"]):
            # the label on its own line: inline, a long label squeezes the slider away
            solara.Text(slider_label(options, value),
                        style={"font-size": "0.85rem", "color": "#444"})
            slider("", value=value, on_value=change, min=options["min"], max=options["max"],
                   step=options["step"])
    elif kind == "Select":
        values = list(options.get("values", []))
        names = {v: str((options.get("names") or {}).get(v, v)) for v in values}
        back = {name: v for v, name in names.items()}
        solara.Select(label, value=names.get(value, str(value)), values=list(back),
                      on_value=lambda name: change(back.get(name, name)))
        if options.get("note"):
            solara.Text(options["note"], style={"font-size": "0.8rem", "color": "#555"})
    elif kind == "Checkbox":
        solara.Checkbox(label=label, value=value, on_value=change)
    else:
        solara.InputText(label=label, value=value, on_value=change)


@solara.component
def ControlInputs(user_params: dict[str, Any],  # noqa: N802 - a Solara component
                  on_change: Callable[[str, Any], None] | None = None) -> None:
    """Drop-in for Mesa's ``UserInputs``: every control, values visible."""
    for name, options in user_params.items():
        # keyed by the value the run on screen uses, so Reset shows it afresh
        ControlInput(name, options, on_change or (lambda _n, _v: None)).key(
            f"{name}={options.get('value')!r}")


