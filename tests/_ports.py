"""A free TCP port on the loopback interface (tests run in parallel: never a fixed port)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port the system just handed out on 127.0.0.1 (free at the time of asking)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
