"""Scenario and experiment files as users save them: BOM, GBK, keys given twice, wrong encoding.

One reader (:func:`commsim.core.tomlfile.read_toml`) serves scenarios and specifications, so
both accept the same files and fail with the same one-line messages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from commsim import InputError, load_scenario
from commsim.cli import main
from commsim.experiments import load_spec
from conftest import assert_one_line

SCENARIO = ('name = "gbk_test"\ndescription = "准入制度：街道试点"\n'
            'policies = ["admission_gate"]\n[params]\n"street.leakage" = 0.4\n')
SPEC = 'name = "enc"\ndescription = "编码测试"\nscenarios = ["baseline"]\nreplications = 1\n'



@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "gb18030"])
def test_scenario_in_bom_or_chinese_encodings_reads(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(SCENARIO.encode(encoding))
    scenario = load_scenario(path)
    assert scenario.name == "gbk_test"
    assert scenario.description == "准入制度：街道试点"
    assert scenario.params()["street.leakage"] == 0.4


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_spec_in_bom_or_gbk_reads(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "e.toml"
    path.write_bytes(SPEC.encode(encoding))
    assert load_spec(path).description == "编码测试"


@pytest.mark.parametrize(("data", "expected"), [
    (b'name = "x"\ndescription = "\x80"\n', ["not UTF-8", "line 2", "save the file as UTF-8"]),
    (SCENARIO.encode("utf-16"), ["UTF-16", "save the file as UTF-8"]),
])
def test_undecodable_files_say_which_encoding_is_expected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, expected: list[str]
) -> None:
    scenario, spec = tmp_path / "s.toml", tmp_path / "e.toml"
    scenario.write_bytes(data)
    spec.write_bytes(data.replace(b'name = "x"', b'name = "e"'))
    assert main(["run", str(scenario), "--days", "2", "--out", str(tmp_path / "out")]) == 2
    assert_one_line(capsys.readouterr().err, [*expected, str(scenario)])
    assert main(["sweep", str(spec), "--out", str(tmp_path / "out")]) == 2
    assert_one_line(capsys.readouterr().err, [*expected, str(spec)])
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("text", "key"), [
    ('name = "x"\nname = "y"\n', "name"),
    ('name = "x"\n[params]\n"street.leakage" = 0.3\n"street.leakage" = 0.5\n', "street.leakage"),
    ('name = "x"\n[params]\n[params]\n', "params"),
])
def test_key_given_twice_in_toml_is_one_line_with_key_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, key: str
) -> None:
    path = tmp_path / "twice.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["run", str(path), "--days", "2"]) == 2
    line = text.count("\n")  # the repeated key is on the last line
    expected = ["given twice", f"key: {key}", f"line {line}", str(path)]
    assert_one_line(capsys.readouterr().err, expected)


@pytest.mark.parametrize("text", [
    'name = "x"\n[params]\n"street.leakage" = 0.3\n[params.street]\nleakage = 0.5\n',
    'name = "x"\n[params]\n"street.leakage" = 0.3\nstreet.leakage = 0.5\n',
])
def test_parameter_given_twice_in_two_forms_is_refused(tmp_path: Path, text: str) -> None:
    """Valid TOML, but the same parameter twice: the later value used to win silently."""
    path = tmp_path / "twice.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"given twice.*key: street\.leakage") as info:
        load_scenario(path)
    assert info.value.source == str(path)


def test_spec_days_and_params_run_days_conflict(tmp_path: Path) -> None:
    path = tmp_path / "e.toml"
    path.write_text(SPEC + 'days = 20\n[params]\n"run.days" = 30\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"run\.days given twice.*days = 20"):
        load_spec(path)
