"""District files: the S14 example, CSV and Excel, Chinese headers, one-line errors."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import commsim
from commsim.core.errors import InputError
from commsim.inputs.district import load_district
from commsim.inputs.district_template import csv_text

EXAMPLE = Path(commsim.__file__).parent / "inputs" / "districts" / "s14_example.csv"


def test_s14_example_matches_the_seed_totals() -> None:
    district = load_district(EXAMPLE)
    kinds = district.column("kind")
    assert len(district.communities) == 50
    assert kinds.count("urban") == 31 and kinds.count("town") == 19
    assert district.households == 139_000
    assert all("assumed" in c.notes for c in district.communities)
    assert all(5 <= p <= 9 for p in district.column("cadre_posts"))


def test_template_reads_back(tmp_path: Path) -> None:
    for lang, names in (("en", ["Example Road", "Riverside Town"]),
                        ("zh", ["示例路社区", "河畔镇社区"])):
        path = tmp_path / f"t_{lang}.csv"
        path.write_text(csv_text(lang), encoding="utf-8")
        district = load_district(path)
        assert [c.name for c in district.communities] == names
        assert district.communities[1].high_need
        assert district.communities[1].need_shares == {"share_elderly": 0.2,
                                                       "share_low_income": 0.06}


def test_gbk_encoded_chinese_file(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes("社区名称,类型,户数,干部职数\n东风社区,城市社区,2400,7\n".encode("gbk"))
    (community,) = load_district(path).communities
    assert community.name == "东风社区" and community.kind == "urban"


def test_excel_with_departments(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "communities"
    ws.append(["name", "kind", "households", "cadre_posts", "high_need"])
    ws.append(["A", "urban", 3000, 9, 1])
    ws.append(["B", "village", 800, 5, 0])
    deps = book.create_sheet("departments")
    deps.append(["name", "task_share", "statutory_share"])
    deps.append(["civil affairs", 0.6, 0.5])
    deps.append(["youth league", 0.4, None])
    path = tmp_path / "d.xlsx"
    book.save(path)
    district = load_district(path)
    assert district.column("households") == [3000, 800]
    assert [d.name for d in district.departments] == ["civil affairs", "youth league"]


@pytest.mark.parametrize(("row", "column", "value"), [
    ("A,urban,abc,9", "households", "abc"),
    ("A,urban,20,9", "households", "20"),
    ("A,city,2000,9", "kind", "city"),
    ("A,urban,2000,2.5", "cadre_posts", "2.5"),
    (",urban,2000,9", "name", ""),
])
def test_bad_values_name_file_row_column_value(tmp_path: Path, row: str, column: str,
                                               value: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(f"# comment\nname,kind,households,cadre_posts\nB,town,900,5\n{row}\n")
    with pytest.raises(InputError) as info:
        load_district(path)
    message = str(info.value)
    assert "\n" not in message
    assert "row 4" in message and repr(column) in message and str(path) in message
    assert repr(value) in message and "allowed" in message


def test_unknown_column_and_duplicate_name(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("name,kind,households,cadre_posts,colour\nA,urban,900,5,red\n")
    with pytest.raises(InputError, match="colour"):
        load_district(path)
    path.write_text("name,kind,households,cadre_posts\nA,urban,900,5\nA,town,900,5\n")
    with pytest.raises(InputError, match="unique"):
        load_district(path)


def test_district_file_drives_the_model(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("name,kind,households,cadre_posts,high_need,share_elderly\n"
                    "East,urban,600,6,0,0.5\nWest,village,300,3,1,\n")
    model = commsim.CommunityModel(commsim.Params.defaults().with_overrides(
        {"run.district": str(path), "run.days": 3, "run.warmup_days": 0,
         "run.communities": 8}, source="test"))
    assert model.n_communities == 2  # the file, not run.communities
    assert list(model.community_sizes) == [600, 300]
    assert model.structure.names == ["East", "West"]
    assert model.n_posts == 9
    elderly = model.households.need[:600] == 1
    assert 0.4 < elderly.mean() < 0.6  # the file's need mix, not the 15 % default
    model.run()


def test_scenario_names_a_district_relative_to_its_file(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("name,kind,households,cadre_posts\nA,urban,400,5\n")
    (tmp_path / "s.toml").write_text('name = "mine"\ndescription = "x"\n'
                                     '[params]\n"run.district" = "d.csv"\n')
    scenario = commsim.load_scenario(tmp_path / "s.toml")
    assert Path(scenario.overrides["run.district"]) == tmp_path / "d.csv"
    result = commsim.simulate(scenario, overrides={"run.days": 3, "run.warmup_days": 0})
    assert result.summary["mean_headcount"] <= 5


def test_bad_district_file_exits_2_with_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind,households,cadre_posts\nA,urban,abc,9\n")
    proc = subprocess.run([sys.executable, "-m", "commsim.cli", "run", "baseline", "--days", "3",
                           "--set", f"run.district={bad}", "--set", "run.warmup_days=0"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "row 2" in lines[0]
    assert "'households'" in lines[0] and "'abc'" in lines[0]


def test_district_template_command(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "t.csv"
    cmd = [sys.executable, "-m", "commsim.cli", "district", "template", "-o", str(out)]
    assert subprocess.run(cmd, capture_output=True, timeout=60).returncode == 0
    assert load_district(out).households == 4700
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and "overwrite" in again.stderr


def test_run_header_counts_the_district_files_communities(
        capsys: pytest.CaptureFixture[str]) -> None:
    from commsim.cli import main

    assert main(["run", "baseline", "--days", "2", "--set", f"run.district={EXAMPLE}",
                 "--set", "run.warmup_days=0"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert "50 communities" in header  # not run.communities' default of 8
