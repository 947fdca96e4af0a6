"""The README's layout names every module of the package, and only modules that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "commsim"


def layout() -> dict[str, set[str]]:
    """Package folder (``model/agents``) -> module names listed for it in the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```\nsrc/commsim/\n", 1)[1].split("```", 1)[0]
    listed: dict[str, set[str]] = {}
    package = ""
    for line in block.splitlines():
        match = re.match(r"^  (\S+)/\s+(.*)$", line)
        if match:
            package, rest = match.groups()
        else:
            rest = line.strip()
        names = {n.strip() for n in rest.split(",") if n.strip()}
        listed.setdefault(package, set()).update(names)
    return listed


def modules() -> dict[str, set[str]]:
    """Package folder -> its modules (``__init__`` left out), for every package."""
    found: dict[str, set[str]] = {}
    for init in SRC.rglob("__init__.py"):
        folder = init.parent
        if folder == SRC:
            continue
        found[folder.relative_to(SRC).as_posix()] = {
            p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    return found


def test_every_module_is_named_and_every_name_exists() -> None:
    listed, present = layout(), modules()
    assert sorted(listed) == sorted(present), "packages in the README layout differ"
    for package, names in present.items():
        assert listed[package] == names, (
            f"{package}/: missing from README {sorted(names - listed[package])}, "
            f"named but absent {sorted(listed[package] - names)}")


def test_the_parser_reads_continuation_lines() -> None:
    listed = layout()
    assert "community_tally" in listed["model"] and "cadre" in listed["model/agents"]
