"""Assemble the figures into one self-contained HTML file.

plotly.js is embedded once, inline, in the page head; each figure is a ``<div>``
plus a small script calling ``Plotly.newPlot``. The page loads nothing from the
network. Text that came from data (scenario names and descriptions, parameter
values, manifest fields) is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from commsim.precision import sobol_warning
from commsim.report import cost_figures as cost_figs
from commsim.report import figures as figs
from commsim.report import sweep_figures as sweep_figs
from commsim.report.data import ResultsData, headline_table
from commsim.report.style import esc, metric_label, scenario_colors, use_catalog

#: Plotly config of every figure: no logo, responsive, PNG download for slides.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False, "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["sendDataToCloud"],
}

CSS = """
:root { --fg:#1d232a; --muted:#5a6572; --line:#dfe5ec; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--fg);
       margin: 0; line-height: 1.45; background: #fff; }
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
"""


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

    """

    key: str
    title: str
    caption: str
    figure: go.Figure


def _describe(data: ResultsData, scenario: str) -> tuple[str, str]:
    """Description and policies of a scenario, as the store's manifest records them."""
    manifest = data.manifest if isinstance(data.manifest, dict) else {}
    known = manifest.get("scenarios")
    if isinstance(known, dict) and isinstance(known.get(scenario), dict):
        item = known[scenario]
        return str(item.get("description", "")), ", ".join(map(str, item.get("policies", [])))
    spec = manifest.get("spec")
    listed = spec.get("scenarios") if isinstance(spec, dict) else None
    for item in listed or []:
        if isinstance(item, dict) and item.get("name") == scenario:
            return str(item.get("description", "")), ", ".join(map(str, item.get("policies", [])))
    return "", ""


def build_sections(data: ResultsData, metrics: Sequence[str] | None = None) -> list[Section]:
    """Every figure that the results support, with titles and captions.

    Parameters
    ----------
    data : ResultsData
        Loaded results.
    metrics : sequence of str, optional
        Summary metrics for the table, distributions and forest plot (default: the
        store's headline metrics, then those its declarations flag for reports).

    Returns
    -------
    list of Section

    """
    use_catalog(data.catalog)
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
    table = headline_table(data, metrics)
    others = [s for s in scenarios if s != base]
    if not table.empty:
        sections.append(Section(
            "headline", "Headline results",
            f"Mean of each metric over at least {n_rep} runs per scenario (replications, "
            "and design points where parameters were swept) with its 95% "
            f"t-interval, and the paired difference from {base} (same replication, common "
            "random numbers) with its 95% interval.",
            figs.headline_table_figure(table, base, colors)))
        sections.append(Section(
            "distributions", "Distributions over replications",
            f"Each dot is one run ({n_runs} in all); boxes show quartiles and median, the dashed "
            "line the mean, one colour per scenario throughout the report.",
            figs.distribution_figure(runs, metrics, scenarios, colors)))
    daily = data.daily
    if daily is not None and not daily.empty:
        if "status" in data.runs and "run_id" in daily:
            daily = daily[daily["run_id"].isin(runs["run_id"])]
        sections.append(Section(
            "daily", "Through the year",
            "Daily mean over replications with 95% bands: overtime as a trailing 7-day sum per "
            "cadre, share of households satisfied, headcount and vacancies, and queued "
            "department work; grey bands mark inspection seasons.",
            figs.daily_figure(daily, scenarios, colors)))
    if others and not table.empty:
        sections.append(Section(
            "forest", f"Effect of each policy against {base}",
            f"Paired mean difference from {base} with 95% confidence interval (each axis "
            "says which direction is better); an interval that crosses the dashed zero line "
            "is not distinguishable from no effect.",
            figs.forest_figure(table, base, colors)))
    sections += [Section(*part) for part in cost_figs.sections(data, colors)]
    if data.hours is not None and not data.hours.empty:
        mean_hours, unit = figs.hours_per_cadre_week(data.hours, runs, daily)
        for dimension, title, what in (
                ("kind", "Where cadre hours go: by kind of work",
                 "the kind of task or activity"),
                ("origin", "Where cadre hours go: by who asked",
                 "the origin of the work (department, street office, residents, duplicates "
                 "and routine)")):
            if (mean_hours["dimension"] == dimension).any():
                sections.append(Section(
                    f"hours-{dimension}", title,
                    f"Mean cadre hours ({unit}) per scenario, stacked by {what}.",
                    figs.hours_figure(mean_hours, unit, dimension, scenarios)))
    params = data.param_columns
    headline = [m for m in metrics[:3]]
    spec = data.manifest.get("spec") if isinstance(data.manifest, dict) else None
    asked = spec.get("metrics") if isinstance(spec, dict) else None
    sweep_metrics = list(metrics)
    if isinstance(asked, list) and len(asked) <= 8:  # the experiment's own outcomes first
        sweep_metrics = list(dict.fromkeys([m for m in asked if m in runs] + sweep_metrics))
    if len(params) >= 2:
        x, y = params[0], params[1]
        rest = " averaged over the other swept parameters" if len(params) > 2 else ""
        sections.append(Section(
            "sweep-heatmap", "Sweep: metric over two parameters",
            f"Mean of the chosen metric (menu at top right) for each combination of "
            f"{x.removeprefix('param.')} and {y.removeprefix('param.')}{rest}.",
            sweep_figs.sweep_heatmap(runs, x, y, sweep_metrics)))
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
    return sections


def _caution(warning: str) -> str:
    """End a caption: with the warning as its last clause, if there is one."""
    return f"; caution: {warning}." if warning else "."


def _scalar(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return f"<pre>{esc(json.dumps(value, indent=2, sort_keys=True, default=str))}</pre>"
    return esc(value)


def provenance_html(data: ResultsData) -> str:
    """The provenance section: versions, commit, seed, dates, runs and failures.

    Parameters
    ----------
    data : ResultsData
        Loaded results (its manifest and runs table).

    Returns
    -------
    str
        HTML fragment (all data escaped).

    """
    m = data.manifest if isinstance(data.manifest, dict) else {}
    rows: list[tuple[str, str]] = [("Results folder", esc(data.path))]
    labels = {"experiment": "Experiment", "name": "Name", "description": "Description",
              "status": "Status", "git_commit": "Git commit", "commit": "Git commit",
              "root_seed": "Root seed", "seed": "Root seed", "seeds": "Random streams",
              "started": "Started", "start": "Started", "ended": "Finished",
              "finished": "Finished", "end": "Finished", "runs": "Runs", "failures": "Failures",
              "stop_reason": "Stopped because", "sweep_wall_seconds": "Wall time (s)"}
    shown = {"run_wall_seconds", "scenarios"}
    seen_labels = set()
    for key, label in labels.items():
        if key in m and not isinstance(m[key], (dict, list)) and label not in seen_labels:
            rows.append((label, esc(m[key])))
            seen_labels.add(label)
        shown.add(key)
    for key, label in (("host", "Host"), ("versions", "Versions"), ("executor", "Executor"),
                       ("design", "Design"), ("status_counts", "Run status"), ("git", "Git")):
        value = m.get(key)
        if isinstance(value, dict):
            text = ", ".join(f"{k}: {v}" for k, v in value.items()
                             if v is not None and not isinstance(v, (dict, list)))
            rows.append((label, esc(text)))
            shown.add(key)
    if isinstance(m.get("command"), list):
        rows.append(("Command", f"<code>{esc(' '.join(map(str, m['command'])))}</code>"))
        shown.add("command")
    runs = data.runs
    status = runs["status"].value_counts().to_dict() if "status" in runs else {"ok": len(runs)}
    rows.append(("Runs in table", esc(", ".join(f"{v} {k}" for k, v in status.items()))))
    if "wall_seconds" in runs:
        rows.append(("Compute time", f"{runs['wall_seconds'].sum():,.1f} s over {len(runs)} runs"))
    rows.append(("Report written",
                 esc(dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))))
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    parts = [f'<table class="plain">{body}</table>']
    if "status" in runs:
        failed = runs[runs["status"] != "ok"]
        if not failed.empty:
            cols = [c for c in ("run_id", "scenario", "replication", "seed", "status", "error")
                    if c in failed]
            head = "".join(f"<th>{esc(c)}</th>" for c in cols)
            lines = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in r) + "</tr>"
                            for r in failed[cols].itertuples(index=False))
            parts.append(f'<h3>Failed runs</h3><table class="plain"><tr>{head}</tr>{lines}'
                         "</table>")
    failures = m.get("failures")
    if isinstance(failures, list) and failures:
        parts.append(f"<details><summary>Failures in the manifest ({len(failures)})</summary>"
                     f"{_scalar(failures)}</details>")
    for key in ("spec", "params"):
        if key in m:
            parts.append(f"<details><summary>{esc(key)} as run</summary>{_scalar(m[key])}"
                         "</details>")
            shown.add(key)
    extra = {k: v for k, v in m.items() if k not in shown}
    if extra:
        parts.append(f"<details><summary>Other manifest fields</summary>{_scalar(extra)}"
                     "</details>")
    return "\n".join(parts)


