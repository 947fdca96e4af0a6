"""District files as planners write them: RFC 4180 CSV, real workbooks, caps, every error at once.

Issue 21 (cases 6, 8-13, 22-25, 30) and issue 19 item 1 (the template and ``district check``).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from commsim.cli import main
from commsim.core.errors import InputError
from commsim.inputs.district import load_district
from commsim.inputs.district_table import MAX_CELL_CHARS, MAX_ROWS
from conftest import assert_one_line

HEAD = "name,kind,households,cadre_posts\n"


def _csv(tmp_path: Path, text: str, name: str = "d.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- reading: RFC 4180, headers, caps ---------------------------------------------------------
def test_quoted_line_break_in_a_notes_cell(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEAD.replace("\n", ",notes\n")
                + 'A,urban,900,5,"first line\nsecond, with a comma"\nB,town,800,5,\n')
    district = load_district(path)
    assert district.communities[0].notes == "first line\nsecond, with a comma"
    assert district.column("name") == ["A", "B"]


def test_rows_are_numbered_as_a_spreadsheet_shows_them_after_a_multiline_cell(
        tmp_path: Path) -> None:
    path = _csv(tmp_path, HEAD.replace("\n", ",notes\n")
                + 'A,urban,900,5,"one\ntwo\nthree"\nB,town,abc,5,\n')
    with pytest.raises(InputError, match="row 5"):
        load_district(path)


def test_english_and_chinese_header_of_one_column_is_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, "name,kind,households,cadre_posts,社区名称\nA,urban,900,5,B\n")
    with pytest.raises(InputError) as info:
        load_district(path)
    assert "'name' given twice" in str(info.value) and "社区名称" in str(info.value)


def test_workbook_whose_table_starts_one_column_over(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append([None, "name", "kind", "households", "cadre_posts"])
    ws.append([None, "A", "urban", 900, 5])
    path = tmp_path / "d.xlsx"
    book.save(path)
    assert load_district(path).column("households") == [900]


def test_value_outside_the_header_is_named(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEAD + "A,urban,900,5,stray\n")
    with pytest.raises(InputError, match="row 2 stands under no column header"):
        load_district(path)


def test_rows_over_the_cap_are_refused_at_once(tmp_path: Path) -> None:
    rows = "".join(f"C{i},urban,900,5\n" for i in range(10_000))
    with pytest.raises(InputError) as info:
        load_district(_csv(tmp_path, HEAD + rows))
    assert f"at most {MAX_ROWS:,}" in str(info.value)


def test_communities_over_the_cap_are_refused(tmp_path: Path) -> None:
    rows = "".join(f"C{i},urban,900,5\n" for i in range(501))
    with pytest.raises(InputError, match="501 communities; allowed: at most 500"):
        load_district(_csv(tmp_path, HEAD + rows))


@pytest.mark.parametrize("size", [MAX_CELL_CHARS + 1, 200 * 1024])
def test_huge_cell_is_one_line(tmp_path: Path, size: int,
                               capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, HEAD.replace("\n", ",notes\n") + f'A,urban,900,5,"{"x" * size}"\n')
    assert main(["district", "check", str(path)]) == 2
    assert_one_line(capsys.readouterr().err, ["characters in a cell", f"{MAX_CELL_CHARS:,}"])


def test_check_of_an_empty_name_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["district", "check", ""]) == 2
    assert_one_line(capsys.readouterr().err, ["no district file named"])


def test_binary_garbage_as_xlsx_is_one_line(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.xlsx"
    path.write_bytes(b"PK\x03\x04garbage")
    assert main(["district", "check", str(path)]) == 2
    assert_one_line(capsys.readouterr().err, ["cannot read the workbook"])


# -- values: every error at once, in the reader's language -------------------------------------
BAD = HEAD + "A,urban,900,8人\nB,city,800,5\nC,town,1e9,5\n"


def test_every_error_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_district(_csv(tmp_path, BAD))
    message = str(info.value)
    assert "\n" not in message and message.startswith("3 bad district values")
    for part in ("row 2, column 'cadre_posts': '8人'", "row 3, column 'kind': 'city'",
                 "row 4, column 'households': '1e9'", "integer from 50 to 50,000"):
        assert part in message


def test_errors_in_chinese_name_chinese_columns_and_kind_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, BAD)
    assert main(["district", "check", str(path), "--lang", "zh"]) == 2
    line = assert_one_line(capsys.readouterr().err, [
        "辖区数据有3处错误", "第2行「干部职数」列", "'8人'", "1至40的整数",
        "城市社区、城镇社区或村"])
    assert "cadre_posts" not in line and "bad district value" not in line


def test_ranges_are_readable(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_district(_csv(tmp_path, HEAD.replace("\n", ",office_budget_yuan\n")
                           + "A,urban,900,5,-3\n"))
    assert "number from 0 to 10,000,000" in str(info.value) and "e+07" not in str(info.value)


def test_percent_is_read_as_a_share_and_28_suggests_028(tmp_path: Path) -> None:
    head = HEAD.replace("\n", ",share_elderly\n")
    district = load_district(_csv(tmp_path, head + "A,urban,900,5,28%\n"))
    assert district.communities[0].need_shares == {"share_elderly": 0.28}
    with pytest.raises(InputError, match=r"write 0\.28 \(or 28%\)"):
        load_district(_csv(tmp_path, head + "A,urban,900,5,28\n", "e.csv"))


def test_check_summary_in_chinese_and_the_staffing_norm_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, "社区名称,类型,户数,干部职数\n东风社区,城市社区,4500,7\n西园,村,600,5\n")
    assert main(["district", "check", str(path), "--lang", "zh"]) == 0
    captured = capsys.readouterr()
    assert "2个社区" in captured.out and "城市社区1个" in captured.out
    assert "communities" not in captured.out
    assert "东风社区(643户)" in captured.err and "S13" in captured.err
    assert "西园" not in captured.err
    assert main(["district", "check", str(path), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "1 of 2 communities have more than 300 households per cadre post" in err


# -- the template ------------------------------------------------------------------------------
def test_csv_template_has_a_byte_order_mark_and_chinese_rows(tmp_path: Path) -> None:
    out = tmp_path / "模板.csv"
    assert main(["district", "template", "--lang", "zh", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "示例路社区" in raw.decode("utf-8-sig") and "Example Road" not in raw.decode("utf-8-sig")
    assert load_district(out).column("kind") == ["urban", "town"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_template_is_a_real_workbook(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "模板.xlsx"
    assert main(["district", "template", "--lang", lang, "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    ws = book.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[0] == ("社区名称" if lang == "zh" else "name")
    assert "unit 单位: households / 户" in ws.cell(row=1, column=3).comment.text
    lists = {v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"}
    assert ('"城市社区,城镇社区,村"' if lang == "zh" else '"urban,town,village"') in lists
    assert ('"是,否"' if lang == "zh" else '"1,0"') in lists
    assert ws.freeze_panes == "A2"
    district = load_district(out)
    assert district.column("households") == [2800, 1900]
    if lang == "zh":
        assert district.column("name") == ["示例路社区", "河畔镇社区"]
        assert district.communities[1].need_shares["share_elderly"] == 0.2


def test_filled_workbook_with_chinese_values_checks(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert main(["district", "template", "--lang", "zh", "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    ws = book.worksheets[0]
    ws.append(["东风社区", "村", 700, 5, "是", 30000, 0.3, None, None, None, "实测"])
    book.save(out)
    assert load_district(out).column("high_need") == [False, True, True]


@pytest.mark.parametrize("case", ["missing folder", "below a file", "read-only folder"])
def test_template_into_a_bad_place_is_one_line(tmp_path: Path, case: str,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    if case == "missing folder":
        out = tmp_path / "no" / "such" / "t.csv"
        assert main(["district", "template", "-o", str(out)]) == 0  # folders are made
        assert out.exists()
        return
    if case == "below a file":
        (tmp_path / "file").write_text("x")
        out = tmp_path / "file" / "t.csv"
        expected = ["below a file"]
    else:
        import errno
        import tempfile

        def read_only(*args: object, **kwargs: object) -> None:  # as root chmod does not bite
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr(tempfile, "mkstemp", read_only)
        out = tmp_path / "t.xlsx"
        expected = ["cannot write the template", "read-only"]
    assert main(["district", "template", "-o", str(out)]) == 2
    assert_one_line(capsys.readouterr().err, expected)
    assert not out.exists()


def test_template_on_a_full_disk_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("commsim.inputs.district_template.csv_text", full)
    assert main(["district", "template", "-o", str(tmp_path / "t.csv")]) == 2
    assert_one_line(capsys.readouterr().err, ["the disk is full", "t.csv"])
    assert list(tmp_path.iterdir()) == []


def test_template_does_not_follow_a_symlink_at_a_temporary_name(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / ".t.csv.tmp").symlink_to(victim)
    assert main(["district", "template", "-o", str(tmp_path / "t.csv")]) == 0
    assert victim.read_text() == "keep me"
    assert load_district(tmp_path / "t.csv").households == 4700


def test_template_at_a_symlink_is_refused(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.csv").symlink_to(tmp_path / "elsewhere.csv")
    assert main(["district", "template", "-o", str(tmp_path / "t.csv")]) == 2
    assert_one_line(capsys.readouterr().err, ["symbolic link"])
    assert not (tmp_path / "elsewhere.csv").exists()


def test_run_names_bad_district_values_in_the_commands_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, BAD)
    assert main(["run", "baseline", "--days", "2", "--no-progress", "--lang", "zh",
                 "--set", f"run.district={path}"]) == 2
    assert_one_line(capsys.readouterr().err, ["辖区数据有3处错误", "「干部职数」"])


def test_a_planner_fills_the_template_checks_it_and_compares(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from commsim import results

    book_path = tmp_path / "我的辖区.xlsx"
    assert main(["district", "template", "--lang", "zh", "-o", str(book_path)]) == 0
    book = openpyxl.load_workbook(book_path)
    ws = book.worksheets[0]
    ws.delete_rows(2, 2)  # the example rows out, the planner's own in
    ws.append(["东风社区", "城市社区", 2400, 7, "否", 30000, "18%", None, None, None, "实测"])
    ws.append(["西园村", "村", 650, 5, "是", None, None, None, None, None, None])
    book.save(book_path)
    assert main(["district", "check", str(book_path), "--lang", "zh"]) == 0
    assert "2个社区" in capsys.readouterr().out
    out = tmp_path / "cmp"
    assert main(["compare", "baseline", "admission_gate", "--reps", "1", "--days", "3",
                 "--set", "run.warmup_days=0", "--set", f"run.district={book_path}",
                 "--executor", "serial", "--no-progress", "--out", str(out)]) == 0
    community = results.load(out).community
    assert community is not None and set(community["name"]) == {"东风社区", "西园村"}
