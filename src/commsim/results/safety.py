"""Write protections every writer of commsim shares: stores, exports, reports, templates, briefs.

Small functions, each one protection:

- :func:`check_new_file` refuses a target that exists (no silent overwrite), is a folder,
  a symbolic link or lies below a file;
- :func:`write_errors` turns the operating system's refusal of a write (a full disk, a
  read-only folder, a path below a file, a symlink loop) into one line and exit status 2;
- :func:`neutralise` / :func:`neutralise_frame` write text cells that a spreadsheet would
  run as a formula as plain text (OWASP, *CSV injection*);
- :func:`mark_text_cells` does the same for an openpyxl worksheet;
- :func:`terminal_text` removes the control characters of a name before it reaches a
  terminal (an ``ESC[2J`` in a community name must not clear the screen).

Atomic writing (temporary file beside the target, fsync, rename) is
:func:`commsim.results.atomic.atomic_path`; its temporary names are random and created
exclusively, so a symbolic link planted at a predictable name is never followed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from commsim.errors import DISK_ERRORS, InputError

#: Operating-system errors of a write that end in one line, and how that line reads.
WRITE_ERRORS: dict[int, str] = {
    **DISK_ERRORS,
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "a part of the path is a file, not a folder",
    errno.EISDIR: "the path is a folder",
    errno.ELOOP: "the path is a symbolic link loop",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENOENT: "a folder of the path does not exist",
}
#: First characters that make a spreadsheet read a text cell as a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: C0 and C1 control characters and Unicode direction overrides (never shown raw).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_new_file(path: str | Path, key: str, *, replaceable: bool = False) -> Path:
    """Refuse ``path`` as a file to write, in one line naming ``key``.

    Parameters
    ----------
    path : str or Path
        The target.
    key : str
        The option that named it (``-o``, ``--out``).
    replaceable : bool
        ``True`` when an existing file at ``path`` may be replaced (the caller checked it
        is one it wrote earlier).

    Raises
    ------
    InputError
        ``path`` is a symbolic link, a folder, lies below a file, or exists (unless
        ``replaceable``).

    """
    path = Path(path)
    for parent in path.parents:
        if os.path.lexists(parent) and parent.exists() and not parent.is_dir():
            raise InputError("output lies below a file", key=key, value=str(path),
                             allowed="a path whose parent folders are folders",
                             source=str(parent))
    if path.is_symlink():
        raise InputError("output is a symbolic link", key=key, value=str(path),
                         allowed="a new file name (links are not followed)",
                         source="command line")
    if path.is_dir():
        raise InputError("output file is a folder", key=key, value=str(path),
                         allowed="a file path", source="command line")
    if path.exists() and not replaceable:
        raise InputError("will not overwrite an existing file", key=key, value=str(path),
                         allowed="a new file name", source="command line")
    return path


@contextlib.contextmanager
def write_errors(key: str, path: str | Path, what: str = "the output") -> Iterator[None]:
    """Turn an operating-system error of a write into one :class:`InputError` line.

    Other errors pass through unchanged (they are bugs, not bad input).
    """
    try:
        yield
    except OSError as exc:
        if exc.errno not in WRITE_ERRORS:
            raise
        raise InputError(f"cannot write {what}: {WRITE_ERRORS[exc.errno]}", key=key,
                         value=str(path), allowed="a writable folder with free space",
                         source=str(exc.filename or path)) from None
    except RuntimeError as exc:  # pathlib's "Symlink loop" before Python 3.13
        if "loop" not in str(exc).lower():
            raise
        raise InputError(f"cannot write {what}: {WRITE_ERRORS[errno.ELOOP]}", key=key,
                         value=str(path), allowed="a writable folder with free space",
                         source="command line") from None


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, as text (prefixed with ``'``).

    >>> neutralise("=1+1"), neutralise("+cmd"), neutralise("Riverside"), neutralise(-3)
    ("'=1+1", "'+cmd", 'Riverside', -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(frame: Any) -> Any:
    """``frame`` with :func:`neutralise` applied to every text column (a copy if changed)."""
    import pandas as pd

    text = [c for c in frame.columns if frame[c].dtype == object or  # noqa: E721
            isinstance(frame[c].dtype, pd.StringDtype)]
    if not text:
        return frame
    out = frame.copy()
    for column in text:
        out[column] = out[column].map(neutralise)
    renamed = {c: neutralise(c) for c in out.columns if isinstance(c, str)}
    return out.rename(columns=renamed)


def mark_text_cells(worksheet: Any, columns: Iterable[int] | None = None) -> int:
    """Make every formula cell of an openpyxl ``worksheet`` a text cell; count them.

    commsim never writes formulas, so a cell openpyxl took for one (text starting with
    ``=``) is a value that must stay text. ``columns`` (1-based) limits the scan to the
    text columns.
    """
    changed = 0
    spans = [(c, c) for c in columns] if columns is not None else [(None, None)]
    for low, high in spans:
        for row in worksheet.iter_rows(min_col=low, max_col=high):
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed += 1
    return changed


def terminal_text(value: object) -> str:
    r"""``value`` as text safe to print: control characters shown as ``\xNN`` escapes.

    >>> print(terminal_text("East\x1b[2J"))
    East\x1b[2J
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                        str(value))
