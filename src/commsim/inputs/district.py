"""A planner's own district, described as data (CSV or Excel).

A district file has one row per community. Columns (English or Chinese headers):

=====================  ==========  =========================================================
column                 中文         meaning
=====================  ==========  =========================================================
``name``               社区名称     community name (unique)
``kind``               类型         ``urban`` (城市社区), ``town`` (城镇社区) or ``village`` (村)
``households``         户数         households served
``cadre_posts``        干部职数     funded cadre posts
``high_need``          重点社区     1 if the community concentrates high-need residents (S14)
``office_budget_yuan`` 办公经费     office budget, yuan per year (S13)
``share_elderly``      老年户占比   need mix: shares of households (blank: district default)
``share_disabled``     残疾户占比
``share_low_income``   低保户占比
``share_supervised``   监管对象占比
``notes``              备注         free text (e.g. which values are assumed)
=====================  ==========  =========================================================

Lines starting with ``#`` are comments (the template explains every column in them).
An Excel workbook may carry a second sheet ``departments`` (部门) with ``name``,
``task_share`` (share of the district's department task volume) and ``statutory_share``.

Every value is validated; a bad one stops the command with exit status 2 and one line
naming the file, the row (as a spreadsheet shows it), the column, the value and what is
allowed. The model reads a :class:`District`; it never reads the file itself.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commsim.core.errors import InputError

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
    "households": ("户数", "households served, integer 50-50000"),
    "cadre_posts": ("干部职数", "funded cadre posts, integer 1-40"),
    "high_need": ("重点社区", "1 if high-need residents are concentrated here, else 0"),
    "office_budget_yuan": ("办公经费", "office budget in yuan per year, 0-10000000"),
    "share_elderly": ("老年户占比", "share of elderly households 0-1 (blank: default)"),
    "share_disabled": ("残疾户占比", "share of households with a disabled member 0-1"),
    "share_low_income": ("低保户占比", "share of low-income (低保) households 0-1"),
    "share_supervised": ("监管对象占比", "share of households with a supervised person 0-1"),
    "notes": ("备注", "free text: sources, which values are assumed"),
}
REQUIRED: tuple[str, ...] = ("name", "kind", "households", "cadre_posts")
_ALIASES: dict[str, str] = {zh: en for en, (zh, _) in COLUMNS.items()}
_TRUE = {"1", "yes", "true", "y", "是", "x"}
_FALSE = {"0", "no", "false", "n", "否", ""}


@dataclass(frozen=True, slots=True)
class CommunitySpec:
    """One community of a district file (validated)."""

    name: str
    kind: str
    households: int
    cadre_posts: int
    high_need: bool = False
    office_budget_yuan: float | None = None
    need_shares: Mapping[str, float] = field(default_factory=dict)
    notes: str = ""


@dataclass(frozen=True, slots=True)
class DepartmentSpec:
    """One department of a district file (validated)."""

    name: str
    task_share: float
    statutory_share: float | None = None


@dataclass(frozen=True, slots=True)
class District:
    """A district: its communities and, optionally, its departments."""

    communities: tuple[CommunitySpec, ...]
    departments: tuple[DepartmentSpec, ...] = ()
    source: str = ""

    @property
    def households(self) -> int:
        """Households in the district."""
        return sum(c.households for c in self.communities)

    def column(self, name: str) -> list[Any]:
        """One attribute of every community, in file order."""
        return [getattr(c, name) for c in self.communities]


def _fail(source: str, row: int, column: str, value: object, allowed: str) -> InputError:
    return InputError(f"bad district value at row {row}, column {column!r}", value=value,
                      allowed=allowed, source=source)


def _number(raw: str, source: str, row: int, column: str, low: float, high: float,
            integer: bool) -> float:
    kind = "integer" if integer else "number"
    allowed = f"{kind} {low:g}-{high:g}"
    try:
        value = float(raw.replace(",", "").strip())
    except ValueError:
        raise _fail(source, row, column, raw, allowed) from None
    if not math.isfinite(value) or not low <= value <= high or (
            integer and value != int(value)):
        raise _fail(source, row, column, raw, allowed)
    return value


def _rows_from_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise InputError("cannot decode district file", allowed="UTF-8 or GB18030 text",
                         source=str(path))
    numbered = [(n, row) for n, line in enumerate(io.StringIO(text), start=1)
                if not line.lstrip().startswith("#")
                for row in csv.reader([line]) if any(cell.strip() for cell in row)]
    return _as_dicts(numbered)


def _as_dicts(table: Sequence[tuple[int, Sequence[Any]]]) -> list[dict[str, str]]:
    """Rows as dicts keyed by (English) column, each with its line number under ``_row``."""
    if not table:
        return []
    header = [_ALIASES.get(str(h).strip(), str(h).strip()) for h in table[0][1]]
    out = []
    for n, row in table[1:]:
        entry = {h: "" if v is None else str(v) for h, v in zip(header, row, strict=False)}
        entry["_row"] = str(n)
        out.append(entry)
    return out


def _sheets_from_excel(path: Path) -> dict[str, list[dict[str, str]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is bad input
        raise InputError(f"cannot read the workbook ({type(exc).__name__})",
                         allowed="an .xlsx file", source=str(path)) from None
    sheets = {}
    for ws in book.worksheets:
        rows = [(n, r) for n, r in enumerate(ws.iter_rows(values_only=True), start=1)
                if any(v not in (None, "") for v in r)
                and not str(r[0] or "").lstrip().startswith("#")]
        sheets[ws.title.strip().lower()] = _as_dicts(rows)
    return sheets


def load_district(path: str | Path) -> District:
    """Read and validate a district file (``.csv`` or ``.xlsx``).

    Parameters
    ----------
    path : str or Path
        The district file.

    Returns
    -------
    District

    Raises
    ------
    InputError
        Missing file, unknown column, or a value out of range (one line naming the file,
        row, column, value and what is allowed).

    """
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise InputError("district file not found", value=source,
                         allowed="a .csv or .xlsx file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        sheets = {"communities": _rows_from_csv(path)}
    elif suffix in (".xlsx", ".xlsm"):
        sheets = _sheets_from_excel(path)
    else:
        raise InputError("unknown district file type", value=suffix,
                         allowed=".csv or .xlsx", source=source)
    names = list(sheets)
    community_sheet = next((n for n in names if n in ("communities", "社区")), names[0])
    rows = sheets[community_sheet]
    communities = tuple(_community(r, source, int(r["_row"])) for r in rows)
    if not communities:
        raise InputError("district file has no communities", allowed="at least one row",
                         source=source)
    seen: set[str] = set()
    for row, c in zip(rows, communities, strict=True):
        if c.name in seen:
            raise _fail(source, int(row["_row"]), "name", c.name, "a unique name")
        seen.add(c.name)
    dept_sheet = next((n for n in names if n in ("departments", "部门")), None)
    departments = tuple(_department(r, source, int(r["_row"]))
                        for r in sheets.get(dept_sheet, [])) if dept_sheet else ()
    return District(communities, departments, source)


def _community(row: Mapping[str, str], source: str, n: int) -> CommunitySpec:
    unknown = [k for k in row if k and k != "_row" and k not in COLUMNS]
    if unknown:
        raise InputError(f"unknown district column {unknown[0]!r}",
                         allowed="one of " + ", ".join(COLUMNS), source=source)
    for column in REQUIRED:
        if not str(row.get(column, "")).strip():
            raise _fail(source, n, column, "", COLUMNS[column][1])
    kind = row["kind"].strip().lower()
    kind = {zh: en for en, zh in KINDS.items()}.get(row["kind"].strip(), kind)
    if kind not in KINDS:
        raise _fail(source, n, "kind", row["kind"], "urban, town or village")
    flag = str(row.get("high_need", "")).strip().lower()
    if flag not in _TRUE | _FALSE:
        raise _fail(source, n, "high_need", row["high_need"], "1 or 0 (是/否)")
    budget = str(row.get("office_budget_yuan", "")).strip()
    shares = {c: _number(row[c], source, n, c, 0, 1, False)
              for c in NEED_COLUMNS if str(row.get(c, "")).strip()}
    if sum(shares.values()) > 1:
        raise _fail(source, n, "share_*", round(sum(shares.values()), 4),
                    "need shares summing to at most 1")
    return CommunitySpec(
        name=row["name"].strip(), kind=kind,
        households=int(_number(row["households"], source, n, "households", 50, 50000, True)),
        cadre_posts=int(_number(row["cadre_posts"], source, n, "cadre_posts", 1, 40, True)),
        high_need=flag in _TRUE,
        office_budget_yuan=_number(budget, source, n, "office_budget_yuan", 0, 1e7, False)
        if budget else None,
        need_shares=shares, notes=str(row.get("notes", "")).strip())


def _department(row: Mapping[str, str], source: str, n: int) -> DepartmentSpec:
    name = str(row.get("name", row.get("部门名称", ""))).strip()
    if not name:
        raise _fail(source, n, "name", "", "a department name")
    statutory = str(row.get("statutory_share", "")).strip()
    return DepartmentSpec(
        name=name,
        task_share=_number(str(row.get("task_share", "")), source, n, "task_share", 0, 1, False),
        statutory_share=_number(statutory, source, n, "statutory_share", 0, 1, False)
        if statutory else None)


#: Built-in example districts shipped with the package, by name.
EXAMPLES: tuple[str, ...] = ("s14_example",)


def resolve_district(value: str, relative_to: Path | None = None) -> Path:
    """The file a ``run.district`` value names: a built-in example or a path.

    Relative paths are taken relative to ``relative_to`` (the scenario or spec file's
    folder) when given, else to the working folder.
    """
    if value in EXAMPLES:
        return Path(__file__).parent / "districts" / f"{value}.csv"
    path = Path(value).expanduser()
    if not path.is_absolute() and relative_to is not None:
        path = relative_to / path
    return path


_CACHE: dict[tuple[str, int, int], District] = {}


def district_for(value: str) -> District | None:
    """The validated district of a ``run.district`` value (``None`` for empty).

    Cached by file path, size and modification time, so a sweep reads each file once
    per process.
    """
    if not value:
        return None
    path = resolve_district(value)
    try:
        stat = path.stat()
    except OSError:
        raise InputError("district file not found", key="run.district", value=value,
                         allowed="a .csv or .xlsx file, or " + ", ".join(EXAMPLES)) from None
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _CACHE:
        _CACHE[key] = load_district(path)
    return _CACHE[key]


def template(lang: str = "en") -> str:
    """A commented CSV template: every column explained, two example rows."""
    head = ["# commsim district file - one row per community. Lines starting with # are "
            "comments.", "# 社区数据表:每行一个社区;以#开头的行为注释。"]
    for column, (zh, meaning) in COLUMNS.items():
        mark = " (required 必填)" if column in REQUIRED else ""
        head.append(f"# {column} / {zh}: {meaning}{mark}")
    header = list(COLUMNS) if lang == "en" else [COLUMNS[c][0] for c in COLUMNS]
    rows = [["Example Road", "urban", "2800", "9", "0", "30000", "", "", "", "", "assumed"],
            ["Riverside Town", "town", "1900", "6", "1", "", "0.2", "", "0.06", "", ""]]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\n".join(head) + "\n" + buf.getvalue()
