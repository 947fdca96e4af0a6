"""The documentation cannot drift from the code.

- ``docs/parameters.md`` is exactly what ``python -m commsim.docgen.parameters`` generates from the
  parameter registry (run ``make docs`` after changing a parameter declaration);
- ``docs/ODD.md`` names every built-in scenario and every built-in policy;
- links and anchors between the pages resolve, and the index's examples run.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from commsim import list_scenarios, policies
from commsim.docgen import metrics as metricdoc
from commsim.docgen import parameters as docgen

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _builtin_policies() -> list[str]:
    return [n for n in policies.available() if policies.get(n).__module__.startswith("commsim.")]


def test_parameters_md_is_up_to_date() -> None:
    # A fresh interpreter, as `make docs` uses: parameters that other tests register
    # (examples) must not count.
    done = subprocess.run(
        [sys.executable, "-m", "commsim.docgen.parameters", "--check", "docs/parameters.md"],
        cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, (
        "docs/parameters.md is stale: run `make docs` (python -m commsim.docgen.parameters "
        f"docs/parameters.md) and commit the result\n{done.stderr}")


def test_metrics_md_is_up_to_date() -> None:
    # A fresh interpreter: metrics that plugins in other tests declare must not count.
    done = subprocess.run(
        [sys.executable, "-m", "commsim.docgen.metrics", "--check", "docs/metrics.md"],
        cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, (
        "docs/metrics.md is stale: run `make docs` (python -m commsim.docgen.metrics "
        f"docs/metrics.md) and commit the result\n{done.stderr}")


def test_metrics_md_lists_every_declared_metric(tmp_path: Path) -> None:
    text = metricdoc.render()
    for m in metricdoc.documented():
        assert f"| `{m.key}` | " in text
    assert text.index("`overtime_hours_per_cadre_week`") < text.index("`cost_yuan`")
    out = tmp_path / "metrics.md"
    assert metricdoc.main(["--check", str(out)]) == 1  # missing
    assert metricdoc.main([str(out)]) == 0
    assert metricdoc.main(["--check", str(out)]) == 0


def test_check_mode_detects_a_stale_file(tmp_path: Path) -> None:
    out = tmp_path / "parameters.md"
    assert docgen.main(["--check", str(out)]) == 1  # missing
    out.write_text(docgen.render().replace("| `run.days` | `365`", "| `run.days` | `366`"))
    assert docgen.main(["--check", str(out)]) == 1  # edited by hand
    assert docgen.main([str(out)]) == 0
    assert docgen.main(["--check", str(out)]) == 0


def test_every_parameter_has_a_row_in_its_group() -> None:
    text = docgen.render()
    params = docgen.documented_params()
    assert params, "no parameters registered"
    sections = dict(re.findall(r"^## (\S+)\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S))
    for p in params:
        assert f"| `{p.key}` |" in sections[p.group], p.key
        assert p.unit and p.source and p.doc, f"{p.key}: unit, source and doc are required"
    for group in {"gate", "purchased", "paperless"}:
        assert group in sections, f"policy group {group} missing"


@pytest.mark.parametrize("name", [s.name for s in list_scenarios()])
def test_odd_mentions_every_scenario(name: str) -> None:
    assert f"`{name}`" in (DOCS / "ODD.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", _builtin_policies())
def test_odd_mentions_every_policy(name: str) -> None:
    assert f"`{name}`" in (DOCS / "ODD.md").read_text(encoding="utf-8")


def _code_blocks(path: Path, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_index_python_example_runs() -> None:
    (block,) = _code_blocks(DOCS / "index.md", "python")
    namespace: dict[str, object] = {}
    exec(compile(block, "docs/index.md", "exec"), namespace)
    result = namespace["result"]
    assert len(result.daily) == 90  # type: ignore[attr-defined]
    assert "overtime_hours_per_cadre_week" in result.summary  # type: ignore[attr-defined]


def test_index_command_lines_parse() -> None:
    from commsim.cli import build_parser

    parser = build_parser()
    lines = [line.split("#")[0].split()
             for block in _code_blocks(DOCS / "index.md", "sh")
             for line in block.splitlines() if line.strip().startswith("commsim ")]
    assert len(lines) >= 4
    for argv in lines:
        args = parser.parse_args(argv[1:])  # exits (SystemExit) on an unknown option
        assert args.command == argv[1]


def _slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("page", ["index.md", "ODD.md", "extending.md"])
def test_links_and_anchors_resolve(page: str) -> None:
    announced = {"calibration.md", "performance.md", "experiments.md", "report.md"}
    text = (DOCS / page).read_text(encoding="utf-8")
    for target, anchor in re.findall(r"\]\(([^)#\s]*)(?:#([^)\s]*))?\)", text):
        if target.startswith("http") or target in announced:
            continue
        path = DOCS / (target or page)
        assert path.exists(), f"{page} links to missing {target}"
        if anchor and path.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
            assert anchor in {_slug(h) for h in headings}, f"{page}: no anchor #{anchor}"
