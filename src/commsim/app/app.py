"""The live dashboard: Mesa's ``SolaraViz`` around :class:`~commsim.app.model.DashboardModel`.

Serve it with ``commsim app`` (or ``solara run commsim.app.app``). The sidebar is
Mesa's: Play interval (speed), Render interval, Reset / Play / Step, and the model
controls below — one switch per registered policy (a plugin's too), sliders for the
parameters of the policies of the run on screen, and a few core parameters. Controls
take effect on *Reset*, as in every Mesa dashboard. The first tab shows live charts of the
current settings; the second compares them with the baseline twin side by side.
"""

from __future__ import annotations

from typing import Any

import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from commsim.app.charts import comparison_chart, comparison_table, live_chart
from commsim.app.model import DashboardModel, controls, default_controls
from commsim.app.words import dashboard_language, tr
from commsim.i18n import policy_name
from commsim.live import load_env_plugins
from commsim.report.style import esc, use_language

load_env_plugins()  # `commsim app --plugin`: their policies get switches and sliders
use_language(dashboard_language())  # `commsim app --lang zh`: labels and units in Chinese


#: Pause between played days. Mesa's play thread re-renders every chart after each day;
#: when a render started by a click (Play, Reset, a tab) takes longer than the pause, the
#: thread changes state during every render pass and reacton gives up ("Too many renders
#: triggered"), which can leave the page at Day 0. A pause longer than a render avoids it.
PLAY_INTERVAL_MS = 250


def model_params(model: DashboardModel | None = None) -> dict[str, Any]:
    """The dashboard's controls in Mesa's ``model_params`` format (see :func:`controls`).

    Sliders are offered for the parameters of the policies of ``model`` (the run on
    screen), with that run's values; without a model, the defaults.
    """
    if model is None:
        params = controls()
        params["run.communities"]["value"] = 1
        return params
    return controls(model.policy_names, model.controls)


@solara.component
def Status(model: DashboardModel) -> None:  # noqa: N802 - a Solara component
    """Day, active policies and a reminder that controls apply on Reset."""
    update_counter.get()
    lang = dashboard_language()
    names = model.policy_names if lang == "en" else [policy_name(p, lang)
                                                      for p in model.policy_names]
    places = f"communit{'y' if model.n_communities == 1 else 'ies'}"
    status = tr("status", day=model.day, days=model.days_total, policies=esc(", ".join(names)),
                n=model.n_communities, places=places, posts=model.n_posts)
    solara.HTML(tag="div", unsafe_innerHTML=(
        f'<p class="commsim-status">{status}</p><p>{tr("help")}</p>'))


def _chart(key: str) -> Any:
    @solara.component
    def Chart(model: DashboardModel) -> None:  # noqa: N802 - a Solara component
        update_counter.get()
        solara.FigurePlotly(live_chart(key, model.series(), model.days_total))

    Chart.__name__ = f"{key.capitalize()}Chart"
    return Chart


OvertimeChart = _chart("overtime")
SatisfactionChart = _chart("satisfaction")
HeadcountChart = _chart("headcount")
BacklogChart = _chart("backlog")


@solara.component
def Comparison(model: DashboardModel) -> None:  # noqa: N802 - a Solara component
    """Current settings next to the baseline twin: charts and a table of metrics so far."""
    update_counter.get()
    with solara.Column():
        solara.FigurePlotly(comparison_chart(model.series(), model.baseline_series(),
                                             model.days_total))
        if model.day == 0:
            solara.Text(tr("start"))
            return
        table = comparison_table(model.current_summary(), model.baseline_summary())
        rows = "".join(
            f"<tr><td>{esc(r.metric)}</td><td>{esc(r.unit)}</td><td>{r.current:,.4g}</td>"
            f"<td>{r.baseline:,.4g}</td><td>{r.difference:+,.4g}</td></tr>"
            for r in table.itertuples(index=False))
        head = "".join(f"<th>{tr('col.' + c)}</th>"
                       for c in ("metric", "unit", "current", "baseline", "difference"))
        solara.HTML(tag="div", unsafe_innerHTML=(
            f"<style>{TABLE_CSS}</style>"
            f"<p>{tr('summary')}</p><table class='commsim-compare'><tr>{head}</tr>"
            f"{rows}</table>"))


TABLE_CSS = (".commsim-compare{border-collapse:collapse;margin:4px 0 16px}"
             ".commsim-compare th,.commsim-compare td{padding:3px 12px;"
             "border-bottom:1px solid #e3e7ec;text-align:left}"
             ".commsim-compare td:nth-child(n+3){text-align:right;"
             "font-variant-numeric:tabular-nums}")
#: Tab keys of :mod:`commsim.app.words` (live charts; comparison with the baseline).
TABS: tuple[str, ...] = ("tab.live", "tab.compare")


@solara.component
def Dashboard(model: solara.Reactive[DashboardModel]) -> None:  # noqa: N802 - a component
    """The main area: live charts of the current settings, and the comparison view.

    Laid out with plain Solara columns rather than Mesa's draggable grid, whose
    grid-layout bundle does not load under Vue 3 (the page would stay blank).
    """
    update_counter.get()
    tab, set_tab = solara.use_state(0)
    current = model.value
    with solara.v.Tabs(v_model=tab, on_v_model=set_tab):
        for label in TABS:
            solara.v.Tab(children=[tr(label)])
    if tab == 0:
        Status(current)
        with solara.Columns([1, 1]):
            OvertimeChart(current)
            SatisfactionChart(current)
        with solara.Columns([1, 1]):
            HeadcountChart(current)
            BacklogChart(current)
    else:
        Comparison(current)


@solara.component
def Page() -> None:  # noqa: N802 - Solara's entry point
    """Mesa's SolaraViz (sidebar: speed, Reset / Play / Step, controls) plus the dashboard.

    The sidebar is rebuilt when *Reset* replaces the model (not on every day): it offers
    sliders for the policies of the new run only.
    """
    initial = solara.use_memo(lambda: DashboardModel(**default_controls()), [])
    model: solara.Reactive[DashboardModel] = solara.use_reactive(initial)
    current = model.value
    params = solara.use_memo(lambda: model_params(current), [current])
    SolaraViz(model, components=[], model_params=params,
              name=tr("name"), play_interval=PLAY_INTERVAL_MS)
    Dashboard(model)
