"""The live dashboard around :class:`~commsim.app.model.DashboardModel`.

Serve it with ``commsim app`` (or ``solara run commsim.app.app``). The sidebar is
commsim's own (:mod:`commsim.app.sidebar`, in the dashboard's language): the play
interval (speed), the days per frame (a week unless changed; Step advances that many
days), Reset / Play / Step, the day reached, and the model
controls below — one switch per registered policy (a plugin's too), sliders for the
parameters of the policies of the run on screen, the core parameters, the district
(drawn communities, the S14 example or a file from ``commsim app --district``), the
number of replications and the seed; every slider shows its value. Controls take
effect on *Reset*, as in every Mesa dashboard. Each chart shows the median over the
replications and the range they span, for the settings (blue) and for their baseline
twins (black, same seeds: common random numbers). The first tab shows the live charts,
the second the four series side by side and a table of metrics so far.

Both tabs stay mounted (the hidden one is only hidden, and not redrawn while hidden):
unmounting a tab's Plotly widgets made the browser log "no comm channel defined" for
their last messages on every tab switch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import solara
from mesa.visualization.utils import update_counter

from commsim.app.charts import comparison_chart, comparison_table, live_figure, table_rows
from commsim.app.community_view import CommunityView
from commsim.app.model import DashboardModel, controls, default_controls
from commsim.app.plotly_view import Chart, install_bundle
from commsim.app.sidebar import Sidebar
from commsim.app.words import dashboard_language, tr
from commsim.core.i18n import policy_name
from commsim.report.style import esc, use_language
from commsim.run.live import load_env_plugins

load_env_plugins()  # `commsim app --plugin`: their policies get switches and sliders
use_language(dashboard_language())  # `commsim app --lang zh`: labels and units in Chinese
install_bundle()  # plotly.js, served once and cached by the browser


#: Pause between played days. Mesa's play thread re-renders every chart after each day;
#: when a render started by a click (Play, Reset, a tab) takes longer than the pause, the
#: thread changes state during every render pass and reacton gives up ("Too many renders
#: triggered"), which can leave the page at Day 0. A pause longer than a render avoids it.
PLAY_INTERVAL_MS = 250
#: Days simulated between two renders while playing (Mesa's "Render interval", which the
#: sidebar can change): a week per frame. Each frame costs the pause above plus one
#: render whatever the days it shows, so drawing once a week instead of every day plays
#: several times as many days a second (``benchmarks/bench_model.py`` measures it).
RENDER_INTERVAL_DAYS = 7


def model_params(model: DashboardModel | None = None) -> dict[str, Any]:
    """The dashboard's controls in Mesa's ``model_params`` format (see :func:`controls`).

    Sliders are offered for the parameters of the policies of ``model`` (the run on
    screen), with that run's values; without a model, the defaults.
    """
    if model is None:
        return controls()
    return controls(model.policy_names, model.controls)


@solara.component
def Status(model: DashboardModel) -> None:  # noqa: N802 - a Solara component
    """Day, active policies, scale and a reminder that controls apply on Reset."""
    update_counter.get()
    lang = dashboard_language()
    names = model.policy_names if lang == "en" else [policy_name(p, lang)
                                                      for p in model.policy_names]
    names = names or [tr("policies.none")]
    places = f"communit{'y' if model.n_communities == 1 else 'ies'}"
    district = Path(str(model.params["run.district"])).stem or tr("district.none")
    reps = model.replications
    status = tr("status", day=model.measured_day, days=model.days_total,
                policies=esc(", ".join(names)),
                n=f"{model.n_communities:,}", places=places, posts=f"{model.n_posts:,}",
                district=esc(district), reps=reps,
                replications="replication" if reps == 1 else "replications")
    start = (tr("start.warm", years=f"{model.warmup_days / 365:.3g}") if model.warmup_days
             else tr("start.cold"))
    solara.HTML(tag="div", unsafe_innerHTML=(
        f'<p class="commsim-status">{status}</p><p class="commsim-start">{start}</p>'
        f'<p>{tr("help")}</p>'))


def _token(model: DashboardModel, visible: bool) -> Any:
    """What a hidden view keeps drawing: the state it last showed while visible.

    ``None`` for a view never shown yet: it is built on its first visit, not on load.
    """
    ref: Any = solara.use_ref(None)
    if visible:
        ref.current = (id(model), model.day)
    return ref.current


@solara.component
def LiveChart(key: str, model: DashboardModel,  # noqa: N802 - a Solara component
              visible: bool = True) -> None:
    """One live chart: median and band of the settings and of the baseline twins."""
    update_counter.get()
    token = _token(model, visible)

    def build() -> Any:
        twins = model.all_series(baseline=True) if model.baseline is not None else None
        return live_figure(key, model.all_series(), model.days_total, baseline=twins)

    Chart(build, token)


@solara.component
def Comparison(model: DashboardModel, visible: bool = True) -> None:  # noqa: N802
    """Settings next to the baseline twins: charts and a table of metrics so far."""
    update_counter.get()
    token = _token(model, visible)
    rows = solara.use_memo(lambda: table_rows(comparison_table(
        model.summaries(), model.summaries(baseline=True))) if model.measured_day and token
        else [],
        [token])
    if token is None:
        return
    with solara.Column():
        Chart(lambda: comparison_chart(model.all_series(), model.all_series(baseline=True),
                                       model.days_total), token)
        if not rows:
            solara.Text(tr("start"))
            return
        body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                       for row in rows)
        head = "".join(f"<th>{tr('col.' + c)}</th>" for c in
                       ("metric", "unit", "current", "baseline", "difference", "range"))
        solara.HTML(tag="div", unsafe_innerHTML=(
            f"<style>{TABLE_CSS}</style><p>{tr('summary', n=model.replications)}</p>"
            f"<table class='commsim-compare'><tr>{head}</tr>{body}</table>"))


TABLE_CSS = (".commsim-compare{border-collapse:collapse;margin:4px 0 16px}"
             ".commsim-compare th,.commsim-compare td{padding:3px 12px;"
             "border-bottom:1px solid #e3e7ec;text-align:left}"
             ".commsim-compare td:nth-child(n+3){text-align:right;"
             "font-variant-numeric:tabular-nums}")
#: Tab keys of :mod:`commsim.app.words` (live charts; comparison with the baseline;
#: the communities ranked).
TABS: tuple[str, ...] = ("tab.live", "tab.compare", "tab.communities")


def _shown(visible: bool) -> dict[str, str]:
    return {} if visible else {"display": "none"}


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
    # plain divs: a Column's "d-flex" class (display: flex !important) would beat display:none
    with solara.Div(style=_shown(tab == 0)), solara.Column():
        Status(current)
        with solara.Columns([1, 1]):
            LiveChart("overtime", current, tab == 0)
            LiveChart("satisfaction", current, tab == 0)
        with solara.Columns([1, 1]):
            LiveChart("headcount", current, tab == 0)
            LiveChart("backlog", current, tab == 0)
    with solara.Div(style=_shown(tab == 1)):
        Comparison(current, tab == 1)
    with solara.Div(style=_shown(tab == 2)):
        CommunityView(current, tab == 2)


@solara.component
def Page() -> None:  # noqa: N802 - Solara's entry point
    """The title bar, the sidebar (speed, Reset / Play / Step, controls) and the dashboard.

    The sidebar is rebuilt when *Reset* replaces the model (not on every day): it offers
    sliders for the policies of the new run only.
    """
    initial = solara.use_memo(lambda: DashboardModel(**default_controls()), [])
    model: solara.Reactive[DashboardModel] = solara.use_reactive(initial)
    current = model.value
    params = solara.use_memo(lambda: model_params(current), [current])
    solara.Title(tr("name"))
    with solara.AppBar():
        solara.AppBarTitle(tr("name"))
    Sidebar(model, params, PLAY_INTERVAL_MS, RENDER_INTERVAL_DAYS).key(
        f"sidebar-{id(current)}")
    Dashboard(model)
