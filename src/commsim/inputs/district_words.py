"""The words of district-file messages in English and Chinese (``district check``, errors).

Columns are named as the planner's file names them: the English key under ``en``, the
Chinese header (社区名称, 干部职数, ...) under ``zh``. Ranges are written for people
(``from 0 to 10,000,000``, ``0至10,000,000``), never as ``0-1e+07``.
"""

from __future__ import annotations

from commsim.core.i18n import phrase

#: Message key -> {"en": ..., "zh": ...} (``str.format`` fields in braces).
WORDS: dict[str, dict[str, str]] = {
    "problem": {"en": "row {row}, column {column!r}: {value!r} (allowed: {allowed})",
                "zh": "第{row}行「{column}」列:{value!r}(允许:{allowed})"},
    "one": {"en": "bad district value at row {row}, column {column!r}; value: {value!r}; "
                  "allowed: {allowed}; in: {source}",
            "zh": "辖区数据有误:第{row}行「{column}」列;值:{value!r};允许:{allowed};"
                  "文件:{source}"},
    "many": {"en": "{n} bad district values: {problems}{more}; in: {source}",
             "zh": "辖区数据有{n}处错误:{problems}{more};文件:{source}"},
    "more": {"en": "; and {n} more", "zh": ";另有{n}处"},
    "integer": {"en": "integer from {low} to {high}", "zh": "{low}至{high}的整数"},
    "number": {"en": "number from {low} to {high}", "zh": "{low}至{high}的数"},
    "share": {"en": "share from 0 to 1 (0.28 or 28%)", "zh": "0至1的比例(0.28或28%)"},
    "percent_hint": {"en": "share from 0 to 1: write {hint} (or {percent}%)",
                     "zh": "0至1的比例:应写{hint}(或{percent}%)"},
    "kind": {"en": "urban, town or village (城市社区, 城镇社区 or 村)",
             "zh": "城市社区、城镇社区或村(urban, town, village)"},
    "flag": {"en": "1 or 0 (yes/no, 是/否)", "zh": "是或否(1/0)"},
    "required": {"en": "a value (required column)", "zh": "必填"},
    "unique": {"en": "a unique name (not used in an earlier row)", "zh": "与前面各行不同的名称"},
    "shares_sum": {"en": "need shares summing to at most 1", "zh": "各类占比之和不超过1"},
    "department": {"en": "a department name", "zh": "部门名称"},
    "unknown_column": {"en": "unknown district column {column!r}; allowed: one of {allowed}; "
                             "in: {source}",
                       "zh": "辖区数据中有未知列「{column}」;允许:{allowed};文件:{source}"},
    "no_rows": {"en": "district file has no communities; allowed: at least one row; "
                      "in: {source}",
                "zh": "辖区数据中没有社区;至少需要一行;文件:{source}"},
    "too_many": {"en": "district file has {n:,} communities; allowed: at most {cap:,}; "
                       "in: {source}",
                 "zh": "辖区数据有{n:,}个社区;最多{cap:,}个;文件:{source}"},
    "summary": {"en": "{source}: {n} communities ({kinds}), {households:,} households, "
                      "{posts} cadre posts ({per_post:,.0f} households per post), "
                      "{high_need} high-need, {departments} departments named",
                "zh": "{source}:{n}个社区({kinds}),{households:,}户,干部职数{posts}个"
                      "(每个职数{per_post:,.0f}户),重点社区{high_need}个,列出部门{departments}个"},
    "kind_count": {"en": "{n} {kind}", "zh": "{kind}{n}个"},
    "norm": {"en": "warning: {n} of {total} communities have more than {norm} households per "
                   "cadre post, the staffing norm (S13, docs/sources.md: one community worker "
                   "per {norm} households): {names}",
             "zh": "提示:{total}个社区中有{n}个每个干部职数服务超过{norm}户,超出配备标准"
                   "(S13,docs/sources.md:每{norm}户居民配置1名社区专职工作者):{names}"},
    "norm_name": {"en": "{name} ({per_post:,.0f})", "zh": "{name}({per_post:,.0f}户)"},
    "norm_more": {"en": ", and {n} more", "zh": ",另有{n}个"},
    "list": {"en": ", ", "zh": "、"},
    "problems": {"en": "; ", "zh": ";"},
}


def say(key: str, lang: str, **fields: object) -> str:
    """The district message ``key`` in ``lang`` (English if there is no Chinese)."""
    return phrase(WORDS, key, lang, **fields)


def number_text(value: float) -> str:
    """A range end for people: ``10,000,000``, ``0.5``, ``40``."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"
