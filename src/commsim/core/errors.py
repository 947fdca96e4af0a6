"""User-facing input errors.

Every problem with what a user typed or wrote in a file is raised as
:class:`InputError`. The command line turns it into one line on stderr and exit
status 2 (never a traceback); Python callers can catch it.
"""

from __future__ import annotations

import errno

#: Operating-system errors of a write that end in one line, and how that line reads.
DISK_ERRORS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exceeded",
               errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
               errno.EPERM: "operation not permitted"}


class InputError(ValueError):
    """Bad user input: an unknown key, a value out of range, a malformed file.

    Parameters
    ----------
    message : str
        What is wrong, in one sentence.
    key : str, optional
        The parameter or field name that is wrong.
    value : object, optional
        The offending value.
    allowed : str, optional
        The allowed range or choices, in words.
    source : str, optional
        Where the value came from (a file path, ``--set``, ``defaults``).

    """

    exit_status = 2

    def __init__(
        self,
        message: str,
        *,
        key: str | None = None,
        value: object = None,
        allowed: str | None = None,
        source: str | None = None,
    ) -> None:
        self.key = key
        self.value = value
        self.allowed = allowed
        self.source = source
        parts = [message]
        if key is not None:
            parts.append(f"key: {key}")
        if value is not None:
            parts.append(f"value: {value!r}")
        if allowed is not None:
            parts.append(f"allowed: {allowed}")
        if source is not None:
            parts.append(f"in: {source}")
        super().__init__("; ".join(parts))
