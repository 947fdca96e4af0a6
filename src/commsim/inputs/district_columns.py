"""The columns of a district file: English keys, Chinese headers, meanings, units, limits.

Declared once here; the reader (:mod:`commsim.inputs.district`), the template
(:mod:`commsim.inputs.district_template`) and ``docs/districts.md`` follow this table.
"""

from __future__ import annotations

#: Community kinds and their Chinese names.
KINDS: dict[str, str] = {"urban": "城市社区", "town": "城镇社区", "village": "村"}
#: Need types a district file may set per community.
NEED_COLUMNS: tuple[str, ...] = (
    "share_elderly", "share_disabled", "share_low_income", "share_supervised",
)
#: Column -> (Chinese header, meaning) for the template and the docs.
COLUMNS: dict[str, tuple[str, str]] = {
    "name": ("社区名称", "community name, unique"),
    "kind": ("类型", "urban | town | village (城市社区 | 城镇社区 | 村)"),
    "households": ("户数", "households served, integer 50 to 50,000"),
    "cadre_posts": ("干部职数", "funded cadre posts, integer 1 to 40"),
    "high_need": ("重点社区", "1 if high-need residents are concentrated here, else 0"),
    "office_budget_yuan": ("办公经费", "office budget in yuan per year, 0 to 10,000,000"),
    "share_elderly": ("老年户占比", "share of elderly households 0 to 1 or % (blank: default)"),
    "share_disabled": ("残疾户占比", "share of households with a disabled member 0 to 1"),
    "share_low_income": ("低保户占比", "share of low-income (低保) households 0 to 1"),
    "share_supervised": ("监管对象占比", "share of households with a supervised person 0 to 1"),
    "notes": ("备注", "free text: sources, which values are assumed"),
}
REQUIRED: tuple[str, ...] = ("name", "kind", "households", "cadre_posts")
#: Chinese headers -> English keys (the departments sheet's too).
ALIASES: dict[str, str] = {**{zh: en for en, (zh, _) in COLUMNS.items()}, "部门名称": "name",
                           "任务占比": "task_share", "法定任务占比": "statutory_share"}
#: Columns of the departments sheet.
DEPARTMENT_COLUMNS: tuple[str, ...] = ("name", "task_share", "statutory_share")
#: Cell texts read as yes and as no (``high_need``).
TRUE = {"1", "yes", "true", "y", "是", "x"}
FALSE = {"0", "no", "false", "n", "否", ""}
#: Units of the numeric columns (the template's header notes).
UNITS: dict[str, tuple[str, str]] = {
    "households": ("households", "户"), "cadre_posts": ("posts", "个"),
    "office_budget_yuan": ("yuan per year", "元/年"),
    **{c: ("share of households, 0-1 or %", "占户数比例,0-1或百分数")
       for c in ("share_elderly", "share_disabled", "share_low_income", "share_supervised")},
}
#: Limits of the numeric columns: (low, high, integer).
LIMITS: dict[str, tuple[float, float, bool]] = {
    "households": (50, 50000, True), "cadre_posts": (1, 40, True),
    "office_budget_yuan": (0, 10_000_000, False),
    **{c: (0, 1, False)
       for c in ("share_elderly", "share_disabled", "share_low_income", "share_supervised")},
    "task_share": (0, 1, False), "statutory_share": (0, 1, False),
}
