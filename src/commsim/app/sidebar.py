"""The dashboard's own sidebar: Reset / Play / Step, the speed and the model's controls.

It replaces Mesa's ``SolaraViz`` sidebar, whose words (*Controls*, *Play Interval (ms)*,
*Render Interval (steps)*, *Use Threads*, *Model Parameters*, *Time: 52.0*) are English
only and whose render-interval and thread switches mean nothing to a planner. The
behaviour is Mesa's ``ModelController``'s: *Reset* builds a new model from the control
values, *▶* steps it on a worker task one frame (the render interval, days) every play
interval until paused, *Step* advances one frame; after each frame
``mesa.visualization.utils.force_update`` redraws the charts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import solara
from mesa.visualization.utils import force_update, update_counter

from commsim.app.inputs import ControlInputs
from commsim.app.model import DashboardModel
from commsim.app.words import tr


@solara.component
def Controller(model: solara.Reactive[DashboardModel],  # noqa: N802 - a Solara component
               values: solara.Reactive[dict[str, Any]], play_interval: int,
               render_interval: int = 1) -> None:
    """Reset, play/pause and step buttons, speed and days per frame, the day reached."""
    playing = solara.use_reactive(False)
    interval = solara.use_reactive(play_interval)
    frame = solara.use_reactive(render_interval)
    error = solara.use_reactive("")
    update_counter.get()

    def advance() -> None:
        try:
            for _ in range(frame.value):  # one frame: the charts are redrawn after it
                if not model.value.running:
                    break
                model.value.step()
        except Exception as exc:  # noqa: BLE001 - shown on the page, the server keeps running
            error.value = str(exc)
            playing.value = False
        force_update()

    def play() -> None:
        while playing.value and model.value.running:
            time.sleep(interval.value / 1000)
            if playing.value:
                advance()
        playing.value = False

    solara.lab.use_task(play, dependencies=[playing.value], prefer_threaded=True)

    def reset() -> None:
        playing.value = False
        error.value = ""
        model.value = DashboardModel(**values.value)
        force_update()

    def toggle() -> None:
        playing.value = not playing.value

    current = model.value
    with solara.Card(tr("card.controls")):
        solara.Text(tr("speed", ms=interval.value), style={"font-size": "0.85rem"})
        solara.SliderInt("", value=interval, min=50, max=1000, step=50)
        solara.Text(tr("frame", days=frame.value), style={"font-size": "0.85rem"})
        solara.SliderInt("", value=frame, min=1, max=30, step=1)
        with solara.Row(justify="space-between"):
            solara.Button(label=tr("reset"), color="primary", on_click=reset)
            solara.Button(label=tr("pause") if playing.value else tr("play"), color="primary",
                          on_click=toggle, disabled=not current.running)
            solara.Button(label=tr("step"), color="primary", on_click=advance,
                          disabled=playing.value or not current.running)
        solara.Text(tr("day", day=current.measured_day, days=current.days_total),
                    classes=["commsim-day"])
        if error.value:
            solara.Error(tr("error", error=error.value))


@solara.component
def Sidebar(model: solara.Reactive[DashboardModel],  # noqa: N802 - a Solara component
            params: dict[str, Any], play_interval: int, render_interval: int = 1) -> None:
    """The controller and the model's controls; changed values apply on *Reset*."""
    # made once per sidebar (a new one comes with each Reset): use_reactive would set it back
    # to its argument whenever a re-render passed one that compares unequal
    values = solara.use_memo(
        lambda: solara.reactive({k: v.get("value") for k, v in params.items()}), [])

    def change(name: str, value: Any) -> None:
        values.value = {**values.value, name: value}

    on_change: Callable[[str, Any], None] = change
    with solara.Sidebar(), solara.Column():
        Controller(model, values, play_interval, render_interval)
        with solara.Card(tr("card.parameters")):
            ControlInputs(params, on_change)
