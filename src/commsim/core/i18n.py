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
import re
import unicodedata
from collections.abc import Mapping, Sequence
from contextvars import ContextVar

#: Languages with a full set of messages.
LANGUAGES: tuple[str, ...] = ("en", "zh")

#: Policy names as planners know them.
POLICY_NAMES: dict[str, dict[str, str]] = {
    "no_gate": {"en": "no admission gate", "zh": "无准入制度(现状)"},
    "admission_gate": {"en": "admission gate", "zh": "准入制度"},
    "purchased_services": {"en": "purchased services", "zh": "购买式服务"},
    "paperless": {"en": "paperless working", "zh": "无纸化办公"},
}

#: Built-in scenarios as planners know them (a user's scenario keeps its own name).
SCENARIO_NAMES: dict[str, dict[str, str]] = {
    "baseline": {"en": "baseline", "zh": "现状(基线)"},
    "admission_gate": {"en": "admission_gate", "zh": "准入制度"},
    "purchased_services": {"en": "purchased_services", "zh": "购买式服务"},
    "paperless": {"en": "paperless", "zh": "无纸化办公"},
    "paperless_digital_inspections": {"en": "paperless_digital_inspections",
                                      "zh": "无纸化办公+电子台账迎检"},
    "combined": {"en": "combined", "zh": "组合政策"},
    "s14_district": {"en": "s14_district", "zh": "示例辖区现状(S14)"},
}

#: Units in Chinese (a unit without a translation is shown as declared).
UNITS_ZH: dict[str, str] = {
    "h": "小时", "h per cadre": "小时/干部", "h per cadre working day": "小时/干部·工作日",
    "h per cadre-week": "小时/干部·周", "h per run": "小时/次运行", "yuan": "元",
    "yuan/yr": "元/年", "h/yr": "小时/年",
    "households": "户", "cadres": "人", "cadres (cumulative)": "人(累计)", "posts": "个岗位",
    "post-days": "岗位·天", "records": "份", "records (cumulative)": "份(累计)",
    "tasks": "件", "tasks (cumulative)": "件(累计)", "tasks per community-day": "件/社区·天",
    "visits": "人次", "applications": "件申请", "collisions": "次", "day": "天", "flag": "标记",
    "index 0-1": "指数 0–1", "index 0-100": "指数 0–100", "score 0-100": "分(0–100)",
    "separations per mean headcount per year": "离职人数/平均在岗人数·年",
    "share of aid applications": "占救助申请比例", "share of cadre hours": "占干部工时比例",
    "share of cadre working days": "占干部工作日比例", "share of cadre-weeks": "占干部·周比例",
    "share of cadres": "占干部比例", "share of cadres (time average)": "占干部比例(时间平均)",
    "share of closed tasks": "占已结任务比例", "share of households": "占住户比例",
    "share of households satisfied (0-1)": "满意住户占比(0–1)",
    "share of households with contact satisfied (0-1)": "办过事住户中满意占比(0–1)",
    "share of pre-inspection cadre days": "占迎检期干部工作日比例",
    "share of visits": "占来访比例", "h of queued work": "小时待办工作",
    "yuan per h avoided": "元/减少1小时加班",
    "yuan per household gained": "元/增加1户满意",
    "yuan a year per satisfied household gained": "元/年·增加1户满意",
}

#: Stored English values shown to readers: cost-effectiveness readings, executors,
#: community kinds and run statuses.
VALUES_ZH: dict[str, str] = {
    "dominant: cheaper and better": "占优:更省钱且更好",
    "better at no distinguishable extra cost": "更好,成本无明显增加",
    "better at extra cost (trade-off)": "更好但成本更高(需权衡)",
    "cheaper but worse (trade-off)": "更省钱但更差(需权衡)",
    "worse at no distinguishable cost difference": "更差,成本无明显差别",
    "dominated: dearer and worse": "劣势:更贵且更差",
    "no effect distinguishable from 0: ratio not estimable": "效果与0无法区分:比值无法估计",
    "process": "进程池", "serial": "串行", "dask": "Dask 集群",
    "urban": "城市社区", "town": "城镇社区", "village": "村",
    "ok": "成功", "failed": "失败", "timeout": "超时", "complete": "已完成",
    "True": "是", "False": "否",
    "replications": "重复运行", "sobol": "Sobol 敏感性分析", "morris": "Morris 筛选",
    "fixed replications": "固定重复运行次数", "compare": "情景比较",
    # cost-effectiveness measures (commsim.analysis.cost_effectiveness.MEASURES)
    "yuan_per_overtime_hour_avoided": "每减少1小时加班的成本(元/小时)",
    "yuan_per_satisfied_household_gained": "每增加1户满意住户的年成本(元/年·户)",
    "every run's streams derive from (root_seed, replication, process); replication k of "
    "every scenario and design point shares its streams":
        "每次运行的随机数流由(根随机种子、重复运行序号、过程)派生;各情景和设计点的第k次"
        "重复运行共用同一组随机数流",
    "kind": "工作类型", "origin": "任务来源", "destination": "由谁完成",  # hours table
    "cadres": "干部", "helpers": "协管与外包人员",
}

