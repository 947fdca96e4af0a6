"""One writer per results store: an advisory lock and the record of who holds it.

A writer (``commsim sweep``, ``compare --out``, ...) takes the store's lock
(``.writer.lock``, an OS-level ``flock`` through the :mod:`filelock` library)
before it writes anything and keeps it until the store is final. Beside the
lock it records its pid, host and start time in ``.writer.json`` so that a
refused second writer can name the holder. The OS releases the lock when its
holder dies, however it dies, so a reader tells a live writer from a killed one
by trying the lock: :func:`writer_alive`.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from commsim.core.errors import InputError

LOCK = ".writer.lock"
HOLDER = ".writer.json"
#: Seconds a writer waits for the lock (a reader probing it holds it for microseconds).
WAIT_SECONDS = 2.0


def holder(folder: str | Path) -> dict[str, Any]:
    """The recorded holder of ``folder``'s lock (empty if none is recorded)."""
    try:
        with open(Path(folder) / HOLDER, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def describe(info: dict[str, Any]) -> str:
    """``pid 123 on host since 2026-01-01T00:00:00Z`` (or ``an unknown process``)."""
    if not info:
        return "an unknown process"
    return (f"pid {info.get('pid', '?')} on {info.get('host', '?')} "
            f"since {info.get('started', '?')}")


class WriterLock:
    """The exclusive writer lock of one store folder (a context manager).

    Parameters
    ----------
    folder : str or Path
        The store folder; it must exist.

    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._lock = FileLock(str(self.folder / LOCK))

    def acquire(self, wait: float = WAIT_SECONDS) -> None:
        """Take the lock or raise :class:`InputError` naming the process that holds it."""
        try:
            self._lock.acquire(timeout=wait)
        except Timeout:
            raise InputError(f"another writer is using this results store "
                             f"({describe(holder(self.folder))})", key="--out",
                             value=str(self.folder),
                             allowed="a store no other commsim process is writing",
                             source="command line") from None
        info = {"pid": os.getpid(), "host": platform.node(),
                "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        with contextlib.suppress(OSError):
            (self.folder / HOLDER).write_text(json.dumps(info), encoding="utf-8")

    def release(self) -> None:
        """Drop the lock and the holder record (the lock file itself stays)."""
        if self._lock.is_locked:
            with contextlib.suppress(OSError):
                (self.folder / HOLDER).unlink(missing_ok=True)
            self._lock.release(force=True)

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def writer_alive(folder: str | Path) -> bool | None:
    """Whether a live process holds ``folder``'s writer lock.

    Returns ``False`` when the lock is free (its last writer finished or was
    killed), ``None`` when that cannot be told (no lock file, read-only folder).
    """
    path = Path(folder) / LOCK
    if not path.exists():
        return None
    probe = FileLock(str(path))
    try:
        probe.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:
        return None
    probe.release(force=True)
    return False
