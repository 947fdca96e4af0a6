"""No English word left in what a Chinese reader sees.

Two kinds of check:

- every phrase table a user-facing text comes from (CLI messages, report, brief, export,
  dashboard, --help, units and stored values) has a Chinese entry with no English word;
- the Chinese outputs themselves — ``compare`` and ``--help`` on the console, the
  report's text and every figure's words, the exported workbook, the brief, the
  dashboard's controls, charts and tables — contain no English word.

An "English word" is a run of two or more Latin letters that is not in :data:`ALLOWED`
(names of products, file formats and commands, which stay as they are in Chinese text).
Data (a user's file names, the command line, version numbers, hashes) is not checked.
"""

from __future__ import annotations

import html as html_lib
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import _planner_store as ps  # noqa: E402
from commsim import results  # noqa: E402
from commsim.cli import build_parser, main  # noqa: E402

#: Latin words a Chinese text may contain: product, format and command names.
ALLOWED: frozenset[str] = frozenset({
    "commsim", "Solara", "Plotly", "Excel", "Word", "PDF", "pdf", "HTML", "html", "CSV", "csv",
    "JSON", "TOML", "PNG", "SVG", "App", "Dask", "dask", "Sobol", "Morris", "Git", "npm",
    "kaleido", "xlsx", "docx", "zh", "en", "LANG", "all", "local", "tcp", "toml", "out",
    "spec", "reanalysis", "quick", "thresholds", "max_replications", "replications",
    "report", "compare", "brief", "run", "sweep", "district", "template", "app", "export",
    "error", "runs", "parquet", "wide", "wtp", "street", "community", "serial", "process",
    "set", "gate", "leakage", "design", "samples", "seed", "days", "communities", "timeout",
    "experiments", "gate_design", "robust_policy", "results", "RESULTS", "DIR", "PCT",
    "UTC", "S", "delta", "help", "lang", "reps", "by", "budget", "metrics", "plugin",
    "resume", "workers", "executor", "scheduler", "progress", "no", "force", "format",
    "with", "warmup", "output", "title", "png", "svg", "host", "port", "open", "fetch",
    "assets", "dev", "version", "check", "scenarios", "calibrate", "robust", "calibration",
    "root", "precision", "reanalyse", "replication", "json", "search", "skip", "jobs", "short",
    "EVPI", "ICER",
    "full",
})
WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


def english(text: str) -> list[str]:
    """The English words of ``text`` (options, code and placeholders removed)."""
    text = re.sub(r"--?[A-Za-z][\w-]*", " ", text)  # command-line options
    text = re.sub(r"`[^`]*`|%\{[^}]*\}|\{[^}]*\}|<[^>]+>|&\w+;", " ", text)  # code, templates
    text = re.sub(r"\b[\w.]+\.(?:toml|csv|xlsx|html|pdf|docx|py|parquet)\b", " ", text)
    text = re.sub(r"\b[\w.]+:[A-Z]\w*", " ", text)  # a model class, module:Class
    text = re.sub(r"\b\w+[._]\w+(?:[._]\w+)*\b", " ", text)  # dotted keys, snake_case
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def zh_entries(table: Mapping[str, Mapping[str, str]]) -> Iterator[tuple[str, str]]:
    for key, entry in table.items():
        yield key, entry.get("zh", "")


def phrase_tables() -> dict[str, Mapping[str, Mapping[str, str]]]:
    from commsim.analysis import cost_effectiveness
    from commsim.app import words as app_words
    from commsim.brief import words as brief_words
    from commsim.cli import by_community
    from commsim.core import i18n
    from commsim.report import cost_figures, summary
    from commsim.report import words as report_words

    return {"i18n.MESSAGES": i18n.MESSAGES, "report": report_words.WORDS,
            "report.cost": cost_figures.WORDS, "report.plane": summary.PLANE_WORDS,
            "brief": brief_words.WORDS, "dashboard": app_words.WORDS,
            "by_community": by_community._HEAD, "cost_effectiveness": cost_effectiveness.WORDS}


def flat_tables() -> dict[str, Mapping[str, str]]:
    from commsim.app import words as app_words
    from commsim.cli import help_zh
    from commsim.core import i18n
    from commsim.results import readable

    return {"VALUES_ZH": i18n.VALUES_ZH, "UNITS_ZH": i18n.UNITS_ZH,
            "HELP_ZH": help_zh.HELP_ZH, "PARAMETERS_ZH": app_words.PARAMETERS_ZH,
            "SLIDER_UNITS_ZH": app_words.SLIDER_UNITS_ZH, "SHEETS_ZH": readable.SHEETS_ZH,
            "HEADERS_ZH": readable.HEADERS_ZH, "PROVENANCE_ZH": readable.PROVENANCE_ZH}


def left(texts: Iterable[str]) -> list[str]:
    """``text: words`` for each text with English words left."""
    return [f"{t[:80]!r}: {w}" for t in texts if (w := english(t))]


def test_the_detector_finds_english_and_passes_chinese() -> None:
    assert english("每减少1小时加班需33.5元 to 40") == ["to"]
    assert english("n/a") == [] and english("← better") == ["better"]
    assert english("用 commsim report 文件夹 打开;--wide 另列 run.days x_y") == []