#: Where cadre hours go (hours table categories): task kinds and activities, then origins.
HOURS_ZH: dict[str, str] = {
    "data_report": "报表数据", "form": "填表", "ledger": "台账", "meeting": "会议",
    "field_visit": "入户走访", "supervision": "监管帮教", "inspection_prep": "迎检准备",
    "complaint": "投诉处理", "resident_counter": "窗口接待", "office_slack": "坐班空闲",
    "routine": "日常事务", "apps": "工作App填报",
    "department": "部门", "street": "街道交办", "duplicate": "重复报送",
    "leaked": "拒收后回流", "inspection": "检查考核", "resident": "居民诉求",
}
VALUES_ZH.update(HOURS_ZH)

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
    "baseline": {"en": "baseline", "zh": "基线"},
    "pairing": {"en": "pairing", "zh": "配对降方差"},
    "cli.diff": {"en": "diff vs {base}", "zh": "与{base}之差"},
    "cli.ci_diff": {"en": "95% CI of diff", "zh": "差值95%置信区间"},
    "cli.compare.note": {
        "en": "95% CIs are t-based over replications; differences are paired by replication "
              "(common random numbers); 'pairing' is the variance of the difference removed "
              "by pairing.",
        "zh": "95%置信区间基于各次重复运行的t分布;差值按重复运行配对(共同随机数);"
              "“配对降方差”为配对所消除的差值方差比例。"},
    "cli.compare.note_narrow": {
        "en": "Differences are paired by replication (common random numbers), with 95% CIs; "
              "--wide adds each mean's interval and the variance removed by pairing.",
        "zh": "差值按重复运行配对(共同随机数),附95%置信区间;--wide 另列均值的置信区间"
              "和配对所消除的方差比例。"},
    "cli.compare.failed": {"en": "{n} run(s) failed; see the error column of runs.parquet",
                           "zh": "{n}次运行失败,见 runs.parquet 的 error 列"},
    "cli.compare.reps": {"en": "{n} replications per scenario. ",
                         "zh": "每个情景{n}次重复运行。"},
    "cli.compare.done": {"en": "{runs} runs ({ok} ok, {bad} failed) in {seconds:.1f} s, seed "
                               "{seed}, {workers} {kind} worker(s)",
                         "zh": "共{runs}次运行(成功{ok},失败{bad}),用时{seconds:.1f}秒,"
                               "随机种子{seed},{kind}执行,{workers}个工作进程"},
    "cli.results_written": {"en": "results written to {path}", "zh": "结果已写入 {path}"},
    "cli.run.header": {"en": "scenario {scenario} (policies: {policies}; model {model}), seed "
                             "{seed}, replication {replication}, {days} days, {communities} "
                             "communities, {seconds:.1f} s",
                       "zh": "情景 {scenario}(政策:{policies};模型 {model}),随机种子{seed},"
                             "第{replication}次重复,{days}天,{communities}个社区,"
                             "用时{seconds:.1f}秒"},
    "cli.compare.model": {"en": "model {model}: {scenarios}", "zh": "模型 {model}:{scenarios}"},
    "cli.written_to": {"en": "written to {path}", "zh": "已写入 {path}"},
    "warn.few_reps": {"en": "{scenario}: only {n} replication{s} (fewer than {min}): intervals "
                            "are unreliable",
                      "zh": "{scenario}:仅{n}次重复运行(少于{min}次),置信区间不可靠"},
    "warn.wide_ci": {"en": "{scenario}, {metric}: the 95 % CI half-width is {rel:.0%} of the "
                           "mean (above {limit:.0%}): add replications",
                     "zh": "{scenario},{metric}:95%置信区间半宽为均值的{rel:.0%}"
                           "(超过{limit:.0%}),请增加重复运行次数"},
}


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the user's locale: ``"zh"`` for a Chinese locale, else ``"en"``."""
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def phrase(table: Mapping[str, Mapping[str, str]], key: str, lang: str,
           **fields: object) -> str:
    """The entry ``key`` of a phrase ``table`` in ``lang`` (English if missing), filled in.

    Every table of words (the CLI's, the report's, the dashboard's, the robust report's)
    maps a key to ``{"en": ..., "zh": ...}``; this is the one lookup they share.

    >>> phrase({"hi": {"en": "hello {who}", "zh": "你好{who}"}}, "hi", "fr", who="x")
    'hello x'
    """
    entry = table[key]
    return entry.get(lang, entry["en"]).format(**fields)


def text(key: str, lang: str = "en", **fields: object) -> str:
    """The message ``key`` in ``lang`` with ``fields`` filled in (English if missing).

    >>> text("difference", "zh", base="基线")
    '与基线之差'
    """
    return phrase(MESSAGES, key, lang, **fields)


