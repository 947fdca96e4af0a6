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
                   "(相同随机种子)。调整左侧控件后按<b>重置</b>生效;<b>▶ 运行</b>"
                   "开始,<i>播放间隔</i>调节速度。灰色带为迎检期。"},
    "card.controls": {"en": "Controls", "zh": "运行控制"},
    "card.parameters": {"en": "Model parameters", "zh": "模型参数"},
    "speed": {"en": "Play interval: {ms} ms per day", "zh": "播放间隔:每天{ms}毫秒"},
    "reset": {"en": "Reset", "zh": "重置"},
    "play": {"en": "▶", "zh": "▶ 运行"},
    "pause": {"en": "❚❚", "zh": "❚❚ 暂停"},
    "step": {"en": "Step", "zh": "单步"},
    "frame": {"en": "Render interval: {days} days per frame", "zh": "每帧天数:{days}天"},
    "day": {"en": "Day {day} of {days}", "zh": "第{day}天,共{days}天"},
    "error": {"en": "The run stopped: {error}", "zh": "运行中止:{error}"},
    "control.district": {"en": "District", "zh": "辖区"},
    "control.replications": {"en": "Replications (band)", "zh": "重复运行次数(阴影带)"},
    "control.seed": {"en": "Seed", "zh": "随机种子"},
    "control.cadres.per_community": {"en": "Cadres per community", "zh": "每社区干部数"},
    "control.departments.tasks_per_community_day": {"en": "Demand", "zh": "任务需求"},
    "control.run.communities": {"en": "Communities (when no district file)",
                                "zh": "社区数(无辖区文件时)"},
    "control.district_note": {"en": "The district file sets each community's posts and "
                                    "households.",
                              "zh": "辖区文件已规定各社区的职数和户数。"},
    "district.drawn": {"en": "none (drawn communities)", "zh": "无(随机生成社区)"},
    "district.s14_example": {"en": "S14 example district (50 communities)",
                             "zh": "S14 示例辖区(50个社区)"},
    "default": {"en": "default {value}", "zh": "默认{value}"},
    "hover.day": {"en": "day %{{x}}", "zh": "第%{{x}}天"},
    "hover.median": {"en": "median", "zh": "中位数"},
    "hover.to": {"en": " to ", "zh": " 至 "},
    "series.overtime_per_cadre": {"en": "overtime (trailing 7 days)", "zh": "近7天加班"},
    "series.resident_satisfaction": {"en": "share satisfied", "zh": "满意占比"},
    "series.headcount": {"en": "headcount", "zh": "在岗人数"},
    "series.vacancies": {"en": "vacancies", "zh": "空缺"},
    "series.backlog_hours": {"en": "queued work", "zh": "待办工作"},
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
                          "zh": "按 ▶ 运行或单步开始;各社区随运行排序。"},
    "start": {"en": "Press ▶ or Step to start the run.", "zh": "按 ▶ 运行或单步开始。"},
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
    "policies.none": {"en": "none", "zh": "无"},
    "axis.day": {"en": "day (d)", "zh": "天"},
}


def dashboard_language() -> str:
    """The dashboard's language: ``$COMMSIM_LANG`` if valid, else the locale's."""
    lang = os.environ.get(LANG_ENV, "")
    return lang if lang in LANGUAGES else default_language()


def tr(key: str, **fields: object) -> str:
    """The dashboard phrase ``key`` in the dashboard's language, fields filled in."""
    return phrase(WORDS, key, dashboard_language(), **fields)


#: The policies' parameters as a Chinese planner names them (a plugin's keep their key).
PARAMETERS_ZH: dict[str, str] = {
    "gate.strictness": "准入制度:拒收严格程度", "gate.review_days": "准入制度:审核天数",
    "gate.running_cost_yuan": "准入制度:运行费用",
    "funding.price_per_hour": "随附经费:每小时价格", "funding.value_per_hour":
        "随附经费:每小时价值",
    "funding.elasticity": "随附经费:需求弹性", "funding.budget_yuan": "随附经费:部门预算",
    "helpers.cost_per_hour": "协管:每小时费用", "helpers.admin_pull_share": "协管:行政抽调比例",
    "street.leakage": "街道转办:回流概率", "street.leakage_limit": "街道转办:回流概率上限",
    "street.rebound_years": "街道转办:反弹年数", "street.leak_delay_days": "街道转办:回流延迟",
    "paperless.digital_acceptance": "无纸化办公:电子材料认可比例",
    "paperless.digital_time_ratio": "无纸化办公:电子工时比",
    "paperless.unconnected_systems": "无纸化办公:未打通系统数",
    "paperless.reentry_ratio": "无纸化办公:重复录入比", "paperless.system_cost_yuan":
        "无纸化办公:系统费用",
    "purchased.compliance": "购买式服务:部门遵从概率",
}
#: Units of the sliders in Chinese.
SLIDER_UNITS_ZH: dict[str, str] = {
    "probability": "概率", "share": "比例", "yr": "年", "day": "天", "h/h": "小时/小时",
    "yuan/h": "元/小时", "yuan/community/yr": "元/社区·年", "ratio": "倍", "count": "个",
    "yuan/department/community/yr": "元/部门·社区·年", "tasks/community/workday": "件/社区·工作日",
}


def parameter_label(key: str, label: str) -> str:
    """A slider's label in the dashboard's language (``label`` when there is no Chinese)."""
    if dashboard_language() != "zh":
        return label
    return PARAMETERS_ZH.get(key) or (tr(f"control.{key}") if f"control.{key}" in WORDS
                                      else label)


def slider_unit(unit: str) -> str:
    """A slider's unit in the dashboard's language."""
    return SLIDER_UNITS_ZH.get(unit, unit) if dashboard_language() == "zh" else unit
