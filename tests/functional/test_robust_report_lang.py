"""The robust report in Chinese and English, rendered from tiny frames (nothing is simulated)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_robust_pipeline import TINY, _write_spec  # noqa: E402

from commsim.cli import main as cli_main  # noqa: E402
from commsim.results.store import write_json  # noqa: E402
from commsim.robust.analysis import analyse  # noqa: E402
from commsim.robust.report import render  # noqa: E402
from commsim.robust.spec import robust_spec_from_table  # noqa: E402
from commsim.robust.words import WORDS, say  # noqa: E402

OVER, HAPPY = "overtime_hours_per_cadre_week", "resident_satisfaction"
THRESHOLDS = {OVER: {"max": 8.0}, HAPPY: {"min": 0.6}}
#: Section headings of the English report; none may remain in the Chinese one.
ENGLISH_HEADINGS = ("Robust decisions", "Provenance", "Calibration: plausible worlds",
                    "Marginal ranges of the ensemble", "Fit to the targets", "2. Regret",
                    "3. Satisficing",
                    "Stability of the ranking", "Scenario discovery", "Policy search",
                    "Pareto front", "fails in", "mostly when", "share [95% CI]")
HEADINGS = ("title", "provenance", "cal", "cal.ranges", "cal.fit", "regret", "sat",
            "stability", "discovery", "search")


def _frames() -> dict:
    """A spec with two thresholds and tiny calibration, experiment and search frames."""
    spec = robust_spec_from_table({**TINY, "thresholds": THRESHOLDS}, "tiny.toml")
    rng = np.random.default_rng(7)
    rows = []
    for world in range(12):
        inputs = {"departments.hours_cv": rng.uniform(0.5, 1.0),
                  "residents.service_hours": rng.uniform(0.25, 0.45),
                  "street.leakage": rng.uniform(0.1, 0.6)}
        for k, policy in enumerate(spec.policies):
            rows.append({"world": world, "policy": policy.name, **inputs,
                         "cost_yuan": 1000.0 * k + rng.uniform(0, 100),
                         OVER: 4 + 10 * inputs["street.leakage"] - k + rng.normal(0, 0.2),
                         HAPPY: 0.5 + 0.3 * rng.random()})
    tidy = pd.DataFrame(rows)
    ensemble = pd.DataFrame({"departments.hours_cv": [0.6, 0.7, 0.8, 0.9],
                             "residents.service_hours": [0.3, 0.32, 0.35, 0.4]})
    calibration = {
        "ensemble": ensemble,
        "manifest": {"waves": [{"wave": 1, "runs": 6, "nroy_share": 0.5, "cutoff": 3.0}]},
        "narrowing": pd.DataFrame({"parameter": list(ensemble), "prior_low": [0.5, 0.25],
                                   "prior_high": [1.0, 0.45], "low": [0.6, 0.3],
                                   "high": [0.9, 0.4], "median": [0.75, 0.33],
                                   "share_of_prior": [0.6, 0.5]}),
        "fit": pd.DataFrame({"metric": [HAPPY], "low": [0.0], "high": [1.0], "text": ["t"],
                             "source": ["assumption"], "mean": [0.7], "p05": [0.6],
                             "p95": [0.8], "share_inside": [1.0]})}
    evals = pd.DataFrame({"gate.strictness": [0.3, 0.6, 0.9], "cost_yuan": [1.0, 2.0, 3.0],
                          OVER: [9.0, 7.0, 6.0], HAPPY: [0.6, 0.65, 0.7]})
    return {"spec": spec, "tidy": tidy, "calibration": calibration,
            "analysis": analyse(tidy, spec, n_boot=50),
            "search": (evals, evals.iloc[1:].reset_index(drop=True))}


@pytest.fixture(scope="module")
def frames() -> dict:
    pytest.importorskip("ema_workbench")
    return _frames()


def _report(frames: dict, lang: str) -> str:
    provenance = {"store": "20260101-000000", "quick": True, "root seed": 3,
                  "language": lang}
    text = render(frames["spec"], provenance=provenance, calibration=frames["calibration"],
                  tidy=frames["tidy"], analysis=frames["analysis"], search=frames["search"],
                  lang=lang)
    # leave plotly.js itself out: it is English whatever the report's language
    return re.sub(r'<script type="text/javascript">.*?</script>', "", text, count=1,
                  flags=re.S)


def _cjk(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def test_chinese_report(frames: dict) -> None:
    text = _report(frames, "zh")
    assert '<html lang="zh-CN">' in text and "Noto Sans CJK SC" in text
    for key in HEADINGS:
        assert say(key, "zh", name="tiny_robust") in text, key
    for heading in re.findall(r"<h[123]>(.*?)</h[123]>", text):
        assert _cjk(heading), heading
    for english in ENGLISH_HEADINGS:
        assert english not in text, english
    # every column header is Chinese, except the search's lever keys
    for th in re.findall(r"<th>(.*?)</th>", text):
        assert _cjk(th) or th == "gate.strictness", th
    # policy, metric and threshold names through commsim.core.i18n, a PRIM box in words
    assert "现状(基线)" in text and "准入制度·gate(strictness=0.5)" in text
    assert "每名干部每周加班时长 ≤ 8 小时/干部·周:达标率 [95%置信区间]" in text
    assert "在12个可信情景中有" in text and "覆盖率" in text
    # the language is recorded, figures are labelled in Chinese with the CJK font
    assert "<td>报告语言</td><td>中文(zh)</td>" in text
    pareto = text.split('id="fig-pareto"')[1]
    assert json.dumps(say("fig.pareto.title", "zh"))[1:-1] in pareto  # plotly escapes CJK
    assert "Noto Sans CJK SC" in pareto


def test_english_report_is_unchanged(frames: dict) -> None:
    text = _report(frames, "en")
    assert '<html lang="en">' in text
    for heading in ("Robust decisions: tiny_robust", "1. Calibration: plausible worlds",
                    "Marginal ranges of the ensemble", "2. Regret", "3. Satisficing",
                    "4. Scenario discovery: where each policy fails",
                    "5. Policy search: the robust Pareto front", "all thresholds: share [95% CI]",
                    "<th>mean regret [95% CI]</th>", "<th>max_regret</th>", "fails in",
                    "<td>language</td><td>English (en)</td>"):
        assert heading in text, heading
    assert not _cjk(text)


def test_every_phrase_has_both_languages() -> None:
    for key, entry in WORDS.items():
        assert set(entry) == {"en", "zh"}, key
        fields = set(re.findall(r"\{(\w+)", entry["en"]))
        assert fields == set(re.findall(r"\{(\w+)", entry["zh"])), key


def _stored_run(frames: dict, root: Path) -> tuple[Path, Path]:
    """A complete robust store and its calibration store, written from the tiny frames."""
    spec, cal = frames["spec"], frames["calibration"]
    cal_folder = root / "tiny_robust-calibration" / "20260101-000000"
    cal_folder.mkdir(parents=True)
    write_json({"kind": "calibration", "status": "complete", **cal["manifest"]},
               cal_folder / "manifest.json")
    for name in ("ensemble", "narrowing", "fit"):
        cal[name].to_parquet(cal_folder / f"{name}.parquet")
    cal["ensemble"].to_parquet(cal_folder / "waves.parquet")
    store = root / "tiny_robust" / "20260101-000001"
    (store / "experiment").mkdir(parents=True)
    frames["tidy"].to_parquet(store / "experiment" / "outcomes.parquet")
    write_json({"kind": "robust", "status": "complete", "quick": False, "spec": spec.table,
                "calibration": str(cal_folder)}, store / "manifest.json")
    return store, root / "tiny.toml"


def test_reanalyse_writes_the_report_in_the_language_asked_for(frames: dict, tmp_path: Path
                                                                ) -> None:
    store, spec_file = _stored_run(frames, tmp_path)
    _write_spec(spec_file, {**TINY, "thresholds": THRESHOLDS})
    assert cli_main(["robust", str(spec_file), "--reanalyse", str(store), "--lang", "zh"]) == 0
    out = next(store.glob("reanalysis-*"))
    text = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in text and "<h2>2. 遗憾值</h2>" in text
    assert "<td>报告语言</td><td>中文(zh)</td>" in text and "<td>重新分析时间</td>" in text
    assert "<td>阈值</td><td>每名干部每周加班时长 ≤ 8 小时/干部·周 且 " in text
    assert json.loads((out / "reanalysis.json").read_text())["language"] == "zh"
    assert cli_main(["robust", str(spec_file), "--reanalyse", str(store), "--lang", "en"]) == 0
    english = max(store.glob("reanalysis-*"))
    text = (english / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "<td>language</td><td>English (en)</td>" in text