def value_name(value: object, lang: str = "en") -> str:
    """A stored English value as readers of ``lang`` see it (unknown values unchanged)."""
    return VALUES_ZH.get(str(value), str(value)) if lang == "zh" else str(value)


def wrap(value: str, width: int = 100, indent: str = "") -> list[str]:
    """``value`` cut into lines of at most ``width`` terminal columns.

    Latin text breaks at spaces; Chinese text, which has none, between any two characters.
    Continuation lines start with ``indent``.

    >>> wrap("准入制度与购买式服务", 8)
    ['准入制度', '与购买式', '服务']
    """
    lines: list[str] = []
    line = ""
    for word in _pieces(value):
        if line and display_width(line + word) > width:
            lines.append(line.rstrip())
            line = indent + word.lstrip()
        else:
            line += word
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _pieces(value: str) -> list[str]:
    """Words with their leading space, and wide characters one by one."""
    pieces: list[str] = []
    for ch in value:
        after_wide = bool(pieces) and unicodedata.east_asian_width(pieces[-1][-1]) in "WF"
        if not pieces or ch == " " or after_wide or unicodedata.east_asian_width(ch) in "WF":
            pieces.append(ch)
        else:
            pieces[-1] += ch
    return pieces


def policy_name(name: str, lang: str = "en") -> str:
    """A policy's name in ``lang`` (a plugin policy without a translation keeps its key)."""
    return POLICY_NAMES.get(name, {}).get(lang, name)


def scenario_name(name: str, lang: str = "en") -> str:
    """A built-in scenario's name in ``lang`` (a user's scenario keeps its own name)."""
    return SCENARIO_NAMES.get(name, {}).get(lang, name)


def unit_name(unit: str, lang: str = "en") -> str:
    """A unit in ``lang`` (as declared when there is no translation)."""
    return UNITS_ZH.get(unit, unit) if lang == "zh" else unit


def metric_name(metric: object, lang: str = "en") -> str:
    """A metric declaration's label in ``lang`` (``label_zh`` under zh when it has one)."""
    label = str(getattr(metric, "label", "") or getattr(metric, "key", ""))
    return str(getattr(metric, "label_zh", "") or label) if lang == "zh" else label


#: The language the running command was asked for (``--lang``), read by messages raised
#: deep inside (a district file's errors) that are not handed the command's arguments.
COMMAND_LANGUAGE: ContextVar[str | None] = ContextVar("commsim_language", default=None)


def resolve_language(lang: str | None) -> str:
    """``lang``, else the command's ``--lang``, else the locale's; one of :data:`LANGUAGES`."""
    if lang is not None:
        return lang
    return COMMAND_LANGUAGE.get() or default_language()


#: A missing number in each language.
MISSING: dict[str, str] = {"en": "n/a", "zh": "—"}


def missing(lang: str = "en") -> str:
    """The mark of a missing number in ``lang``."""
    return MISSING.get(lang, MISSING["en"])


def money(value: float | None, lang: str = "en", *, signed: bool = False) -> str:
    """An amount of yuan for a reader: 万元 from ten thousand up under zh, yuan under en.

    >>> money(950170.0, "zh", signed=True)
    '+95.0万元'
    >>> money(3200.0, "zh")
    '3,200元'
    >>> money(950170.0, "en")
    '950,170 yuan'
    """
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return missing(lang)
    sign = "+" if signed else ""
    if lang == "zh":
        if abs(value) >= 1e4:
            return f"{value / 1e4:{sign},.1f}万元"
        return f"{value:{sign},.0f}元"
    return f"{value:{sign},.0f} yuan"


def display_width(value: str) -> int:
    """Terminal columns ``value`` takes: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else
               0 if unicodedata.combining(ch) else 1 for ch in value)


def ljust(value: str, width: int) -> str:
    """Pad ``value`` on the right to ``width`` terminal columns."""
    return value + " " * max(0, width - display_width(value))


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]],
                 left: Sequence[bool]) -> list[str]:
    """Lines of an aligned text table; widths count terminal columns (CJK = 2).

    Examples
    --------
    >>> render_table(["name", "n"], [["准入", "1"], ["ab", "10"]], [True, False])
    ['name   n', '准入   1', 'ab    10']

    """
    widths = [max(display_width(str(r[i])) for r in [headers, *rows])
              for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [ljust(str(v), w) if lft else rjust(str(v), w)
                 for v, w, lft in zip(row, widths, left, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def rjust(value: str, width: int) -> str:
    """Pad ``value`` on the left to ``width`` terminal columns."""
    return " " * max(0, width - display_width(value)) + value


#: C0 and C1 control characters (but tab and line feed) and Unicode direction overrides.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(value: object) -> str:
    r"""``value`` as text safe to print: control characters shown as ``\xNN`` escapes.

    A name from a file (a community, a scenario) must not move the cursor or clear the
    screen of whoever prints it.

    >>> print(terminal_text("East\x1b[2J"))
    East\x1b[2J
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                        str(value))
