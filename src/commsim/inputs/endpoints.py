"""Network addresses given on the command line, checked before anything runs.

- :func:`check_scheduler`: a Dask scheduler (``local``, ``tcp://host:port`` or
  ``host:port``) and its agreement with the chosen executor.
- :func:`check_host`: an address to serve on (an IP address or a host name).
- :func:`bindable_port`: check that a server can listen on host:port (0 picks a free port).

Each bad value raises :class:`~commsim.core.errors.InputError` naming the option, the
value and the accepted forms. This module imports only the standard library.
"""

from __future__ import annotations

import errno
import ipaddress
import re
import socket

from commsim.core.errors import InputError

_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_SCHEDULER_FORMS = "'local', tcp://host:port or host:port (port 1..65535)"


def _valid_host(host: str) -> bool:
    """Whether ``host`` is an IP address or a syntactically valid host name."""
    text = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        pass
    if text != host or not text or len(text) > 253:
        return False
    labels = text.rstrip(".").split(".")
    if all(label.isdigit() for label in labels):
        return False  # looks like an IPv4 address but is not one (999.1.1.1)
    return all(_LABEL.match(label) for label in labels)


def check_host(host: str, key: str = "--host") -> str:
    """``host`` checked to be an IP address or a host name; returned unchanged."""
    if not _valid_host(host):
        raise InputError("not a valid host address", key=key, value=host,
                         allowed="an IP address (0.0.0.0..255.255.255.255, or IPv6) or a "
                                 "host name", source="command line")
    return host


def check_scheduler(executor: str | None, address: str | None) -> str | None:
    """Check a Dask scheduler address and that the executor can use it.

    Parameters
    ----------
    executor : {"serial", "process", "dask"} or None
        The chosen executor (``None``: decided by whether a scheduler is given).
    address : str or None
        ``"local"`` (start a ``LocalCluster``), ``tcp://host:port`` or ``host:port``.

    Returns
    -------
    str or None
        ``address`` unchanged.

    """
    if address is None:
        return None
    if executor in ("serial", "process"):
        raise InputError(f"--scheduler is used only by the dask executor, not --executor "
                         f"{executor}", key="--scheduler", value=address,
                         allowed="--executor dask (or no --executor) with --scheduler",
                         source="command line")
    if address == "local":
        return address
    rest = address.removeprefix("tcp://")
    host, sep, port = rest.rpartition(":")
    if "://" in rest or not sep or not _valid_host(host) or not port.isdigit() \
            or not 1 <= int(port) <= 65535:
        raise InputError("not a Dask scheduler address", key="--scheduler", value=address,
                         allowed=_SCHEDULER_FORMS, source="command line")
    return address


def bindable_port(host: str, port: int) -> int:
    """Check that a server can listen on ``host:port``; return the port (0: a free one).

    Raises
    ------
    InputError
        The port is out of range or in use (naming ``--port``), or the host is not an
        address of this machine (naming ``--host``).

    """
    if not 0 <= port <= 65535:
        raise InputError("port out of range", key="--port", value=port,
                         allowed="0..65535 (0: any free port)", source="command line")
    bare = host.strip("[]")
    family = socket.AF_INET6 if ":" in bare else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((bare, port))
        except OSError as exc:
            in_use = exc.errno in (errno.EADDRINUSE, errno.EACCES)
            raise InputError(f"cannot listen on {host}:{port} ({exc.strerror or exc})",
                             key="--port" if in_use else "--host",
                             value=port if in_use else host,
                             allowed="a free port (or 0)" if in_use
                             else "an address of this machine (127.0.0.1, 0.0.0.0, ...)",
                             source="command line") from None
        return int(sock.getsockname()[1])
