"""No file of the project keeps a merge's conflict markers."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLACES = ("src", "tests", "docs", "examples", "experiments", "benchmarks", "tools")
MARKERS = ("<" * 7 + " ", ">" * 7 + " ")


def _files() -> list[Path]:
    found = [ROOT / "README.md", ROOT / "Makefile", ROOT / "pyproject.toml"]
    for place in PLACES:
        found += [p for p in (ROOT / place).rglob("*") if p.is_file()
                  and p.suffix in {".py", ".md", ".toml", ".sh", ".csv", ".vue", ".txt", ".json"}]
    return found


def test_no_conflict_markers() -> None:
    bad = [f"{p.relative_to(ROOT)}:{n}" for p in _files()
           for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(),
                                    1)
           if line.startswith(MARKERS)]
    assert not bad, f"merge conflict markers left in: {bad}"
