"""Reading the TOML files users write (scenarios, experiment specifications).

One function, :func:`read_toml`, used by every loader so that they all accept the
same files and fail the same way: UTF-8 (with or without a byte-order mark) or,
failing that, GB18030 (a superset of GBK, common on Chinese Windows); any
problem becomes one :class:`~commsim.core.errors.InputError` naming the file and line.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from pathlib import Path
from typing import Any

from commsim.core.errors import InputError

#: Encodings tried in order; GB18030 decodes every GBK and GB2312 file.
ENCODINGS = ("utf-8", "gb18030")
_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)$")
_TWICE = ("Cannot overwrite a value", "Cannot declare")


def decode_text(data: bytes, source: str) -> str:
    """Decode a user's text file: UTF-8 (a BOM is dropped), else GB18030.

    Raises
    ------
    InputError
        UTF-16/32 text, or bytes that are neither UTF-8 nor GB18030.

    """
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            raise InputError(f"file is {name} text", key="encoding", value=name,
                             allowed="UTF-8 (or GBK/GB18030); save the file as UTF-8",
                             source=source)
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as first:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            line = data[:first.start].count(b"\n") + 1
            raise InputError(f"file is not UTF-8 text (byte 0x{data[first.start]:02x} on line "
                             f"{line})", key="encoding", value=None,
                             allowed="UTF-8 (or GBK/GB18030); save the file as UTF-8",
                             source=source) from None


def read_toml(path: str | Path) -> dict[str, Any]:
    """Read a TOML file written by a user.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    dict
        The parsed table.

    Raises
    ------
    InputError
        The file cannot be read, is not UTF-8/GB18030 text, is malformed TOML, or
        gives a key twice; the message names the file and, where known, the line.

    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", source=str(path)) from None
    text = decode_text(data, str(path))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _WHERE.search(message)
        if where is not None and message.startswith(_TWICE):
            line, column = int(where.group(1)), where.group(2)
            raise InputError(f"malformed TOML (a key is given twice: line {line}, column "
                             f"{column})", key=_key_on_line(text, line),
                             allowed="each key once per table", source=str(path)) from None
        raise InputError(f"malformed TOML ({message})", source=str(path)) from None


def _key_on_line(text: str, line: int) -> str | None:
    """The key or table header written on ``line`` (1-based), for an error message."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    content = lines[line - 1].strip()
    if content.startswith("["):
        return content.strip("[] ")
    key, sep, _ = content.partition("=")
    return key.strip().strip("\"'") if sep else None
