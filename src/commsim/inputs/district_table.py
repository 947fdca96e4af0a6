"""The cells of a district file: an RFC 4180 CSV or an Excel workbook, read within stated caps.

This module knows files, not communities: it turns each sheet into numbered rows of text
cells keyed by (English) column, refusing in one line a file that is too large, not
decodable, not CSV, or whose header names a column twice. Values are checked by
:mod:`commsim.inputs.district`.

Caps (every limit is in ``docs/districts.md``): :data:`MAX_FILE_BYTES`,
:data:`MAX_ROWS` rows per sheet, :data:`MAX_COLUMNS` columns, :data:`MAX_CELL_CHARS`
characters per cell. Reading stops at the first row over a cap, so a huge file is refused
at once, before any simulation.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commsim.core.errors import InputError

#: Largest district file read, in bytes.
MAX_FILE_BYTES = 16 * 2**20
#: Most rows of values per sheet (comment and blank lines not counted).
MAX_ROWS = 2000
#: Most columns per sheet.
MAX_COLUMNS = 64
#: Most characters in one cell (a name or a note).
MAX_CELL_CHARS = 2000
#: Encodings tried in order (Excel on a Chinese system saves GBK/GB18030).
ENCODINGS: tuple[str, ...] = ("utf-8-sig", "gb18030")


@dataclass(frozen=True, slots=True)
class Row:
    """One row of values: its number as a spreadsheet shows it and its cells by column."""

    number: int
    cells: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Sheet:
    """A sheet of a district file: its columns (English keys) and rows."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def too_big(what: str, limit: int, source: str, value: object = None) -> InputError:
    """The one-line refusal of a file over one of the caps."""
    return InputError(f"district file too large: {what}", value=value,
                      allowed=f"at most {limit:,}", source=source)


def read_csv(path: Path, aliases: Mapping[str, str]) -> Sheet:
    """The one sheet of a CSV district file (RFC 4180: quoted commas, quotes, line breaks).

    Lines whose first cell starts with ``#`` are comments; blank lines are skipped.
    """
    source = str(path)
    raw = _bytes(path)
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise InputError("cannot decode district file", allowed="UTF-8 or GB18030 text",
                         source=source)
    return _sheet(_csv_records(text, source), aliases, source)


def _bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise too_big("file size in bytes", MAX_FILE_BYTES, str(path), size)
    return path.read_bytes()


def _csv_records(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            if "field limit" in message:
                raise too_big("characters in a cell", MAX_CELL_CHARS, source,
                              f"row {reader.line_num}") from None
            raise InputError(f"not a CSV file ({message}) at row {reader.line_num}",
                             allowed="comma-separated values, quotes as in RFC 4180 "
                                     "(as Excel saves CSV)", source=source) from None
        yield start, record
        start = reader.line_num + 1


def read_workbook(path: Path, aliases: Mapping[str, str]) -> dict[str, Sheet]:
    """Every sheet of an ``.xlsx`` district file by lower-case title (``#...`` sheets skipped)."""
    import zipfile

    import openpyxl

    source = str(path)
    _bytes(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError,
            zipfile.BadZipFile, EOFError) as exc:
        raise InputError(f"cannot read the workbook ({type(exc).__name__})",
                         allowed="an .xlsx file saved by Excel, WPS or LibreOffice",
                         source=source) from None
    sheets: dict[str, Sheet] = {}
    try:
        for ws in book.worksheets:
            if str(ws.title).startswith("#"):  # an explanation sheet (the template's)
                continue
            records = ((n, ["" if v is None else _cell_text(v) for v in values])
                       for n, values in enumerate(ws.iter_rows(values_only=True), start=1))
            sheets[str(ws.title).strip().lower()] = _sheet(records, aliases, source)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, EOFError) as exc:
        raise InputError(f"cannot read the workbook ({type(exc).__name__})",
                         allowed="an .xlsx file saved by Excel, WPS or LibreOffice",
                         source=source) from None
    finally:
        book.close()
    return sheets


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet(records: Iterable[tuple[int, Sequence[str]]], aliases: Mapping[str, str],
           source: str) -> Sheet:
    """Numbered records to a :class:`Sheet`: comments and blank rows dropped, caps enforced."""
    header: list[str] | None = None
    header_row = 0
    rows: list[Row] = []
    for number, record in records:
        if len(record) > MAX_COLUMNS:
            raise too_big("columns", MAX_COLUMNS, source, f"row {number}: {len(record)}")
        cells = [str(c) for c in record]
        if any(len(c) > MAX_CELL_CHARS for c in cells):
            raise too_big("characters in a cell", MAX_CELL_CHARS, source, f"row {number}")
        filled = [c for c in cells if c.strip()]
        if not filled or filled[0].lstrip().startswith("#"):
            continue
        if header is None:
            header, header_row = [aliases.get(c.strip(), c.strip()) for c in cells], number
            _check_header(header, cells, source, number)
            continue
        if len(rows) >= MAX_ROWS:
            raise too_big("rows of values", MAX_ROWS, source, f"row {number} and more")
        if any(c.strip() for i, c in enumerate(cells)
               if (i >= len(header) or not header[i]) and c.strip()):
            raise InputError(f"a value at row {number} stands under no column header",
                             value=next(c for i, c in enumerate(cells) if c.strip() and (
                                 i >= len(header) or not header[i])),
                             allowed=f"values only under the header of row {header_row}",
                             source=source)
        rows.append(Row(number, {h: cells[i] if i < len(cells) else ""
                                 for i, h in enumerate(header) if h}))
    columns = tuple(h for h in header or () if h)
    return Sheet(columns, tuple(rows))


def _check_header(header: Sequence[str], raw: Sequence[str], source: str, row: int) -> None:
    seen: dict[str, str] = {}
    for key, text in zip(header, raw, strict=True):
        if not key:
            continue
        if key in seen:
            raise InputError(f"column {key!r} given twice in the header at row {row} "
                             f"(as {seen[key].strip()!r} and {text.strip()!r})", value=key,
                             allowed="each column once (English or Chinese header, not both)",
                             source=source)
        seen[key] = text
