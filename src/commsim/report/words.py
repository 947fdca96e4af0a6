"""The report's own words (headings, captions, column names) in English and Chinese.

Metric labels and units come from the metric declarations and
:data:`commsim.core.i18n.UNITS_ZH`; scenario and policy names from :mod:`commsim.core.i18n`. What
remains is here, looked up by :func:`say` in the language set with
:func:`commsim.report.style.use_language`.
"""

from __future__ import annotations

from commsim.core.i18n import phrase
from commsim.report.style import active_language

#: Phrase key -> language -> text with ``{field}`` placeholders.
WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "commsim results: {name}", "zh": "commsim 分析报告:{name}"},
    "lede": {"en": "{runs} runs of {scenarios} scenario(s){swept}; reference scenario {base}.",
             "zh": "{scenarios}个情景共{runs}次运行{swept};参照情景为{base}。"},
    "experiment.compare": {"en": "compare", "zh": "情景比较"},
    "experiment.run": {"en": "run", "zh": "单次运行"},
    "priority": {"en": "Net benefit and which communities first",
                 "zh": "按净收益的决策与优先推行的社区"},
    "priority.caption": {
        "en": "The choice at the cadres' own hourly wage as the value of an overtime hour "
              "(commsim brief --wtp sets another), every option a year against the reference, "
              "and for each community the option with the best net benefit; communities no "
              "option helps need more posts.",
        "zh": "以干部本人小时工资作为每小时加班的价值时的选择(commsim brief --wtp 可另设),"
              "各方案相对参照情景的年度对比,以及每个社区净收益最高的方案;"
              "没有方案见效的社区需要增加岗位。"},
    "hover.day": {"en": "day %{{x}}", "zh": "第%{{x}}天"},
    "hover.runs": {"en": "%{{customdata[2]}} runs", "zh": "%{{customdata[2]}}次运行"},
    "prov.runs": {"en": "{n} {status}", "zh": "{status}{n}次"},
    "prov.compute": {"en": "{seconds:,.1f} s over {n} runs", "zh": "{n}次运行共{seconds:,.1f}秒"},
    "prov.spec": {"en": "{what} as run", "zh": "实际运行的{what}"},
    "prov.other": {"en": "Other manifest fields", "zh": "清单中的其他字段"},
    "prov.failed": {"en": "Failed runs", "zh": "失败的运行"},
    "prov.failures": {"en": "Failures in the manifest ({n})", "zh": "清单记录的失败({n})"},
    "swept": {"en": ", {n} swept parameter(s)", "zh": ",扫描参数{n}个"},
    "decision": {"en": "Decision summary", "zh": "决策摘要"},
    "decision.caption": {
        "en": "Which scenario does best on each headline metric and overall, at what cost, "
              "and how sure the numbers are.",
        "zh": "各主要指标及综合而言哪个情景最优、成本多少、结论有多可靠。"},
    "decision.more": {"en": "Cost-effectiveness with intervals: see the cost-effectiveness "
                            "section below, where present.",
                      "zh": "成本效益及其置信区间见下文“成本效益”部分(如有)。"},
    "headline": {"en": "Headline results", "zh": "主要结果"},
    "headline.caption": {
        "en": "Mean of each metric over at least {n} runs per scenario (replications, and "
              "design points where parameters were swept) with its 95% t-interval, and the "
              "paired difference from {base} (same replication, common random numbers) with "
              "its 95% interval.",
        "zh": "各指标在每个情景至少{n}次运行上的均值及95%置信区间,以及与{base}的配对差值"
              "(相同重复运行、共同随机数)及其95%置信区间。"},
    "col.metric": {"en": "Metric", "zh": "指标"},
    "col.better": {"en": "Better", "zh": "更优方向"},
    "col.unit": {"en": "Unit", "zh": "单位"},
    "col.scenario": {"en": "Scenario", "zh": "情景"},
    "col.runs": {"en": "Runs", "zh": "运行次数"},
    "col.mean": {"en": "Mean", "zh": "均值"},
    "col.ci": {"en": "95% CI", "zh": "95%置信区间"},
    "col.diff": {"en": "Paired difference from {base}", "zh": "与{base}的配对差值"},
    "col.dci": {"en": "95% CI of difference", "zh": "差值95%置信区间"},
    "reference": {"en": "reference", "zh": "参照"},
    "to": {"en": " to ", "zh": " 至 "},
    "lower": {"en": "↓ lower is better", "zh": "↓ 越低越好"},
    "higher": {"en": "↑ higher is better", "zh": "↑ 越高越好"},
    "neither": {"en": "–", "zh": "–"},
    "distributions": {"en": "Distributions over replications", "zh": "各次重复运行的分布"},
    "distributions.caption": {
        "en": "Each dot is one run ({n} in all); boxes show quartiles and median, the dashed "
              "line the mean, one colour per scenario throughout the report.",
        "zh": "每个点为一次运行(共{n}次);箱体为四分位数和中位数,虚线为均值;"
              "全报告每个情景颜色一致。"},
    "daily": {"en": "Through the year", "zh": "全年走势"},
    "daily.caption": {
        "en": "Daily mean over replications with 95% bands, one panel for each daily series "
              "declared for the report (report=True); grey bands mark inspection seasons.",
        "zh": "各次重复运行的日均值及95%置信带,每个用于报告的每日序列一幅;"
              "灰色带为迎检期。"},
    "forest": {"en": "Effect of each policy against {base}", "zh": "各政策相对{base}的效果"},
    "forest.caption": {
        "en": "Paired mean difference from {base} with 95% confidence interval (each axis "
              "says which direction is better); an interval that crosses the dashed zero line "
              "is not distinguishable from no effect.",
        "zh": "与{base}的配对均值差及95%置信区间(各坐标轴标明哪个方向更好);跨过零虚线的区间"
              "与无效果无法区分。"},
    "hours-kind": {"en": "Where cadre hours go: by kind of work", "zh": "干部工时去向:按工作类型"},
    "hours-origin": {"en": "Where cadre hours go: by who asked", "zh": "干部工时去向:按任务来源"},
    "hours-destination": {"en": "Who did the work: by destination",
                          "zh": "工作由谁完成:按去向"},
    "hours.what.destination": {
        "en": "who did it (cadres, the committee's helpers, the departments' own staff and "
              "any workforce a policy handed work to)",
        "zh": "完成者(社区干部、社区协管人员、部门自有人员及政策移交的其他人员)"},
    "hours.what.kind": {"en": "the kind of task or activity", "zh": "任务或活动类型"},
    "hours.what.origin": {
        "en": "the origin of the work (department, street office, residents, duplicates and "
              "routine)",
        "zh": "工作来源(部门、街道、居民、重复报送和日常事务)"},
    "hours.caption.destination": {
        "en": "Mean hours of work ({unit} of the committee) per scenario, stacked by {what}.",
        "zh": "各情景平均工时(以社区{unit}计),按{what}堆叠。"},
    "hours.caption": {"en": "Mean cadre hours ({unit}) per scenario, stacked by {what}.",
                      "zh": "各情景干部平均工时({unit}),按{what}堆叠。"},
    "scenarios": {"en": "Scenarios", "zh": "情景说明"},
    "scenarios.caption": {"en": "What each scenario represents, as given in its scenario file.",
                          "zh": "各情景的含义(取自情景文件)。"},
    "provenance": {"en": "Provenance", "zh": "数据来源与可复现信息"},
    "provenance.caption": {
        "en": "Where these results came from, so that they can be reproduced.",
        "zh": "这些结果的来源,以便复现。"},
    "policies": {"en": "policies", "zh": "政策"},
    "n_runs": {"en": "{n} runs", "zh": "{n}次运行"},
    "footer": {"en": "Written by commsim. Hover over any figure for exact values; the camera "
                     "icon of each figure downloads it as a PNG.",
               "zh": "由 commsim 生成。将鼠标悬停在图上可查看精确数值;"
                     "点击图右上角的相机图标可下载PNG图片。"},
    "axis.scenario": {"en": "scenario", "zh": "情景"},
    "axis.day": {"en": "day of the run (d)", "zh": "运行第几天(天)"},
    "axis.hours": {"en": "cadre hours ({unit})", "zh": "干部工时({unit})"},
    "better.left": {"en": " · ← better", "zh": " · ← 更好"},
    "better.right": {"en": " · better →", "zh": " · 更好 →"},
    "title.lower": {"en": "{label} (lower is better)", "zh": "{label}(越低越好)"},
    "title.higher": {"en": "{label} (higher is better)", "zh": "{label}(越高越好)"},
    "title.neither": {"en": "{label}", "zh": "{label}"},
    "band": {"en": "95% band", "zh": "95%置信带"},
    "season": {"en": "inspection season", "zh": "迎检期"},
    "replication": {"en": "replication", "zh": "重复"},
    "panel.sum": {"en": ", trailing {days}-day sum", "zh": "(近{days}天合计)"},
    # the per-community section (commsim.report.community_figures)
    "community.Scenario": {"en": "Scenario", "zh": "情景"},
    "community.Rank": {"en": "Rank", "zh": "排名"},
    "community.Community": {"en": "Community", "zh": "社区"},
    "community.Kind": {"en": "Kind", "zh": "类型"},
    "community.Households": {"en": "Households", "zh": "户数"},
    "community.Posts": {"en": "Posts", "zh": "职数"},
    "community.reference": {"en": "reference", "zh": "参照"},
    "community.diff": {"en": "Paired difference from {base} (95% CI)",
                       "zh": "与{base}的配对差值(95%置信区间)"},
    "community.title": {"en": "Communities worst off under each policy",
                        "zh": "各政策下负担最重的社区"},
    "community.caption": {
        "en": "The {n} communities with the highest {label} under each scenario (mean of "
              "{reps} or more replications), with the paired difference from {base} for the "
              "same community (same replications).",
        "zh": "各情景下{label}最高的{n}个社区(至少{reps}次重复运行的均值),以及同一社区"
              "(相同重复运行)与{base}的配对差值。"},
    "community.gain": {"en": "Under {scenario}, the communities that gain most are {names}.",
                       "zh": "在{scenario}下,改善最大的社区是:{names}。"},
    "community.gain.item": {"en": "{name} ({gain} {unit} better)",
                            "zh": "{name}(改善{gain} {unit})"},
    "community.gain.none": {"en": "Under {scenario}, no community improves on {base}.",
                            "zh": "在{scenario}下,没有社区优于{base}。"},
    "community.multiples": {"en": "Which communities gain from each policy",
                            "zh": "各政策使哪些社区受益"},
    "community.multiples.caption": {
        "en": "One panel per scenario, communities on one axis, worst under {base} at the top: "
              "{base}'s panel shows {label} with its 95% interval, every other panel the "
              "paired difference from {base} with its 95% interval ({side} of the dashed line "
              "is better).",
        "zh": "每个情景一个面板,各社区共用纵轴,按{base}下从重到轻排列:{base}面板为{label}及其"
              "95%置信区间,其余面板为与{base}的配对差值及其95%置信区间(虚线{side}侧更优)。"},
    "community.left": {"en": "left", "zh": "左"},
    "community.right": {"en": "right", "zh": "右"},
    "community.urban": {"en": "urban", "zh": "城市社区"},
    "community.town": {"en": "town", "zh": "城镇社区"},
    "community.village": {"en": "village", "zh": "村"},
}


def say(key: str, lang: str | None = None, **fields: object) -> str:
    """The phrase ``key`` in ``lang`` (default: the report's language), fields filled in."""
    return phrase(WORDS, key, lang or active_language(), **fields)
