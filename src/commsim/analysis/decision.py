"""The decision summary: which scenario is best, at what cost, and how sure we are.

Generated from the numbers a comparison already holds (means, paired differences from
the reference scenario with their 95 % intervals, the cost of every run), in plain words,
in English or Chinese. The report opens with it and ``commsim compare`` ends with it.

Rules, stated so that a reader can check them:

- A scenario is *clearly better* (or worse) than the reference on a metric when the 95 %
  interval of its paired difference lies wholly on the better (worse) side of zero;
  otherwise the difference is *not distinguishable* from no effect.
- The best scenario on a metric is the one with the best mean in the metric's better
  direction; the sentence says whether its lead over the reference is clear.
- Overall, each scenario scores +1 for every headline metric it clearly improves and −1 for
  every one it clearly worsens; the highest score wins, ties going to the cheaper scenario.
  A best score of zero or less means no scenario is clearly better than the reference.
- Cost is the paired difference of ``cost_yuan`` (whole street, whole run); cost per
  overtime hour avoided comes from :mod:`commsim.analysis.cost_effectiveness`.
- Fewer than :data:`commsim.analysis.precision.MIN_REPLICATIONS` replications make the summary
  provisional, and it says so first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from commsim.analysis.precision import MIN_REPLICATIONS
from commsim.core.i18n import metric_name, scenario_name, unit_name
from commsim.core.metrics import Metric

#: The cost metric and the measure of cost-effectiveness quoted.
COST = "cost_yuan"
PER_HOUR = "yuan_per_overtime_hour_avoided"

WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Decision summary", "zh": "决策摘要"},
    "provisional": {
        "en": "Provisional: only {n} replication(s) per scenario (fewer than {min}); add "
              "replications before acting on these differences.",
        "zh": "仅供参考:每个情景只有{n}次重复运行(少于{min}次),据此决策前请增加重复运行次数。"},
    "best": {"en": "Overall, {name} does best against {base}: clearly better on {good} of "
                   "{total} headline metrics{worse}.",
             "zh": "综合来看,{name}相对{base}最优:{total}项主要指标中有{good}项明确更好{worse}。"},
    "worse_none": {"en": " and clearly worse on none", "zh": ",没有一项明确更差"},
    "worse_some": {"en": ", but clearly worse on {n}", "zh": ",但有{n}项明确更差"},
    "none": {"en": "No scenario is clearly better than {base} on balance of the headline "
                   "metrics; differences are within the noise of {n} replications.",
             "zh": "综合主要指标,没有情景明确优于{base};差异均在{n}次重复运行的随机波动范围内。"},
    "cost": {"en": "Cost of {name} against {base}: {diff} yuan over the run (95% CI {lo} to "
                   "{hi}), whole street.",
             "zh": "{name}相对{base}的成本差:整个运行期全街道{diff}元(95%置信区间{lo}至{hi})。"},
    "per_hour": {"en": "That is {ratio} yuan per overtime hour avoided (95% CI {ci}).",
                 "zh": "即每减少1小时加班需{ratio}元(95%置信区间{ci})。"},
    "dominates": {"en": "It saves money and avoids overtime at the same time.",
                  "zh": "它同时节省成本并减少加班。"},
    "dominated": {"en": "It costs more and adds overtime.", "zh": "它成本更高且加班更多。"},
    "per_hour_na": {"en": "n/a: the effect's interval includes zero",
                    "zh": "无法估计:效果的置信区间包含0"},
    "metric": {"en": "{label} ({better}): best {name}, {mean} {unit} against {base_mean} for "
                     "{base}; difference {diff} (95% CI {lo} to {hi}), {sure}.",
               "zh": "{label}({better}):最优为{name},{mean}({unit}),{base}为{base_mean};"
                     "差值{diff}(95%置信区间{lo}至{hi}),{sure}。"},
    "metric_base": {"en": "{label} ({better}): no scenario beats {base} ({base_mean} {unit}).",
                    "zh": "{label}({better}):没有情景优于{base}({base_mean}{unit})。"},
    "clear": {"en": "a clear difference", "zh": "差异明确"},
    "unclear": {"en": "not distinguishable from no effect", "zh": "与无效果无法区分"},
    "lower": {"en": "lower is better", "zh": "越低越好"},
    "higher": {"en": "higher is better", "zh": "越高越好"},
    "neither": {"en": "no better direction", "zh": "无优劣方向"},
    "rules": {"en": "Clear = the 95% interval of the paired difference (same replications, "
                    "common random numbers) excludes zero.",
              "zh": "“差异明确”指配对差值(相同重复运行、共同随机数)的95%置信区间不包含0。"},
}


def word(key: str, lang: str, **fields: object) -> str:
    """A phrase of the summary in ``lang`` with ``fields`` filled in."""
    entry = WORDS[key]
    return entry.get(lang, entry["en"]).format(**fields)


@dataclass
class Decision:
    """A decision summary: the verdict, one line per metric, and a caution if any."""

    verdict: str
    lines: list[str] = field(default_factory=list)
    caution: str = ""
    best: str | None = None

    def as_text(self, lang: str = "en") -> str:
        """The summary as plain text for a terminal."""
        head = [word("title", lang)]
        if self.caution:
            head.append("  ! " + self.caution)
        return "\n".join([*head, "  " + self.verdict, *("  - " + x for x in self.lines),
                          "  " + word("rules", lang)])


def _clear(row: Mapping[str, Any]) -> int:
    """+1 / −1 when the paired difference's interval excludes zero above / below, else 0."""
    lo, hi = float(row.get("diff_ci_low", math.nan)), float(row.get("diff_ci_high", math.nan))
    if math.isfinite(lo) and lo > 0:
        return 1
    if math.isfinite(hi) and hi < 0:
        return -1
    return 0


