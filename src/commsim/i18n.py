"""Chinese and English: the language of messages, tables, reports and the dashboard.

commsim's planners read Chinese; researchers often read English. Every user-facing text
that is not data goes through :func:`text`, which looks a message up in :data:`MESSAGES`
by key and language. Metric labels come from the metric declarations (``label`` /
``label_zh``); policy and scenario names from :data:`POLICY_NAMES` and the scenario files.

The language is chosen by ``--lang zh|en`` on every command; without it, from the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``: a value starting with ``zh`` selects Chinese).

Terminal tables must align with wide (CJK) characters, which take two columns:
:func:`display_width`, :func:`ljust` and :func:`rjust` count columns, not characters.

>>> display_width("准入制度_试点")
13
>>> ljust("准入", 6) + "|"
'准入  |'
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping

#: Languages with a full set of messages.
LANGUAGES: tuple[str, ...] = ("en", "zh")

#: Policy names as planners know them.
POLICY_NAMES: dict[str, dict[str, str]] = {
    "no_gate": {"en": "no admission gate", "zh": "无准入制度(现状)"},
    "admission_gate": {"en": "admission gate", "zh": "准入制度"},
    "purchased_services": {"en": "purchased services", "zh": "购买式服务"},
    "paperless": {"en": "paperless working", "zh": "无纸化办公"},
}

#: Messages by key; ``{name}`` fields are filled by :func:`text`.
MESSAGES: dict[str, dict[str, str]] = {
    "scenario": {"en": "scenario", "zh": "情景"},
    "metric": {"en": "metric", "zh": "指标"},
    "mean": {"en": "mean", "zh": "均值"},
    "ci95": {"en": "95% CI", "zh": "95%置信区间"},
    "difference": {"en": "difference vs {base}", "zh": "与{base}之差"},
    "unit": {"en": "unit", "zh": "单位"},
    "better": {"en": "better", "zh": "更优方向"},
    "better.lower": {"en": "lower is better", "zh": "越低越好"},
    "better.higher": {"en": "higher is better", "zh": "越高越好"},
    "better.neither": {"en": "neither direction is better", "zh": "无优劣方向"},
    "replications": {"en": "{n} replications, root seed {seed}",
                     "zh": "{n}次重复运行,根随机种子{seed}"},
    "warning": {"en": "warning", "zh": "警告"},
    "written": {"en": "written: {path}", "zh": "已写入:{path}"},
    "report.title": {"en": "commsim report", "zh": "commsim 分析报告"},
    "report.decision": {"en": "What this means for the district", "zh": "对本辖区的结论"},
    "report.headline": {"en": "Headline results", "zh": "主要结果"},
    "report.cost_effectiveness": {"en": "Cost-effectiveness", "zh": "成本效益"},
    "report.provenance": {"en": "Provenance", "zh": "数据来源与可复现信息"},
}


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the user's locale: ``"zh"`` for a Chinese locale, else ``"en"``."""
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def text(key: str, lang: str = "en", **fields: object) -> str:
    """The message ``key`` in ``lang`` with ``fields`` filled in (English if missing).

    >>> text("difference", "zh", base="基线")
    '与基线之差'
    """
    entry = MESSAGES[key]
    return entry.get(lang, entry["en"]).format(**fields)


def policy_name(name: str, lang: str = "en") -> str:
    """A policy's name in ``lang`` (a plugin policy without a translation keeps its key)."""
    return POLICY_NAMES.get(name, {}).get(lang, name)


def display_width(value: str) -> int:
    """Terminal columns ``value`` takes: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else
               0 if unicodedata.combining(ch) else 1 for ch in value)


def ljust(value: str, width: int) -> str:
    """Pad ``value`` on the right to ``width`` terminal columns."""
    return value + " " * max(0, width - display_width(value))


def rjust(value: str, width: int) -> str:
    """Pad ``value`` on the left to ``width`` terminal columns."""
    return " " * max(0, width - display_width(value)) + value
