"""The district file template a planner fills in: a CSV or a real Excel workbook.

``commsim district template -o FILE`` writes, by the suffix of ``FILE``:

- ``.csv`` — UTF-8 with a byte-order mark (Excel on Chinese Windows then shows Chinese
  text, not mojibake), comment lines explaining every column, two example rows;
- ``.xlsx`` — a workbook: a header row (Chinese headers under ``--lang zh``), a note on
  every header cell with the column's meaning and unit, drop-down lists (data validation)
  for the community kind and the yes/no column, whole-number and range checks on the
  numeric columns, a frozen header and two example rows; a second sheet explains the
  columns.

Example rows are Chinese under ``--lang zh``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from commsim.inputs.district_columns import COLUMNS, KINDS, LIMITS, REQUIRED, UNITS
from commsim.inputs.district_words import number_text

#: Example rows (one per language), in :data:`COLUMNS` order.
EXAMPLE_ROWS: dict[str, list[list[str]]] = {
    "en": [["Example Road", "urban", "2800", "9", "0", "30000", "", "", "", "", "assumed"],
           ["Riverside Town", "town", "1900", "6", "1", "", "0.2", "", "0.06", "", ""]],
    "zh": [["示例路社区", "城市社区", "2800", "9", "否", "30000", "", "", "", "", "估计值"],
           ["河畔镇社区", "城镇社区", "1900", "6", "是", "", "20%", "", "0.06", "", ""]],
}
_YES_NO = {"en": ("1", "0"), "zh": ("是", "否")}


def headers(lang: str) -> list[str]:
    """The header row: English keys, or the Chinese headers under ``zh``."""
    return list(COLUMNS) if lang != "zh" else [COLUMNS[c][0] for c in COLUMNS]


def note(column: str, lang: str) -> str:
    """The explanation of one column: meaning, unit, limits, whether it is required."""
    zh, meaning = COLUMNS[column]
    unit_en, unit_zh = UNITS.get(column, ("", ""))
    parts = [f"{column} / {zh}: {meaning}"]
    if unit_en:
        parts.append(f"unit 单位: {unit_en} / {unit_zh}")
    if column in LIMITS:
        low, high, _ = LIMITS[column]
        parts.append(f"{number_text(low)} - {number_text(high)}")
    if column in REQUIRED:
        parts.append("required 必填")
    return "; ".join(parts) if lang != "zh" else ";".join(parts)


def csv_text(lang: str = "en") -> str:
    """The commented CSV template (without the byte-order mark; :func:`write` adds it)."""
    head = ["# commsim district file - one row per community. Lines starting with # are "
            "comments.", "# 社区数据表:每行一个社区;以#开头的行为注释。"]
    head += [f"# {note(column, lang)}" for column in COLUMNS]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(headers(lang))
    writer.writerows(EXAMPLE_ROWS["zh" if lang == "zh" else "en"])
    return "\n".join(head) + "\n" + buf.getvalue()


def write_workbook(path: Path, lang: str = "en") -> None:
    """Write the Excel template to ``path`` (a temporary file the caller renames)."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "社区" if lang == "zh" else "communities"
    ws.append(headers(lang))
    for row in EXAMPLE_ROWS["zh" if lang == "zh" else "en"]:
        ws.append([_typed(value) for value in row])
    letters = {column: get_column_letter(i) for i, column in enumerate(COLUMNS, start=1)}
    for i, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=i)
        cell.comment = Comment(note(column, lang), "commsim")
        ws.column_dimensions[get_column_letter(i)].width = 14 if column != "notes" else 30
    kinds = list(KINDS.values()) if lang == "zh" else list(KINDS)
    rules = [(DataValidation(type="list", formula1='"' + ",".join(kinds) + '"',
                             allow_blank=False), "kind"),
             (DataValidation(type="list", formula1='"' + ",".join(_YES_NO[lang]) + '"',
                             allow_blank=True), "high_need")]
    for column, (low, high, integer) in LIMITS.items():
        if column in letters:
            rules.append((DataValidation(type="whole" if integer else "decimal",
                                         operator="between", formula1=str(low),
                                         formula2=str(high), allow_blank=True), column))
    for rule, column in rules:
        rule.error = note(column, lang)
        rule.errorTitle = column
        rule.showErrorMessage = True
        ws.add_data_validation(rule)
        rule.add(f"{letters[column]}2:{letters[column]}1001")
    ws.freeze_panes = "A2"
    about = book.create_sheet("#说明" if lang == "zh" else "#about")
    about.append(["column", "中文表头", "meaning"])
    for column, (zh, _) in COLUMNS.items():
        about.append([column, zh, note(column, lang)])
    book.save(path)


def _typed(value: str) -> object:
    """Numbers as numbers in the workbook (Excel then does not flag them as text)."""
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number