def summarise(comparison: Any, metrics: Sequence[str], lookup: Callable[[str], Metric | None],
              *, replications: int, effectiveness: Any = None, lang: str = "en") -> Decision:
    """The decision summary of a comparison table.

    Parameters
    ----------
    comparison : pandas.DataFrame
        Rows ``scenario, metric, mean, ci_low, ci_high, diff_mean, diff_ci_low,
        diff_ci_high``; the first scenario is the reference.
    metrics : sequence of str
        Headline metrics to judge (cost is treated separately).
    lookup : callable
        Metric key to its declaration (label, unit, better direction).
    replications : int
        Fewest successful replications of any scenario.
    effectiveness : pandas.DataFrame, optional
        :func:`commsim.analysis.cost_effectiveness.table` of the same runs.
    lang : {"en", "zh"}
        Language.

    Returns
    -------
    Decision

    """
    records = comparison.to_dict("records")
    order = list(dict.fromkeys(str(r["scenario"]) for r in records))
    base = order[0] if order else ""
    rows = {(str(r["scenario"]), str(r["metric"])): r for r in records}
    show = {s: scenario_name(s, lang) for s in order}
    judged = [m for m in metrics if m != COST and (base, m) in rows]
    caution = (word("provisional", lang, n=replications, min=MIN_REPLICATIONS)
               if replications < MIN_REPLICATIONS else "")
    score: dict[str, list[int]] = {s: [] for s in order[1:]}
    lines = []
    for m in judged:
        declared = lookup(m)
        better = declared.better if declared else "neither"
        sign = {"lower": -1, "higher": 1}.get(better, 0)
        label = metric_name(declared, lang) if declared else m
        unit = unit_name(declared.unit, lang) if declared else ""
        fmt = declared.format if declared else (lambda v, signed=False: f"{v:,.3g}")
        b = rows[(base, m)]
        for s in score:
            if (s, m) in rows:
                score[s].append(sign * _clear(rows[(s, m)]))
        others = [rows[(s, m)] for s in order[1:] if (s, m) in rows]
        best = max(others, key=lambda r: sign * float(r["mean"]), default=None) if sign else None
        fields = {"label": label, "better": word(better, lang), "unit": unit,
                  "base": show[base], "base_mean": fmt(float(b["mean"]))}
        if best is None or sign * (float(best["mean"]) - float(b["mean"])) <= 0:
            lines.append(word("metric_base", lang, **fields))
            continue
        lines.append(word("metric", lang, **fields, name=show[str(best["scenario"])],
                          mean=fmt(float(best["mean"])),
                          diff=fmt(float(best["diff_mean"]), signed=True),
                          lo=fmt(float(best["diff_ci_low"]), signed=True),
                          hi=fmt(float(best["diff_ci_high"]), signed=True),
                          sure=word("clear" if sign * _clear(best) > 0 else "unclear", lang)))
    cost = {s: float(rows[(s, COST)]["diff_mean"]) if (s, COST) in rows else math.inf
            for s in score}
    ranked = sorted(score, key=lambda s: (-sum(score[s]), cost[s]))
    top = ranked[0] if ranked and sum(score[ranked[0]]) > 0 else None
    if top is None:
        verdict = word("none", lang, base=show[base], n=replications)
    else:
        bad = sum(1 for x in score[top] if x < 0)
        worse = word("worse_some", lang, n=bad) if bad else word("worse_none", lang)
        verdict = word("best", lang, name=show[top], base=show[base], total=len(judged),
                       good=sum(1 for x in score[top] if x > 0), worse=worse)
        verdict += ("" if lang == "zh" else " ") + _cost_sentence(top, base, rows, show,
                                                                   effectiveness, lang)
    return Decision(verdict.strip(), lines, caution, top)


def _cost_sentence(top: str, base: str, rows: Mapping[tuple[str, str], Mapping[str, Any]],
                   show: Mapping[str, str], effectiveness: Any, lang: str) -> str:
    """Cost of the winner against the reference, and its cost per overtime hour avoided."""
    parts = []
    if (top, COST) in rows:
        r = rows[(top, COST)]
        parts.append(word("cost", lang, name=show[top], base=show[base],
                          diff=f"{float(r['diff_mean']):+,.0f}",
                          lo=f"{float(r['diff_ci_low']):+,.0f}",
                          hi=f"{float(r['diff_ci_high']):+,.0f}"))
    if effectiveness is not None and not effectiveness.empty:
        hit = effectiveness[(effectiveness["scenario"] == top)
                            & (effectiveness["measure"] == PER_HOUR)]
        if not hit.empty:
            e = hit.iloc[0]
            to = " to " if lang == "en" else "至"
            ci = (word("per_hour_na", lang) if not math.isfinite(float(e["ci_low"]))
                  else f"{float(e['ci_low']):,.1f}{to}{float(e['ci_high']):,.1f}")
            if float(e["ratio"]) >= 0:
                parts.append(word("per_hour", lang, ratio=f"{float(e['ratio']):,.1f}", ci=ci))
            else:
                parts.append(word("dominates" if float(e["cost_diff"]) < 0 else "dominated",
                                  lang))
    return ("" if lang == "zh" else " ").join(parts)
