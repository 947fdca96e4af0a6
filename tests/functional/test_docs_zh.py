"""The Chinese documentation: linked from the README's top, every command line parses."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("快速入门.md", "规划人员指南.md")


def _commands(page: Path) -> list[list[str]]:
    blocks = re.findall(r"```bash\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S)
    joined = [line for b in blocks for line in b.replace("\\\n", " ").splitlines()]
    return [shlex.split(line.split("  #")[0]) for line in joined
            if line.strip().startswith("commsim ")]


def test_readme_links_the_chinese_pages_at_its_top() -> None:
    top = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:6])
    for page in PAGES:
        assert f"docs/zh/{page}" in top and (ROOT / "docs" / "zh" / page).exists()


@pytest.mark.parametrize("page", PAGES)
def test_every_command_line_parses(page: str) -> None:
    from commsim.cli import build_parser

    parser = build_parser("zh")
    lines = _commands(ROOT / "docs" / "zh" / page)
    assert len(lines) >= 4
    for argv in lines:
        if "--help" in argv:
            with pytest.raises(SystemExit) as done:
                parser.parse_args(argv[1:])
            assert done.value.code == 0
            continue
        args = parser.parse_args(argv[1:])  # exits (status 2) on an unknown option
        assert args.command == argv[1]
    text = (ROOT / "docs" / "zh" / page).read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)]+\.md)\)", text):
        assert (ROOT / "docs" / "zh" / target).exists(), target
