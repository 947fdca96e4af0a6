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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from commsim.core.errors import DISK_ERRORS, InputError
from commsim.core.i18n import terminal_text as terminal_text  # re-exported

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


def check_new_file(path: str | Path, key: str, *, replaceable: bool = False,
                   allowed: str = "a new file name") -> Path:
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
    allowed : str
        What may be written instead, in words (named in the refusal).

    Raises
    ------
    InputError
        ``path`` is a symbolic link, a folder, lies below a file, or exists (unless
        ``replaceable``).

    """
    path = Path(path)
    check_parents(path, key)
    if path.is_symlink():
        raise InputError("output is a symbolic link", key=key, value=str(path),
                         allowed="a new file name (links are not followed)",
                         source="command line")
    if path.is_dir():
        raise InputError("output file is a folder", key=key, value=str(path),
                         allowed="a file path", source="command line")
    if path.exists() and not replaceable:
        raise InputError("will not overwrite an existing file", key=key, value=str(path),
                         allowed=allowed, source="command line")
    return path


def check_parents(path: str | Path, key: str) -> None:
    """Refuse an output path that lies below a file."""
    path = Path(path)
    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            raise InputError("output lies below a file", key=key, value=str(path),
                             allowed="a path whose parent folders are folders",
                             source=str(parent))


def check_link(path: str | Path, key: str) -> None:
    """Refuse an output path that is a dangling symbolic link or a symbolic link loop."""
    path = Path(path)
    if path.is_symlink() and not path.exists():
        raise InputError("output is a dangling symbolic link or a symbolic link loop", key=key,
                         value=str(path), allowed="a folder, or a link to an existing one",
                         source="command line")


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
    text = [c for c in frame.columns if is_text(frame[c])]
    if not text:
        return frame
    out = frame.copy()
    for column in text:
        out[column] = out[column].map(neutralise)
    renamed = {c: neutralise(c) for c in out.columns if isinstance(c, str)}
    return out.rename(columns=renamed)


def is_text(column: Any) -> bool:
    """Whether a pandas column holds text (object or string dtype)."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    return bool(is_object_dtype(column.dtype) or is_string_dtype(column.dtype))


def xml_safe(value: Any) -> Any:
    r"""Text without the control characters a workbook cannot hold (shown as ``\xNN``)."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub(
            lambda m: m.group().encode("unicode_escape").decode("ascii"), value)
    return value


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
