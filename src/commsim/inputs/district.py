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

Lines whose first cell starts with ``#`` are comments (the CSV template explains every
column in them). CSV is read as RFC 4180 (quoted commas, quotes and line breaks, as Excel
writes them), within the caps of :mod:`commsim.inputs.district_table`; at most
:data:`MAX_COMMUNITIES` communities.
An Excel workbook may carry a second sheet ``departments`` (部门) with ``name``,
``task_share`` (share of the district's department task volume) and ``statutory_share``.

Every value is validated; bad values stop the command with exit status 2 and one line
naming the file and, for every bad value, the row (as a spreadsheet shows it), the column,
the value and what is allowed (in English or Chinese). The model reads a
:class:`District`; it never reads the file itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commsim.core.errors import InputError
from commsim.core.i18n import resolve_language
from commsim.inputs.district_columns import (
    ALIASES,
    COLUMNS,
    DEPARTMENT_COLUMNS,
    KINDS,
    NEED_COLUMNS,
    REQUIRED,
)
from commsim.inputs.district_table import Row, Sheet, read_csv, read_workbook
from commsim.inputs.district_values import Checker
from commsim.inputs.district_words import say

__all__ = ["COLUMNS", "EXAMPLES", "KINDS", "MAX_COMMUNITIES", "NEED_COLUMNS",
           "NORM_HOUSEHOLDS_PER_POST", "REQUIRED", "CommunitySpec", "DepartmentSpec",
           "District", "district_for", "load_district", "over_norm", "resolve_district"]

#: Most communities a district file may describe (drawn streets are capped alike).
MAX_COMMUNITIES = 500
#: Seed S13's staffing norm: one community worker per this many households.
NORM_HOUSEHOLDS_PER_POST = 300


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


def load_district(path: str | Path, lang: str = "en") -> District:
    """Read and validate a district file (``.csv`` or ``.xlsx``).

    Parameters
    ----------
    path : str or Path
        The district file.
    lang : {"en", "zh"}
        Language of the error message.

    Returns
    -------
    District

    Raises
    ------
    InputError
        Missing or unreadable file, a file over a cap, an unknown or repeated column, or
        bad values (one line naming the file and, for each bad value, the row, column,
        value and what is allowed).

    """
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise InputError("district file not found", value=source,
                         allowed="a .csv or .xlsx file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        sheets = {"communities": read_csv(path, ALIASES)}
    elif suffix in (".xlsx", ".xlsm"):
        sheets = read_workbook(path, ALIASES)
    else:
        raise InputError("unknown district file type", value=suffix,
                         allowed=".csv or .xlsx", source=source)
    names = list(sheets)
    if not names:
        raise InputError(say("no_rows", lang, source=source))
    sheet = sheets[next((n for n in names if n in ("communities", "社区")), names[0])]
    _check_columns(sheet, COLUMNS, source, lang)
    if not sheet.rows:
        raise InputError(say("no_rows", lang, source=source))
    if len(sheet.rows) > MAX_COMMUNITIES:
        raise InputError(say("too_many", lang, n=len(sheet.rows), cap=MAX_COMMUNITIES,
                             source=source))
    check = Checker(source, lang)
    communities = [_community(row, check) for row in sheet.rows]
    seen: set[str] = set()
    for row, c in zip(sheet.rows, communities, strict=True):
        if c is not None and c.name in seen:
            check.fail(row.number, "name", c.name, say("unique", lang))
        if c is not None:
            seen.add(c.name)
    dept_name = next((n for n in names if n in ("departments", "部门")), None)
    departments: list[DepartmentSpec | None] = []
    if dept_name is not None:
        _check_columns(sheets[dept_name], DEPARTMENT_COLUMNS, source, lang)
        departments = [_department(row, check) for row in sheets[dept_name].rows]
    error = check.error()
    if error is not None:
        raise error
    return District(tuple(c for c in communities if c is not None),
                    tuple(d for d in departments if d is not None), source)


def _check_columns(sheet: Sheet, allowed: Mapping[str, Any] | tuple[str, ...], source: str,
                   lang: str) -> None:
    unknown = [c for c in sheet.columns if c not in allowed]
    if unknown:
        raise InputError(say("unknown_column", lang, column=unknown[0], source=source,
                             allowed=", ".join(allowed)))


def _community(row: Row, check: Checker) -> CommunitySpec | None:
    cells, n = row.cells, row.number
    before = len(check.problems)
    complete = check.required(cells, n)
    kind = check.kind(cells["kind"], n) if cells.get("kind", "").strip() else None
    high_need = check.flag(cells.get("high_need", ""), n, "high_need")
    numbers = {c: check.number(cells[c], n, c) for c in ("households", "cadre_posts",
                                                         "office_budget_yuan", *NEED_COLUMNS)
               if cells.get(c, "").strip()}
    shares = {c: v for c in NEED_COLUMNS if (v := numbers.get(c)) is not None}
    if sum(shares.values()) > 1:
        check.fail(n, "share_*", round(sum(shares.values()), 4), say("shares_sum", check.lang))
    if not complete or kind is None or len(check.problems) > before:
        return None
    budget = numbers.get("office_budget_yuan")
    return CommunitySpec(
        name=cells["name"].strip(), kind=kind, households=int(numbers["households"] or 0),
        cadre_posts=int(numbers["cadre_posts"] or 0), high_need=high_need,
        office_budget_yuan=budget, need_shares=shares, notes=cells.get("notes", "").strip())


def _department(row: Row, check: Checker) -> DepartmentSpec | None:
    cells, n = row.cells, row.number
    before = len(check.problems)
    name = cells.get("name", "").strip()
    if not name:
        check.fail(n, "name", "", say("department", check.lang))
    share = check.number(cells.get("task_share", ""), n, "task_share")
    statutory_text = cells.get("statutory_share", "").strip()
    statutory = check.number(statutory_text, n, "statutory_share") if statutory_text else None
    if len(check.problems) > before or share is None:
        return None
    return DepartmentSpec(name=name, task_share=share, statutory_share=statutory)


def over_norm(district: District,
              norm: int = NORM_HOUSEHOLDS_PER_POST) -> list[tuple[CommunitySpec, float]]:
    """Communities with more households per cadre post than the S13 staffing norm.

    Returns
    -------
    list of (CommunitySpec, float)
        Each such community with its households per post, most loaded first.

    """
    loaded = [(c, c.households / c.cadre_posts) for c in district.communities
              if c.households / c.cadre_posts > norm]
    return sorted(loaded, key=lambda pair: -pair[1])


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


def district_for(value: str, lang: str | None = None) -> District | None:
    """The validated district of a ``run.district`` value (``None`` for empty).

    Cached by file path, size and modification time, so a sweep reads each file once
    per process. ``lang`` is the language of an error message (default: the command's).
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
        _CACHE[key] = load_district(path, resolve_language(lang))
    return _CACHE[key]
