"""The decision in words and tables, English and Chinese, for terminal, Markdown and HTML.

One set of tables (:func:`tables`, :func:`sensitivity_table`) is rendered three ways
(:func:`as_text`, :func:`as_markdown`, :func:`as_html`), so compare's summary, the
report, the robust report and the generated docs show the same numbers.
Chinese terms: 有效前沿 (efficiency frontier), 增量成本效果比 (ICER), 净货币效益 (net
monetary benefit), 支付意愿 (willingness to pay), 成本效果可接受曲线 (CEAC),
完全信息期望值 (EVPI), 部分完全信息期望值 (EVPPI).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence

import pandas as pd

from commsim.analysis.decision import Decision
from commsim.analysis.precision import MIN_REPLICATIONS
from commsim.core.i18n import display_width, ljust, phrase, rjust

#: A titled table: (title, header, rows of cells).
type Table = tuple[str, list[str], list[list[str]]]

WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Decision (efficiency frontier and net monetary benefit)",
              "zh": "决策(有效前沿与净货币效益)"},
    "verdict": {"en": "At a willingness to pay of {wtp} yuan per overtime hour avoided, {best} "
                      "has the largest net monetary benefit ({nb} yuan a year against {ref}; "
                      "it is best in {p} of {n} {samples}).",
                "zh": "在每减少1小时加班支付意愿为{wtp}元时,{best}的净货币效益最大"
                      "(相对{ref}每年{nb}元;在{n}个{samples}中有{p}为最优)。"},
    "budget": {"en": "Within an extra fiscal outlay of {budget} yuan a year: {choice}.",
               "zh": "在每年新增财政支出不超过{budget}元的预算内:{choice}。"},
    "no_fit": {"en": "no option fits", "zh": "没有方案符合"},
    "provisional": {"en": "Provisional: only {n} {samples} (fewer than {min}); add more before "
                          "acting on these differences.",
                    "zh": "仅供参考:只有{n}个{samples}(少于{min}个),据此决策前请增加。"},
    "evpi": {"en": "Expected value of perfect information (EVPI) at this WTP: {v} yuan a year.",
             "zh": "该支付意愿下的完全信息期望值(EVPI):每年{v}元。"},
    "rule": {"en": "Rule: net monetary benefit = WTP × overtime hours avoided − full social "
                   "cost (yuan a year); frontier without dominated and extendedly dominated "
                   "options; ICER between frontier neighbours; costs and effects per year of "
                   "the measured window, effects against {ref} in the same {sample}.",
             "zh": "规则:净货币效益 = 支付意愿 × 减少的加班时长 − 全社会成本(元/年);有效前沿剔除"
                   "劣势和扩展劣势方案;增量成本效果比取前沿相邻方案之间;成本和效果均为测量期每年值,"
                   "效果相对同一{sample}中的{ref}。"},
    "replications": {"en": "paired replications", "zh": "配对重复运行"},
    "replication": {"en": "replication", "zh": "重复运行"},
    "worlds": {"en": "worlds", "zh": "情景世界"},
    "districts": {"en": "paired synthetic districts (each the mean of its replications)",
                  "zh": "配对合成辖区(各取其重复运行的均值)"},
    "district": {"en": "synthetic district", "zh": "合成辖区"},
    "world": {"en": "world", "zh": "情景世界"},
    "t.options": {"en": "Options (yuan a year; effects a year against {ref})",
                  "zh": "各方案(元/年;效果为相对{ref}的每年值)"},
    "h.options": {"en": "option|full social cost|fiscal outlay|extra fiscal outlay|overtime h "
                        "avoided|satisfied households gained|cadres retained|net monetary "
                        "benefit vs reference|P(best)|within budget",
                  "zh": "方案|全社会成本|财政支出|新增财政支出|减少加班(小时)|增加满意户数|"
                        "留住干部(人)|相对参照的净货币效益|最优概率|预算内"},
    "t.frontier": {"en": "Efficiency frontier and ICERs", "zh": "有效前沿与增量成本效果比"},
    "h.frontier": {"en": "effect|option|status|incremental cost|incremental effect|ICER",
                   "zh": "效果|方案|状态|增量成本|增量效果|增量成本效果比"},
    "t.ceac": {"en": "Cost-effectiveness acceptability curve: P(best) by WTP (yuan/h); * the "
                     "option with the largest mean net benefit (CEAF)",
               "zh": "成本效果可接受曲线:各支付意愿(元/小时)下为最优的概率;*为平均净货币效益最大的"
                     "方案(可接受性前沿)"},
    "h.wtp": {"en": "WTP", "zh": "支付意愿"},
    "overtime_avoided": {"en": "overtime hours avoided", "zh": "减少加班时长"},
    "satisfied_gained": {"en": "satisfied households gained", "zh": "增加满意户数"},
    "cadres_retained": {"en": "cadres retained", "zh": "留住干部"},
    "ND": {"en": "on the frontier", "zh": "有效前沿"},
    "ED": {"en": "extendedly dominated", "zh": "扩展劣势"},
    "D": {"en": "dominated", "zh": "劣势"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "t.sensitivity": {"en": "Valuation sensitivity: best option at the WTP and each option's "
                            "difference in full social cost from {ref} (yuan a year)",
                      "zh": "估值敏感性:各估值口径下支付意愿处的最优方案及各方案相对{ref}的全社会"
                            "成本差(元/年)"},
    "h.basis": {"en": "valuation", "zh": "估值口径"},
    "h.best": {"en": "best at WTP", "zh": "最优方案"},
    "uniform": {"en": "one value per hour", "zh": "统一工时价值"},
    "labour_law": {"en": "Labour Law overtime premiums", "zh": "劳动法加班工资倍数"},
    "department_wage": {"en": "department wage", "zh": "部门工资"},
    "own_wage": {"en": "own wage (expired, fabricated free)", "zh": "本人工资(过期与造假不计)"},
    "t.evppi": {"en": "Value of information at the WTP: EVPI and EVPPI by uncertainty "
                      "(yuan a year; largest first: measure it first)",
                "zh": "支付意愿下的信息价值:完全信息期望值与各不确定因素的部分完全信息期望值"
                      "(元/年;越大越值得先测量)"},
    "h.evppi": {"en": "uncertainty|EVPPI|share of EVPI", "zh": "不确定因素|部分完全信息期望值|"
                                                            "占完全信息期望值比例"},
}


def say(key: str, lang: str, **fields: object) -> str:
    """A phrase of the decision in ``lang``."""
    return phrase(WORDS, key, lang, **fields)


def _num(value: float, signed: bool = False, digits: int = 0) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:+,.{digits}f}" if signed else f"{value:,.{digits}f}"


def verdict(d: Decision, lang: str = "en", name: Callable[[str], str] = str,
            sample: str = "replication") -> list[str]:
    """The verdict: a caution under too few samples, best at the WTP, budget, EVPI."""
    samples = say({"world": "worlds", "district": "districts"}.get(sample, "replications"),
                  lang)
    row = d.means.set_index("option").loc[d.best]
    out = [say("provisional", lang, n=d.samples, samples=samples, min=MIN_REPLICATIONS)
           ] if d.samples < MIN_REPLICATIONS else []
    out += [say("verdict", lang, wtp=_num(d.wtp, digits=1), best=name(d.best),
               nb=_num(float(row["inb"]), signed=True), ref=name(d.reference),
               p=f"{100 * float(row['p_best']):.0f}%", n=d.samples, samples=samples)]
    if d.budget is not None:
        out.append(say("budget", lang, budget=_num(d.budget),
                       choice=name(d.within_budget) if d.within_budget else say("no_fit", lang)))
    out.append(say("evpi", lang, v=_num(d.evpi)))
    return out


def tables(d: Decision, lang: str = "en", name: Callable[[str], str] = str,
           ceac_wtps: Sequence[float] = (0, 10, 20, 50, 100, 200)) -> list[Table]:
    """The options table, the frontier of each effect and the CEAC at a few WTPs."""
    ref = name(d.reference)
    rows = [[name(r.option), _num(r.cost), _num(r.fiscal), _num(r.extra_fiscal, True),
             _num(r.overtime_avoided, True), _num(r.satisfied_gained, True, 1),
             _num(r.cadres_retained, True, 2), _num(r.inb, True),
             f"{100 * r.p_best:.0f}%", say("yes" if r.fits else "no", lang)]
            for r in d.means.itertuples(index=False)]
    header = say("h.options", lang).split("|")
    if d.budget is None:
        header, rows = header[:-1], [r[:-1] for r in rows]
    out: list[Table] = [(say("t.options", lang, ref=ref), header, rows)]
    front = []
    for effect, table in d.frontiers.items():
        front += [[say(effect, lang), name(r.option), say(r.status, lang),
                   _num(r.inc_cost, True), _num(r.inc_effect, True, 1), _num(r.icer, digits=1)]
                  for r in table.itertuples(index=False)]
    out.append((say("t.frontier", lang), say("h.frontier", lang).split("|"), front))
    grid = sorted({*map(float, ceac_wtps), d.wtp})
    curve = d.ceac[d.ceac["wtp"].isin(grid)]
    crows = []
    for w, part in curve.groupby("wtp", sort=True):
        crows.append([_num(float(w), digits=1)] + [
            f"{100 * r.probability:.0f}%{'*' if r.on_frontier else ''}"
            for r in part.itertuples(index=False)])
    out.append((say("t.ceac", lang), [say("h.wtp", lang), *map(name, d.options)], crows))
    return out


def sensitivity_table(frame: pd.DataFrame, reference: str, lang: str = "en",
                      name: Callable[[str], str] = str) -> Table:
    """The valuation sensitivity table (:func:`commsim.analysis.valuation.sensitivity`)."""
    options = [c for c in frame.columns if c not in ("basis", "best")]
    rows = [[say(str(r["basis"]), lang), name(str(r["best"])),
             *(_num(float(r[o]), True) for o in options)] for r in frame.to_dict("records")]
    return (say("t.sensitivity", lang, ref=name(reference)),
            [say("h.basis", lang), say("h.best", lang), *map(name, options)], rows)


def evppi_table(frame: pd.DataFrame, lang: str = "en",
                label: Callable[[str], str] = str) -> Table:
    """EVPPI ranking (``uncertainty, evppi, share``), EVPI first."""
    rows = [[label(str(r["uncertainty"])), _num(float(r["evppi"])),
             f"{100 * float(r['share']):.0f}%"] for r in frame.to_dict("records")]
    return say("t.evppi", lang), say("h.evppi", lang).split("|"), rows


def as_text(parts: Sequence[Table]) -> str:
    """Tables as aligned plain text (wide characters counted double)."""
    lines = []
    for title, header, rows in parts:
        widths = [max(display_width(str(c)) for c in col) for col in zip(header, *rows,
                                                                           strict=True)]
        lines.append(title)
        for cells in [header, *rows]:
            lines.append("  " + "  ".join(ljust(c, w) if i == 0 else rjust(c, w)
                                          for i, (c, w) in enumerate(zip(cells, widths,
                                                                         strict=True))))
        lines.append("")
    return "\n".join(lines).rstrip()


def as_markdown(parts: Sequence[Table]) -> str:
    """Tables as Markdown (title in bold above each)."""
    out = []
    for title, header, rows in parts:
        out += [f"**{title}**", "", "| " + " | ".join(header) + " |",
                "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|",
                *("| " + " | ".join(r) + " |" for r in rows), ""]
    return "\n".join(out).rstrip() + "\n"


def as_html(parts: Sequence[Table]) -> str:
    """Tables as HTML (escaped)."""
    out = []
    for title, header, rows in parts:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                       for r in rows)
        out.append(f"<h3>{html.escape(title)}</h3><table><thead><tr>{head}</tr></thead>"
                   f"<tbody>{body}</tbody></table>")
    return "\n".join(out)
