r"""What provenance a store, an export or a report shares with whoever receives it.

By default (``--provenance short``) manifests, exports and reports record no host name, no
absolute path (a path is reduced to its file name) and the command line without folders.
``--provenance full`` keeps them: the command that writes sets :data:`FULL` for its run.

>>> shareable_text("read /home/ann/districts/mine.csv and C:\\Users\\ann\\x.toml")
'read mine.csv and x.toml'
>>> shareable_command(["/opt/venv/bin/commsim", "run", "--out", "/home/ann/r1"])
['commsim', 'run', '--out', 'r1']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

#: Whether this command records full provenance (host, absolute paths, command line).
FULL: ContextVar[bool] = ContextVar("commsim_full_provenance", default=False)
#: Manifest keys that describe the machine rather than the experiment.
PRIVATE_KEYS: tuple[str, ...] = ("host",)
_POSIX = re.compile(r"(?<![\w.:/~])~?/(?:[^/\s'\",;()]+/)+([^/\s'\",;()]+)")
_WINDOWS = re.compile(r"(?<![\w])[A-Za-z]:\\(?:[^\\\s'\",;()]+\\)+([^\\\s'\",;()]+)")


def shareable_text(text: str) -> str:
    """``text`` with every absolute path reduced to its last part (the file's name)."""
    return _WINDOWS.sub(r"\1", _POSIX.sub(r"\1", text))


def shareable_command(argv: Sequence[str]) -> list[str]:
    """A command line without folders: ``commsim`` and the arguments, paths by name."""
    if not argv:
        return []
    return ["commsim", *(shareable_text(str(a)) for a in argv[1:])]


def shareable(value: Any) -> Any:
    """A manifest (or any JSON-like value) without host names and absolute paths."""
    if isinstance(value, dict):
        return {shareable_text(str(k)): shareable(v) for k, v in value.items()
                if k not in PRIVATE_KEYS}
    if isinstance(value, list | tuple):
        return [shareable(v) for v in value]
    if isinstance(value, str):
        return shareable_text(value)
    return value


def recorded(manifest: dict[str, Any]) -> dict[str, Any]:
    """A new manifest as this command records it: whole with full provenance, else shareable."""
    return manifest if FULL.get() else shareable(manifest)


def input_key(path: Path, base: Path) -> str:
    """A stable, shareable name of an input file: relative to ``base`` or ``parent/name``."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(base.resolve()).as_posix()
    except ValueError:
        return f"{resolved.parent.name}/{resolved.name}"
