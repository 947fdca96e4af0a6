"""The store's tables as a reader opens them: their language, sensible digits, summaries.

:func:`reader_tables` prepares what ``commsim export`` writes:

- a per-community summary (``community_summary``: means with 95 % intervals and the paired
  difference from the reference per scenario and community,
  :func:`commsim.analysis.community_ranking.ranking`) and the priority list
  (``priority``: which communities first, :mod:`commsim.analysis.community_priority`);
- the daily series without the warm-up (rows with ``measured`` = 0) unless asked for;
- under Chinese: sheet names, column headers and values (scenario, metric, policy,
  status, reading, hour category names) in Chinese, and every number rounded to about
  three significant digits at its column's magnitude (counts to whole numbers), as the
  console and the report print them.

:func:`write_xlsx` writes the sheets with frozen header rows and column widths fitted to
their contents (wide characters count twice); with XlsxWriter installed it is used, being
several times faster than openpyxl on large sheets.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from commsim.core.i18n import display_width, metric_name, scenario_name, value_name
from commsim.results.catalog import Catalog

#: Sheet names under Chinese (at most 31 characters, Excel's limit).
SHEETS_ZH: dict[str, str] = {
    "columns": "字段说明", "provenance": "来源", "comparison": "情景比较",
    "cost_effectiveness": "成本效益", "runs": "各次运行", "community": "各社区各次运行",
    "community_summary": "各社区汇总", "priority": "优先社区", "daily": "逐日",
    "hours": "工时去向", "sobol": "Sobol敏感性", "morris": "Morris筛选",
}
#: The summaries :func:`summaries` adds to an export.
SUMMARIES: tuple[str, ...] = ("community_summary", "priority")
#: Column headers under Chinese that are not metrics.
HEADERS_ZH: dict[str, str] = {
    "run_id": "运行编号", "scenario": "情景", "replication": "重复运行序号", "seed": "随机种子",
    "status": "状态", "error": "错误", "wall_seconds": "耗时(秒)", "metric": "指标",
    "n": "运行次数", "mean": "均值", "ci_low": "95%置信区间下限", "ci_high": "95%置信区间上限",
    "diff_mean": "与参照之差", "diff_ci_low": "差值95%下限", "diff_ci_high": "差值95%上限",
    "variance_reduction": "配对降方差", "measure": "效果指标", "cost_diff": "成本差(元)",
    "cost_ci_low": "成本差95%下限", "cost_ci_high": "成本差95%上限", "effect_diff": "效果",
    "effect_ci_low": "效果95%下限", "effect_ci_high": "效果95%上限", "ratio": "比值",
    "reading": "解读", "community": "社区编号", "name": "社区", "kind": "类型",
    "households": "户数", "cadre_posts": "职数", "high_need": "高需求社区",
    "dimension": "维度", "category": "类别", "hours": "小时", "rank": "排名",
    "replications": "重复运行次数", "table": "表", "column": "列", "label": "名称",
    "unit": "单位", "better": "更优方向", "meaning": "含义", "key": "项目", "value": "值",
    "priority": "优先序", "households_per_post": "每岗户数", "over_norm": "超过配备标准",
    "overtime_diff": "加班变化(小时/人·周)", "hours_avoided": "每年减少加班(小时)",
    "hours_low": "减少加班95%下限", "hours_high": "减少加班95%上限",
    "outlay": "财政支出(元/年)", "net_benefit": "净收益(元/年)", "nb_low": "净收益95%下限",
    "nb_high": "净收益95%上限", "helped": "有方案见效", "worthwhile": "收益大于成本",
    "reached": "预算覆盖", "parameter": "参数", "S1": "一阶指数", "ST": "总指数",
    "cost": "分摊成本(元/年)",
}
#: Manifest keys of the provenance table under Chinese (values that are data stay as stored).
PROVENANCE_ZH: dict[str, str] = {
    "experiment": "实验", "made_by": "生成命令", "description": "说明", "status": "状态",
    "spec": "实验设定", "spec_source": "设定来源", "spec_fingerprint": "设定指纹",
    "inputs": "输入文件指纹", "design": "试验设计", "scenarios": "情景", "baseline": "参照情景",
    "metrics": "指标", "root_seed": "根随机种子", "seeds": "随机数流",
    "metric_declarations": "指标定义", "series_declarations": "逐日序列定义",
    "parameter_units": "参数单位", "policies": "政策", "versions": "软件版本",
    "git_commit": "Git 提交", "host": "主机", "machine": "机器", "executor": "执行方式",
    "started": "开始时间", "ended": "结束时间", "command": "命令",
    "precision_target_pct": "目标精度(%)", "precision_achieved_pct": "达到精度(%)",
    "replications": "重复运行次数", "runs": "运行次数", "status_counts": "运行状态",
    "stop_reason": "停止原因", "sweep_wall_seconds": "耗时(秒)", "tables": "分析表",
    "cost_effectiveness": "成本效益",
}
#: Rows of the column-meanings table under Chinese: what the key columns hold.
MEANINGS_ZH: dict[str, str] = {
    "run_id": "本结果中的运行编号", "scenario": "情景名称",
    "replication": "重复运行序号(各情景共用随机数)", "community": "社区编号(辖区文件中的顺序)",
    "name": "社区名称", "kind": "城市社区、城镇社区或村(空白:随机生成的社区)",
    "households": "服务户数", "cadre_posts": "核定职数", "high_need": "高需求居民集中",
}
#: Columns whose values are names of scenarios, metrics or stored English words.
VALUE_COLUMNS: tuple[str, ...] = ("status", "reading", "kind", "category", "dimension",
                                  "better", "high_need", "over_norm", "helped", "worthwhile",
                                  "reached")
#: Columns never rounded (identifiers).
KEEP: frozenset[str] = frozenset({"run_id", "replication", "seed", "community", "rank",
                                  "priority", "n", "replications", "day"})
#: Characters a column may be wide (a longer cell wraps in Excel's view, not in its data).
MAX_WIDTH = 48


def digits(values: Any, integer: bool = False) -> int:
    """Decimals giving about three significant digits at the values' largest magnitude.

    >>> digits([0.7009, 0.93]), digits([11.9, 5.46]), digits([191998.0]), digits([0.0042])
    (3, 2, 0, 5)
    """
    x = pd.to_numeric(pd.Series(np.asarray(values, dtype=object).ravel()), errors="coerce")
    finite = x[np.isfinite(x)]
    if integer or finite.empty:
        return 0 if integer else 3
    peak = float(finite.abs().max())
    if peak >= 1000:
        return 0
    if peak >= 1:
        return 1 if peak >= 100 else 2
    return 3 if peak == 0 else max(3, 2 - math.floor(math.log10(peak)))


def round_column(values: pd.Series, integer: bool = False) -> pd.Series:
    """``values`` rounded to :func:`digits` decimals."""
    x = pd.to_numeric(values, errors="coerce")
    return x.round(digits(x, integer))


def _metric_label(key: str, catalog: Catalog, lang: str) -> str:
    m = catalog.metric(key)
    return metric_name(m, lang) if m is not None else key


def _translate(frame: pd.DataFrame, catalog: Catalog, lang: str) -> pd.DataFrame:
    """Values, numbers and headers of ``frame`` for a reader of ``lang``."""
    out = frame.copy()
    for column in out.columns:
        key = str(column)
        if key == "scenario":
            out[column] = out[column].map(lambda s: scenario_name(str(s), lang))
        elif key == "metric":
            out[column] = out[column].map(lambda m: _metric_label(str(m), catalog, lang))
        elif key == "measure":
            out[column] = out[column].map(lambda m: value_name(str(m), lang))
        elif pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map(lambda v: value_name(bool(v), lang))
        elif key in VALUE_COLUMNS:
            out[column] = out[column].map(lambda v: v if v is None or v != v
                                          else value_name(v, lang))
        elif key not in KEEP and pd.api.types.is_numeric_dtype(out[column]) and \
                not pd.api.types.is_bool_dtype(out[column]):
            base = key.split(".", 1)[-1]
            declared = catalog.metric(base)
            out[column] = round_column(out[column], bool(declared and declared.integer))
    if "metric" in out.columns and {"mean", "ci_low"} <= set(out.columns):
        out = _round_by_metric(out, frame, catalog)
    out.columns = [_header(str(c), catalog, lang) for c in out.columns]
    return out


def _round_by_metric(out: pd.DataFrame, raw: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Long tables (one metric per row): round each metric's numbers at its own magnitude."""
    numbers = [c for c in ("mean", "ci_low", "ci_high", "diff_mean", "diff_ci_low",
                           "diff_ci_high") if c in raw.columns]
    for metric, rows in raw.groupby("metric").groups.items():
        declared = catalog.metric(str(metric))
        places = digits(raw.loc[rows, numbers].to_numpy(), bool(declared and declared.integer))
        out.loc[rows, numbers] = raw.loc[rows, numbers].astype(float).round(places)
    return out


