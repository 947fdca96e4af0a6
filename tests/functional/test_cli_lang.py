"""``--lang zh|en`` on every command: Chinese messages and tables that align."""

from __future__ import annotations

import argparse

import pytest

from commsim.cli import build_parser, main
from commsim.core.i18n import display_width
from commsim.core.metrics import METRICS
from commsim.results import load

TINY = ["--days", "20", "--communities", "1", "--set", "run.warmup_days=0",
        "--executor", "serial", "--no-progress"]


def test_every_command_takes_lang() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        options = {o for a in command._actions for o in a.option_strings}
        assert "--lang" in options, name


def test_chinese_compare_aligns_warns_and_summarises(tmp_path, capsys) -> None:
    out = tmp_path / "zh"
    assert main(["compare", "baseline", "admission_gate", "--reps", "2", "--out", str(out),
                 "--lang", "zh", *TINY]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    title = lines.index("每名干部每周加班时长 (小时/干部·周)")  # no metric key under zh
    assert lines.index("决策(有效前沿与净货币效益)") < title  # the decision comes first
    assert all(display_width(line) <= 100 for line in lines), "wider than 100 columns"
    header = next(i for i, line in enumerate(lines[title:], title)
                  if line.lstrip().startswith("情景"))
    block = lines[header:header + 3]  # header, baseline, admission gate
    assert "现状(基线)" in block[1] and "准入制度" in block[2]
    ends = {display_width(line[:line.index(line.split()[1]) + len(line.split()[1])])
            for line in block}
    assert len(ends) == 1, block  # the mean column lines up
    joined = "".join(line.strip() for line in lines)  # sentences wrapped at 100 columns
    assert "仅供参考" in joined and "净货币效益最大" in joined and "估值敏感性" in joined
    assert "警告" in captured.err and "仅2次重复运行" in captured.err
    comparison = load(out).comparison
    shares = [m.key for m in METRICS.summaries() if m.is_share]
    rows = comparison[comparison["metric"].isin(shares)].dropna(subset=["ci_low"])
    assert (rows["ci_low"] >= 0).all() and (rows["ci_high"] <= 1).all()


def test_english_compare_ends_with_a_decision_summary(capsys) -> None:
    assert main(["compare", "baseline", "admission_gate", "--reps", "2", "--lang", "en",
                 *TINY]) == 0
    captured = capsys.readouterr()
    joined = " ".join(line.strip() for line in captured.out.splitlines())  # wrapped at 100
    assert "Decision (efficiency frontier" in joined and "Provisional: only 2" in joined
    assert "has the largest net monetary benefit" in joined
    assert "only 2 replications" in captured.err


@pytest.mark.parametrize("argv", [
    ["compare", "baseline", "--reps", "0", "--lang", "zh"],
    ["scenarios", "--lang", "fr"],
])
def test_errors_stay_one_line_with_status_2(argv, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        code = main(argv)
        raise SystemExit(code)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_chinese_scenarios_and_run_align(capsys) -> None:
    from commsim.inputs.scenario import list_scenarios

    assert main(["scenarios", "--lang", "zh"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("准入制度" in line for line in lines)
    descriptions = [s.describe("zh") for s in list_scenarios(validate=False)]
    starts = {display_width(line[:line.index(d)]) for line, d in
              zip(lines, descriptions, strict=True)}
    assert len(starts) == 1, starts  # descriptions start at one column despite CJK names
    assert main(["run", "admission_gate", "--lang", "zh", *TINY[:6], "--no-progress"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("情景 准入制度")
    values = [line for line in out[1:] if line.startswith("  ")]
    # the value column ends at the same terminal column on every row
    ends = {display_width(line.rsplit("  ", 1)[0].rstrip()) for line in values}
    assert len(ends) == 1, ends
