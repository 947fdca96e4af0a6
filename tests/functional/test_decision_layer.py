"""The decision layer on a tiny store: compare --json, the generated docs, the sensitivity.

One comparison store (3 scenarios x 2 replications, 2 communities, 60 measured days, no
warm-up) made by ``commsim compare --out --json``; a robust store is faked from made-up
outcomes (nothing is simulated for it).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from commsim.analysis.headline_results import decision_markdown
from commsim.analysis.stored import scenario_params
from commsim.analysis.valuation import revalued
from commsim.cli import main as cli_main
from commsim.core.valuation import BASES
from commsim.docgen.decisions import END, START
from commsim.docgen.decisions import main as doc_main
from commsim.results import load
from commsim.results.store import write_json

sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))
TERMS = ("有效前沿", "增量成本效果比", "净货币效益", "支付意愿", "成本效果可接受曲线",
         "完全信息期望值")


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("decision") / "store"
    argv = ["compare", "baseline", "admission_gate", "purchased_services", "--reps", "2",
            "--communities", "2", "--days", "60", "--set", "run.warmup_days=0", "--seed", "1",
            "--out", str(out), "--no-progress", "--budget", "200000", "--json",
            "--executor", "serial"]
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert cli_main(argv) == 0
    return out, json.loads(buffer.getvalue())


def test_compare_json_is_the_decision_table(compared: tuple[Path, dict]) -> None:
    _, table = compared
    options = [o["option"] for o in table["options"]]
    assert options == ["baseline", "admission_gate", "purchased_services"]
    assert table["best"] in options and table["within_budget"] in options
    assert math.isclose(table["wtp"], 6000 / 174) and table["budget"] == 200000
    best = max(table["options"], key=lambda o: o["nb"])
    assert best["option"] == table["best"]
    fits = [o for o in table["options"] if o["extra_fiscal"] <= 200000]
    assert max(fits, key=lambda o: o["nb"])["option"] == table["within_budget"]
    frontier = table["frontiers"]["overtime_avoided"]
    assert {f["status"] for f in frontier} <= {"ND", "ED", "D"}
    assert [s["basis"] for s in table["sensitivity"]] == list(BASES)


def test_uniform_sensitivity_recomputes_the_stored_cost(compared: tuple[Path, dict]) -> None:
    store = load(compared[0])
    runs = store.ok_runs
    again = revalued(runs, lambda s: scenario_params(store, s), "uniform")
    # the same sums in another order: equal to float rounding
    assert np.allclose(again.to_numpy(), runs["cost_yuan"].to_numpy(), rtol=1e-12)
    expired_free = revalued(runs, lambda s: scenario_params(store, s), "own_wage")
    assert (expired_free > 0).all()


def test_generated_blocks_from_the_store(compared: tuple[Path, dict], tmp_path: Path) -> None:
    store = load(compared[0])
    en, zh = decision_markdown(store), decision_markdown(store, lang="zh")
    assert "Efficiency frontier" in en and "Valuation sensitivity" in en
    assert all(t in zh for t in TERMS)
    from test_decision_callers import _robust

    spec, tidy = _robust()
    robust = tmp_path / "robust"
    (robust / "experiment").mkdir(parents=True)
    tidy.to_parquet(robust / "experiment" / "outcomes.parquet")
    write_json({"kind": "robust", "status": "complete", "spec": spec.table},
               robust / "manifest.json")
    page = tmp_path / "decisions.md"
    page.write_text(f"# x\n\n{START}\nSTALE-BLOCK\n{END}\ntail\n", encoding="utf-8")
    argv = [str(page), "--store", str(compared[0]), "--robust", str(robust)]
    assert doc_main(argv) == 0 and doc_main([*argv, "--check"]) == 0
    text = page.read_text(encoding="utf-8")
    assert "STALE-BLOCK" not in text and text.endswith(f"{END}\ntail\n")
    assert "部分完全信息期望值" in text and "EVPI" in text
    assert text.count("### ") == 4  # comparison and robust, English and Chinese


@pytest.mark.parametrize("basis", [b for b in BASES if b != "uniform"])
def test_a_run_valued_on_another_basis_equals_its_recomputation(basis: str) -> None:
    """valuation.basis switches the valuation only: the hours are the same, the cost is the
    recomputation of the uniform run's stored components."""
    import commsim
    from commsim.core.parameters import Params
    from commsim.core.valuation import social_cost

    overrides = {"run.days": 60, "run.communities": 2, "run.warmup_days": 0}
    uniform = commsim.simulate("admission_gate", seed=4, overrides=overrides).summary
    other = commsim.simulate("admission_gate", seed=4,
                             overrides={**overrides, "valuation.basis": basis}).summary
    assert other["overtime_hours"] == uniform["overtime_hours"]
    assert other["fiscal_outlay_yuan"] == uniform["fiscal_outlay_yuan"]
    params = Params.defaults().with_overrides({**overrides, "valuation.basis": basis},
                                              source="test")
    assert social_cost(uniform, params, basis) == pytest.approx(other["cost_yuan"], rel=1e-12)