def _header(key: str, catalog: Catalog, lang: str) -> str:
    if lang != "zh":
        return key
    prefix, _, base = key.partition(".")
    if base and prefix in ("ci_low", "ci_high", "diff", "diff_low", "diff_high"):
        word = {"ci_low": "95%下限", "ci_high": "95%上限", "diff": "与参照之差",
                "diff_low": "差值95%下限", "diff_high": "差值95%上限"}[prefix]
        return f"{_metric_label(base, catalog, lang)}{word}"
    if key.startswith("param."):
        return f"参数 {key.removeprefix('param.')}"
    if key in HEADERS_ZH:
        return HEADERS_ZH[key]
    return _metric_label(key, catalog, lang) if catalog.metric(key) else key


def reader_tables(results: Any, tables: Mapping[str, pd.DataFrame], *, lang: str = "en",
                  warmup: bool = False,
                  summaries: Mapping[str, pd.DataFrame] | None = None
                  ) -> dict[str, pd.DataFrame]:
    """Every sheet to export, by sheet name, for a reader of ``lang``.

    Parameters
    ----------
    results : commsim.results.Results
        The store (its manifest and catalog; the summaries are computed from it).
    tables : mapping
        Table name to frame, in sheet order (the store's tables and the column meanings
        and provenance); the summaries follow ``community``.
    lang : {"en", "zh"}
        Language of sheet names, headers and values; under ``"zh"`` numbers are rounded.
    warmup : bool
        Keep the warm-up days in the daily table.
    summaries : mapping, optional
        Further sheets placed after ``community`` (the per-community summary and the
        priority list, :func:`commsim.analysis.community_priority.summary_tables`).

    Returns
    -------
    dict
        Sheet name to frame.

    """
    catalog = Catalog.from_manifest(results.manifest)
    extra = dict(summaries or {})
    ordered: dict[str, pd.DataFrame] = {}
    for name, frame in tables.items():
        if name == "daily" and not warmup and "measured" in frame.columns:
            frame = frame[frame["measured"] > 0].reset_index(drop=True)
        ordered[name] = frame
        if name == "community":
            ordered.update(extra)
    if "community" not in tables:
        ordered.update(extra)
    if lang != "zh":
        return ordered
    if "columns" in ordered:
        ordered["columns"] = _meanings_zh(ordered["columns"], catalog)
    if "provenance" in ordered:
        prov = ordered["provenance"].copy()
        prov["key"] = [PROVENANCE_ZH.get(str(k), str(k)) for k in prov["key"]]
        prov["value"] = [value_name(v, lang) if isinstance(v, str) else v
                         for v in prov["value"]]
        ordered["provenance"] = prov
    return {SHEETS_ZH.get(name, name)[:31]: _translate(frame, catalog, lang)
            for name, frame in ordered.items()}


