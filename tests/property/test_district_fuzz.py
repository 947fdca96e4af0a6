"""Fuzzing district files: every generated file ends in exit 0 or exit 2 with one line.

Generated CSV files vary the encoding (UTF-8 with and without a byte-order mark, GB18030,
UTF-16, raw bytes), the quoting (minimal, all, none with escapes, broken quotes), line
ends, the header (English, Chinese, repeated, unknown, blank, shifted) and the cells
(numbers, percentages, yes/no words, kind words, quotes, commas, line breaks, control
characters, long text). Generated workbooks vary the sheets, the header's position and
the cell types (numbers, NaN and infinity, booleans, dates, formulas as text). Each file is
checked with ``commsim district check``: it passes (exit 0, a summary) or is refused
(exit 2, exactly one ``commsim: error:`` line), never a traceback, and the check writes
nothing. The whole module runs in well under 30 seconds.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commsim.cli import main
from commsim.inputs.district import COLUMNS

FUZZ = settings(max_examples=100, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HEADERS = st.sampled_from([*COLUMNS, *(zh for zh, _ in COLUMNS.values()), "colour", "", " name ",
                           "NAME", "户数 ", "None", "#name"])
WORDS = st.sampled_from(["urban", "town", "village", "城市社区", "城镇社区", "村", "city", "是",
                         "否", "yes", "0", "1", "x", "", " ", "28%", "28", "0.28", "1e9", "-1",
                         "nan", "inf", "8人", "2,800", "2，800", "50000", "50001", "=1+1",
                         "=HYPERLINK(\"http://x\")", "+cmd", "@SUM(A1)", "\x1b[2J", "#comment",
                         "\"", "a\"b", "a,b", "a\nb", "\r", "\t", "\x00", "东风社区"])
CELLS = st.one_of(WORDS, st.integers(-10, 60000).map(str),
                  st.floats(allow_nan=True, allow_infinity=True).map(str),
                  st.text(max_size=30), st.text(max_size=3000).filter(lambda t: len(t) > 1990))
GOOD_ROW = st.tuples(st.text(min_size=1, max_size=12).filter(str.strip),
                     st.sampled_from(["urban", "town", "village", "城市社区", "村"]),
                     st.integers(50, 50000).map(str), st.integers(1, 40).map(str))


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """A CSV district file as bytes: sometimes valid, often not."""
    if draw(st.booleans()):
        header = ["name", "kind", "households", "cadre_posts"]
        if draw(st.booleans()):
            header = [COLUMNS[h][0] for h in header]
        rows = [list(r) for r in draw(st.lists(GOOD_ROW, min_size=0, max_size=6))]
    else:
        header = draw(st.lists(HEADERS, min_size=0, max_size=8))
        rows = draw(st.lists(st.lists(CELLS, max_size=9), max_size=6))
    rows += draw(st.lists(st.lists(CELLS, max_size=9), max_size=2))
    dialect = draw(st.sampled_from(["minimal", "all", "none", "raw"]))
    terminator = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    buf = io.StringIO()
    if dialect == "raw":  # hand-joined: broken quotes, stray separators
        buf.write(terminator.join(",".join(r) for r in [header, *rows]))
    else:
        quoting = {"minimal": csv.QUOTE_MINIMAL, "all": csv.QUOTE_ALL,
                   "none": csv.QUOTE_NONE}[dialect]
        writer = csv.writer(buf, quoting=quoting, escapechar="\\", lineterminator=terminator)
        if draw(st.booleans()):
            buf.write("# a comment line, with a comma\n")
        writer.writerow(header)
        writer.writerows(rows)
    text = buf.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:
        data += draw(st.binary(max_size=40))
    return data


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    """An .xlsx district file as bytes (or, rarely, damaged bytes)."""
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    refused = (ValueError, TypeError, IllegalCharacterError)  # control characters and the like
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = draw(st.sampled_from(["communities", "社区", "Sheet", "departments"]))
    shift = [None] * draw(st.integers(0, 2))
    for _ in range(draw(st.integers(0, 2))):  # blank or comment rows above the header
        ws.append(draw(st.sampled_from([[], ["# note"], [None, None]])))
    ws.append(shift + draw(st.one_of(
        st.just(["name", "kind", "households", "cadre_posts", "high_need", "share_elderly"]),
        st.just(["社区名称", "类型", "户数", "干部职数", "重点社区", "老年户占比"]),
        st.lists(HEADERS, max_size=7))))
    values = st.one_of(CELLS.filter(lambda t: "\x00" not in t and len(t) < 1000),
                       st.integers(-(2**40), 2**40), st.floats(), st.booleans(), st.none(),
                       st.just(datetime.datetime(2024, 1, 1)), st.just(math.nan))
    good = st.tuples(st.text(min_size=1, max_size=8).filter(str.strip),
                     st.sampled_from(["urban", "村"]), st.integers(50, 50000),
                     st.integers(1, 40), st.sampled_from([0, 1, "是", True]),
                     st.one_of(st.none(), st.floats(0, 1), st.just("28%")))
    for row in draw(st.lists(st.one_of(good.map(list), st.lists(values, max_size=8)),
                             max_size=6)):
        with contextlib.suppress(*refused):
            ws.append(shift + row)
    if draw(st.booleans()):
        deps = book.create_sheet(draw(st.sampled_from(["departments", "部门", "other"])))
        deps.append(["name", "task_share", "statutory_share"])
        for row in draw(st.lists(st.lists(values, max_size=4), max_size=3)):
            with contextlib.suppress(*refused):
                deps.append(row)
    buf = io.BytesIO()
    book.save(buf)
    data = buf.getvalue()
    if draw(st.integers(0, 9)) == 0:
        cut = int(draw(st.floats(0, 1)) * len(data))  # the zip's timestamps vary its length
        data = data[:cut] + draw(st.binary(max_size=20))
    return data


def _check(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"district{suffix}"
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["district", "check", str(path)])
        assert sorted(p.name for p in Path(folder).iterdir()) == [path.name]  # nothing written
        assert path.read_bytes() == data
    if status == 0:
        assert out.getvalue().startswith(str(path))
        assert len(err.getvalue().strip().splitlines()) <= 1  # the staffing-norm warning
    else:
        assert status == 2, (status, err.getvalue())
        lines = err.getvalue().strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("commsim: error:"), err.getvalue()
        assert out.getvalue() == ""


@FUZZ
@given(csv_files())
def test_generated_csv_district_files(data: bytes) -> None:
    _check(data, ".csv")


@settings(FUZZ, max_examples=40)
@given(workbooks())
def test_generated_xlsx_district_files(data: bytes) -> None:
    _check(data, ".xlsx")
