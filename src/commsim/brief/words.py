"""The brief's words in Chinese and English (looked up with :func:`say`)."""

from __future__ import annotations

from commsim.core.i18n import phrase

#: Phrase key -> language -> text with ``{field}`` placeholders.
WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Policy brief: relieving community workload",
              "zh": "社区减负政策决策简报"},
    "subtitle": {"en": "{n} communities, {households} households; {scenarios} options "
                       "compared with {base} over {reps} paired replications of {days} days",
                 "zh": "{n}个社区、{households}户;{scenarios}个方案与{base}对比,"
                       "每个方案{reps}次配对重复运行,每次{days}天"},
    "decision": {"en": "Decision", "zh": "决策建议"},
    "terms.wtp": {"en": "Valuing an avoided overtime hour at {wtp} yuan",
                  "zh": "按每减少1小时加班值{wtp}元计"},
    "terms.budget": {"en": ", within a budget of {budget} a year",
                     "zh": ",年度预算上限{budget}"},
    "fund": {"en": "{terms}: fund {name}. Net benefit {nb} a year (95% CI {lo} to {hi}); "
                   "fiscal outlay {outlay} a year.",
             "zh": "{terms}:建议推行{name}。年净收益{nb}(95%置信区间{lo}至{hi});"
                   "每年财政支出{outlay}。"},
    "keep": {"en": "{terms}: keep {base}; no option pays for itself{within}.",
             "zh": "{terms}:维持{base};没有方案{within}收益大于成本。"},
    "within": {"en": " within the budget", "zh": "在预算内"},
    "breakeven": {"en": "{name} becomes worthwhile from {wtp} yuan per hour avoided.",
                  "zh": "{name}在每小时价值不低于{wtp}元时值得推行。"},
    "breakeven.never": {"en": "{name} saves money as well as overtime.",
                        "zh": "{name}既节省成本又减少加班。"},
    "effects": {"en": "Effects of {name} against {base}", "zh": "{name}相对{base}的效果"},
    "col.metric": {"en": "Indicator", "zh": "指标"},
    "col.change": {"en": "Change", "zh": "变化"},
    "col.ci": {"en": "95% CI", "zh": "95%置信区间"},
    "clear": {"en": "clear", "zh": "差异明确"},
    "unclear": {"en": "not distinguishable from none", "zh": "与无效果无法区分"},
    "options": {"en": "Options a year against the reference (whole street)",
                "zh": "各方案年度对比(全街道)"},
    "col.option": {"en": "Option", "zh": "方案"},
    "col.hours": {"en": "Hours avoided", "zh": "减少加班小时"},
    "col.cost": {"en": "Social cost", "zh": "全社会成本变化"},
    "col.outlay": {"en": "Outlay", "zh": "财政支出"},
    "col.nb": {"en": "Net benefit", "zh": "净收益"},
    "communities": {"en": "Communities to start with", "zh": "优先推行的社区"},
    "col.rank": {"en": "#", "zh": "序"},
    "col.community": {"en": "Community", "zh": "社区"},
    "col.policy": {"en": "Best option", "zh": "最优方案"},
    "col.overtime": {"en": "Overtime h/cadre-wk", "zh": "加班(时/人·周)"},
    "col.per_post": {"en": "hh/post", "zh": "每岗户数"},
    "col.note": {"en": "Note", "zh": "说明"},
    "note.reached": {"en": "in budget", "zh": "预算内"},
    "note.beyond": {"en": "over budget", "zh": "超预算"},
    "note.unhelped": {"en": "no effect: add posts", "zh": "无明显效果:需增岗"},
    "note.not_worth": {"en": "not worth it", "zh": "有效但不划算"},
    "legend": {"en": "* above the norm of one full-time worker per {norm} households. No "
                     "effect: no option clearly reduces overtime there.",
               "zh": "*超过每{norm}户配1名专职社区工作者的标准。"
                     "无明显效果:没有方案能明确减少该社区的加班。"},
    "more": {"en": "{n} more communities: see the report or the export. ",
             "zh": "另有{n}个社区见分析报告或导出表。"},
    "caveats": {"en": "Caveats", "zh": "注意事项"},
    "caveat.reps": {"en": "Results of {reps} paired replications per option (95% intervals).",
                    "zh": "结果基于每个方案{reps}次配对重复运行(95%置信区间)。"},
    "caveat.provisional": {
        "en": "Provisional: fewer than {min} replications; re-run with more before acting.",
        "zh": "仅供参考:重复运行少于{min}次,决策前请增加重复运行次数。"},
    "caveat.value": {
        "en": "The value of an overtime hour is a judgement: {source}. Full social cost "
              "counts unpaid overtime at the wage; fiscal outlay is the new spending the "
              "policies need.",
        "zh": "每小时加班的价值是价值判断:{source}。全社会成本按工资计入无偿加班;"
              "财政支出仅为政策本身的新增开支。"},
    "source.default": {"en": "here the civil-servant reference wage per hour (6,000 yuan a "
                             "month over 174 hours)",
                       "zh": "此处取公务员参照工资的小时值(每月6000元÷174小时)"},
    "source.given": {"en": "here set by the reader", "zh": "此处由使用者设定"},
    "caveat.share": {
        "en": "A community's cost is its equal share of the street's cost; the model does "
              "not book costs by community.",
        "zh": "各社区成本按全街道成本平均分摊,模型不按社区记账。"},
    "caveat.model": {
        "en": "A simulation of the district file's communities, not a forecast; see the "
              "report for all indicators.",
        "zh": "本结果为基于辖区数据的仿真推演,不是预测;全部指标见分析报告。"},
    "provenance": {"en": "Source: commsim {version}, commit {commit}, seed {seed}, results "
                         "\u201c{folder}\u201d, written {date}.",
                   "zh": "来源:commsim {version},提交 {commit},随机种子 {seed},结果文件夹"
                         "\u201c{folder}\u201d,生成于{date}。"},
    "per_year": {"en": "/yr", "zh": "/年"},
    "hours": {"en": "{value} h", "zh": "{value}小时"},
}


def say(key: str, lang: str, **fields: object) -> str:
    """The phrase ``key`` of the brief in ``lang`` with ``fields`` filled in."""
    return phrase(WORDS, key, lang, **fields)
