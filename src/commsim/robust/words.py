"""The robust-decision report's own words (headings, paragraphs, columns) in English and Chinese.

Metric labels and units come from the metric declarations and :mod:`commsim.core.i18n`;
policy and scenario names from :mod:`commsim.core.i18n` too (see :mod:`commsim.robust.labels`).
What remains is here, looked up by :func:`say`. Terms used throughout the Chinese report:
regret 遗憾值, satisficing 达标率 (满意准则), plausible worlds 可信情景, Pareto front
帕累托前沿, PRIM box 规则框, coverage 覆盖率, density 密度.

>>> say("sat", "zh")
'3. 达标率(满意准则)'
"""

from __future__ import annotations

from commsim.core.i18n import phrase

#: Phrase key -> language -> text with ``{field}`` placeholders.
WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Robust decisions: {name}", "zh": "稳健决策分析:{name}"},
    "provenance": {"en": "Provenance", "zh": "数据来源与可复现信息"},
    "cal": {"en": "1. Calibration: plausible worlds", "zh": "1. 校准:可信情景"},
    "cal.lede": {"en": "{n} plausible worlds, history matching with a Gaussian-process "
                       "emulator; waves, each with the joint share of the prior parameter "
                       "space not yet ruled out (nroy_share, 95 % Monte-Carlo interval):",
                 "zh": "共{n}个可信情景,由基于高斯过程代理模型的历史匹配法得出;各轮情况如下"
                       "(nroy_share:尚未被排除的参数空间联合体积占先验空间的比例,附 95 % "
                       "蒙特卡洛区间):"},
    "cal.ranges": {"en": "Marginal ranges of the ensemble (each can span most of its prior "
                         "while the joint volume above shrinks)",
                   "zh": "可信情景各参数的边际范围"
                         "(联合体积缩小时,单个参数仍可能覆盖大部分先验范围)"},
    "cal.fit": {"en": "Fit to the targets", "zh": "与校准目标的拟合"},
    "decision": {"en": "Decision across worlds and the value of information",
                 "zh": "跨可信情景的决策与信息价值"},
    "decision.lede": {
        "en": "The same decision as commsim compare's, with the {worlds} worlds as samples: "
              "the probability that an option is best is the share of worlds in which its net "
              "monetary benefit is the largest. EVPPI (Strong et al. 2014 regression) says "
              "what knowing each uncertainty would be worth a year: measure the largest first.",
        "zh": "与commsim compare相同的决策,以{worlds}个可信情景为样本:方案为最优的概率即其净货币"
              "效益最大的情景占比。部分完全信息期望值(Strong等2014年回归法)表示弄清每个不确定"
              "因素每年值多少:先测量值最大的。"},
    "regret": {"en": "2. Regret", "zh": "2. 遗憾值"},
    "regret.lede": {
        "en": "{worlds} worlds x {policies} policy options, common random numbers within a "
              "world. Regret is a policy's shortfall against the best option in the same "
              "world; minimax marks the option whose largest regret is smallest.",
        "zh": "{worlds}个可信情景 × {policies}个政策方案,同一情景内各方案使用共同随机数。"
              "遗憾值是某一方案在同一情景下与最优方案相比的差距;“极小化极大”标出最大遗憾值"
              "最小的方案。"},
    "sat": {"en": "3. Satisficing", "zh": "3. 达标率(满意准则)"},
    "sat.lede": {
        "en": "Share of worlds in which each option meets every threshold, then each "
              "threshold alone (95 % Clopper-Pearson intervals): the threshold with the "
              "smallest share is the one that binds.",
        "zh": "各方案同时满足全部阈值的情景占比,以及单独满足每一项阈值的情景占比"
              "(95% Clopper-Pearson精确置信区间):占比最低的阈值就是起约束作用的那一项。"},
    "stability": {"en": "Stability of the ranking", "zh": "排名的稳定性"},
    "stability.lede": {
        "en": "Share of 1,000 bootstrap resamples of the worlds in which each option ranks "
              "first.",
        "zh": "对可信情景做1000次自助法重抽样,各方案排名第一的次数占比。"},
    "discovery": {"en": "4. Scenario discovery: where each policy fails",
                  "zh": "4. 情景发现:各政策在什么条件下失效"},
    "search": {"en": "5. Policy search: the robust Pareto front",
               "zh": "5. 政策搜索:稳健帕累托前沿"},
    "search.lede": {
        "en": "{algorithm} over the levers of <code>{scenario}</code>; {n} settings evaluated, "
              "each in {worlds} worlds; objectives: the {statistic} over worlds.",
        "zh": "用{algorithm}算法搜索<code>{scenario}</code>的政策杠杆;共评估{n}组设置,"
              "每组在{worlds}个可信情景中运行;目标为各情景上的{statistic}。"},
    "statistic.mean": {"en": "mean", "zh": "均值"},
    "statistic.p90": {"en": "p90", "zh": "不利方向第90百分位数"},
    "and": {"en": " and ", "zh": " 且 "},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "any": {"en": "{name} (any value)", "zh": "{name}(任意取值)"},
    "anywhere": {"en": "anywhere (no restriction)", "zh": "任意取值(无限制)"},
    # scenario discovery in words
    "disc.lede": {
        "en": "<p>A policy <em>fails</em> in a world where it does not meet {rule}. PRIM "
              "searches the worlds' uncertain inputs for a box where failures concentrate: "
              "<em>coverage</em> is the share of all failures inside the box, <em>density</em> "
              "the share of worlds in the box that fail.</p>",
        "zh": "<p>若某政策在某一可信情景下未满足{rule},即视为该政策在此情景下<em>失效</em>。"
              "PRIM算法在各情景的不确定输入中寻找失效集中出现的规则框:<em>覆盖率</em>是框内"
              "失效情景占全部失效情景的比例,<em>密度</em>是框内情景中失效情景的比例。</p>"},
    "disc.fails": {"en": "<b>{policy}</b> fails in {fails} of {worlds} worlds",
                   "zh": "<b>{policy}</b>在{worlds}个可信情景中有{fails}个失效"},
    "disc.box": {"en": "; mostly when {rule} (coverage {coverage:.0%}, density {density:.0%}, "
                       "{cases} worlds in the box)",
                 "zh": ";主要发生在 {rule} 时(覆盖率{coverage:.0%},密度{density:.0%},"
                       "框内{cases}个情景)"},
    "disc.never": {"en": ": it meets the thresholds everywhere",
                   "zh": ":在所有情景下均满足阈值"},
    "disc.always": {"en": ": it fails everywhere, so no condition separates failure",
                    "zh": ":在所有情景下均失效,因此找不到区分失效的条件"},
    "disc.cart": {"en": ". CART: {rule} (density {density:.0%}, coverage {coverage:.0%})",
                  "zh": "。CART分类树:{rule}(密度{density:.0%},覆盖率{coverage:.0%})"},
    "disc.alone": {"en": ". Alone, <code>{threshold}</code> fails in {fails} worlds, mostly "
                         "when {rule} (coverage {coverage:.0%}, density {density:.0%})",
                   "zh": "。单看<code>{threshold}</code>,有{fails}个情景未达标,主要发生在 {rule}"
                         " 时(覆盖率{coverage:.0%},密度{density:.0%})"},
    "disc.end": {"en": ".", "zh": "。"},
    # table headers: raw column -> header (English keeps the column names shown so far)
    "col.item": {"en": "item", "zh": "项目"},
    "col.value": {"en": "value", "zh": "内容"},
    "col.wave": {"en": "wave", "zh": "轮次"},
    "col.runs": {"en": "runs", "zh": "运行次数"},
    "col.nroy_share": {"en": "nroy_share", "zh": "未被排除的参数空间占比"},
    "col.nroy_low": {"en": "nroy_low", "zh": "占比下限"},
    "col.nroy_high": {"en": "nroy_high", "zh": "占比上限"},
    "col.cutoff": {"en": "cutoff", "zh": "排除阈值"},
    "col.accepted": {"en": "accepted", "zh": "接受的情景数"},
    "col.parameter": {"en": "parameter", "zh": "参数"},
    "col.prior_low": {"en": "prior_low", "zh": "先验下限"},
    "col.prior_high": {"en": "prior_high", "zh": "先验上限"},
    "col.low": {"en": "low", "zh": "下限"},
    "col.high": {"en": "high", "zh": "上限"},
    "col.median": {"en": "median", "zh": "中位数"},
    "col.share_of_prior": {"en": "share_of_prior", "zh": "占先验范围比例"},
    "col.metric": {"en": "metric", "zh": "指标"},
    "col.mean": {"en": "mean", "zh": "均值"},
    "col.p05": {"en": "p05", "zh": "第5百分位数"},
    "col.p95": {"en": "p95", "zh": "第95百分位数"},
    "col.share_inside": {"en": "share_inside", "zh": "落在目标区间内的比例"},
    "col.source": {"en": "source", "zh": "来源"},
    "col.policy": {"en": "policy", "zh": "政策方案"},
    "col.worlds": {"en": "worlds", "zh": "情景数"},
    "col.met": {"en": "met", "zh": "达标情景数"},
    "col.mean_regret": {"en": "mean regret [95% CI]", "zh": "平均遗憾值 [95%置信区间]"},
    "col.pct_regret": {"en": "p90 regret [95% CI]", "zh": "第90百分位遗憾值 [95%置信区间]"},
    "col.max_regret": {"en": "max_regret", "zh": "最大遗憾值"},
    "col.minimax": {"en": "minimax", "zh": "极小化极大方案"},
    "col.all": {"en": "all thresholds: share [95% CI]", "zh": "全部阈值:达标率 [95%置信区间]"},
    "col.one": {"en": "{label}: share [95% CI]", "zh": "{label}:达标率 [95%置信区间]"},
    "col.criterion": {"en": "criterion", "zh": "排序准则"},
    "col.score": {"en": "score", "zh": "得分"},
    "col.share_first": {"en": "share_first", "zh": "排名第一的比例"},
    "col.mean_rank": {"en": "mean_rank", "zh": "平均名次"},
    "criterion.sat": {"en": "satisficing share", "zh": "达标率"},
    "criterion.regret": {"en": "90th-percentile regret: {metric}",
                         "zh": "第90百分位遗憾值:{metric}"},
    # provenance keys
    "prov.store": {"en": "store", "zh": "结果目录"},
    "prov.calibration store": {"en": "calibration store", "zh": "校准结果目录"},
    "prov.quick": {"en": "quick", "zh": "快速模式"},
    "prov.root seed": {"en": "root seed", "zh": "根随机种子"},
    "prov.days": {"en": "days", "zh": "模拟天数"},
    "prov.calibration days": {"en": "calibration days (measured per run)",
                              "zh": "校准运行计量天数"},
    "prov.communities": {"en": "communities", "zh": "社区数"},
    "prov.git commit": {"en": "git commit", "zh": "代码版本(git提交)"},
    "prov.commsim": {"en": "commsim", "zh": "commsim版本"},
    "prov.started": {"en": "started", "zh": "开始时间"},
    "prov.re-analysed": {"en": "re-analysed", "zh": "重新分析时间"},
    "prov.thresholds": {"en": "thresholds", "zh": "阈值"},
    "prov.language": {"en": "language", "zh": "报告语言"},
    "lang.en": {"en": "English (en)", "zh": "英文(en)"},
    "lang.zh": {"en": "Chinese (zh)", "zh": "中文(zh)"},
    # figures (commsim.robust.figures)
    "fig.prior": {"en": "prior range", "zh": "先验范围"},
    "fig.ensemble_range": {"en": "ensemble range", "zh": "可信情景的取值范围"},
    "fig.ensemble_median": {"en": "ensemble median", "zh": "可信情景的中位数"},
    "fig.narrow.hover": {"en": "{name}: {low:.4g} to {high:.4g} (prior {plow:.4g} to "
                               "{phigh:.4g})",
                         "zh": "{name}:{low:.4g} 至 {high:.4g}(先验 {plow:.4g} 至 {phigh:.4g})"},
    "fig.narrow.title": {"en": "How far the targets narrowed each parameter (share of its "
                               "prior range)",
                         "zh": "校准目标使各参数范围收窄了多少(占先验范围的比例)"},
    "fig.narrow.x": {"en": "position in the prior range (0 = low, 1 = high)",
                     "zh": "在先验范围中的位置(0 = 下限,1 = 上限)"},
    "fig.target": {"en": "target", "zh": "目标"},
    "fig.ensemble": {"en": "ensemble", "zh": "可信情景"},
    "fig.target_interval": {"en": "target interval", "zh": "目标区间"},
    "fig.ensemble_mean": {"en": "ensemble mean, 5-95 %", "zh": "可信情景均值及5%–95%范围"},
    "fig.fit.title": {"en": "Fit of the plausible worlds to every target",
                      "zh": "可信情景与各校准目标的拟合"},
    "fig.max_regret": {"en": "max regret {v:.4g}", "zh": "最大遗憾值 {v:.4g}"},
    "fig.regret.title": {"en": "90th-percentile regret over worlds (95 % bootstrap CI; green "
                               "= minimax policy)",
                         "zh": "各情景上的第90百分位遗憾值(95%自助法置信区间;绿色 = "
                               "极小化极大方案)"},
    "fig.met_of": {"en": "{met} of {worlds} worlds", "zh": "{worlds}个情景中{met}个达标"},
    "fig.sat.title": {"en": "Satisficing: share of worlds with {rule} (95 % Clopper-Pearson)",
                      "zh": "达标率:满足 {rule} 的情景占比(95% Clopper-Pearson区间)"},
    "fig.share_worlds": {"en": "share of worlds", "zh": "情景占比"},
    "fig.step": {"en": "step {step}, mass {mass:.2f}, {dims} restricted",
                 "zh": "第{step}步,框内情景占比{mass:.2f},受限维度{dims}个"},
    "fig.traj.title": {"en": "PRIM peeling trajectories of each policy's failures (star = "
                             "box chosen)",
                       "zh": "各政策失效情景的PRIM剥离轨迹(星号 = 选定的规则框)"},
    "fig.coverage": {"en": "coverage", "zh": "覆盖率"},
    "fig.density": {"en": "density", "zh": "密度"},
    "fig.fails": {"en": "fails", "zh": "失效"},
    "fig.meets": {"en": "meets", "zh": "达标"},
    "fig.box.title": {"en": "{policy}: worlds where it fails (orange) and the PRIM box",
                      "zh": "{policy}:失效的情景(橙色)与PRIM规则框"},
    "fig.evaluated": {"en": "evaluated settings", "zh": "已评估的设置"},
    "fig.pareto": {"en": "Pareto front", "zh": "帕累托前沿"},
    "fig.pareto.title": {"en": "Robust Pareto front of the lever settings (hover for the "
                               "levers)",
                         "zh": "政策杠杆设置的稳健帕累托前沿(鼠标悬停查看杠杆取值)"},
}


def say(key: str, lang: str = "en", **fields: object) -> str:
    """The phrase ``key`` in ``lang`` (English when there is no such language), fields filled in.

    Parameters
    ----------
    key : str
        A key of :data:`WORDS`.
    lang : {"en", "zh"}
        Language of the report.
    **fields
        Values of the phrase's ``{field}`` placeholders.

    """
    return phrase(WORDS, key, lang, **fields)


def header(column: str, lang: str = "en") -> str:
    """A table column's header in ``lang`` (the column's own name when it has no entry)."""
    entry = WORDS.get(f"col.{column}")
    return entry.get(lang, entry["en"]) if entry else column
