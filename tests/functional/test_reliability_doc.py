"""docs/reliability.md: every promise names a test that exists, and the trust boundary is stated."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "reliability.md"


def _references(text: str) -> list[tuple[str, str]]:
    """(test file, test name) of every reference; ``::name`` continues the last file named."""
    found, current = [], ""
    for match in re.finditer(r"`(tests/[\w/]+\.py)?(?:::(\w+))?[^`]*`", text):
        path, name = match.group(1), match.group(2)
        if path:
            current = path
        if name and current:
            found.append((current, name))
    return found


def test_every_promise_names_a_test_that_exists() -> None:
    references = _references(DOC.read_text(encoding="utf-8"))
    assert len(references) > 60
    missing = [(path, name) for path, name in references
               if not (ROOT / path).is_file() or
               not re.search(rf"^def {name}\(", (ROOT / path).read_text(encoding="utf-8"),
                             re.MULTILINE)]
    assert missing == []


def test_all_35_cases_of_issue_21_are_listed() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## The newer surfaces")[1].split("\n## ")[0]
    numbers = [int(n) for n in re.findall(r"^\| (\d+) \|", section, re.MULTILINE)]
    assert numbers == list(range(1, 36))


def test_trust_boundary_is_stated() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "## Trust boundary" in text
    section = text.split("## Trust boundary")[1].split("\n## ")[0]
    for words in ("--plugin", 'model = "module:Class"', "code from someone else",
                  "no login", "--host 0.0.0.0", "--scheduler"):
        assert words in section, words
