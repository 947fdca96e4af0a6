"""Assemble the figures into one self-contained HTML file.

plotly.js is embedded once, inline, in the page head; each figure is a ``<div>``
plus a small script calling ``Plotly.newPlot``. The page loads nothing from the
network. Text that came from data (scenario names and descriptions, parameter
values, manifest fields) is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from commsim.analysis.decision import DEFAULT_WTP
from commsim.analysis.precision import sobol_warning
from commsim.core.i18n import unit_name
from commsim.report import cost_figures as cost_figs
from commsim.report import figures as figs
from commsim.report import sweep_figures as sweep_figs
from commsim.report import sweep_points
from commsim.report.community_figures import community_sections
from commsim.report.data import ResultsData, headline_table
from commsim.report.headline import headline_table_html
from commsim.report.provenance import provenance_html, scenarios_html
from commsim.report.style import (
    FONT_STACK,
    active_language,
    esc,
    metric_label,
    scenario_colors,
    scenario_label,
    use_catalog,
    use_language,
)
from commsim.report.summary import applies, decision_html, plane_figure, plane_word
from commsim.report.tables import CSS as TABLE_CSS
from commsim.report.tables import figure_table_html, is_table, priority_section
from commsim.report.words import WORDS, say

#: Plotly config of every figure: no logo, responsive, PNG download for slides.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False, "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["sendDataToCloud"],
}

CSS = """
:root { --fg:#1d232a; --muted:#5a6572; --line:#dfe5ec; }
* { box-sizing: border-box; }
body { font-family: FONT_STACK; color: var(--fg); margin: 0; line-height: 1.45;
       background: #fff; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 36px 0 4px; }
.lede, .caption { color: var(--muted); margin: 4px 0 10px; }
.caption { font-size: .95rem; }
nav ol { columns: 2; padding-left: 20px; margin: 10px 0 18px; }
nav a { color: #0072B2; text-decoration: none; }
section.figure { border-bottom: 1px solid var(--line); padding-bottom: 16px; }
table.plain { border-collapse: collapse; width: 100%; font-size: .92rem; margin: 8px 0; }
table.plain th, table.plain td { text-align: left; padding: 4px 8px; vertical-align: top;
       border-bottom: 1px solid var(--line); }
table.plain th { background: #f4f6f8; width: 22%; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px;
          margin-right: 6px; vertical-align: -1px; }
pre { background: #f7f8fa; padding: 10px; overflow-x: auto; font-size: .82rem; }
details summary { cursor: pointer; color: #0072B2; }
footer { color: var(--muted); font-size: .85rem; padding: 24px; }
table.headline { border-collapse: collapse; width: 100%; font-size: .9rem; margin: 8px 0; }
table.headline th { background: #dfe5ec; text-align: left; padding: 5px 8px;
       vertical-align: bottom; }
table.headline td { padding: 4px 8px; border-bottom: 1px solid var(--line);
       vertical-align: top; font-variant-numeric: tabular-nums; }
table.headline tr.g1 td { background: #f4f6f8; }
table.headline tr.first td { border-top: 1px solid #c5ced8; }
table.headline td.scenario, table.headline td.better, table.headline td.n
       { font-weight: 600; white-space: nowrap; }
table.headline td.better, table.headline td.n { font-weight: normal; }
.decision { background: #f4f8fb; border-left: 4px solid #0072B2; padding: 8px 16px;
       margin: 10px 0; }
.decision .verdict { font-size: 1.05rem; font-weight: 600; }
.decision .caution { color: #8a4b00; background: #fff4e0; padding: 6px 10px; }
""".replace("FONT_STACK", FONT_STACK) + TABLE_CSS


@dataclass
class Section:
    """One figure of the report.

    Attributes
    ----------
    key : str
        Identifier (HTML id, PNG file name).
    title : str
        Heading (plain text; escaped on output).
    caption : str
        One sentence saying what the figure shows (plain text; escaped on output).
    figure : plotly.graph_objects.Figure
        The figure (drawn on the page when ``plot``; always used for PNG/SVG export).
    html : str
        Trusted HTML shown before the figure (already escaped), e.g. a table or summary.
    plot : bool
        Draw the figure on the page (``False``: the HTML stands for it, as the headline
        table does, and the figure serves the image export only).

    """

    key: str
    title: str
    caption: str
    figure: go.Figure
    html: str = ""
    plot: bool = True


def build_sections(data: ResultsData, metrics: Sequence[str] | None = None,
                   lang: str = "en", wtp: float = DEFAULT_WTP,
                   budget: float | None = None) -> list[Section]:
    """Every figure that the results support, with titles and captions.

    Parameters
    ----------
    data : ResultsData
        Loaded results.
    metrics : sequence of str, optional
        Summary metrics for the table, distributions and forest plot (default: the
        store's headline metrics, then those its declarations flag for reports).
    lang : {"en", "zh"}
        Language of titles, captions, labels, units and built-in scenario names.
    wtp, budget : float
        The planner's willingness to pay per overtime hour avoided and extra fiscal
        budget a year, for the decision section.

    Returns
    -------
    list of Section

    """
    use_catalog(data.catalog)
    use_language(lang)
    if metrics is None:
        metrics = data.catalog.report_metrics()
    runs = data.ok_runs
    metrics = [m for m in metrics if m in runs and runs[m].notna().any()]
    scenarios = data.scenarios
    colors = scenario_colors(scenarios)
    base = data.baseline
    n_runs = len(runs)
    reps = runs.groupby("scenario").size()
    n_rep = int(reps.min()) if len(reps) else 0
    sections: list[Section] = []
    swept = sweep_points.is_grid(data)
    # a sweep is shown point by point: a mean pooled over its design points means nothing
    table = headline_table(data, metrics) if not swept else headline_table(data, [])
    others = [s for s in scenarios if s != base]
    shown_base = scenario_label(base)
    if applies(data) and not table.empty:
        sections.append(Section(
            "decision", say("decision"), plane_word("caption", base=shown_base),
            plane_figure(data), html=decision_html(data, wtp, budget)))
    if swept:
        sections += [Section(*part) for part in sweep_points.point_sections(data, metrics,
                                                                             colors)]
    if not table.empty:
        sections.append(Section(
            "headline", say("headline"), say("headline.caption", n=n_rep, base=shown_base),
            figs.headline_table_figure(table, base, colors),
            html=headline_table_html(table, base, colors), plot=False))
        sections.append(Section(
            "distributions", say("distributions"), say("distributions.caption", n=n_runs),
            figs.distribution_figure(runs, metrics, scenarios, colors)))
    daily = data.daily
    if daily is not None and not daily.empty:
        if "status" in data.runs and "run_id" in daily:
            daily = daily[daily["run_id"].isin(runs["run_id"])]
        sections.append(Section("daily", say("daily"), say("daily.caption"),
                                figs.daily_figure(daily, scenarios, colors)))
    if others and not table.empty:
        sections.append(Section(
            "forest", say("forest", base=shown_base), say("forest.caption", base=shown_base),
            figs.forest_figure(table, base, colors)))
    priority = priority_section(data)
    if priority is not None:
        key, title, caption, html = priority
        sections.append(Section(key, title, caption, go.Figure(), html=html, plot=False))
    sections += [Section(*part) for part in community_sections(data, colors)]
    sections += [Section(*part) for part in cost_figs.sections(data, colors)]
    if data.hours is not None and not data.hours.empty:
        mean_hours, unit = figs.hours_per_cadre_week(data.hours, runs, daily)
        for dimension in ("kind", "origin", "destination"):
            if (mean_hours["dimension"] == dimension).any():
                sections.append(Section(
                    f"hours-{dimension}", say(f"hours-{dimension}"),
                    say("hours.caption.destination" if dimension == "destination"
                        else "hours.caption", unit=unit_name(unit, lang),
                        what=say(f"hours.what.{dimension}")),
                    figs.hours_figure(mean_hours, unit, dimension, scenarios)))
    params = data.param_columns
    headline = [m for m in metrics[:3]]
    spec = data.manifest.get("spec") if isinstance(data.manifest, dict) else None
    asked = spec.get("metrics") if isinstance(spec, dict) else None
    sweep_metrics = list(metrics)
    if isinstance(asked, list) and len(asked) <= 8:  # the experiment's own outcomes first
        sweep_metrics = list(dict.fromkeys([m for m in asked if m in runs] + sweep_metrics))
    heat_runs, heat_what = runs, "Mean of the chosen metric over all runs"
    if swept and others:  # one scenario's paired differences, never scenarios pooled
        heat_runs = sweep_points.paired_runs(data, others[0], sweep_metrics)
        heat_what = (f"Mean paired difference of {others[0]} from {base} (same point and "
                     "replication) in the chosen metric")
    if len(params) >= 2:
        x, y = params[0], params[1]
        rest = " averaged over the other swept parameters" if len(params) > 2 else ""
        sections.append(Section(
            "sweep-heatmap", "Sweep: metric over two parameters",
            f"{heat_what} (menu at top right) for each combination of "
            f"{x.removeprefix('param.')} and {y.removeprefix('param.')}{rest}.",
            sweep_figs.sweep_heatmap(heat_runs, x, y, sweep_metrics)))
        sections.append(Section(
            "sweep-parallel", "Sweep: all parameters and outcomes",
            f"One line per run across every swept parameter and the headline metrics, "
            f"coloured by {metric_label(headline[0]) if headline else 'the first metric'}; "
            "drag along an axis to filter.",
            sweep_figs.parallel_figure(runs, params, headline)))
    elif len(params) == 1:
        sections.append(Section(
            "sweep-line", "Sweep: metrics against the swept parameter",
            f"Mean and 95% confidence interval of the headline metrics at each value of "
            f"{params[0].removeprefix('param.')}.",
            sweep_figs.sweep_line(runs, params[0], headline, scenarios, colors)))
    if data.sobol is not None and not data.sobol.empty:
        sections.append(Section(
            "sobol", "Sensitivity: Sobol indices",
            "Share of each metric's variance due to each parameter alone (S1) and with its "
            "interactions (ST), with 95% confidence bars; choose the metric in the menu"
            + _caution(sobol_warning(data.sobol.to_dict("records"), len(data.runs))),
            sweep_figs.sobol_figure(data.sobol)))
    if data.morris is not None and not data.morris.empty:
        sections.append(Section(
            "morris", "Sensitivity: Morris screening",
            "Mean absolute elementary effect (μ*, with 95% bars) against its spread σ per "
            "parameter; parameters far right matter most, high σ means interactions.",
            sweep_figs.morris_figure(data.morris)))
    for section in sections:  # every table as HTML: no cut headers, no blank space
        if section.plot and not section.html and is_table(section.figure):
            section.html, section.plot = figure_table_html(section.figure), False
    return sections


def _caution(warning: str) -> str:
    """End a caption: with the warning as its last clause, if there is one."""
    return f"; caution: {warning}." if warning else "."


def render_html(data: ResultsData, sections: Sequence[Section], *, title: str | None = None,
                lang: str | None = None) -> str:
    """The complete report page.

    Parameters
    ----------
    data : ResultsData
        Loaded results.
    sections : sequence of Section
        Figures in order.
    title : str, optional
        Page title (defaults to the experiment's name or the results folder's name).
    lang : {"en", "zh"}, optional
        Language of the page (default: that of :func:`build_sections`).

    Returns
    -------
    str
        A self-contained HTML document: plotly.js inline once, no external resources.

    """
    lang = lang or active_language()
    use_language(lang)
    spec = data.manifest.get("spec") if isinstance(data.manifest, dict) else None
    name = (spec.get("name") if isinstance(spec, dict) else None) or Path(data.path).name
    title = title or say("title", name=say(f"experiment.{name}") if f"experiment.{name}" in
                         WORDS else name)
    swept = say("swept", n=len(data.param_columns)) if data.param_columns else ""
    lede = say("lede", runs=len(data.ok_runs), scenarios=len(data.scenarios), swept=swept,
               base=scenario_label(data.baseline))
    toc = "".join(f'<li><a href="#{s.key}">{esc(s.title)}</a></li>' for s in sections)
    toc += (f'<li><a href="#scenarios">{esc(say("scenarios"))}</a></li>'
            f'<li><a href="#provenance">{esc(say("provenance"))}</a></li>')
    blocks = []
    for s in sections:
        div = s.figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"fig-{s.key}",
                               config=PLOTLY_CONFIG) if s.plot else ""
        kind = "figure" if s.plot else "table"
        blocks.append(f'<section class="{kind}" id="{esc(s.key)}"><h2>{esc(s.title)}</h2>'
                      f'<p class="caption">{esc(s.caption)}</p>{s.html}{div}</section>')
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="commsim">
<title>{esc(title)}</title>
<style>{CSS}</style>
<script type="text/javascript">window.PlotlyConfig = {{MathJaxConfig: 'local'}};</script>
<script type="text/javascript">{get_plotlyjs()}</script>
</head>
<body>
<header>
<h1>{esc(title)}</h1>
<p class="lede">{esc(lede)}</p>
<nav><ol>{toc}</ol></nav>
</header>
<main>
{''.join(blocks)}
<section id="scenarios"><h2>{esc(say("scenarios"))}</h2>
<p class="caption">{esc(say("scenarios.caption"))}</p>
{scenarios_html(data)}</section>
<section id="provenance"><h2>{esc(say("provenance"))}</h2>
<p class="caption">{esc(say("provenance.caption"))}</p>
{provenance_html(data)}</section>
</main>
<footer>{esc(say("footer"))}</footer>
</body>
</html>
"""


def write_report(data: ResultsData, out: str | Path, *, title: str | None = None,
                 lang: str = "en") -> Path:
    """Build every figure and write the report.

    Parameters
    ----------
    data : ResultsData
        Loaded results.
    out : str or Path
        HTML file to write (parent folders are created).
    title : str, optional
        Page title.
    lang : {"en", "zh"}
        Language of the report.

    Returns
    -------
    Path
        The file written.

    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sections = build_sections(data, lang=lang)
    out.write_text(render_html(data, sections, title=title, lang=lang), encoding="utf-8")
    return out