def _meanings_zh(columns: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """The column-meanings table for a Chinese reader: sheet and column as exported.

    Metric descriptions exist in English only; the Chinese label, unit and better
    direction say what a metric column holds, so the English description is left out.
    """
    from commsim.core.i18n import unit_name

    out = columns.copy()
    out["meaning"] = [MEANINGS_ZH.get(str(c), "") for c in out["column"]]
    out["table"] = [SHEETS_ZH.get(str(t), str(t)) for t in out["table"]]
    out["column"] = [_header(str(c), catalog, "zh") for c in out["column"]]
    out["label"] = ""
    out["unit"] = [unit_name(str(u), "zh") for u in out["unit"]]
    out["better"] = [{"lower": "越低越好", "higher": "越高越好"}.get(str(b), "")
                     for b in out["better"]]
    return out.drop(columns="label")


def _width(frame: pd.DataFrame, column: Any, sample: int = 200) -> int:
    """Columns of the widest of the header and the first ``sample`` cells, capped."""
    cells = [str(column), *map(str, frame[column].head(sample).tolist())]
    return min(MAX_WIDTH, max(display_width(c) for c in cells) + 2)


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: Path, row_limit: int, *,
               creator: str = "", text_cells: Callable[[Any], int] | None = None) -> None:
    """Write ``sheets`` to the workbook ``path``: frozen header row, fitted column widths.

    A sheet longer than ``row_limit`` rows continues on numbered sheets. With XlsxWriter
    the rows are written straight from the frames in constant-memory mode (pandas'
    per-cell formatting took most of the time) and every string as text, never a formula;
    otherwise through pandas and openpyxl, with ``text_cells`` turning any cell openpyxl
    took for a formula back into text. ``creator`` is recorded as the workbook's author.
    """
    try:
        import xlsxwriter
    except ImportError:
        _write_openpyxl(sheets, path, row_limit, creator, text_cells)
        return
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True,
                                           "strings_to_formulas": False,
                                           "strings_to_urls": False,
                                           "strings_to_numbers": False})
    book.set_properties({"author": creator})
    try:
        bold = book.add_format({"bold": True, "bg_color": "#DFE5EC", "text_wrap": True,
                                "valign": "top"})
        for sheet, frame in sheets.items():
            for k, start in enumerate(range(0, max(len(frame), 1), row_limit)):
                part = frame.iloc[start:start + row_limit]
                ws = book.add_worksheet(sheet if k == 0 else f"{sheet[:28]}_{k + 1}")
                ws.freeze_panes(1, 0)
                for i, column in enumerate(part.columns):
                    ws.set_column(i, i, _width(part, column))
                ws.write_row(0, 0, [str(c) for c in part.columns], bold)
                cells = part.astype(object).where(part.notna(), None).to_numpy().tolist()
                for r, row in enumerate(cells, start=1):
                    ws.write_row(r, 0, row)
    finally:
        book.close()


def _write_openpyxl(sheets: Mapping[str, pd.DataFrame], path: Path, row_limit: int,
                    creator: str, text_cells: Callable[[Any], int] | None) -> None:
    """The same workbook through pandas and openpyxl (slower; when XlsxWriter is missing)."""
    from openpyxl.utils import get_column_letter

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        writer.book.properties.creator = creator
        for sheet, frame in sheets.items():
            for k, start in enumerate(range(0, max(len(frame), 1), row_limit)):
                title = sheet if k == 0 else f"{sheet[:28]}_{k + 1}"
                part = frame.iloc[start:start + row_limit]
                part.to_excel(writer, sheet_name=title, index=False, freeze_panes=(1, 0))
                ws = writer.sheets[title]
                for i, column in enumerate(part.columns):
                    ws.column_dimensions[get_column_letter(i + 1)].width = _width(part, column)
                if text_cells is not None:
                    text_cells(ws)