def scenarios_html(data: ResultsData) -> str:
    """A list of the scenarios with their colour swatch, description and policies (escaped)."""
    colors = scenario_colors(data.scenarios)
    counts = data.ok_runs.groupby("scenario").size()
    rows = []
    for name in data.scenarios:
        description, policies = _describe(data, name)
        rows.append(
            f'<tr><th><span class="swatch" style="background:{colors[name]}"></span>'
            f"{esc(name)}</th><td>{esc(description)}"
            f"{'<br><small>policies: ' + esc(policies) + '</small>' if policies else ''}</td>"
            f"<td>{int(counts.get(name, 0))} runs</td></tr>")
    return f'<table class="plain">{"".join(rows)}</table>'


def render_html(data: ResultsData, sections: Sequence[Section], *, title: str | None = None) -> str:
    """The complete report page.

    Parameters
    ----------
    data : ResultsData
        Loaded results.
    sections : sequence of Section
        Figures in order.
    title : str, optional
        Page title (defaults to the experiment's name or the results folder's name).

    Returns
    -------
    str
        A self-contained HTML document: plotly.js inline once, no external resources.

    """
    spec = data.manifest.get("spec") if isinstance(data.manifest, dict) else None
    name = (spec.get("name") if isinstance(spec, dict) else None) or Path(data.path).name
    title = title or f"commsim results: {name}"
    runs = data.ok_runs
    swept = f", {len(data.param_columns)} swept parameter(s)" if data.param_columns else ""
    lede = (f"{len(runs)} runs of {len(data.scenarios)} scenario(s){swept}; "
            f"reference scenario {data.baseline}.")
    toc = "".join(f'<li><a href="#{s.key}">{esc(s.title)}</a></li>' for s in sections)
    toc += ('<li><a href="#scenarios">Scenarios</a></li>'
            '<li><a href="#provenance">Provenance</a></li>')
    blocks = []
    for s in sections:
        div = s.figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"fig-{s.key}",
                               config=PLOTLY_CONFIG)
        blocks.append(f'<section class="figure" id="{esc(s.key)}"><h2>{esc(s.title)}</h2>'
                      f'<p class="caption">{esc(s.caption)}</p>{div}</section>')
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
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
<section id="scenarios"><h2>Scenarios</h2>
<p class="caption">What each scenario represents, as given in its scenario file.</p>
{scenarios_html(data)}</section>
<section id="provenance"><h2>Provenance</h2>
<p class="caption">Where these results came from, so that they can be reproduced.</p>
{provenance_html(data)}</section>
</main>
<footer>Written by commsim. Hover over any figure for exact values; the camera icon of each
figure downloads it as a PNG.</footer>
</body>
</html>
"""


def write_report(data: ResultsData, out: str | Path, *, title: str | None = None) -> Path:
    """Build every figure and write the report.

    Parameters
    ----------
    data : ResultsData
        Loaded results.
    out : str or Path
        HTML file to write (parent folders are created).
    title : str, optional
        Page title.

    Returns
    -------
    Path
        The file written.

    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sections = build_sections(data)
    out.write_text(render_html(data, sections, title=title), encoding="utf-8")
    return out