def test_every_phrase_table_has_chinese_without_english() -> None:
    bad = []
    for name, table in phrase_tables().items():
        for key, zh in zh_entries(table):
            if not zh:
                bad.append(f"{name}[{key}]: no Chinese")
            elif words := english(zh):
                bad.append(f"{name}[{key}]: {words}")
    for name, flat in flat_tables().items():
        bad += [f"{name}[{k}]: {english(v)}" for k, v in flat.items() if english(v)]
    assert bad == []


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ps.comparison(tmp_path_factory.mktemp("zh") / "cmp", lang="zh")


def _help_texts(parser: Any) -> Iterator[str]:
    import argparse

    yield parser.format_help()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _help_texts(sub)


def test_chinese_console_help_and_compare(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    texts = [re.sub(r"\{[a-z,]+\}", " ", t) for t in _help_texts(build_parser("zh"))]
    assert left(texts) == []
    ps.comparison(tmp_path / "c", "--by", "community", "--budget", "100000", lang="zh")
    captured = capsys.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines()
             if "results" not in line and "/" not in line]  # the store's path is data
    assert left(lines) == []


def _figure_words(value: Any, key: str = "") -> Iterator[str]:
    """Every string a Plotly figure shows: titles, names, texts, ticks, hovers, cells."""
    shown = {"text", "name", "title", "hovertemplate", "ticktext", "values"}
    if isinstance(value, str):
        if key in shown:
            yield html_lib.unescape(value)
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from _figure_words(v, str(k) if k in shown else key if k == "values"
                                     else str(k))
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _figure_words(v, key)


def test_chinese_report_text_and_figures(store: Path) -> None:
    from commsim.report.html import build_sections, render_html

    data = results.load(store)
    sections = build_sections(data, lang="zh")
    page = render_html(data, sections, lang="zh")
    body = page.split("</head>", 1)[1]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    body = re.sub(r'<section id="provenance">.*?</section>', " ", body, flags=re.S)
    text = [html_lib.unescape(t) for t in re.findall(r">([^<>]+)<", body) if t.strip()]
    assert left(text) == []
    words = [w for s in sections if s.plot for w in _figure_words(s.figure.to_plotly_json())]
    assert left(words) == []
    # the provenance rows: names and our own values in Chinese (data such as the command
    # line, versions and hashes excepted)
    prov = re.search(r'<section id="provenance">(.*?)</section>', page, flags=re.S)
    assert prov is not None
    names = re.findall(r"<th>([^<]+)</th>", prov.group(1))
    assert left(names) == [] and "状态" in names


def test_chinese_export(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    assert main(["export", str(store), "-o", str(out), "--lang", "zh"]) == 0
    sheets = pd.read_excel(out, sheet_name=None)
    texts = list(sheets)
    for name, frame in sheets.items():
        texts += [str(c) for c in frame.columns if not str(c).startswith("参数 ")]
        if name in ("来源",):  # the manifest's values are data (commands, versions, JSON)
            continue
        for column in frame.columns:
            if str(column) in ("错误", "社区", "列"):
                continue
            texts += [v for v in frame[column].dropna().unique().tolist() if isinstance(v, str)]
    assert left(texts) == []


def test_chinese_brief(store: Path) -> None:
    from commsim.brief.content import build

    brief, _, _ = build(results.load(store), lang="zh", wtp=40.0, budget=50_000)
    texts = [brief.title, brief.subtitle, *brief.decision, *brief.caveats]
    for table in (brief.effects, brief.options, brief.communities):
        texts += [table.title, table.footnote, *table.header, *(c for r in table.rows for c in r)]
    assert left(texts) == []
    prov = re.sub(r"“[^”]*”|commit \w+|提交 \w+", " ", brief.provenance)
    assert left([prov]) == []


def test_chinese_dashboard_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMSIM_LANG", "zh")
    from commsim.app.charts import CHARTS, comparison_chart, live_chart
    from commsim.app.inputs import slider_label
    from commsim.app.model import DashboardModel, controls
    from commsim.app.words import WORDS, tr
    from commsim.core.i18n import POLICY_NAMES
    from commsim.report.style import use_language

    use_language("zh")
    try:
        built = [p for p in ("admission_gate", "purchased_services", "paperless")
                 if p in POLICY_NAMES]
        params = controls(built)
        texts = []
        for key, spec in params.items():
            if spec["type"] == "Checkbox" and key not in POLICY_NAMES:
                continue  # a plugin's policy keeps its own name
            texts.append(spec["label"])
            if spec["type"].startswith("Slider"):
                texts.append(slider_label(spec, spec["value"]))
            texts += [str(n) for n in (spec.get("names") or {}).values()]
        texts += [tr(k) for k in WORDS if "{" not in WORDS[k]["zh"]]
        model = DashboardModel(**{k: v["value"] for k, v in params.items()})
        for _ in range(3):
            model.step()
        twins = model.all_series(baseline=True)
        for key in CHARTS:
            texts += list(_figure_words(live_chart(key, model.all_series(), model.days_total,
                                                   baseline=twins).to_plotly_json()))
        texts += list(_figure_words(comparison_chart(model.all_series(), twins,
                                                     model.days_total).to_plotly_json()))
        assert left(texts) == []
    finally:
        use_language("en")
