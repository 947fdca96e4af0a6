"""The decision at a willingness to pay, the priority list and the brief built on them."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import _planner_store as ps  # noqa: E402
from commsim import results  # noqa: E402
from commsim.analysis.choice import choose  # noqa: E402
from commsim.analysis.community_priority import NORM_HOUSEHOLDS_PER_POST, priority  # noqa: E402
from commsim.analysis.decision import DEFAULT_WTP  # noqa: E402
from commsim.analysis.stored import window_years  # noqa: E402
from commsim.brief.content import build  # noqa: E402
from commsim.cli import main  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> results.Results:
    return results.load(ps.comparison(tmp_path_factory.mktemp("brief") / "cmp"))


def test_net_benefit_is_paired_and_picks_the_best_positive(store: results.Results) -> None:
    runs, years = store.ok_runs, window_years(store)
    assert years == pytest.approx(40 / 365)
    zero = choose(runs, years=years, wtp=0.0)
    assert zero.chosen == "baseline"  # at no value of an hour, only cost counts: all dearer
    for option in zero.options:
        assert option.net_benefit[0] == pytest.approx(-option.cost[0])
    # at a huge value, the option avoiding most hours wins (its net benefit is positive)
    rich = choose(runs, years=years, wtp=1e6)
    best = max(rich.options, key=lambda o: o.hours_avoided[0])
    assert rich.chosen == best.scenario and best.net_benefit[0] > 0
    # a budget below every outlay leaves the reference
    assert choose(runs, years=years, wtp=1e6, budget=0.0).chosen == "baseline"
    # the default value of an hour is the decision's (reference wage per hour)
    assert choose(runs, years=years).wtp == DEFAULT_WTP


def test_priority_list_flags_and_budget(store: results.Results) -> None:
    years = window_years(store)
    table = priority(store.community, store.ok_runs, reference="baseline", wtp=1e6,
                     years=years, budget=None)
    assert sorted(table["community"]) == [0, 1, 2] and list(table["priority"]) == [1, 2, 3]
    assert table["reached"].isna().all()
    per_post = table["households"] / table["cadre_posts"]
    assert (table["households_per_post"] == per_post).all()
    assert (table["over_norm"] == (per_post > NORM_HOUSEHOLDS_PER_POST)).all()
    # helped communities come first, by net benefit
    helped = table[table["worthwhile"]]
    assert list(helped["net_benefit"]) == sorted(helped["net_benefit"], reverse=True)
    assert list(table.index[table["worthwhile"]]) == list(range(len(helped)))
    # a budget of the first community's outlay reaches it and no other
    first = float(table.iloc[0]["outlay"])
    limited = priority(store.community, store.ok_runs, reference="baseline", wtp=1e6,
                       years=years, budget=first)
    if bool(limited.iloc[0]["worthwhile"]):
        assert bool(limited.iloc[0]["reached"])
    assert limited["reached"].sum() <= 1 + (limited["outlay"] <= 0).sum()
    # an hour valued at nothing helps nobody enough
    none = priority(store.community, store.ok_runs, reference="baseline", wtp=0.0,
                    years=years)
    assert not none["worthwhile"].any()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_brief_content_says_the_decision_and_lists_communities(
        store: results.Results, lang: str) -> None:
    brief, choice, ranked = build(store, lang=lang, wtp=50.0, budget=200_000)
    assert choice.wtp == 50.0 and choice.budget == 200_000
    assert len(brief.effects.rows) == 3  # the three headline effects, with intervals
    assert all(("至" if lang == "zh" else " to ") in row[2] for row in brief.effects.rows)
    assert len(brief.options.rows) == 2 and len(brief.communities.rows) == len(ranked) == 3
    assert any(("财政" if lang == "zh" else "Outlay") in h for h in brief.options.header)
    words = " ".join(brief.decision)
    assert ("50.0元" if lang == "zh" else "50.0 yuan") in words
    assert any(("3次" if lang == "zh" else "3 paired") in c for c in brief.caveats)
    assert brief.provenance.count("\n") == 0 and "commsim" in brief.provenance


def test_brief_command_writes_word_and_html_and_refuses_overwrite(
        store: results.Results, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docx = pytest.importorskip("docx")
    out = tmp_path / "简报.docx"
    assert main(["brief", str(store.path), "-o", str(out), "--lang", "zh"]) == 0
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "社区减负政策决策简报" in text and "注意事项" in text
    html = tmp_path / "brief.html"
    assert main(["brief", str(store.path), "-o", str(html), "--lang", "en"]) == 0
    assert "Communities to start with" in html.read_text(encoding="utf-8")
    assert main(["brief", str(store.path), "-o", str(out)]) == 2  # exists
    assert main(["brief", str(store.path), "-o", str(tmp_path / "x.txt")]) == 2
    assert main(["brief", str(store.path), "-o", str(tmp_path / "y.html"),
                 "--wtp", "-5"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("commsim: error:") for line in err)
    assert not (tmp_path / "x.txt").exists() and not (tmp_path / "y.html").exists()


def test_export_has_summaries_and_chinese_sheets(store: results.Results,
                                                 tmp_path: Path) -> None:
    out = tmp_path / "导出.xlsx"
    assert main(["export", str(store.path), "-o", str(out), "--lang", "zh"]) == 0
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"情景比较", "各社区汇总", "优先社区", "逐日", "来源"} <= set(sheets)
    comparison = sheets["情景比较"]
    assert "95%置信区间下限" in comparison.columns and "ci_low" not in comparison.columns
    assert "现状(基线)" in set(comparison["情景"])
    rows = comparison.set_index("指标")
    overtime = rows.loc["每名干部每周加班时长", ["均值", "95%置信区间下限", "与参照之差"]]
    satisfied = rows.loc["居民满意率(近一年办过事)", ["均值", "95%置信区间下限"]]
    assert (overtime.round(2) == overtime).all().all()  # about 10 h: two decimals
    assert (satisfied.round(3) == satisfied).all().all()  # a share: three decimals
    assert len(sheets["各社区汇总"]) == 3 * 3  # three scenarios x three communities
    import openpyxl

    book = openpyxl.load_workbook(out, read_only=False)
    assert book["情景比较"].freeze_panes == "A2"
    assert book["情景比较"].column_dimensions["A"].width > 8
    en = tmp_path / "export.xlsx"
    assert main(["export", str(store.path), "-o", str(en), "--lang", "en",
                 "--with-warmup"]) == 0
    daily = pd.read_excel(en, sheet_name="daily")
    assert len(daily) == len(store.daily)  # without a warm-up, every day is measured
    assert not math.isnan(float(daily["day"].max()))
