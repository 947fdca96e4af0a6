"""Per-community results in the store, the CLI (``--by community``), the report and export."""

import pandas as pd
import pytest

from _faults import Crash
from commsim import simulate
from commsim.analysis.community_ranking import ranking
from commsim.cli import main
from commsim.core.i18n import display_width
from commsim.experiments import run, spec_from_table
from commsim.report.data import load_results
from commsim.report.html import build_sections, render_html
from commsim.report.style import use_language
from commsim.results import load
from commsim.results.export import export

DISTRICT = ("name,kind,households,cadre_posts,high_need\n"
            "东湖社区,urban,900,6,0\nRiverside,town,600,4,1\n滨江新城社区,urban,1200,7,0\n")
SHORT = {"run.days": 20, "run.warmup_days": 0}


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    path = tmp_path_factory.mktemp("district") / "district.csv"
    path.write_text(DISTRICT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def compared(tmp_path_factory, district):
    """A two-scenario comparison of the district, three replications each."""
    out = tmp_path_factory.mktemp("cmp") / "store"
    spec = spec_from_table({"name": "cmp", "scenarios": ["baseline", "admission_gate"],
                            "replications": 3, "seed": 2,
                            "params": {**SHORT, "run.district": str(district)}}, source="test")
    run(spec, out=out, executor="serial", progress=False)
    return out


def test_a_run_writes_and_loads_its_community_rows(tmp_path, district):
    result = simulate("baseline", seed=1, overrides={**SHORT, "run.district": str(district)})
    loaded = load(result.write(tmp_path / "one")).community
    assert loaded is not None and list(loaded["name"]) == list(result.community["name"])
    assert list(loaded.columns[:3]) == ["run_id", "scenario", "replication"]
    pd.testing.assert_frame_equal(loaded[result.community.columns].reset_index(drop=True),
                                  result.community, check_dtype=False)


def test_an_interrupted_sweep_keeps_and_resumes_its_community_rows(tmp_path):
    spec = spec_from_table({"name": "t", "seed": 5, "replications": 4, "days": 5,
                            "warmup_days": 0, "communities": 2}, source="test")
    out = tmp_path / "o"
    with pytest.raises(KeyboardInterrupt):
        run(spec, out=out, executor=Crash(2), progress=False)
    partial = load(out)
    assert not partial.complete
    assert set(partial.community["run_id"]) == set(partial.runs["run_id"]) == {0, 1}
    run(spec, out=out, executor="serial", resume=True, progress=False)
    done = load(out)
    assert done.complete and list(done.runs["run_id"]) == [0, 1, 2, 3]
    counts = done.community.groupby("run_id").size()
    assert list(counts.index) == [0, 1, 2, 3] and (counts == 2).all()  # each run once


def _blocks(text):
    """Table blocks of a ``--by community`` output: the lines after each 'scenario' line."""
    lines = text[text.index("Communities ranked"):].splitlines()
    blocks = []
    for i, line in enumerate(lines):
        if line.startswith("scenario ") or line.startswith("情景 "):
            block = []
            for row in lines[i + 1:]:
                if not row.strip():
                    break
                block.append(row)
            blocks.append(block)
    return blocks


def _assert_aligned(block):
    widths = {display_width(line) for line in block}
    assert len(widths) == 1, block  # every line ends in the same terminal column
    assert len({len(line) for line in block}) > 1  # although Chinese names are shorter in chars


def test_run_by_community_prints_an_aligned_ranked_table(capsys, district):
    args = ["run", "baseline", "--set", "run.days=20", "--set", "run.warmup_days=0",
            "--set", f"run.district={district}", "--by", "community", "--no-progress"]
    assert main(args) == 0
    out = capsys.readouterr().out
    (block,) = _blocks(out)
    _assert_aligned(block)
    rows = block[1:]
    assert [r.split()[0] for r in rows] == ["1", "2", "3"]
    overtime = [float(r.split()[5].replace(",", "")) for r in rows]
    assert overtime == sorted(overtime, reverse=True)  # worst first
    assert {"东湖社区", "Riverside", "滨江新城社区"} == {r.split()[1] for r in rows}


def test_compare_by_community_shows_paired_differences(capsys, district):
    args = ["compare", "baseline", "admission_gate", "--reps", "2", "--set", "run.days=20",
            "--set", "run.warmup_days=0", "--set", f"run.district={district}",
            "--by", "community", "--executor", "serial", "--no-progress"]
    assert main(args) == 0
    out = capsys.readouterr().out
    base, gate = _blocks(out)
    for block in (base, gate):
        _assert_aligned(block)
    assert "vs baseline" not in base[0] and "vs baseline" in gate[0]
    assert all("[" in row for row in gate[1:])  # a 95% CI of each difference
    assert "paired with the baseline by community and replication" in out


def test_ranking_pairs_each_community_with_its_own_baseline(compared):
    data = load(compared)
    table = ranking(data.community, baseline="baseline", scenarios=data.scenarios)
    assert len(table) == 6 and list(table["rank"]) == [1, 2, 3, 1, 2, 3]
    gate = table[table["scenario"] == "admission_gate"].set_index("name")
    base = table[table["scenario"] == "baseline"].set_index("name")
    key = "overtime_hours_per_cadre_week"
    expected = gate[key] - base[key].reindex(gate.index)
    assert ((gate[f"diff.{key}"] - expected).abs() < 1e-9).all()  # mean of paired = diff of means
    assert (gate[f"diff_low.{key}"] <= gate[f"diff.{key}"]).all()


def test_report_has_the_community_section(compared):
    data = load_results(compared)
    sections = build_sections(data)
    keys = [s.key for s in sections]
    assert "communities" in keys and "community-multiples" in keys
    page = render_html(data, sections)
    assert "Communities worst off under each policy" in page
    assert "滨江新城社区" in page and "gain most" in page
    try:
        chinese = {s.key: s for s in build_sections(data, lang="zh")}
    finally:
        use_language("en")
    assert chinese["communities"].title == "各政策下负担最重的社区"
    assert "改善最大的社区" in chinese["communities"].caption


def test_export_includes_the_community_table(compared, tmp_path):
    path = export(load(compared), "csv", tmp_path / "csv")
    frame = pd.read_csv(path / "community.csv", encoding="utf-8-sig")
    assert set(frame["name"]) == {"东湖社区", "Riverside", "滨江新城社区"}
    columns = pd.read_csv(path / "columns.csv", encoding="utf-8-sig")
    row = columns[(columns["table"] == "community")
                  & (columns["column"] == "overtime_hours_per_cadre_week")]
    assert row["unit"].iloc[0] == "h per cadre-week"


def test_dashboard_ranks_the_live_communities_next_to_the_baseline_twin():
    pytest.importorskip("solara")
    from commsim.app.community_view import community_chart
    from commsim.run.live import LiveModel

    model = LiveModel(admission_gate=True, **{"run.communities": 3, "run.days": 10})
    for _ in range(10):
        model.step()
    current, twin = model.communities_so_far(), model.baseline_communities()
    fig = community_chart(current, twin)
    bars, baseline = fig.data
    worst = current.sort_values("overtime_hours_per_cadre_week", ascending=False)
    assert list(bars.y) == list(worst["name"]) and list(baseline.y) == list(bars.y)
    assert "Overtime per cadre-week" in fig.layout.title.text


def test_the_chinese_table_aligns_with_chinese_headers_and_names():
    from commsim.cli.by_community import format_ranking

    rows = [{"run_id": r, "scenario": "准入制度_试点", "replication": r, "community": c,
             "name": name, "kind": "urban", "households": 1000 + c, "cadre_posts": 6,
             "high_need": False, "overtime_hours_per_cadre_week": 5.0 + c + r,
             "resident_satisfaction": 0.7}
            for r in range(2) for c, name in enumerate(["东湖社区", "Hill Road", "滨江新城社区"])]
    text = format_ranking(ranking(pd.DataFrame(rows)), lang="zh")
    assert text.startswith("各社区按每名干部每周加班时长排序")
    (block,) = _blocks(text.replace("各社区按", "Communities ranked ", 1))
    _assert_aligned(block)
    assert [row.split()[1] for row in block[1:]] == ["滨江新城社区", "Hill", "东湖社区"]


def test_the_command_line_ranks_on_the_same_metric_as_the_store_readers():
    from commsim.analysis import community_ranking
    from commsim.cli import by_community

    assert by_community.RANK_METRIC == community_ranking.RANK_METRIC
