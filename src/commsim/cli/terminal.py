r"""What a command prints reaches the terminal safely.

:func:`terminal_output` wraps a command's run:

- standard output shows control characters of names as ``\xNN`` escapes (a community
  named ``East ESC[2J`` must not clear the screen), through :func:`terminal_text`;
- a terminal whose encoding cannot show Chinese (``LANG=C``, ``PYTHONIOENCODING=ascii``)
  gets ``\uXXXX`` escapes instead of a ``UnicodeEncodeError`` traceback.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from commsim.core.i18n import terminal_text

__all__ = ["terminal_output", "terminal_text"]


class _SafeOutput:
    """A text stream that writes :func:`terminal_text` of what it is given."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_text(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def terminal_output() -> Iterator[None]:
    """Standard output without raw control characters; unencodable text escaped, not fatal."""
    restore: list[tuple[Any, str | None]] = []
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError, AttributeError):
                restore.append((stream, stream.errors))
                reconfigure(errors="backslashreplace")
    original = sys.stdout
    sys.stdout = _SafeOutput(original)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout = original
        for stream, errors in restore:
            with contextlib.suppress(ValueError, OSError, AttributeError):
                stream.reconfigure(errors=errors or "strict")
