"""The dashboard's words in English and Chinese (``commsim app --lang zh``).

``commsim app`` passes its language to the server in ``$COMMSIM_LANG``; without it the
locale decides (:func:`commsim.core.i18n.default_language`). Metric labels and units come from
the declarations via :mod:`commsim.report.style`, set to the same language.
"""

from __future__ import annotations

import os

from commsim.core.i18n import LANGUAGES, default_language, phrase

#: Environment variable carrying the dashboard's language.
LANG_ENV = "COMMSIM_LANG"

WORDS: dict[str, dict[str, str]] = {
    "name": {"en": "commsim · community workload", "zh": "commsim · 社区干部工作负担"},
    "status": {"en": "<b>Day {day} of {days}</b> · policies: <code>{policies}</code> · "
                     "{n} {places}, {posts} cadre posts ({district}) · {reps} {replications}.",
               "zh": "<b>第{day}天,共{days}天</b> · 政策:<code>{policies}</code> · "
                     "{n}个社区,{posts}个干部岗位({district})· {reps}次重复运行。"},
    "help": {"en": "Lines are the median over the replications, shaded bands the range they "
                   "span; blue is the settings, black the baseline (same seeds). Change the "
                   "controls on the left, then press <b>Reset</b> to apply them; <b>▶</b> "
                   "plays and <i>Play interval</i> sets the speed. Grey bands are inspection "
                   "seasons.",
             "zh": "线条为各次重复运行的中位数,阴影带为其范围;蓝色为当前设置,黑色为基线"
                   "(相同随机种子)。调整左侧控件后按 <b>Reset</b>(重置)生效;<b>▶</b> "
                   "开始运行,<i>Play interval</i> 调节速度。灰色带为迎检期。"},
    "start.warm": {"en": "Every run starts at the end of a {years}-year warm-up (the status "
                         "quo before the policy), as the runs of a report do, so the figures "
                         "match the report's for the same settings and seed; day 0 is the "
                         "first measured day and the policies act from it.",
                   "zh": "每次运行都从{years}年预热期(政策实施前的现状)结束时的状态开始,"
                         "与报告中的运行相同,因此相同设置和随机种子下的数值与报告一致;"
                         "第0天为第一个计量日,政策自该日起生效。"},
    "start.cold": {"en": "Every run starts cold (no warm-up): early days show the model "
                         "settling from its initial draws, unlike the runs of a report.",
                   "zh": "每次运行均为冷启动(无预热期):最初几天显示模型从初始抽样逐渐稳定的过程,"
                         "与报告中的运行不同。"},
    "district.none": {"en": "drawn communities", "zh": "随机生成的社区"},
    "tab.live": {"en": "Live charts", "zh": "实时图表"},
    "tab.compare": {"en": "Compare with baseline", "zh": "与基线对比"},
    "tab.communities": {"en": "Communities", "zh": "各社区"},
    "communities.title": {"en": "{label} by community (worst at the top)",
                          "zh": "各社区{label}(最差在上)"},
    "communities.start": {"en": "Press ▶ or Step to start the run; communities are ranked "
                                "as it goes.",
                          "zh": "按 ▶ 或 Step 开始运行;各社区随运行排序。"},
    "start": {"en": "Press ▶ or Step to start the run.", "zh": "按 ▶ 或 Step 开始运行。"},
    "summary": {"en": "<b>Summary so far</b>: means over {n} replications; the baseline runs "
                      "the same parameters, seeds and replications with policy "
                      "<code>no_gate</code>, and the difference is paired replication by "
                      "replication",
                "zh": "<b>截至目前的汇总</b>:{n}次重复运行的平均值;基线使用相同参数、随机种子"
                      "和重复编号,不设准入制度,差值按重复运行逐一配对计算"},
    "col.metric": {"en": "metric", "zh": "指标"},
    "col.unit": {"en": "unit", "zh": "单位"},
    "col.current": {"en": "current", "zh": "当前设置"},
    "col.baseline": {"en": "baseline", "zh": "基线"},
    "col.difference": {"en": "difference", "zh": "差值"},
    "col.range": {"en": "range of differences", "zh": "差值范围"},
    "one.replication": {"en": "one replication", "zh": "仅一次运行"},
    "band": {"en": "range of {n} replications", "zh": "{n}次重复运行的范围"},
    "chart.overtime": {"en": "Overtime per cadre-week", "zh": "每名干部每周加班"},
    "chart.satisfaction": {"en": "Residents satisfied", "zh": "居民满意率"},
    "chart.headcount": {"en": "Headcount and vacancies", "zh": "在岗人数与空缺"},
    "chart.backlog": {"en": "Backlog of department work", "zh": "部门待办工作积压"},
    "run.current": {"en": "current settings", "zh": "当前设置"},
    "run.baseline": {"en": "baseline (no_gate)", "zh": "基线(无准入制度)"},
    "axis.day": {"en": "day (d)", "zh": "天"},
}


def dashboard_language() -> str:
    """The dashboard's language: ``$COMMSIM_LANG`` if valid, else the locale's."""
    lang = os.environ.get(LANG_ENV, "")
    return lang if lang in LANGUAGES else default_language()


def tr(key: str, **fields: object) -> str:
    """The dashboard phrase ``key`` in the dashboard's language, fields filled in."""
    return phrase(WORDS, key, dashboard_language(), **fields)
